package dev.gatewaycli.emulator.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatewaycli.emulator.GatewayEmulator;
import dev.gatewaycli.emulator.model.StackModel;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code java -jar gateway-emulator-VERSION.jar} as users run it, with nothing but the jar: the bundled stack without a
 * model option (its Java function in a JVM of its own, from the runtime client jars inside the jar), a cloud assembly's
 * Node.js and Python functions, the JSON line, and bad input.
 */
class StandaloneJarIT {

    private static final Path JAR = Path.of(System.getProperty("gatewaycli.standalone.jar"));

    private static final Path JAVA = Path.of(System.getProperty("java.home"), "bin", "java");

    @TempDir
    Path home;

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void withoutAModelOptionItServesTheBundledStackAndRunsItsJavaFunction() throws Exception {
        RunningEmulator emulator = RunningEmulator.start(command("--port", "0"), home.resolve("stderr"));
        try (emulator) {
            String token = emulator.clientCredentialsToken("users/read-only");

            HttpResponse<String> response = emulator.get("", token);

            assertThat(response.statusCode())
                    .as("stderr:\n%s", emulator.stderr())
                    .isEqualTo(200);
            assertThat(response.body()).isEqualTo("{\"content\":\"Hello from the Lambda function!\"}");
        }
        // Read once it has exited: the REPORT line follows the response.
        assertThat(emulator.stderr())
                .as("the function's CloudWatch-style lines, as gateway-cli local prints them")
                .contains("START RequestId: ")
                .contains("REPORT RequestId: ");
    }

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void nodeAndPythonFunctionsOfACloudAssemblyRunFromTheJar() throws Exception {
        try (RunningEmulator emulator = RunningEmulator.start(
                command("--port", "0", "--cloud-assembly", testApp("runtimes").toString()), home.resolve("stderr"))) {
            String token = emulator.clientCredentialsToken("runtimes/invoke");

            HttpResponse<String> node = emulator.get("node/hello", token);
            HttpResponse<String> python = emulator.get("python/report", token);

            assertThat(node.statusCode())
                    .as("node: %s; stderr:\n%s", node.body(), emulator.stderr())
                    .isEqualTo(200);
            assertThat(node.body()).isEqualTo("{\"content\":\"Hello from the Lambda function!\"}");
            assertThat(python.statusCode())
                    .as("python: %s; stderr:\n%s", python.body(), emulator.stderr())
                    .isEqualTo(200);
            assertThat(JsonMapper.builder()
                            .build()
                            .readTree(python.body())
                            .path("kind")
                            .asString())
                    .isEqualTo("python");
        }
    }

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void theJsonLineHasTheFieldsOfTheLibrarysLine() throws Exception {
        Set<String> library;
        try (GatewayEmulator inProcess =
                GatewayEmulator.builder().model(StackModel.bundled()).port(0).start()) {
            library = fieldNames(JsonMapper.builder().build().readTree(inProcess.endpointsJson()));
        }
        try (RunningEmulator emulator = RunningEmulator.start(command("--port", "0"), home.resolve("stderr"))) {
            JsonNode line = emulator.endpoints();

            assertThat(fieldNames(line)).isEqualTo(library);
            assertThat(line.path("tokenUrl").asString()).startsWith("http://127.0.0.1:");
            assertThat(line.path("apis").size()).isEqualTo(1);
            assertThat(line.path("clients").size()).isEqualTo(1);
        }
    }

    @Test
    @Timeout(value = 1, unit = TimeUnit.MINUTES)
    void aBadPortIsAUsageErrorOnOneLine() throws Exception {
        Finished finished = run("--port", "eighty");

        assertThat(finished.code()).isEqualTo(2);
        assertThat(finished.stderr()).isEqualTo("emulator: --port needs a number from 0 to 65535, not 'eighty'\n");
        assertThat(finished.stdout()).isEmpty();
    }

    @Test
    @Timeout(value = 1, unit = TimeUnit.MINUTES)
    void aMissingCloudAssemblyIsAConfigurationErrorOnOneLine() throws Exception {
        Finished finished =
                run("--cloud-assembly", home.resolve("no-such-cdk.out").toString());

        assertThat(finished.code()).isEqualTo(3);
        assertThat(finished.stderr()).startsWith("emulator: ").endsWith("\n");
        assertThat(finished.stderr().strip()).doesNotContain("\n").contains("no-such-cdk.out");
        assertThat(finished.stdout()).isEmpty();
    }

    @Test
    void theJarHoldsTheRuntimeClientsTheJavaRuntimeJarsAndTheBundledModel() throws IOException {
        try (JarFile jar = new JarFile(JAR.toFile())) {
            assertThat(jar.getManifest().getMainAttributes().getValue("Main-Class"))
                    .isEqualTo("dev.gatewaycli.emulator.EmulatorMain");
            for (String entry : List.of(
                    "dev/gatewaycli/emulator/lambda/nodejs/index.mjs",
                    "dev/gatewaycli/emulator/lambda/python/bootstrap.py",
                    "gateway-model/index.txt",
                    "logback.xml")) {
                assertThat(jar.getEntry(entry)).as(entry).isNotNull();
            }
            String index = read(jar, "dev/gatewaycli/emulator/lambda/java-runtime/index.txt");
            List<String> runtimeJars = index.lines().filter((l) -> !l.isBlank()).toList();
            assertThat(runtimeJars).contains("aws-lambda-java-runtime-interface-client.jar");
            for (String name : runtimeJars) {
                ZipEntry entry = jar.getEntry("dev/gatewaycli/emulator/lambda/java-runtime/" + name);
                assertThat(entry).as("java-runtime/" + name).isNotNull();
                assertThat(entry.getSize()).as("java-runtime/" + name).isPositive();
            }
            for (String name : read(jar, "gateway-model/index.txt")
                    .lines()
                    .filter((l) -> !l.isBlank())
                    .toList()) {
                assertThat(jar.getEntry("gateway-model/" + name))
                        .as("gateway-model/" + name)
                        .isNotNull();
            }
        }
    }

    private ProcessBuilder command(String... args) {
        List<String> command = new ArrayList<>(List.of(JAVA.toString(), "-jar", JAR.toString()));
        Collections.addAll(command, args);
        ProcessBuilder builder = new ProcessBuilder(command);
        // A home of its own: the emulator's private cache (unpacked code, runtime clients) goes under it.
        builder.environment().put("HOME", home.toString());
        builder.environment().put("XDG_CACHE_HOME", home.resolve("cache").toString());
        builder.environment().remove("AWS_ACCESS_KEY_ID");
        builder.environment().remove("AWS_SECRET_ACCESS_KEY");
        builder.environment().remove("AWS_SESSION_TOKEN");
        return builder;
    }

    private Finished run(String... args) throws IOException, InterruptedException {
        Path out = home.resolve("out");
        Path err = home.resolve("err");
        Process process = command(args)
                .redirectOutput(out.toFile())
                .redirectError(err.toFile())
                .start();
        int code = process.waitFor();
        return new Finished(code, Files.readString(out), Files.readString(err));
    }

    private record Finished(int code, String stdout, String stderr) {}

    private static Path testApp(String name) {
        Path dir = Path.of(System.getProperty("gatewaycli.testapps.dir"), name);
        assertThat(dir.resolve("manifest.json"))
                .as("the synthesized test app %s", name)
                .isRegularFile();
        return dir;
    }

    private static Set<String> fieldNames(JsonNode node) {
        Set<String> names = new TreeSet<>();
        node.propertyNames().forEach(names::add);
        return names;
    }

    private static String read(ZipFile jar, String name) throws IOException {
        ZipEntry entry = jar.getEntry(name);
        assertThat(entry).as(name).isNotNull();
        try (InputStream in = jar.getInputStream(entry)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
