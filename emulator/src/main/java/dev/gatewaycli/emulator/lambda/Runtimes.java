package dev.gatewaycli.emulator.lambda;

import dev.gatewaycli.emulator.files.PrivateDirectory;
import dev.gatewaycli.emulator.model.FunctionModel;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * How each runtime family starts an execution environment: which executable, with which arguments. Node.js and Python
 * run the emulator's own runtime clients (resources of this package, copied once into the private cache); Java runs
 * AWS's {@code aws-lambda-java-runtime-interface-client} in a JVM with the options Lambda's Java runtime uses; the
 * OS-only runtimes run the code's own executable. The interpreters come from {@code PATH} (or {@link
 * FunctionSettings#executables()}), a JVM from the JDKs installed ({@link JavaHomes}); a shim script (pyenv, asdf) is resolved once to the interpreter it runs, so that an
 * environment does not pay for the shim at every start.
 */
final class Runtimes {

    static final String RESOURCES = "/dev/gatewaycli/emulator/lambda/";
    static final String JAVA_MAIN = "com.amazonaws.services.lambda.runtime.api.client.AWSLambda";
    /** The system property AWS's Java runtime client loads its native library from instead of {@code /tmp}. */
    static final String JNI_PROPERTY = "com.amazonaws.services.lambda.runtime.api.client.runtimeapi.NativeClient.JNI";
    /** Lambda's {@code PATH} for the OS; a managed runtime's interpreter directory goes before it. */
    static final String LAMBDA_PATH = "/usr/local/bin:/usr/bin/:/bin:/opt/bin";
    /** The Python runtime client's module, beside the {@code bootstrap.py} that imports it. */
    static final String PYTHON_CLIENT = "_lambda_runtime_client.py";

    private static final Map<Path, Path> RESOLVED_SHIMS = new ConcurrentHashMap<>();

    private Runtimes() {}

    /** The files of the Java runtime a JVM environment needs: the class path and the native library. */
    record JavaRuntime(List<Path> classPath, Path jniLibrary) {}

    /**
     * The interpreters that may run {@code model}'s runtime, best first, found now (at emulator start, without running
     * anything): the configured one, else for {@code python3.12} a {@code python3.12} then a {@code python3} on
     * {@code PATH}, for Node.js {@code node}, for {@code javaNN} the {@code java} of a JDK of version NN or the
     * nearest newer one ({@link JavaHomes}, found once per emulator by {@link FunctionHost#java}). Empty for the
     * OS-only runtimes.
     *
     * @throws RuntimeUnavailableException when the runtime needs one and there is none
     */
    static List<Path> interpreters(FunctionModel model, RuntimeFamily family, FunctionHost host) {
        Path configured = host.settings().executables().get(family);
        if (configured != null) {
            if (!Files.isExecutable(configured)) {
                throw new RuntimeUnavailableException("Function '" + model.logicalId() + "' (" + model.runtime()
                        + "): the configured executable " + configured + " is not an executable file");
            }
            return List.of(configured);
        }
        List<Path> found = switch (family) {
            case NODEJS -> onPath(List.of("node"));
            case PYTHON -> onPath(List.of(model.runtime(), "python3"));
            case JAVA -> List.of(host.java(model.runtime()));
            case PROVIDED, GO -> List.of(); // the code's own executable
        };
        if (found.isEmpty() && (family == RuntimeFamily.NODEJS || family == RuntimeFamily.PYTHON)) {
            String what = family == RuntimeFamily.NODEJS ? "node (Node.js)" : model.runtime() + " or python3";
            throw new RuntimeUnavailableException("Function '" + model.logicalId() + "' (" + model.runtime()
                    + ") needs " + what + ", which is not on PATH: install it, or set FunctionSettings.withExecutable("
                    + family + ", path)");
        }
        return found;
    }

    private static List<Path> onPath(List<String> names) {
        String path = System.getenv("PATH");
        List<Path> out = new ArrayList<>();
        if (path == null) {
            return out;
        }
        for (String name : names) {
            for (String dir : path.split(":")) {
                Path candidate = dir.isEmpty() ? null : Path.of(dir, name);
                if (candidate != null && Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                    out.add(candidate);
                    break;
                }
            }
        }
        return out;
    }

    /**
     * The first of {@code candidates} that runs: a binary as it is; a shim script ({@code #!}, as pyenv and asdf
     * install) resolved once to the interpreter it runs, by asking it, so that an environment does not pay for the shim
     * at every start and a shim for a version that is not installed is passed over.
     *
     * @throws RuntimeUnavailableException when none runs
     */
    static Path resolve(List<Path> candidates, RuntimeFamily family, String runtime) {
        for (Path candidate : candidates) {
            Path real = RESOLVED_SHIMS.computeIfAbsent(candidate, e -> unshim(e, family));
            if (!real.toString().isEmpty()) {
                return real;
            }
        }
        throw new RuntimeUnavailableException(
                "None of " + candidates + " runs, so " + runtime + " functions cannot start");
    }

    private static Path unshim(Path exe, RuntimeFamily family) {
        try (InputStream in = Files.newInputStream(exe)) {
            byte[] head = in.readNBytes(2);
            if (head.length < 2 || head[0] != '#' || head[1] != '!') {
                return exe;
            }
        } catch (IOException e) {
            return Path.of("");
        }
        List<String> ask = family == RuntimeFamily.PYTHON
                ? List.of(exe.toString(), "-c", "import sys; print(sys.executable)")
                : List.of(exe.toString(), "-p", "process.execPath");
        try {
            Process p = new ProcessBuilder(ask).redirectErrorStream(true).start();
            p.getOutputStream().close();
            byte[] out = p.getInputStream().readNBytes(4096);
            if (p.waitFor(20, TimeUnit.SECONDS) && p.exitValue() == 0) {
                Path real = Path.of(new String(out, StandardCharsets.UTF_8).strip());
                if (real.isAbsolute() && Files.isExecutable(real)) {
                    return real;
                }
            }
            p.destroyForcibly();
        } catch (IOException | RuntimeException e) {
            // does not run
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return Path.of("");
    }

    /** The Node.js runtime client's directory (its {@code index.mjs}). */
    static Path nodeClient(Path cacheRoot) {
        return singleFileClient(cacheRoot, "runtime-nodejs", "nodejs/index.mjs", "index.mjs");
    }

    /**
     * The Python runtime client's directory: {@code bootstrap.py}, the script Python runs, and the client module it
     * imports, whose byte code Python keeps in {@code runtime-python/.pycache} (private, beside the content directories,
     * so that the client's own directory keeps matching its manifest).
     */
    static Path pythonClient(Path cacheRoot) {
        byte[] bootstrap = resource("python/bootstrap.py");
        byte[] client = resource("python/" + PYTHON_CLIENT);
        Path parent = cacheRoot.resolve("runtime-python");
        PrivateDirectory.ensure(parent.resolve(".pycache"));
        ByteArrayOutputStream key = new ByteArrayOutputStream();
        key.writeBytes(PrivateDirectory.sha256(bootstrap).getBytes(StandardCharsets.US_ASCII));
        key.writeBytes(PrivateDirectory.sha256(client).getBytes(StandardCharsets.US_ASCII));
        return PrivateDirectory.contentDirectory(
                parent, PrivateDirectory.sha256(key.toByteArray()).substring(0, 32), dir -> {
                    Files.write(dir.resolve("bootstrap.py"), bootstrap);
                    Files.write(dir.resolve(PYTHON_CLIENT), client);
                });
    }

    private static Path singleFileClient(Path cacheRoot, String kind, String resource, String file) {
        byte[] content = resource(resource);
        return PrivateDirectory.contentDirectory(
                cacheRoot.resolve(kind),
                PrivateDirectory.sha256(content).substring(0, 32),
                dir -> Files.write(dir.resolve(file), content));
    }

    /**
     * AWS's Java runtime interface client and its dependencies, from the jars this package carries as resources (so
     * that it works the same from a class-path directory, a jar in {@code ~/.m2}, a Spring Boot archive or a shaded
     * jar), copied once into the private cache with the native library for this machine beside them.
     */
    static synchronized JavaRuntime javaRuntime(Path cacheRoot) {
        List<String> names = new ArrayList<>();
        for (String line : new String(resource("java-runtime/index.txt"), StandardCharsets.UTF_8).split("\\R")) {
            if (!line.isBlank()) {
                names.add(line.strip());
            }
        }
        List<byte[]> jars = new ArrayList<>();
        ByteArrayOutputStream keyMaterial = new ByteArrayOutputStream();
        for (String name : names) {
            byte[] jar = resource("java-runtime/" + name);
            jars.add(jar);
            keyMaterial.writeBytes(name.getBytes(StandardCharsets.UTF_8));
            keyMaterial.writeBytes(PrivateDirectory.sha256(jar).getBytes(StandardCharsets.US_ASCII));
        }
        String jni = "libaws-lambda-jni." + platform() + ".so";
        Path dir = PrivateDirectory.contentDirectory(
                cacheRoot.resolve("runtime-java"),
                PrivateDirectory.sha256(keyMaterial.toByteArray()).substring(0, 32),
                target -> {
                    for (int i = 0; i < names.size(); i++) {
                        Files.write(target.resolve(names.get(i)), jars.get(i));
                    }
                    try (ZipFile ric = new ZipFile(target.resolve(names.get(0)).toFile())) {
                        ZipEntry entry = ric.getEntry("jni/" + jni);
                        if (entry == null) {
                            throw new IOException("the runtime interface client has no native library " + jni);
                        }
                        try (InputStream in = ric.getInputStream(entry)) {
                            Files.copy(in, target.resolve(jni));
                        }
                    }
                });
        return new JavaRuntime(names.stream().map(dir::resolve).toList(), dir.resolve(jni));
    }

    /** The runtime interface client's name for this machine's platform: {@code linux-x86_64}, {@code linux_musl-aarch_64}, ... */
    static String platform() {
        String arch = System.getProperty("os.arch").toLowerCase(Locale.ROOT);
        String cpu = arch.equals("aarch64") || arch.equals("arm64") ? "aarch_64" : "x86_64";
        boolean musl = Files.exists(Path.of("/lib/ld-musl-" + (cpu.equals("x86_64") ? "x86_64" : "aarch64") + ".so.1"));
        return (musl ? "linux_musl-" : "linux-") + cpu;
    }

    /**
     * The JVM options of Lambda's Java runtime for {@code memoryMb} (docs/fidelity.md §5): 10 % of the memory for
     * metaspace, 5 % for the code cache, the rest for the heap; the serial collector; C1 only (Java 17 and later) or no
     * tiered compilation (Java 8 and 11); IPv4.
     */
    static List<String> javaOptions(String runtime, int memoryMb) {
        long total = memoryMb * 1024L;
        long metaspace = Math.round(total * 0.10);
        long codeCache = Math.round(total * 0.05);
        long heap = total - metaspace - codeCache;
        List<String> out = new ArrayList<>(List.of(
                "-XX:MaxHeapSize=" + heap + "k",
                "-XX:MaxMetaspaceSize=" + metaspace + "k",
                "-XX:ReservedCodeCacheSize=" + codeCache + "k",
                "-XX:+UseSerialGC",
                "-Xshare:auto"));
        if (JavaHomes.feature(runtime) >= 17) {
            out.add("-XX:+TieredCompilation");
            out.add("-XX:TieredStopAtLevel=1");
        } else {
            out.add("-XX:-TieredCompilation");
        }
        out.add("-Djava.net.preferIPv4Stack=true");
        return out;
    }

    static byte[] resource(String name) {
        try (InputStream in = Runtimes.class.getResourceAsStream(RESOURCES + name)) {
            if (in == null) {
                throw new IllegalStateException("The emulator's resource " + RESOURCES + name + " is missing");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
