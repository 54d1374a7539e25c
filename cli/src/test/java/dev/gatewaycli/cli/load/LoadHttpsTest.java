package dev.gatewaycli.cli.load;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatewaycli.cli.TestCli;
import dev.gatewaycli.cli.TestCli.Result;
import dev.gatewaycli.cli.process.ExitCodes;
import dev.gatewaycli.emulator.EmulatorSettings;
import dev.gatewaycli.emulator.GatewayEmulator;
import dev.gatewaycli.emulator.lambda.FunctionSettings;
import dev.gatewaycli.emulator.model.StackModel;
import dev.gatewaycli.emulator.tls.LocalCertificateAuthority;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslContext;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code load} over HTTPS against the emulator's TLS with each engine {@link LoadTls} can choose: OpenSSL (the
 * default where netty-tcnative loads, as on linux-x86_64) and the JDK's ({@code -Dgateway-cli.load.tls-engine=jdk}).
 * The trust is the same for both: the CA file added to the JDK's CAs, a certificate of another CA refused, one naming
 * another host refused.
 */
@Timeout(120)
class LoadHttpsTest {

    static final ObjectMapper JSON = JsonMapper.builder().build();

    @TempDir
    static Path caDir;

    static GatewayEmulator emulator;

    @TempDir
    Path home;

    TestCli cli;

    @BeforeAll
    static void start() {
        emulator = emulator(caDir.resolve("ca"));
    }

    @AfterAll
    static void stop() {
        emulator.close();
    }

    /** The bundled stack, functions in this JVM; over HTTPS with the CA in {@code ca}, or plain HTTP for null. */
    static GatewayEmulator emulator(Path ca) {
        GatewayEmulator.Builder builder = GatewayEmulator.builder()
                .model(StackModel.bundled())
                .settings(EmulatorSettings.defaults()
                        .withFunctions(FunctionSettings.defaults().withMode(FunctionSettings.Mode.IN_PROCESS)));
        return ((ca == null) ? builder : builder.tls(ca)).start();
    }

    @BeforeEach
    void setUp() {
        cli = new TestCli(home).emulated(emulator);
        cli.env.put("GATEWAY_RETRIES", "0");
    }

    @AfterEach
    void clearEngine() {
        System.clearProperty(LoadTls.PROPERTY);
    }

    /** The CLI bundles OpenSSL for linux-x86_64, the platform the build runs on: there it must load. */
    static boolean bundledPlatform() {
        String os = System.getProperty("os.name").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch");
        return os.contains("linux") && (arch.equals("amd64") || arch.equals("x86_64"));
    }

    @Test
    void engineByDefaultIsOpenSslOnTheBundledPlatform() {
        assertThat(bundledPlatform())
                .as("the build and its tests run on linux-x86_64, the platform OpenSSL is bundled for")
                .isTrue();
        assertThat(OpenSsl.isAvailable())
                .as("netty-tcnative's BoringSSL loads: %s", OpenSsl.unavailabilityCause())
                .isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"openssl", "jdk"})
    void closedModelWhenTheCaIsTrustedThenEveryRequestAnsweredAndTheEngineNamed(String engine) {
        System.setProperty(LoadTls.PROPERTY, engine);

        Result result = cli.run("load", "-n", "300", "-c", "4", "-o", "json");

        assertThat(result.exitCode()).as(result.describe()).isZero();
        JsonNode summary = JSON.readTree(result.out());
        assertThat(summary.path("statusCodes").path("200").asInt())
                .as(result.out())
                .isEqualTo(300);
        JsonNode tls = summary.path("tls");
        assertThat(tls.path("engine").asString()).isEqualTo(engine);
        assertThat(tls.path("protocol").asString()).isEqualTo("TLSv1.3");
        assertThat(tls.path("cipher").asString()).as(tls.toString()).matches("TLS_AES_(128|256)_GCM_SHA(256|384)");
        assertThat(result.err()).isEmpty();
    }

    @Test
    void closedModelByDefaultThenOpenSsl() {
        Result result = cli.run("load", "-n", "50", "-c", "2", "-o", "json");

        assertThat(result.exitCode()).as(result.describe()).isZero();
        assertThat(JSON.readTree(result.out()).path("tls").path("engine").asString())
                .isEqualTo("openssl");
    }

    @ParameterizedTest
    @ValueSource(strings = {"openssl", "jdk"})
    void openModelWhenTheCaIsTrustedThenEveryRequestAnsweredOverTheSameEngine(String engine) {
        System.setProperty(LoadTls.PROPERTY, engine);

        Result result = cli.run("load", "--rate", "200", "-n", "40", "-c", "4", "-o", "json");

        assertThat(result.exitCode()).as(result.describe()).isZero();
        JsonNode summary = JSON.readTree(result.out());
        assertThat(summary.path("statusCodes").path("200").asInt())
                .as(result.out())
                .isEqualTo(40);
        assertThat(summary.path("tls").path("engine").asString()).isEqualTo(engine);
        assertThat(summary.path("tls").path("protocol").asString()).startsWith("TLSv1.");
    }

    @ParameterizedTest
    @ValueSource(strings = {"openssl", "jdk"})
    void textSummaryWhenHttpsThenATlsLineNamesProtocolCipherAndEngine(String engine) {
        System.setProperty(LoadTls.PROPERTY, engine);

        Result result = cli.run("load", "-n", "20", "-c", "2");

        assertThat(result.exitCode()).as(result.describe()).isZero();
        assertThat(result.out())
                .containsPattern("(?m)^  TLS: TLSv1\\.3, TLS_AES_\\w+ \\("
                        + (engine.equals("openssl") ? "OpenSSL" : "JDK") + " engine\\)$");
    }

    @ParameterizedTest
    @ValueSource(strings = {"openssl", "jdk"})
    void whenTheCertificateIsOfAnotherCaThenEveryRequestRefusedExit1AndOneLine(String engine, @TempDir Path other)
            throws Exception {
        // The token comes from the trusted emulator; the API is a server whose certificate another CA signed.
        LocalCertificateAuthority stranger = LocalCertificateAuthority.loadOrCreate(other, Clock.systemUTC());
        DisposableServer api =
                server(stranger.issue(List.of("127.0.0.1", "localhost")).buildServerContext());
        try {
            System.setProperty(LoadTls.PROPERTY, engine);
            cli.env.put("GATEWAY_API_URL", "https://127.0.0.1:" + api.port() + "/prod/");

            Result result = cli.run("load", "-n", "6", "-c", "2", "-o", "json");

            assertRefused(result, engine, 6);
        } finally {
            api.disposeNow();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"openssl", "jdk"})
    void whenTheCertificateNamesAnotherHostThenRefusedThoughItsCaIsTrusted(String engine) throws Exception {
        LocalCertificateAuthority ca = LocalCertificateAuthority.loadOrCreate(caDir.resolve("ca"), Clock.systemUTC());
        DisposableServer api = server(ca.issue(List.of("other.example")).buildServerContext());
        try {
            System.setProperty(LoadTls.PROPERTY, engine);
            cli.env.put("GATEWAY_API_URL", "https://127.0.0.1:" + api.port() + "/prod/");

            Result closed = cli.run("load", "-n", "4", "-c", "2", "-o", "json");
            Result open = cli.run("load", "--rate", "100", "-n", "4", "-c", "2", "-o", "json");

            assertRefused(closed, engine, 4);
            assertRefused(open, engine, 4);
        } finally {
            api.disposeNow();
        }
    }

    @Test
    void engineWhenThePropertyNamesNoneThenExit3AndOneLineBeforeAnyRequest() {
        System.setProperty(LoadTls.PROPERTY, "boringssl");

        Result result = cli.run("load", "-n", "5", "-c", "1", "-o", "json");

        assertThat(result.exitCode()).as(result.describe()).isEqualTo(ExitCodes.CONFIG);
        assertThat(result.err().lines().toList()).as(result.describe()).hasSize(1);
        assertThat(result.err())
                .contains("gateway-cli.load.tls-engine=boringssl")
                .contains("auto, openssl or jdk");
        assertThat(result.out()).isEmpty();
    }

    @Test
    void plainHttpWhenLoadedThenNoTlsInTheSummary() {
        try (GatewayEmulator plain = emulator(null)) {
            cli.env.remove("GATEWAY_CA_FILE");
            cli.emulated(plain);

            Result result = cli.run("load", "-n", "10", "-c", "2", "-o", "json");

            assertThat(result.exitCode()).as(result.describe()).isZero();
            JsonNode summary = JSON.readTree(result.out());
            assertThat(summary.has("tls")).isTrue();
            assertThat(summary.path("tls").isNull()).as(result.out()).isTrue();
        }
    }

    private static DisposableServer server(SslContext context) {
        return HttpServer.create()
                .host("127.0.0.1")
                .port(0)
                .secure((spec) -> spec.sslContext(context))
                .handle((request, response) -> response.sendString(Mono.just("{}")))
                .bindNow();
    }

    /** No request got through; exit 1 with the one summary line on stderr; the engine named, no handshake. */
    private static void assertRefused(Result result, String engine, int requests) {
        assertThat(result.exitCode()).as(result.describe()).isEqualTo(ExitCodes.FAILED);
        assertThat(result.err().lines().toList()).as(result.describe()).hasSize(1);
        assertThat(result.err()).contains(requests + " of " + requests + " requests failed");
        JsonNode summary = JSON.readTree(result.out());
        assertThat(summary.path("failed").asInt()).as(result.out()).isEqualTo(requests);
        assertThat(summary.path("statusCodes").size())
                .as("no answer got through")
                .isZero();
        assertThat(summary.path("errors").path("other").asInt())
                .as("a refused certificate is a TLS failure: %s", result.out())
                .isEqualTo(requests);
        assertThat(summary.path("tls").path("engine").asString()).isEqualTo(engine);
        assertThat(summary.path("tls").path("protocol").isNull())
                .as("no handshake completed")
                .isTrue();
    }
}
