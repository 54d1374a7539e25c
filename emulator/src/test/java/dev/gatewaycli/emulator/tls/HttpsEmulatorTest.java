package dev.gatewaycli.emulator.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatewaycli.emulator.EmulatorSettings;
import dev.gatewaycli.emulator.GatewayEmulator;
import dev.gatewaycli.emulator.http.Json;
import dev.gatewaycli.emulator.junit.GatewayEmulatorExtension;
import dev.gatewaycli.emulator.lambda.FunctionSettings;
import dev.gatewaycli.emulator.model.StackModel;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** Every endpoint over HTTPS, trusted through the CA file the emulator names, and refused without it. */
@Timeout(60)
class HttpsEmulatorTest {

    @TempDir
    static Path caDir;

    /** The extension is built before JUnit sets {@code @TempDir} fields: its own private directory under target/. */
    static Path extensionCaDir;

    static GatewayEmulator emulator;

    @RegisterExtension
    static GatewayEmulatorExtension extension = GatewayEmulatorExtension.newInstance()
            .model(StackModel::bundled)
            .settings(inProcess())
            .tls(extensionCaDir())
            .build();

    @BeforeAll
    static void start() {
        emulator = GatewayEmulator.builder()
                .model(StackModel.bundled())
                .settings(inProcess())
                .tls(caDir)
                .start();
    }

    @AfterAll
    static void stop() {
        emulator.close();
        // The extension's server keeps its certificate in memory: its CA directory can go now.
        dev.gatewaycli.emulator.files.PrivateDirectory.deleteRecursively(extensionCaDir);
    }

    private static Path extensionCaDir() {
        try {
            extensionCaDir = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "extension-ca");
            return extensionCaDir.resolve("ca");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static EmulatorSettings inProcess() {
        EmulatorSettings d = EmulatorSettings.defaults();
        return d.withFunctions(d.functions().withMode(FunctionSettings.Mode.IN_PROCESS));
    }

    @Test
    void emulatorWhenTlsThenEveryUrlIsHttpsAndTheLineNamesTheCaFile() {
        assertThat(emulator.baseUrl()).startsWith("https://127.0.0.1:");
        assertThat(emulator.tokenUrl()).startsWith("https://");
        assertThat(emulator.apiUrl()).startsWith("https://");
        assertThat(emulator.jwksUrl()).startsWith("https://");
        assertThat(emulator.caFile()).isEqualTo(caDir.toAbsolutePath().resolve("ca.pem"));
        JsonNode line = Json.MAPPER.readTree(emulator.endpointsJson());
        assertThat(line.get("caFile").asString()).isEqualTo(emulator.caFile().toString());
        List<String> fields = new ArrayList<>(line.propertyNames());
        assertThat(fields.get(fields.indexOf("idpUrl") + 1))
                .as("caFile right after idpUrl")
                .isEqualTo("caFile");
    }

    @Test
    void emulatorWhenPlainThenTheLineHasNoCaFile() {
        try (GatewayEmulator plain = GatewayEmulator.builder()
                .model(StackModel.bundled())
                .settings(inProcess())
                .start()) {
            assertThat(plain.caFile()).isNull();
            assertThat(Json.MAPPER.readTree(plain.endpointsJson()).has("caFile"))
                    .isFalse();
            assertThat(plain.apiUrl()).startsWith("http://");
        }
    }

    @Test
    void tokenApiJwksAndDiscoveryWhenClientTrustsTheCaThenServeOverHttps() throws Exception {
        HttpClient client = trusting(emulator.caFile());

        String token = token(client, emulator);
        HttpResponse<String> api = client.send(
                HttpRequest.newBuilder(URI.create(emulator.apiUrl()))
                        .header("Authorization", token)
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> jwks = client.send(
                HttpRequest.newBuilder(URI.create(emulator.jwksUrl())).build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> discovery = client.send(
                HttpRequest.newBuilder(URI.create(emulator.discoveryUrl())).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(api.statusCode()).as("body %s", api.body()).isEqualTo(200);
        assertThat(api.sslSession()).isPresent();
        assertThat(jwks.statusCode()).isEqualTo(200);
        assertThat(Json.MAPPER.readTree(jwks.body()).get("keys").size()).isPositive();
        assertThat(discovery.statusCode()).isEqualTo(200);
        assertThat(Json.MAPPER.readTree(discovery.body()).get("jwks_uri").asString())
                .startsWith("https://");
    }

    @Test
    void serverWhenLocalhostNameIsUsedThenHostnameVerificationPasses() throws Exception {
        HttpClient client = trusting(emulator.caFile());
        URI byName = URI.create(emulator.jwksUrl().replace("127.0.0.1", "localhost"));

        HttpResponse<String> r =
                client.send(HttpRequest.newBuilder(byName).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(r.statusCode()).isEqualTo(200);
    }

    @Test
    void serverWhenClientDoesNotTrustTheCaThenTheHandshakeFails() {
        HttpClient plainTrust =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

        assertThatThrownBy(() -> plainTrust.send(
                        HttpRequest.newBuilder(URI.create(emulator.jwksUrl())).build(),
                        HttpResponse.BodyHandlers.ofString()))
                .isInstanceOf(SSLHandshakeException.class);
    }

    @Test
    void serverWhenAnotherCaIsTrustedThenTheHandshakeFails(@TempDir Path otherDir) throws Exception {
        LocalCertificateAuthority other = LocalCertificateAuthority.loadOrCreate(otherDir, java.time.Clock.systemUTC());
        HttpClient client = trusting(other.certificateFile());

        assertThatThrownBy(() -> client.send(
                        HttpRequest.newBuilder(URI.create(emulator.jwksUrl())).build(),
                        HttpResponse.BodyHandlers.ofString()))
                .isInstanceOf(SSLHandshakeException.class);
    }

    @Test
    void secondEmulatorWhenSameCaDirectoryThenSameCaFileAndTrustHolds() throws Exception {
        byte[] before = Files.readAllBytes(emulator.caFile());
        try (GatewayEmulator second = GatewayEmulator.builder()
                .model(StackModel.bundled())
                .settings(inProcess())
                .tls(caDir)
                .start()) {
            assertThat(second.caFile()).isEqualTo(emulator.caFile());
            assertThat(Files.readAllBytes(second.caFile())).isEqualTo(before);
            HttpClient client = trusting(emulator.caFile());
            assertThat(token(client, second)).isNotBlank();
        }
    }

    @Test
    void extensionWhenTlsThenServesHttpsTrustedThroughItsCaFile() throws Exception {
        assertThat(extension.apiUrl()).startsWith("https://127.0.0.1:" + extension.port() + "/");
        assertThat(extension.caFile()).isEqualTo(extensionCaDir.resolve("ca").resolve("ca.pem"));
        HttpClient client = trusting(extension.caFile());
        HttpResponse<String> r = client.send(
                HttpRequest.newBuilder(URI.create(extension.apiUrl()))
                        .header("Authorization", token(client, extension.emulator()))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as("body %s", r.body()).isEqualTo(200);
    }

    /** A client that trusts {@code caFile} alone. */
    static HttpClient trusting(Path caFile) throws Exception {
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        store.load(null, null);
        try (InputStream in = Files.newInputStream(caFile)) {
            store.setCertificateEntry(
                    "ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(store);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        return HttpClient.newBuilder()
                .sslContext(context)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
    }

    static String token(HttpClient client, GatewayEmulator emu) throws Exception {
        String basic = Base64.getEncoder()
                .encodeToString((emu.clientId() + ":" + emu.clientSecret()).getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> r = client.send(
                HttpRequest.newBuilder(URI.create(emu.tokenUrl()))
                        .header("Authorization", "Basic " + basic)
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as("token endpoint, body %s", r.body()).isEqualTo(200);
        return Json.MAPPER.readTree(r.body()).get("access_token").asString();
    }
}
