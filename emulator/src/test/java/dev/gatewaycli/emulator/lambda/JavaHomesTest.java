package dev.gatewaycli.emulator.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which JDK a {@code javaNN} function runs on: the installed JDKs are found from their {@code release} files (each
 * {@code bin/java} a copy of this test's own JVM launcher, executable; none is started to ask), a JDK
 * of the runtime's version first, else the nearest newer one, else the emulator's own JVM with a warning.
 */
class JavaHomesTest {

    static final Path OWN_JAVA = Path.of(System.getProperty("java.home"), "bin", "java");

    @TempDir
    Path dir;

    @Test
    void whenAJdkOfTheRuntimesVersionIsInstalledThenItRunsTheFunction() throws IOException {
        Path jvm = Files.createDirectory(dir.resolve("jvm"));
        Path own = home(dir.resolve("own"), "JAVA_VERSION=\"11.0.2\"");
        home(jvm.resolve("jdk-17"), "JAVA_VERSION=\"17.0.15\"");
        home(jvm.resolve("jdk-21"), "IMPLEMENTOR=\"Eclipse Adoptium\"\nJAVA_VERSION=\"21.0.4\"\nOS_NAME=\"Linux\"");
        home(jvm.resolve("jdk-25"), "JAVA_VERSION=\"25.0.3\"");
        JavaHomes homes = JavaHomes.discover(Map.of(), own, List.of(jvm));

        assertThat(homes.all()).extracting(JavaHomes.Jdk::feature).containsExactly(11, 17, 21, 25);
        JavaHomes.Choice java21 = homes.choose("java21");
        assertThat(java21.jdk().home()).isEqualTo(jvm.resolve("jdk-21"));
        assertThat(java21.jdk().java()).isEqualTo(jvm.resolve("jdk-21/bin/java"));
        assertThat(java21.warning()).isEmpty();
        assertThat(homes.choose("java17").jdk().home()).isEqualTo(jvm.resolve("jdk-17"));
        assertThat(homes.choose("java11").jdk().home())
                .as("the emulator's own JVM is one of them")
                .isEqualTo(own);
    }

    @Test
    void whenNoneOfTheRuntimesVersionThenTheNearestNewer() throws IOException {
        Path jvm = Files.createDirectory(dir.resolve("jvm"));
        Path own = home(dir.resolve("own"), "JAVA_VERSION=\"25.0.3\"");
        home(jvm.resolve("jdk-21"), "JAVA_VERSION=\"21.0.4\"");
        home(jvm.resolve("jdk-8"), "JAVA_VERSION=\"1.8.0_412\"");
        JavaHomes homes = JavaHomes.discover(Map.of(), own, List.of(jvm));

        assertThat(homes.choose("java17").jdk().home())
                .as("21 is nearer than 25")
                .isEqualTo(jvm.resolve("jdk-21"));
        assertThat(homes.choose("java8.al2").jdk().home())
                .as("a release file of 1.8 is Java 8")
                .isEqualTo(jvm.resolve("jdk-8"));
        assertThat(homes.choose("java11").jdk().feature()).isEqualTo(21);
    }

    @Test
    void whenNoJdkOfTheRuntimesVersionOrLaterThenTheEmulatorsOwnJvmWithOneClearWarning() throws IOException {
        Path jvm = Files.createDirectory(dir.resolve("jvm"));
        Path own = home(dir.resolve("own"), "JAVA_VERSION=\"17.0.15\"");
        home(jvm.resolve("jdk-11"), "JAVA_VERSION=\"11.0.2\"");
        JavaHomes.Choice choice = JavaHomes.discover(Map.of(), own, List.of(jvm, dir.resolve("missing")))
                .choose("java21");

        assertThat(choice.jdk().home()).isEqualTo(own);
        assertThat(choice.warning())
                .hasValueSatisfying(w -> assertThat(w)
                        .doesNotContain("\n")
                        .contains("java21 functions run on the emulator's own JVM, Java 17 (" + own + ")")
                        .contains(
                                "no JDK 21 or later",
                                jvm.toString(),
                                dir.resolve("missing").toString())
                        .contains("JAVA_HOME_21", "FunctionSettings.withExecutable(JAVA, path)"));
    }

    @Test
    void whenJavaHomeVariablesNameJdksThenTheyComeFirst() throws IOException {
        Path jvm = Files.createDirectory(dir.resolve("jvm"));
        Path own = home(dir.resolve("own"), "JAVA_VERSION=\"25.0.3\"");
        home(jvm.resolve("a-jdk-21"), "JAVA_VERSION=\"21.0.1\"");
        Path chosen = home(dir.resolve("ci/jdk-21"), "JAVA_VERSION=\"21.0.4\"");
        Path ci17 = home(dir.resolve("ci/jdk-17"), "JAVA_VERSION=\"17.0.9\"");
        JavaHomes homes = JavaHomes.discover(
                Map.of(
                        "JAVA_HOME_21",
                        chosen.toString(),
                        "JAVA_HOME_17_arm64",
                        ci17.toString(),
                        "JAVA_HOME",
                        "/nowhere",
                        "JAVA_HOME_8",
                        dir.resolve("not-a-jdk").toString()),
                own,
                List.of(jvm));

        assertThat(homes.choose("java21").jdk().home()).isEqualTo(chosen);
        assertThat(homes.choose("java21").jdk().source()).isEqualTo("JAVA_HOME_21");
        assertThat(homes.choose("java17").jdk().home()).isEqualTo(ci17);
        assertThat(homes.all()).extracting(JavaHomes.Jdk::home).doesNotContain(Path.of("/nowhere"));
    }

    @Test
    void whenAHomeHasNoReadableReleaseOrNoJavaOrIsALinkToAnotherThenItCountsOnceOrNotAtAll() throws IOException {
        Path jvm = Files.createDirectory(dir.resolve("jvm"));
        Path own = home(dir.resolve("own"), "JAVA_VERSION=\"17.0.15\"");
        Path jdk21 = home(jvm.resolve("jdk-21"), "JAVA_VERSION=\"21.0.4\"");
        Files.createSymbolicLink(jvm.resolve("java-1.21.0"), jdk21);
        home(jvm.resolve("no-version"), "IMPLEMENTOR=\"nobody\"");
        home(jvm.resolve("garbled"), "JAVA_VERSION=\"x.y\"");
        Path noJava = Files.createDirectories(jvm.resolve("no-java/bin"));
        Files.writeString(noJava.getParent().resolve("release"), "JAVA_VERSION=\"22\"\n");
        Files.writeString(jvm.resolve("a-file"), "not a directory");

        JavaHomes homes = JavaHomes.discover(Map.of(), own, List.of(jvm));
        assertThat(homes.all()).extracting(JavaHomes.Jdk::home).containsExactly(own, jvm.resolve("java-1.21.0"));
        assertThat(homes.own().home()).isEqualTo(own);
    }

    @Test
    void whenTheEmulatorsOwnJvmHasNoReleaseFileThenItsVersionIsTheRunningOne() throws IOException {
        Path own = Files.createDirectories(dir.resolve("own/bin"));
        Files.copy(OWN_JAVA, own.resolve("java"), StandardCopyOption.COPY_ATTRIBUTES);
        JavaHomes homes = JavaHomes.discover(Map.of(), own.getParent(), List.of());
        assertThat(homes.own().feature()).isEqualTo(Runtime.version().feature());
        assertThat(homes.choose("java8.al2").jdk()).isEqualTo(homes.own());
    }

    @Test
    void theRuntimesVersionIsItsNumber() {
        assertThat(JavaHomes.feature("java8.al2")).isEqualTo(8);
        assertThat(JavaHomes.feature("java11")).isEqualTo(11);
        assertThat(JavaHomes.feature("java25")).isEqualTo(25);
    }

    /** A JDK home at {@code home}: its {@code release} file and a {@code bin/java}, a copy of this JVM's launcher. */
    private static Path home(Path home, String release) throws IOException {
        Files.createDirectories(home.resolve("bin"));
        Files.writeString(home.resolve("release"), release + "\n");
        Files.copy(OWN_JAVA, home.resolve("bin/java"), StandardCopyOption.COPY_ATTRIBUTES);
        return home;
    }
}
