package dev.gatewaycli.emulator.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import dev.gatewaycli.emulator.EmulatorSettings;
import dev.gatewaycli.emulator.GatewayEmulator;
import dev.gatewaycli.emulator.Http;
import dev.gatewaycli.emulator.LogCapture;
import dev.gatewaycli.emulator.TestApps;
import dev.gatewaycli.emulator.files.PrivateDirectory;
import dev.gatewaycli.emulator.model.StackModel;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The class data archive of the Java runtime: trained through the runtime client's start, made once, off the request
 * path, private and checked; one that is altered or open to others is not used (with a warning) and made again,
 * concurrent first starts make it once, and the function runs either way, also when its JVM cannot map it. A static
 * archive on this test's JVM (JDK 17 to 24), an AOT cache on a JDK 25 or later of this machine, which the build
 * needs installed (docs/emulator.md, "Java").
 */
@Timeout(300)
class ClassDataArchiveTest {

    static final Path JVM = Path.of(System.getProperty("java.home"), "bin", "java");
    /** A JDK 25 or later of this machine, as the emulator finds it for a java25 function. */
    static final JavaHomes.Jdk JDK25 = JavaHomes.discover().choose("java25").jdk();

    static final List<String> OPTIONS = Runtimes.javaOptions("java17", 512);

    @TempDir
    Path cache;

    @Test
    void whenMadeThenPrivateCheckedAndMappedByAJvmOfTheSameClassPath() throws Exception {
        Runtimes.JavaRuntime runtime = Runtimes.javaRuntime(cache);
        try (LogCapture warnings = LogCapture.of(ClassDataArchive.class)) {
            assertThat(ClassDataArchive.forLaunch(cache, JVM, runtime, OPTIONS))
                    .as("none yet: the first environment starts without one")
                    .isEmpty();
            Optional<Path> made =
                    ClassDataArchive.make(cache, JVM, runtime, OPTIONS).join();
            assertThat(made).isPresent();
            Path archive = made.get();
            assertThat(archive.getParent().getParent()).isEqualTo(cache.resolve(ClassDataArchive.DIRECTORY));
            assertThat(Files.getPosixFilePermissions(archive.getParent()))
                    .isEqualTo(PosixFilePermissions.fromString("rwx------"));
            try (var files = Files.list(archive.getParent())) {
                assertThat(files.map(p -> p.getFileName().toString()))
                        .as("only the archive and its manifest: the training JVM's output is gone")
                        .containsExactlyInAnyOrder(ClassDataArchive.FILE, ".manifest");
            }
            assertThat(ClassDataArchive.forLaunch(cache, JVM, runtime, OPTIONS)).contains(archive);
            assertThat(ClassDataArchive.make(cache, JVM, runtime, OPTIONS).join())
                    .as("made once per process")
                    .contains(archive);
            assertThat(warnings.events()).isEmpty();

            // -Xshare:on fails the JVM unless the archive maps and matches the class path.
            String listed = printArchive(runtime, archive);
            assertThat(listed)
                    .as("the runtime client's start, the serializer's Jackson and the JDK classes they load")
                    .contains(Runtimes.JAVA_MAIN + " app_loader")
                    .contains("com.amazonaws.services.lambda.runtime.serialization.factories.JacksonFactory app_loader")
                    .contains("com.amazonaws.services.lambda.runtime.api.client.runtimeapi.converters"
                            + ".LambdaErrorConverter app_loader")
                    .contains("sun.reflect.generics.parser.SignatureParser boot_loader")
                    .doesNotContain(ClassDataArchive.TRAINER);
        }
    }

    @Test
    void whenAlteredThenNotUsedWithAWarningAndMadeAgain() throws Exception {
        Runtimes.JavaRuntime runtime = Runtimes.javaRuntime(cache);
        Path dir = plantArchive(runtime, "not an archive".getBytes(StandardCharsets.UTF_8));
        Files.writeString(dir.resolve(".manifest"), "0\t14\t" + ClassDataArchive.FILE + "\n");
        try (LogCapture warnings = LogCapture.of(ClassDataArchive.class)) {
            assertThat(ClassDataArchive.forLaunch(cache, JVM, runtime, OPTIONS)).isEmpty();
            warnings.await(
                    "the warning",
                    LogCapture.line(Level.WARN, m -> m.contains(dir.toString()) && m.contains("not used")));
            Optional<Path> made =
                    ClassDataArchive.make(cache, JVM, runtime, OPTIONS).join();
            assertThat(made).contains(dir.resolve(ClassDataArchive.FILE));
            assertThat(Files.size(made.get())).isGreaterThan(1_000_000);
            assertThat(ClassDataArchive.forLaunch(cache, JVM, runtime, OPTIONS)).isEqualTo(made);
        }
    }

    @Test
    void whenOpenToOthersThenNotUsedWithAWarningAndMadeAgain() throws Exception {
        Runtimes.JavaRuntime runtime = Runtimes.javaRuntime(cache);
        Path other = cache.resolve("other");
        Optional<Path> good = ClassDataArchive.make(other, JVM, Runtimes.javaRuntime(other), OPTIONS)
                .join();
        assertThat(good).isPresent();
        Path dir = plantArchive(runtime, Files.readAllBytes(good.get()));
        Files.copy(good.get().resolveSibling(".manifest"), dir.resolve(".manifest"));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
        try (LogCapture warnings = LogCapture.of(ClassDataArchive.class)) {
            assertThat(ClassDataArchive.forLaunch(cache, JVM, runtime, OPTIONS))
                    .as("whole and matching its manifest, but anyone could have written both")
                    .isEmpty();
            warnings.await("the warning", LogCapture.line(Level.WARN, m -> m.contains(dir.toString())));
            Optional<Path> made =
                    ClassDataArchive.make(cache, JVM, runtime, OPTIONS).join();
            assertThat(made).isPresent();
            assertThat(Files.getPosixFilePermissions(made.get().getParent()))
                    .isEqualTo(PosixFilePermissions.fromString("rwx------"));
        }
    }

    @Test
    void whenTheArchiveIsBadThenTheFunctionRunsWithoutItAndWithTheNewOneOnceMade() throws Exception {
        Path root = cache.resolve("gateway-cli");
        Runtimes.JavaRuntime runtime = Runtimes.javaRuntime(root);
        Path dir = plantArchive(runtime, root, "corrupt".getBytes(StandardCharsets.UTF_8));
        try (LogCapture warnings = LogCapture.of(ClassDataArchive.class)) {
            assertThat(report(root)).doesNotContain("-XX:SharedArchiveFile");
            warnings.await("the warning", LogCapture.line(Level.WARN, m -> m.contains(dir.toString())));
            Optional<Path> made =
                    ClassDataArchive.make(root, JVM, runtime, OPTIONS).join();
            assertThat(made).isPresent();
            assertThat(report(root))
                    .as("a new environment maps the archive made in the background")
                    .contains("-XX:SharedArchiveFile=" + made.get());
        }
    }

    @Test
    void whenManyEnvironmentsStartAtOnceThenOneTrainingMakesTheArchive() throws Exception {
        Runtimes.JavaRuntime runtime = Runtimes.javaRuntime(cache);
        int starts = 8;
        CyclicBarrier together = new CyclicBarrier(starts);
        ExecutorService pool = Executors.newFixedThreadPool(starts);
        try {
            List<Future<Optional<Path>>> launched = new ArrayList<>();
            List<Future<CompletableFuture<Optional<Path>>>> makers = new ArrayList<>();
            for (int i = 0; i < starts; i++) {
                launched.add(pool.submit(() -> {
                    together.await();
                    return ClassDataArchive.forLaunch(cache, JVM, runtime, OPTIONS);
                }));
            }
            for (Future<Optional<Path>> f : launched) {
                assertThat(f.get()).as("none is ready while it is being made").isEmpty();
            }
            for (int i = 0; i < starts; i++) {
                makers.add(pool.submit(() -> ClassDataArchive.make(cache, JVM, runtime, OPTIONS)));
            }
            CompletableFuture<Optional<Path>> first = makers.get(0).get();
            for (Future<CompletableFuture<Optional<Path>>> f : makers) {
                assertThat(f.get()).as("one training for the process").isSameAs(first);
            }
            Path archive = first.join().orElseThrow();
            try (var dirs = Files.list(cache.resolve(ClassDataArchive.DIRECTORY))) {
                assertThat(dirs.map(p -> p.getFileName().toString()))
                        .as("no temporary directory left")
                        .containsExactly(archive.getParent().getFileName().toString());
            }
            assertThat(ClassDataArchive.forLaunch(cache, JVM, runtime, OPTIONS)).contains(archive);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void whenTwoProcessesMakeTheArchiveAtOnceThenBothFinishWithOneWholeArchive() throws Exception {
        Runtimes.JavaRuntime runtime = Runtimes.javaRuntime(cache);
        Path parent = cache.resolve(ClassDataArchive.DIRECTORY);
        String key = ClassDataArchive.key(JVM, runtime);
        CyclicBarrier together = new CyclicBarrier(2);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            // makeNow is what each process's background maker runs: no per-process sharing between these two.
            Callable<Path> process = () -> {
                together.await();
                return ClassDataArchive.makeNow(parent, key, JVM, runtime, OPTIONS);
            };
            Future<Path> one = pool.submit(process);
            Future<Path> two = pool.submit(process);
            assertThat(one.get())
                    .isEqualTo(two.get())
                    .isEqualTo(parent.resolve(key).resolve(ClassDataArchive.FILE));
        } finally {
            pool.shutdownNow();
        }
        try (var dirs = Files.list(parent)) {
            assertThat(dirs.map(p -> p.getFileName().toString()))
                    .as("the loser's copy is gone")
                    .containsExactly(key);
        }
        assertThat(PrivateDirectory.verified(parent, key)).isPresent();
        assertThat(printArchive(runtime, parent.resolve(key).resolve(ClassDataArchive.FILE)))
                .contains(Runtimes.JAVA_MAIN + " app_loader");
    }

    @Test
    void whenTheJvmCannotMapTheArchiveThenTheFunctionStillRuns() throws Exception {
        Path root = cache.resolve("gateway-cli");
        Runtimes.JavaRuntime runtime = Runtimes.javaRuntime(root);
        // Whole, private and matching its manifest, but made for another class path: only the JVM can tell.
        Path other = cache.resolve("other");
        Path foreign = ClassDataArchive.make(other, JVM, Runtimes.javaRuntime(other), OPTIONS)
                .join()
                .orElseThrow();
        Path dir = plantArchive(runtime, root, Files.readAllBytes(foreign));
        Files.copy(foreign.resolveSibling(".manifest"), dir.resolve(".manifest"));
        assertThat(ClassDataArchive.forLaunch(root, JVM, runtime, OPTIONS))
                .contains(dir.resolve(ClassDataArchive.FILE));

        assertThat(report(root))
                .as("the environment was given the archive, refused it and ran without it")
                .contains("-XX:SharedArchiveFile=" + dir.resolve(ClassDataArchive.FILE));
    }

    @Test
    void whenA128MbFunctionStartsTheFirstEnvironmentThenTheArchiveIsMadeAllTheSame() throws Exception {
        Path root = cache.resolve("gateway-cli");
        try (LogCapture warnings = LogCapture.of(ClassDataArchive.class);
                GatewayEmulator emu = emulator(root, JVM)) {
            // java/throws has no MemorySize: 128 MB, whose metaspace (13 MB) the training JVM would run out of.
            HttpResponse<String> r = Http.get(emu.apiUrl() + "java/throws", "Authorization", Http.token(emu));
            assertThat(r.statusCode()).as("body %s", r.body()).isEqualTo(502);
            Optional<Path> made = ClassDataArchive.make(root, JVM, Runtimes.javaRuntime(root), OPTIONS)
                    .join();
            assertThat(made)
                    .as("the training the environment started: %s", warnings.events())
                    .isPresent();
        }
    }

    @Test
    void whenOnJdk25ThenAnAotCacheTrainedThroughTheStartPrivateAndInPlaceOfTheStaticArchive() throws Exception {
        assertThat(JDK25.feature())
                .as("a JDK 25 or later is installed: " + JDK25)
                .isGreaterThanOrEqualTo(25);
        Path jvm = JDK25.java();
        Runtimes.JavaRuntime runtime = Runtimes.javaRuntime(cache);
        try (LogCapture warnings = LogCapture.of(ClassDataArchive.class)) {
            assertThat(ClassDataArchive.forLaunch(cache, jvm, runtime, OPTIONS)).isEmpty();
            Path cacheFile =
                    ClassDataArchive.make(cache, jvm, runtime, OPTIONS).join().orElseThrow();
            assertThat(cacheFile.getFileName()).hasToString(ClassDataArchive.AOT_FILE);
            assertThat(Files.getPosixFilePermissions(cacheFile.getParent()))
                    .isEqualTo(PosixFilePermissions.fromString("rwx------"));
            try (var files = Files.list(cacheFile.getParent())) {
                assertThat(files.map(p -> p.getFileName().toString()))
                        .as("only the cache and its manifest: no training output, no AOT configuration left")
                        .containsExactlyInAnyOrder(ClassDataArchive.AOT_FILE, ".manifest");
            }
            assertThat(ClassDataArchive.forLaunch(cache, jvm, runtime, OPTIONS)).contains(cacheFile);
            assertThat(ClassDataArchive.key(jvm, runtime))
                    .as("one per JVM")
                    .isNotEqualTo(ClassDataArchive.key(JVM, runtime));
            assertThat(warnings.events()).isEmpty();
            assertThat(ClassDataArchive.launchOptions(OPTIONS, cacheFile))
                    .as("Lambda's options, with the cache in place of -Xshare:auto, which the JVM refuses beside it")
                    .contains("-XX:AOTCache=" + cacheFile, "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1")
                    .doesNotContain("-Xshare:auto");
            assertThat(printArchive(jvm, runtime, cacheFile))
                    .as("the runtime client's start, the serializer's Jackson and the JDK classes they load")
                    .contains(Runtimes.JAVA_MAIN + " app_loader")
                    .contains("com.amazonaws.services.lambda.runtime.serialization.factories.JacksonFactory app_loader")
                    .contains("sun.reflect.generics.parser.SignatureParser boot_loader")
                    .as("the training function only as the task root's (the runtime client's own loader), as JDK 25"
                            + " records it; an environment's task root is another")
                    .doesNotContain(
                            ClassDataArchive.TRAINER + " app_loader", ClassDataArchive.TRAINER + " boot_loader");
        }
    }

    @Test
    void whenOnJdk25ThenEnvironmentsStartWithoutTheCacheUntilItIsMadeAndWithItAfter() throws Exception {
        Path root = cache.resolve("gateway-cli");
        Path jvm = JDK25.java();
        assertThat(report(root, jvm))
                .as("the first environment, before the cache is ready: Lambda's options as they are")
                .contains("-Xshare:auto")
                .doesNotContain("-XX:AOTCache", "-XX:SharedArchiveFile");
        Path made = ClassDataArchive.make(root, jvm, Runtimes.javaRuntime(root), OPTIONS)
                .join()
                .orElseThrow();
        assertThat(report(root, jvm)).contains("-XX:AOTCache=" + made).doesNotContain("-Xshare:auto");
    }

    @Test
    void whenOnJdk25TheJvmCannotMapTheCacheThenTheFunctionStillRuns() throws Exception {
        Path root = cache.resolve("gateway-cli");
        Path jvm = JDK25.java();
        Runtimes.JavaRuntime runtime = Runtimes.javaRuntime(root);
        Path other = cache.resolve("other");
        Path foreign = ClassDataArchive.make(other, jvm, Runtimes.javaRuntime(other), OPTIONS)
                .join()
                .orElseThrow();
        Path dir = PrivateDirectory.ensure(
                root.resolve(ClassDataArchive.DIRECTORY).resolve(ClassDataArchive.key(jvm, runtime)));
        Files.copy(foreign, dir.resolve(ClassDataArchive.AOT_FILE));
        Files.copy(foreign.resolveSibling(".manifest"), dir.resolve(".manifest"));
        assertThat(ClassDataArchive.forLaunch(root, jvm, runtime, OPTIONS))
                .contains(dir.resolve(ClassDataArchive.AOT_FILE));
        assertThat(report(root, jvm))
                .as("the environment was given the cache of another class path, refused it and ran without it")
                .contains("-XX:AOTCache=" + dir.resolve(ClassDataArchive.AOT_FILE));
    }

    /** What {@code -XX:+PrintSharedArchiveAndExit} lists of {@code archive}, mapped as an environment maps it. */
    static String printArchive(Runtimes.JavaRuntime runtime, Path archive) throws Exception {
        return printArchive(JVM, runtime, archive);
    }

    /** The same for {@code jvm}: {@code -XX:AOTMode=on} fails the JVM unless the AOT cache maps. */
    static String printArchive(Path jvm, Runtimes.JavaRuntime runtime, Path archive) throws Exception {
        List<String> command = new ArrayList<>(List.of(jvm.toString()));
        boolean aot = archive.getFileName().toString().equals(ClassDataArchive.AOT_FILE);
        command.addAll(
                aot ? OPTIONS.stream().filter(o -> !o.startsWith("-Xshare")).toList() : OPTIONS);
        command.addAll(List.of(
                aot ? "-XX:AOTMode=on" : "-Xshare:on",
                (aot ? "-XX:AOTCache=" : "-XX:SharedArchiveFile=") + archive,
                "-XX:+PrintSharedArchiveAndExit",
                "-XX:-UsePerfData",
                "-classpath",
                ClassDataArchive.classPath(runtime)));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(out).isZero();
        return out;
    }

    /** The JVM arguments java/report's environment ran with, on this test's JVM, from a fresh emulator on {@code root}. */
    private static String report(Path root) {
        return report(root, JVM);
    }

    /** The same on {@code jvm}. */
    private static String report(Path root, Path jvm) {
        try (GatewayEmulator emu = emulator(root, jvm)) {
            HttpResponse<String> r = Http.get(emu.apiUrl() + "java/report", "Authorization", Http.token(emu));
            assertThat(r.statusCode()).as("body %s", r.body()).isEqualTo(200);
            return r.body()
                    .lines()
                    .filter(l -> l.startsWith("jvmArgs="))
                    .findFirst()
                    .orElseThrow();
        }
    }

    /** A fresh emulator of the runtimes app on the cache {@code root}, its Java functions on {@code jvm}. */
    private static GatewayEmulator emulator(Path root, Path jvm) {
        return GatewayEmulator.builder()
                .model(StackModel.fromCloudAssembly(TestApps.assembly("runtimes")))
                .settings(EmulatorSettings.defaults()
                        .withFunctions(FunctionSettings.defaults()
                                .withCacheDirectory(root)
                                .withExecutable(RuntimeFamily.JAVA, jvm)))
                .start();
    }

    private Path plantArchive(Runtimes.JavaRuntime runtime, byte[] content) throws IOException {
        return plantArchive(runtime, cache, content);
    }

    private static Path plantArchive(Runtimes.JavaRuntime runtime, Path root, byte[] content) throws IOException {
        Path dir = PrivateDirectory.ensure(
                root.resolve(ClassDataArchive.DIRECTORY).resolve(ClassDataArchive.key(JVM, runtime)));
        Files.write(dir.resolve(ClassDataArchive.FILE), content);
        return dir;
    }
}
