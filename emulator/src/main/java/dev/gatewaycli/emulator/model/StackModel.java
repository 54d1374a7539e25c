package dev.gatewaycli.emulator.model;

import dev.gatewaycli.emulator.files.PrivateDirectory;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What the emulator emulates: one synthesized CloudFormation template (a user pool with a resource server, an app
 * client and a domain; a REST API with a Cognito authorizer; Java Lambda functions with local assets) and the
 * directory its assets live in. Nothing is copied by hand from the stack: routes, scopes, validity, handler, memory,
 * timeout and environment all come from the template, so changing the stack changes the emulator.
 *
 * <p>A model is validated when it is created ({@link ModelException} with one line naming the resource and property
 * it cannot model) and resolved against the emulator's generated ids when an emulator starts.
 */
public final class StackModel {

    /** Where the {@code stack} module's {@code model} artifact puts the cloud assembly on the class path. */
    public static final String BUNDLED_PREFIX = "gateway-model/";

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final String stackName;
    private final JsonNode template;
    private final Path assetDir;

    private StackModel(String stackName, JsonNode template, Path assetDir) {
        this.stackName = stackName;
        this.template = template;
        this.assetDir = assetDir;
        resolve(DeploymentIdentity.placeholder()); // fail now, with the template's own names, not at the first request
    }

    /**
     * A template file and the directory its {@code aws:asset:path} entries are relative to. The stack name is the file
     * name without {@code .template.json}.
     */
    public static StackModel fromTemplate(Path template, Path assetDir) {
        Objects.requireNonNull(template, "template cannot be null");
        Objects.requireNonNull(assetDir, "assetDir cannot be null");
        String file = template.getFileName().toString();
        String stackName = file.endsWith(".template.json")
                ? file.substring(0, file.length() - ".template.json".length())
                : file.replaceFirst("\\.json$", "");
        return new StackModel(stackName, readJson(template), assetDir);
    }

    /** The only stack of a CDK cloud assembly ({@code cdk.out}). */
    public static StackModel fromCloudAssembly(Path cdkOut) {
        return fromCloudAssembly(cdkOut, null);
    }

    /**
     * The named stack of a CDK cloud assembly ({@code cdk.out}); {@code stackName} may be null when the assembly holds
     * exactly one stack.
     */
    public static StackModel fromCloudAssembly(Path cdkOut, String stackName) {
        Objects.requireNonNull(cdkOut, "cdkOut cannot be null");
        Path manifestFile = cdkOut.resolve("manifest.json");
        if (!Files.isRegularFile(manifestFile)) {
            throw new ModelException("Cloud assembly " + cdkOut + " has no manifest.json (run 'cdk synth' first)");
        }
        JsonNode artifacts = readJson(manifestFile).path("artifacts");
        List<String> stacks = new ArrayList<>();
        for (String name : artifacts.propertyNames()) {
            if ("aws:cloudformation:stack"
                    .equals(artifacts.get(name).path("type").asString(""))) {
                stacks.add(name);
            }
        }
        String chosen;
        if (stackName != null) {
            if (!stacks.contains(stackName)) {
                throw new ModelException(
                        "Cloud assembly " + cdkOut + " has no stack '" + stackName + "' (it has " + stacks + ")");
            }
            chosen = stackName;
        } else if (stacks.size() == 1) {
            chosen = stacks.get(0);
        } else {
            throw new ModelException(
                    "Cloud assembly " + cdkOut + " has " + stacks.size() + " stacks " + stacks + "; name one");
        }
        JsonNode properties = artifacts.get(chosen).path("properties");
        String templateFile = properties.path("templateFile").asString(chosen + ".template.json");
        JsonNode stackNameNode = properties.path("stackName");
        String deployedName = stackNameNode.isString() ? stackNameNode.asString() : chosen;
        return new StackModel(deployedName, readJson(cdkOut.resolve(templateFile)), cdkOut);
    }

    /**
     * The model of this project's own stack, synthesized during the build and shipped on the class path by the
     * {@code dev.gatewaycli:stack:model} artifact ({@code gateway-model/index.txt} lists its files). The files are
     * copied to a private directory first, because inside a Spring Boot fat jar they are entries of a nested jar that no
     * class loader can open as a file.
     */
    public static StackModel bundled() {
        return fromClasspath(
                Thread.currentThread().getContextClassLoader() != null
                        ? Thread.currentThread().getContextClassLoader()
                        : StackModel.class.getClassLoader());
    }

    /** {@link #bundled()} from a given class loader, extracted under the user's cache. */
    public static StackModel fromClasspath(ClassLoader loader) {
        return fromClasspath(loader, PrivateDirectory.cacheRoot());
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

    /** The CloudFormation stack name. */
    public String stackName() {
        return stackName;
    }

    /** The model with every intrinsic resolved against {@code identity}. */
    public ResolvedStack resolve(DeploymentIdentity identity) {
        return new TemplateReader(stackName, template, assetDir, identity).read();
    }

    private static JsonNode readJson(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new ModelException(file + " does not exist or is not a file");
        }
        try {
            JsonNode node = JSON.readTree(file.toFile());
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
        return "StackModel[" + stackName + "]";
    }
}
