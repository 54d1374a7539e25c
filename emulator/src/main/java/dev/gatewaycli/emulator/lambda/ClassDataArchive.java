package dev.gatewaycli.emulator.lambda;

import dev.gatewaycli.emulator.files.PrivateDirectory;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
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
 * A class data sharing (AppCDS) archive for the Java environments' JVMs, so that they map the classes of the runtime's
 * start instead of reading, parsing and verifying them: the JDK's classes the start needs, AWS's runtime interface
 * client, its serialization library (with the shaded Jackson), {@code aws-lambda-java-core}. Lambda's Java runtimes
 * start their JVM with a class data archive of their runtime too (docs/fidelity.md §5).
 *
 * <p>The archive is a static one, made from the class list of a real start: a training JVM runs the runtime client as an
 * environment does, with {@link ClassDataTrainer} as the function (an API Gateway proxy event, the events library in
 * its task root) behind a Runtime API of its own, through an answered and a failing invocation; a second JVM dumps
 * every class it loaded from the JDK and the runtime's jars. The function's own classes are not in it: the runtime
 * client loads them from the task root, as in Lambda.
 *
 * <p>On JDK 25 and later ({@link #AOT_FEATURE}) it is an AOT cache instead ({@code -XX:AOTCacheOutput}, JEP 483, 514,
 * 515), made by the same training JVM as it exits: the start's classes loaded and linked, with the methods' profiles,
 * used with {@code -XX:AOTCache} in place of {@code -Xshare:auto} ({@link #launchOptions}). Lambda's java25 runtime
 * starts from an AOT cache too.
 *
 * <p>One archive per user, JVM and runtime-client version, in the private cache ({@code runtime-java-cds/<key>}, a
 * {@link PrivateDirectory#contentDirectory content directory}: 0700, the user's own, written under a temporary name and
 * moved into place whole, checked against its manifest before its first use in a process). It is made off the request
 * path: the first Java environment that finds none starts the training in the background, once per process (two
 * processes that train at once both finish, and the second uses the first's archive); the environments started before
 * it is ready run without it. An archive that is not the user's own, that others could write, or that does not match
 * its manifest is not used, with a warning, and made again; the JVM itself also refuses an archive of another JDK or
 * class path, and then runs without class data sharing ({@code -Xshare:auto}).
 */
final class ClassDataArchive {

    static final String FILE = "runtime.jsa";
    /** The AOT cache's file, on JDK 25 and later. */
    static final String AOT_FILE = "runtime.aot";
    /** The first JDK whose AOT cache ({@code -XX:AOTCacheOutput}, profiles included) environments use. */
    static final int AOT_FEATURE = 25;

    static final String DIRECTORY = "runtime-java-cds";
    /**
     * The memory whose JVM options (at least) a training JVM runs with: one archive serves every function of a JVM, and
     * the metaspace of a 128 MB function (13 MB) is too small for the runtime client's start with every class read from
     * its jar.
     */
    static final int TRAINING_MEMORY_MB = 512;
    /** The training handler, by name: a class literal would load it into the emulator's JVM. */
    static final String TRAINER = "dev.gatewaycli.emulator.lambda.ClassDataTrainer";

    /** The jars of the training function's task root: the events library and the Joda-Time its serializer loads. */
    private static final List<String> TRAINING_JARS = List.of("aws-lambda-java-events.jar", "joda-time.jar");

    private static final Logger LOG = LoggerFactory.getLogger(ClassDataArchive.class);
    private static final long TRAINING_LIMIT_SECONDS = 300;
    /** Archives being made (or that failed) by this process, by directory: each is attempted once per process. */
    private static final Map<Path, CompletableFuture<Optional<Path>>> MAKING = new ConcurrentHashMap<>();
    /** The key of each JVM and runtime, computed once per process: it hashes the training's resources. */
    private static final Map<List<Object>, String> KEYS = new ConcurrentHashMap<>();
    /** The feature version of each JVM, read once per process from its home's {@code release} file. */
    private static final Map<Path, Integer> FEATURES = new ConcurrentHashMap<>();
    /** Directories already warned about, so that a bad archive is reported once, not at every start. */
    private static final Set<Path> WARNED = ConcurrentHashMap.newKeySet();

    private ClassDataArchive() {}

    /**
     * The archive for environments of {@code jvm} on {@code runtime}, when one is ready and checked; otherwise empty,
     * and one is being made in the background.
     *
     * @param options the JVM options the archive is made under (the environment's, with at least {@link
     *                #TRAINING_MEMORY_MB}'s heap and metaspace)
     */
    static Optional<Path> forLaunch(Path cacheRoot, Path jvm, Runtimes.JavaRuntime runtime, List<String> options) {
        String file = file(jvm);
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
            if (ready.isPresent() && Files.isRegularFile(ready.get().resolve(file), LinkOption.NOFOLLOW_LINKS)) {
                return Optional.of(ready.get().resolve(file));
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
                            done.complete(Optional.of(makeNow(parent, key, jvm, runtime, options)));
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

    /**
     * Makes the archive {@code parent/key} now, on this thread, unless it is there already and whole; when another
     * process makes the same one at the same time, the first to move its copy into place wins and both use that one.
     */
    static Path makeNow(Path parent, String key, Path jvm, Runtimes.JavaRuntime runtime, List<String> options) {
        return PrivateDirectory.contentDirectory(parent, key, work -> train(work, jvm, runtime, options))
                .resolve(file(jvm));
    }

    /**
     * The options that give an environment of {@code jvm} the {@code archive} {@link #forLaunch} found, in place of
     * {@code options}'s {@code -Xshare:auto}: {@code -XX:SharedArchiveFile} for a static archive (with {@code
     * -Xshare:auto}, so that a JVM that cannot map it runs without it); {@code -XX:AOTCache} for an AOT cache, which the
     * JVM refuses beside any {@code -Xshare} option and, as under {@code -Xshare:auto}, runs without when it cannot
     * map it ({@code -XX:AOTMode=auto}, the default).
     */
    static List<String> launchOptions(List<String> options, Path archive) {
        List<String> out = new ArrayList<>(options);
        if (archive.getFileName().toString().equals(AOT_FILE)) {
            out.remove("-Xshare:auto");
            out.add("-XX:AOTCache=" + archive);
        } else {
            out.add("-XX:SharedArchiveFile=" + archive);
        }
        return out;
    }

    /** Whether environments of {@code jvm} get an AOT cache (JDK 25 and later) rather than a static archive. */
    static boolean aot(Path jvm) {
        return FEATURES.computeIfAbsent(jvm, j -> {
                    try {
                        return JavaHomes.feature(j.toRealPath().getParent().getParent());
                    } catch (IOException e) {
                        return -1;
                    }
                })
                >= AOT_FEATURE;
    }

    private static String file(Path jvm) {
        return aot(jvm) ? AOT_FILE : FILE;
    }

    /**
     * Makes the archive in {@code work}, where only it is left: a training JVM starts the runtime interface client, as
     * an environment does, on a task root of {@link ClassDataTrainer} and the events library, behind a Runtime API of
     * its own ({@link TrainingRuntimeApi}) that hands it an answered invocation, a failing one and one that ends it,
     * and lists every class it loads ({@code -XX:DumpLoadedClassList}); a second JVM then dumps those classes, the
     * JDK's with the runtime's, into a static archive ({@code -Xshare:dump}) for the environments' class path.
     */
    private static void train(Path work, Path jvm, Runtimes.JavaRuntime runtime, List<String> options)
            throws IOException {
        boolean aot = aot(jvm);
        Path taskRoot = Files.createDirectory(work.resolve("task"));
        Path handlerClass = taskRoot.resolve(TRAINER.replace('.', '/') + ".class");
        Files.createDirectories(handlerClass.getParent());
        Files.write(handlerClass, trainerClass());
        Files.createDirectory(taskRoot.resolve("lib"));
        for (String jar : TRAINING_JARS) {
            Files.write(taskRoot.resolve("lib").resolve(jar), Runtimes.resource("java-training/" + jar));
        }
        Path classList = work.resolve("classes.lst");
        Path output = work.resolve("training.log");
        String template = new String(Runtimes.resource("java-training/event.json"), StandardCharsets.UTF_8);
        List<byte[]> events = new ArrayList<>();
        for (String path : List.of("/training", ClassDataTrainer.FAIL, ClassDataTrainer.EXIT)) {
            events.add(template.replace("__PATH__", path).getBytes(StandardCharsets.UTF_8));
        }
        try (TrainingRuntimeApi api = new TrainingRuntimeApi(events)) {
            List<String> command = new ArrayList<>();
            command.add(jvm.toString());
            if (aot) {
                // The JVM records the start (classes loaded and linked, method profiles) and, as it exits, a second
                // JVM of its own writes the cache; no -Xshare option is allowed beside it.
                command.addAll(
                        options.stream().filter(o -> !o.startsWith("-Xshare")).toList());
                command.add("-XX:AOTCacheOutput=" + work.resolve(AOT_FILE));
            } else {
                command.addAll(options);
                // Loaded from the jars, not from the JDK's archive, so that every class of the start is listed.
                command.add("-Xshare:off");
                command.add("-XX:DumpLoadedClassList=" + classList);
            }
            command.add("-XX:-UsePerfData");
            command.add("-Djava.io.tmpdir=" + work);
            command.add("-D" + Runtimes.JNI_PROPERTY + "=" + runtime.jniLibrary());
            command.add("-classpath");
            command.add(classPath(runtime));
            command.add(Runtimes.JAVA_MAIN);
            command.add(TRAINER + "::handleRequest");
            Map<String, String> env = new LinkedHashMap<>();
            env.put("AWS_LAMBDA_RUNTIME_API", api.address());
            env.put("_HANDLER", TRAINER + "::handleRequest");
            env.put("LAMBDA_TASK_ROOT", taskRoot.toString());
            env.put("AWS_LAMBDA_FUNCTION_NAME", "class-data-training");
            env.put("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST");
            env.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "512");
            env.put("AWS_LAMBDA_LOG_GROUP_NAME", "/aws/lambda/class-data-training");
            env.put("AWS_LAMBDA_LOG_STREAM_NAME", "training");
            env.put("AWS_EC2_METADATA_DISABLED", "true");
            run(command, taskRoot, env, output, jvm);
            if (api.answered() < 2 || !Files.isRegularFile(aot ? work.resolve(AOT_FILE) : classList)) {
                throw new IOException("its training JVM did not go through the runtime client's start and two"
                        + " invocations" + (api.initError() != null ? " (init error " + api.initError() + ")" : "")
                        + ": " + tail(output));
            }
        }
        if (aot) {
            if (Files.size(work.resolve(AOT_FILE)) == 0) {
                throw new IOException("its training JVM wrote an empty AOT cache: " + tail(output));
            }
            PrivateDirectory.deleteRecursively(taskRoot);
            Files.delete(output);
            return;
        }
        Path archive = work.resolve(FILE);
        List<String> dump = new ArrayList<>();
        dump.add(jvm.toString());
        dump.addAll(options);
        dump.add("-Xshare:dump");
        dump.add("-XX:SharedClassListFile=" + classList);
        dump.add("-XX:SharedArchiveFile=" + archive);
        dump.add("-XX:-UsePerfData");
        dump.add("-Djava.io.tmpdir=" + work);
        dump.add("-classpath");
        dump.add(classPath(runtime));
        run(dump, work, Map.of(), output, jvm);
        if (!Files.isRegularFile(archive) || Files.size(archive) == 0) {
            throw new IOException("its dumping JVM wrote no archive: " + tail(output));
        }
        PrivateDirectory.deleteRecursively(taskRoot);
        Files.delete(classList);
        Files.delete(output);
    }

    /** Runs {@code command} to its end (within the training limit), its output into {@code output}; exit 0 or else. */
    private static void run(List<String> command, Path dir, Map<String, String> env, Path output, Path jvm)
            throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(output.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        builder.environment().clear();
        builder.environment().put("PATH", jvm.getParent() + ":" + Runtimes.LAMBDA_PATH);
        builder.environment().put("TZ", ":UTC");
        builder.environment().put("LANG", "en_US.UTF-8");
        builder.environment().putAll(env);
        Process process = builder.start();
        Thread stop = new Thread(process::destroyForcibly, "class-data-archive-stop");
        Runtime.getRuntime().addShutdownHook(stop);
        try {
            if (!process.waitFor(TRAINING_LIMIT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException("its JVM did not finish within " + TRAINING_LIMIT_SECONDS + " s");
            }
            if (process.exitValue() != 0) {
                throw new IOException("its JVM exited with " + process.exitValue() + ": " + tail(output));
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
    }

    /** The class file of {@link ClassDataTrainer}, read as a resource: the emulator's JVM never loads that class. */
    static byte[] trainerClass() {
        String name = "/" + TRAINER.replace('.', '/') + ".class";
        try (InputStream in = ClassDataArchive.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("The emulator's class " + name + " is missing");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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
        List<Object> id = List.of(jvm, runtime.classPath());
        String known = KEYS.get(id);
        if (known != null) {
            return known;
        }
        String key = computeKey(jvm, runtime);
        KEYS.put(id, key);
        return key;
    }

    private static String computeKey(Path jvm, Runtimes.JavaRuntime runtime) throws IOException {
        Path real = jvm.toRealPath();
        Path home = real.getParent().getParent();
        StringBuilder material = new StringBuilder()
                .append(aot(jvm) ? "AOT cache" : "static archive")
                .append(", trained through the runtime client's start\n")
                .append(runtime.classPath().get(0).getParent().getFileName())
                .append('\n')
                .append(PrivateDirectory.sha256(trainerClass()))
                .append(TRAINING_JARS.stream()
                        .map(jar -> PrivateDirectory.sha256(Runtimes.resource("java-training/" + jar)))
                        .toList())
                .append(PrivateDirectory.sha256(Runtimes.resource("java-training/event.json")))
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
