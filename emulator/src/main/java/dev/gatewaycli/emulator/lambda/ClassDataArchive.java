package dev.gatewaycli.emulator.lambda;

import dev.gatewaycli.emulator.files.PrivateDirectory;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A class data sharing (AppCDS) archive of the Java runtime's classes (AWS's runtime interface client, its
 * serialization library, {@code aws-lambda-java-core}), so that a Java environment's JVM maps them instead of reading,
 * parsing and verifying them from the jars at every start. Lambda's Java runtimes start their JVM with a class data
 * archive of their runtime classes too (docs/fidelity.md §5).
 *
 * <p>One archive per user, JVM and runtime-client version, in the private cache ({@code runtime-java-cds/<key>}, a
 * {@link PrivateDirectory#contentDirectory content directory}: 0700, the user's own, moved into place whole and
 * checked against its manifest before its first use in a process). It is made off the request path: the first Java
 * environment that finds none starts, in the background, a JVM of the same JDK with {@code -XX:ArchiveClassesAtExit}
 * that loads every class of the runtime's jars ({@link ClassDataTrainer}); the environments started before it is ready
 * run without it. An archive that is not the user's own, that others could write, or that does not match its manifest
 * is not used, with a warning, and made again; the JVM itself also refuses an archive of another JDK or class path, and
 * then runs without it.
 */
final class ClassDataArchive {

    static final String FILE = "runtime.jsa";
    static final String DIRECTORY = "runtime-java-cds";

    private static final Logger LOG = LoggerFactory.getLogger(ClassDataArchive.class);
    private static final long TRAINING_LIMIT_SECONDS = 300;
    /** Archives being made (or that failed) by this process, by directory: each is attempted once per process. */
    private static final Map<Path, CompletableFuture<Optional<Path>>> MAKING = new ConcurrentHashMap<>();
    /** Directories already warned about, so that a bad archive is reported once, not at every start. */
    private static final Set<Path> WARNED = ConcurrentHashMap.newKeySet();

    private ClassDataArchive() {}

    /**
     * The archive for environments of {@code jvm} on {@code runtime}, when one is ready and checked; otherwise empty,
     * and one is being made in the background.
     *
     * @param options the JVM options of the environment (the archive is made under the same)
     */
    static Optional<Path> forLaunch(Path cacheRoot, Path jvm, Runtimes.JavaRuntime runtime, List<String> options) {
        Path parent = cacheRoot.resolve(DIRECTORY);
        String key;
        try {
            key = key(jvm, runtime);
        } catch (IOException | RuntimeException e) {
            warnOnce(parent, "Java environments start without a class data archive: " + e.getMessage());
            return Optional.empty();
        }
        Path target = parent.resolve(key);
        try {
            Optional<Path> ready = PrivateDirectory.verified(parent, key);
            if (ready.isPresent() && Files.isRegularFile(ready.get().resolve(FILE), LinkOption.NOFOLLOW_LINKS)) {
                return Optional.of(ready.get().resolve(FILE));
            }
        } catch (UncheckedIOException e) {
            warnOnce(parent, "Java environments start without a class data archive: " + e.getMessage());
            return Optional.empty();
        }
        if (Files.exists(target, LinkOption.NOFOLLOW_LINKS) && !MAKING.containsKey(target)) {
            warnOnce(
                    target,
                    "The class data archive " + target
                            + " is not the user's own, is open to others or does not match its manifest: not used, and"
                            + " made again");
        }
        make(cacheRoot, jvm, runtime, options);
        return Optional.empty();
    }

    /**
     * The archive for {@code jvm} on {@code runtime}, made in the background once per process (the same future for
     * every call): its path, or empty when it could not be made (with a warning).
     */
    static CompletableFuture<Optional<Path>> make(
            Path cacheRoot, Path jvm, Runtimes.JavaRuntime runtime, List<String> options) {
        Path parent = cacheRoot.resolve(DIRECTORY);
        String key;
        try {
            key = key(jvm, runtime);
        } catch (IOException | RuntimeException e) {
            return CompletableFuture.completedFuture(Optional.empty());
        }
        return MAKING.computeIfAbsent(parent.resolve(key), target -> {
            CompletableFuture<Optional<Path>> done = new CompletableFuture<>();
            Thread maker = new Thread(
                    () -> {
                        try {
                            Path dir = PrivateDirectory.contentDirectory(
                                    parent, key, work -> train(work, jvm, runtime, options));
                            done.complete(Optional.of(dir.resolve(FILE)));
                        } catch (UncheckedIOException | IllegalStateException e) {
                            LOG.warn(
                                    "Java environments start without a class data archive: {}",
                                    e.getCause() != null ? e.getCause().getMessage() : e.getMessage());
                            done.complete(Optional.empty());
                        } catch (RuntimeException | Error e) {
                            LOG.warn("Java environments start without a class data archive: {}", e.toString());
                            done.complete(Optional.empty());
                        }
                    },
                    "class-data-archive");
            maker.setDaemon(true);
            maker.start();
            return done;
        });
    }

    /** Runs the training JVM, which writes the archive into {@code work}; only the archive is left there. */
    private static void train(Path work, Path jvm, Runtimes.JavaRuntime runtime, List<String> options)
            throws IOException {
        Path archive = work.resolve(FILE);
        Path output = work.resolve("training.log");
        List<String> command = new ArrayList<>();
        command.add(jvm.toString());
        command.addAll(options);
        command.add("-XX:-UsePerfData");
        command.add("-Djava.io.tmpdir=" + work);
        command.add("-XX:ArchiveClassesAtExit=" + archive);
        command.add("-classpath");
        command.add(classPath(runtime));
        command.add(ClassDataTrainer.class.getName());
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(work.toFile())
                .redirectErrorStream(true)
                .redirectOutput(output.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        builder.environment().clear();
        builder.environment().put("PATH", jvm.getParent() + ":" + Runtimes.LAMBDA_PATH);
        builder.environment().put("TZ", ":UTC");
        Process process = builder.start();
        Thread stop = new Thread(process::destroyForcibly, "class-data-archive-stop");
        Runtime.getRuntime().addShutdownHook(stop);
        try {
            if (!process.waitFor(TRAINING_LIMIT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException("its JVM did not finish within " + TRAINING_LIMIT_SECONDS + " s");
            }
            if (process.exitValue() != 0 || !Files.isRegularFile(archive) || Files.size(archive) == 0) {
                throw new IOException(
                        "its JVM exited with " + process.exitValue() + " without an archive: " + tail(output));
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while it was being made");
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(stop);
            } catch (IllegalStateException e) {
                // the emulator's JVM is exiting: the hook stops the training JVM
            }
        }
        Files.delete(output);
    }

    /** The class path of a Java environment: the archive is valid only for this exact one. */
    static String classPath(Runtimes.JavaRuntime runtime) {
        return String.join(
                File.pathSeparator,
                runtime.classPath().stream().map(Path::toString).toList());
    }

    /**
     * The archive's key: the runtime's own content directory (its jars' hashes) and the JVM, by its real path and the
     * size and time of its class library and of the JVM library, which an update of the JDK changes.
     */
    static String key(Path jvm, Runtimes.JavaRuntime runtime) throws IOException {
        Path real = jvm.toRealPath();
        Path home = real.getParent().getParent();
        StringBuilder material = new StringBuilder()
                .append(runtime.classPath().get(0).getParent().getFileName())
                .append('\n')
                .append(real)
                .append('\n');
        for (Path p : List.of(real, home.resolve("lib/modules"), home.resolve("lib/server/libjvm.so"))) {
            if (Files.isRegularFile(p)) {
                material.append(p)
                        .append(' ')
                        .append(Files.size(p))
                        .append(' ')
                        .append(Files.getLastModifiedTime(p).toMillis())
                        .append('\n');
            }
        }
        return PrivateDirectory.sha256(material.toString().getBytes(StandardCharsets.UTF_8))
                .substring(0, 32);
    }

    private static String tail(Path output) {
        try {
            String text = Files.readString(output, StandardCharsets.UTF_8).strip();
            return text.length() > 800 ? "..." + text.substring(text.length() - 800) : text;
        } catch (IOException | RuntimeException e) {
            return "(no output)";
        }
    }

    private static void warnOnce(Path about, String message) {
        if (WARNED.add(about)) {
            LOG.warn(message);
        }
    }
}
