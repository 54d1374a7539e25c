package dev.gatewaycli.handler;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The packaged {@code handler/target/handler.jar}, alone on a class loader whose parent is the platform loader, driven
 * through the Lambda Java runtime's own serializer: if minimizeJar dropped a class the runtime touches (the event
 * models, their nested classes, Joda-Time's {@code DateTime}), these tests fail as the function would on Lambda.
 */
class HandlerJarIT {

    /** Generous ceiling: the jar is about 45 KB; crossing it means something large slipped back in. */
    private static final long MAX_JAR_BYTES = 100 * 1024;

    private static final List<String> ALLOWED_PREFIXES = List.of(
            "META-INF/MANIFEST.MF",
            "META-INF/LICENSE.txt",
            "META-INF/NOTICE.txt",
            "dev/gatewaycli/handler/",
            "com/amazonaws/services/lambda/runtime/",
            "org/joda/time/");

    private static Path jar;
    private static URLClassLoader jarOnly;
    private static LambdaRuntimeRoundTrip runtime;

    @BeforeAll
    static void loadTheJarAlone() throws IOException, ReflectiveOperationException {
        String location = System.getProperty("handler.jar");
        assertThat(location)
                .as("system property handler.jar (set by the failsafe configuration in handler/pom.xml)")
                .isNotBlank();
        jar = Path.of(location);
        assertThat(jar)
                .as("the packaged Lambda jar; run 'package' before this test")
                .isRegularFile();
        // Parent = platform loader: neither the test class path nor its full AWS/Joda jars can fill a gap.
        jarOnly = new URLClassLoader(new URL[] {jar.toUri().toURL()}, ClassLoader.getPlatformClassLoader());
        runtime = new LambdaRuntimeRoundTrip(jarOnly);
    }

    @AfterAll
    static void closeLoader() throws IOException {
        if (jarOnly != null) {
            jarOnly.close();
        }
    }

    static List<String> eventFiles() {
        return LambdaRuntimeRoundTrip.resourceFiles("events");
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("eventFiles")
    void runtimeSerializerWhenOnlyTheJarIsLoadedThenEveryEventGetsTheExpectedResponse(String file)
            throws ReflectiveOperationException {
        String responseJson = runtime.invoke(LambdaRuntimeRoundTrip.resource("events/" + file));

        Map<String, Object> expected =
                LambdaRuntimeRoundTrip.parse(new String(LambdaRuntimeRoundTrip.resource("responses/" + file), UTF_8));
        assertThat(LambdaRuntimeRoundTrip.parse(responseJson))
                .as("response JSON from handler.jar alone for events/%s (raw: %s)", file, responseJson)
                .isEqualTo(expected);
    }

    @Test
    void handlerClassWhenLoadedThenComesFromTheJarNotTheBuildOutput() throws ClassNotFoundException {
        Class<?> handler = jarOnly.loadClass(LambdaRuntimeRoundTrip.HANDLER_CLASS);

        assertThat(handler.getClassLoader()).as("loader of HelloHandler").isSameAs(jarOnly);
        assertThat(handler.getProtectionDomain().getCodeSource().getLocation().getPath())
                .as("HelloHandler must be read from the packaged jar")
                .endsWith("/handler.jar");
    }

    @Test
    void jodaDateTimeWhenInitializedFromTheJarThenLinksWithoutMissingClasses() {
        // The runtime's DateTimeModule does exactly this for every event type before the first invocation.
        Class<?> dateTime = assertDoesNotThrow(
                () -> Class.forName("org.joda.time.DateTime", true, jarOnly),
                "org.joda.time.DateTime (or a class its verification needs) is missing from handler.jar");

        assertThat(dateTime.getClassLoader())
                .as("loader of org.joda.time.DateTime")
                .isSameAs(jarOnly);
    }

    @Test
    void jarWhenListedThenHoldsOnlyTheFunctionItsTwoAwsLibrariesAndJodaDateTime() throws IOException {
        List<String> entries = entryNames();

        assertThat(entries)
                .as("entries outside the expected packages (Spring, Jackson, Maven metadata...?)")
                .allMatch(
                        name -> name.endsWith("/") || ALLOWED_PREFIXES.stream().anyMatch(name::startsWith));
        assertThat(entries)
                .as("a library's Maven descriptors or time-zone data crept back in")
                .noneMatch(name -> name.startsWith("META-INF/maven/") || name.startsWith("org/joda/time/tz/"));
        assertThat(entries)
                .contains(
                        "dev/gatewaycli/handler/HelloHandler.class",
                        "com/amazonaws/services/lambda/runtime/RequestHandler.class",
                        "com/amazonaws/services/lambda/runtime/events/APIGatewayProxyRequestEvent.class",
                        "com/amazonaws/services/lambda/runtime/events/APIGatewayProxyResponseEvent.class",
                        "org/joda/time/DateTime.class");
    }

    @Test
    void jarWhenMeasuredThenStaysSmall() throws IOException {
        assertThat(Files.size(jar))
                .as("size of %s in bytes; did minimizeJar or a filter stop working?", jar)
                .isLessThan(MAX_JAR_BYTES);
    }

    @Test
    void handlerClassWhenReadThenTargetsJava17() throws IOException {
        // Lambda's java17 and java21 runtimes both load class-file version 61; a newer one fails at init there.
        try (JarFile file = new JarFile(jar.toFile());
                InputStream in = file.getInputStream(file.getEntry("dev/gatewaycli/handler/HelloHandler.class"));
                DataInputStream data = new DataInputStream(in)) {
            assertThat(data.readInt()).as("class file magic").isEqualTo(0xCAFEBABE);
            data.readUnsignedShort();
            assertThat(data.readUnsignedShort())
                    .as("class file major version (61 = Java 17)")
                    .isEqualTo(61);
        }
    }

    @Test
    void testClassesWhenLookedUpThroughTheJarLoaderThenAreNotVisible() {
        // Guards the isolation the other tests rely on: the jar loader must not fall back to the test class path.
        assertThatThrownBy(() -> jarOnly.loadClass(HandlerJarIT.class.getName()))
                .as("test classes leaked into the jar's class loader")
                .isInstanceOf(ClassNotFoundException.class);
        assertThatThrownBy(() -> jarOnly.loadClass("org.joda.time.DateTimeZone"))
                .as("the full Joda-Time jar leaked into the jar's class loader")
                .isInstanceOf(ClassNotFoundException.class);
    }

    private static List<String> entryNames() throws IOException {
        try (JarFile file = new JarFile(jar.toFile())) {
            return Collections.list(file.entries()).stream()
                    .map(java.util.zip.ZipEntry::getName)
                    .collect(Collectors.toList());
        }
    }
}
