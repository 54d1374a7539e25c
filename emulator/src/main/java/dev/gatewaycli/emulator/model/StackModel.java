package dev.gatewaycli.emulator.model;

import dev.gatewaycli.emulator.files.PrivateDirectory;
import dev.gatewaycli.emulator.http.Json;
import dev.gatewaycli.emulator.model.TemplateReader.StackTemplate;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.WeakHashMap;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * What the emulator emulates: the stacks of a CDK cloud assembly ({@code cdk.out}), or one synthesized template, and
 * the directories their assets live in. Nothing is copied by hand from a stack: pools, clients, routes, scopes,
 * authorizers, keys, handler, memory, timeout and environment all come from the templates, so changing the app changes
 * the emulator.
 *
 * <p>Creating a model reads the files (a missing or invalid manifest or template fails at once); {@link #resolve}
 * reads the templates whole for one {@link Deployment} and fails with a {@link ModelException} of one line naming the
 * stack, resource and property it cannot model.
 */
public final class StackModel {

    /** Where the {@code stack} module's {@code model} artifact puts the cloud assembly on the class path. */
    public static final String BUNDLED_PREFIX = "gateway-model/";

    private static final String STACK_ARTIFACT = "aws:cloudformation:stack";
    private static final String NESTED_ASSEMBLY = "cdk:cloud-assembly";

    /** {@link #bundled()}'s models by class loader; weak, so that a test's class loader is not kept alive by it. */
    private static final Map<ClassLoader, StackModel> BUNDLED = new WeakHashMap<>();

    private final List<StackTemplate> stacks;
    private final List<String> served;

    private StackModel(List<StackTemplate> stacks, List<String> served) {
        this.stacks = List.copyOf(stacks);
        this.served = List.copyOf(served);
    }

    /**
     * A template file and the directory its {@code aws:asset:path} entries are relative to. The stack name is the file
     * name without {@code .template.json}; its account and Region are the deployment's.
     */
    public static StackModel fromTemplate(Path template, Path assetDir) {
        Objects.requireNonNull(template, "template cannot be null");
        Objects.requireNonNull(assetDir, "assetDir cannot be null");
        String file = template.getFileName().toString();
        String stackName = file.endsWith(".template.json")
                ? file.substring(0, file.length() - ".template.json".length())
                : file.replaceFirst("\\.json$", "");
        StackTemplate stack = new StackTemplate(
                stackName, stackName, readJson(template), assetDir, Optional.empty(), Optional.empty(), List.of());
        return new StackModel(List.of(stack), List.of(stackName));
    }

    /** Every stack of a CDK cloud assembly ({@code cdk.out}), nested stage assemblies included. */
    public static StackModel fromCloudAssembly(Path cdkOut) {
        return fromCloudAssembly(cdkOut, null);
    }

    /**
     * The stack {@code stackName} of a CDK cloud assembly ({@code cdk.out}) and the stacks it depends on, as
     * {@code cdk deploy} deploys them; every stack when {@code stackName} is null. The name is the artifact id, the
     * CloudFormation stack name or the display name ({@code Stage/Stack}). The other stacks are still read for the
     * exports and SSM parameters they write.
     */
    public static StackModel fromCloudAssembly(Path cdkOut, String stackName) {
        Objects.requireNonNull(cdkOut, "cdkOut cannot be null");
        List<StackTemplate> stacks = new ArrayList<>();
        Map<String, String> displayNames = new LinkedHashMap<>();
        readAssembly(cdkOut, stacks, displayNames, 0);
        if (stacks.isEmpty()) {
            throw new ModelException("Cloud assembly " + cdkOut + " has no " + STACK_ARTIFACT + " artifact");
        }
        if (stackName == null) {
            return new StackModel(
                    stacks, stacks.stream().map(StackTemplate::artifactId).toList());
        }
        StackTemplate chosen = stacks.stream()
                .filter(s -> s.artifactId().equals(stackName)
                        || s.stackName().equals(stackName)
                        || stackName.equals(displayNames.get(s.artifactId())))
                .findFirst()
                .orElseThrow(() ->
                        new ModelException("Cloud assembly " + cdkOut + " has no stack '" + stackName + "' (it has "
                                + stacks.stream().map(StackTemplate::stackName).toList() + ")"));
        List<String> served = new ArrayList<>();
        withDependencies(chosen, stacks, served);
        // The named stack first (the single-valued accessors name its pool, client and API first), then the stacks
        // it depends on in the assembly's order.
        List<String> ordered = new ArrayList<>(List.of(chosen.artifactId()));
        stacks.stream()
                .map(StackTemplate::artifactId)
                .filter(id -> served.contains(id) && !id.equals(chosen.artifactId()))
                .forEach(ordered::add);
        return new StackModel(stacks, ordered);
    }

    private static void withDependencies(StackTemplate stack, List<StackTemplate> all, List<String> out) {
        if (out.contains(stack.artifactId())) {
            return;
        }
        out.add(stack.artifactId());
        for (String dependency : stack.dependencies()) {
            all.stream()
                    .filter(s -> s.artifactId().equals(dependency))
                    .findFirst()
                    .ifPresent(s -> withDependencies(s, all, out));
        }
    }

    private static void readAssembly(
            Path dir, List<StackTemplate> stacks, Map<String, String> displayNames, int depth) {
        Path manifestFile = dir.resolve("manifest.json");
        if (!Files.isRegularFile(manifestFile)) {
            throw new ModelException("Cloud assembly " + dir + " has no manifest.json (run 'cdk synth' first)");
        }
        if (depth > 8) {
            throw new ModelException("Cloud assembly " + dir + " nests assemblies more than 8 deep");
        }
        JsonNode artifacts = readJson(manifestFile).path("artifacts");
        for (String id : artifacts.propertyNames()) {
            JsonNode artifact = artifacts.get(id);
            String type = artifact.path("type").asString("");
            JsonNode properties = artifact.path("properties");
            if (type.equals(NESTED_ASSEMBLY)) {
                String nested = properties.path("directoryName").asString("");
                if (nested.isEmpty() || nested.contains("..") || Path.of(nested).isAbsolute()) {
                    throw new ModelException("Cloud assembly " + dir + ": artifact '" + id
                            + "' names no nested assembly directory inside it");
                }
                readAssembly(dir.resolve(nested), stacks, displayNames, depth + 1);
                continue;
            }
            if (!type.equals(STACK_ARTIFACT)) {
                continue;
            }
            String templateFile = properties.path("templateFile").asString(id + ".template.json");
            JsonNode stackNameNode = properties.path("stackName");
            String deployedName = stackNameNode.isString() ? stackNameNode.asString() : id;
            List<String> dependencies = new ArrayList<>();
            for (JsonNode d : artifact.path("dependencies")) {
                dependencies.add(d.asString());
            }
            String[] environment = environment(artifact.path("environment").asString(""), id, dir);
            stacks.add(new StackTemplate(
                    id,
                    deployedName,
                    readJson(dir.resolve(templateFile)),
                    dir,
                    Optional.ofNullable(environment[0]),
                    Optional.ofNullable(environment[1]),
                    dependencies));
            displayNames.put(id, artifact.path("displayName").asString(id));
        }
    }

    /**
     * {@code aws://<account>/<region>} → {account, region}, null where the stack is environment-agnostic
     * ({@code unknown-account}, {@code unknown-region}).
     */
    private static String[] environment(String value, String id, Path dir) {
        if (value.isEmpty()) {
            return new String[2];
        }
        if (!value.startsWith("aws://") || value.substring(6).split("/", -1).length != 2) {
            throw new ModelException("Cloud assembly " + dir + ": stack '" + id + "' has the environment '" + value
                    + "', not aws://<account>/<region>");
        }
        String[] parts = value.substring(6).split("/", -1);
        String account = parts[0].equals("unknown-account") ? null : parts[0];
        String region = parts[1].equals("unknown-region") ? null : parts[1];
        if (account != null && !account.matches("\\d{12}")) {
            throw new ModelException("Cloud assembly " + dir + ": stack '" + id + "' is pinned to the account '"
                    + account + "', which is not 12 digits");
        }
        if (region != null && !region.matches("[a-z]{2}(-[a-z]+)+-\\d")) {
            throw new ModelException("Cloud assembly " + dir + ": stack '" + id + "' is pinned to the Region '" + region
                    + "', which is not a Region name like us-east-1");
        }
        return new String[] {account, region};
    }

    /**
     * The model of this project's own stack, synthesized during the build and shipped on the class path by the
     * {@code dev.gatewaycli:stack:model} artifact ({@code gateway-model/index.txt} lists its files). The files are
     * copied to a private directory first, because inside a Spring Boot fat jar they are entries of a nested jar that no
     * class loader can open as a file. Read once per class loader and process: a model is immutable, and every emulator
     * resolves its own deployment from it ({@link #resolve}); read again only when its extracted files are gone.
     */
    public static StackModel bundled() {
        return fromClasspath(
                Thread.currentThread().getContextClassLoader() != null
                        ? Thread.currentThread().getContextClassLoader()
                        : StackModel.class.getClassLoader());
    }

    /** {@link #bundled()} from a given class loader, extracted under the user's cache; read once per class loader. */
    public static StackModel fromClasspath(ClassLoader loader) {
        synchronized (BUNDLED) {
            StackModel known = BUNDLED.get(loader);
            if (known != null && known.stacks.stream().allMatch(s -> Files.isDirectory(s.assetDir()))) {
                return known;
            }
            StackModel read = fromClasspath(loader, PrivateDirectory.cacheRoot());
            BUNDLED.put(loader, read);
            return read;
        }
    }

    /**
     * {@link #bundled()} from a given class loader, extracted into {@code cacheRoot/models/<hash>}: a directory of the
     * user's alone (0700), named by the SHA-256 of the model's files and checked against their hashes before its first
     * use in a process ({@link PrivateDirectory#contentDirectory}). One another user made or could write to is never
     * used: a {@code models} directory that is not the user's is refused, a content directory that is not, or that
     * others could write to, or whose files differ from their hashes, is set aside and written anew. So a function jar
     * planted there is never run.
     *
     * @throws UncheckedIOException when the model cannot be extracted (the message says where and why)
     */
    public static StackModel fromClasspath(ClassLoader loader, Path cacheRoot) {
        List<String> files = new ArrayList<>();
        byte[] index = readResource(loader, BUNDLED_PREFIX + "index.txt");
        if (index == null) {
            throw new ModelException(
                    "No bundled stack model on the class path (" + BUNDLED_PREFIX
                            + "index.txt): add the dependency dev.gatewaycli:stack:jar:model, or use StackModel.fromCloudAssembly");
        }
        for (String line : new String(index, StandardCharsets.UTF_8).split("\\R")) {
            String name = line.strip();
            if (!name.isEmpty()) {
                if (name.contains("..") || name.startsWith("/")) {
                    throw new ModelException("Bundled stack model lists an unsafe file name: " + name);
                }
                files.add(name);
            }
        }
        ByteArrayOutputStream keyMaterial = new ByteArrayOutputStream();
        keyMaterial.writeBytes(index);
        List<byte[]> contents = new ArrayList<>();
        for (String name : files) {
            byte[] content = readResource(loader, BUNDLED_PREFIX + name);
            if (content == null) {
                throw new ModelException(
                        "Bundled stack model lists " + name + " but the class path has no " + BUNDLED_PREFIX + name);
            }
            keyMaterial.writeBytes(PrivateDirectory.sha256(content).getBytes(StandardCharsets.US_ASCII));
            contents.add(content);
        }
        Path dir;
        try {
            dir = PrivateDirectory.contentDirectory(
                    cacheRoot.resolve("models"),
                    PrivateDirectory.sha256(keyMaterial.toByteArray()).substring(0, 32),
                    (target) -> {
                        for (int i = 0; i < files.size(); i++) {
                            Path file = target.resolve(files.get(i));
                            Files.createDirectories(file.getParent());
                            Files.write(file, contents.get(i));
                        }
                    });
        } catch (UncheckedIOException e) {
            throw new UncheckedIOException("Cannot extract the bundled stack model: " + e.getMessage(), e.getCause());
        }
        return fromCloudAssembly(dir);
    }

    /** The CloudFormation name of the first emulated stack. */
    public String stackName() {
        return stackNames().get(0);
    }

    /** The CloudFormation names of the emulated stacks, in assembly order. */
    public List<String> stackNames() {
        return served.stream()
                .map(id -> stacks.stream()
                        .filter(s -> s.artifactId().equals(id))
                        .findFirst()
                        .orElseThrow()
                        .stackName())
                .toList();
    }

    /** The emulated stacks with every intrinsic resolved for {@code deployment}. */
    public ResolvedModel resolve(Deployment deployment) {
        Objects.requireNonNull(deployment, "deployment cannot be null");
        return new AssemblyReader(stacks, served, deployment).read();
    }

    private static JsonNode readJson(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new ModelException(file + " does not exist or is not a file");
        }
        try {
            JsonNode node = Json.MAPPER.readTree(file.toFile());
            if (node == null || !node.isObject()) {
                throw new ModelException(file + " is not a JSON object");
            }
            return node;
        } catch (JacksonException e) {
            throw new ModelException(file + " is not valid JSON: " + e.getOriginalMessage());
        }
    }

    private static byte[] readResource(ClassLoader loader, String name) {
        try (InputStream in = loader.getResourceAsStream(name)) {
            return in == null ? null : in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + name + " from the class path: " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return "StackModel" + stackNames();
    }
}
