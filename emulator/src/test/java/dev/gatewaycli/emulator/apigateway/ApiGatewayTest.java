package dev.gatewaycli.emulator.apigateway;

import static dev.gatewaycli.emulator.Http.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.gatewaycli.emulator.EmulatorSettings;
import dev.gatewaycli.emulator.GatewayEmulator;
import dev.gatewaycli.emulator.Http;
import dev.gatewaycli.emulator.MutableClock;
import dev.gatewaycli.emulator.TestStacks;
import dev.gatewaycli.emulator.model.StackModel;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The API Gateway side against the seed's shape and the real function, per docs/fidelity.md §2. */
class ApiGatewayTest {

    static final String SEED_BODY = "{\"content\":\"Hello from the Lambda function!\"}";

    @TempDir
    static Path assets;

    static StackModel model;
    static GatewayEmulator emu;
    static String token;

    @BeforeAll
    static void start() {
        model = TestStacks.seed(assets);
        emu = GatewayEmulator.builder().model(model).start();
        token = Http.token(emu);
    }

    @AfterAll
    static void stop() {
        emu.close();
    }

    @Test
    void getRootWhenRawAccessTokenThenTheRealFunctionAnswers() {
        HttpResponse<String> r = Http.get(emu.apiUrl(), "Authorization", token);

        assertThat(r.statusCode()).as("body %s", r.body()).isEqualTo(200);
        assertThat(r.body()).isEqualTo(SEED_BODY);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(r.headers().firstValue("Access-Control-Allow-Origin")).hasValue("*");
        assertThat(r.headers().firstValue("Access-Control-Allow-Headers")).hasValue("Content-Type");
        assertThat(r.headers().firstValue("x-amzn-RequestId"))
                .as("API Gateway's request id")
                .isPresent();
        assertThat(emu.apiUrl()).isEqualTo(emu.baseUrl() + "/prod/");
    }

    @Test
    void getRootWhenBearerTokenThenAccepted() {
        assertThat(Http.get(emu.apiUrl(), "Authorization", "Bearer " + token).statusCode())
                .isEqualTo(200);
    }

    @Test
    void getStageWithoutTrailingSlashThenSameResource() {
        assertThat(Http.get(emu.baseUrl() + "/prod", "Authorization", token).statusCode())
                .isEqualTo(200);
    }

    @Test
    void getWhenNoAuthorizationHeaderThenUnauthorized() {
        assertGateway(Http.get(emu.apiUrl()), 401, "Unauthorized", "UnauthorizedException");
        assertGateway(Http.get(emu.apiUrl(), "Authorization", "Bearer "), 401, "Unauthorized", "UnauthorizedException");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(
            strings = {
                "garbage",
                "a.b.c",
                "eyJhbGciOiJub25lIn0.e30.",
                "....",
                "Bearer Bearer x",
                "eyJ.eyJ.eyJ",
                "e30.e30.e30",
                "%%%.%%%.%%%"
            })
    void getWhenMalformedTokenThenUnauthorized(String value) {
        assertGateway(Http.get(emu.apiUrl(), "Authorization", value), 401, "Unauthorized", "UnauthorizedException");
    }

    @Test
    void getWhenAlgNoneThenUnauthorized() throws Exception {
        JWTClaimsSet claims = SignedJWT.parse(token).getJWTClaimsSet();
        String header = b64("{\"alg\":\"none\"}");
        String unsigned = header + "." + b64(claims.toString()) + ".";
        assertGateway(Http.get(emu.apiUrl(), "Authorization", unsigned), 401, "Unauthorized", "UnauthorizedException");
    }

    @Test
    void getWhenHs256SignedWithThePublicKeyThenUnauthorized() throws Exception {
        SignedJWT original = SignedJWT.parse(token);
        byte[] publicKey = RSAKey.parse(Http.get(emu.jwksUrl()).body().replaceAll(".*\"keys\":\\[(\\{[^}]*}).*", "$1"))
                .toRSAPublicKey()
                .getEncoded();
        byte[] secret = new byte[Math.max(32, publicKey.length)];
        System.arraycopy(publicKey, 0, secret, 0, publicKey.length);
        SignedJWT forged = new SignedJWT(
                new JWSHeader.Builder(JWSAlgorithm.HS256)
                        .keyID(original.getHeader().getKeyID())
                        .build(),
                original.getJWTClaimsSet());
        forged.sign(new MACSigner(secret));
        assertGateway(
                Http.get(emu.apiUrl(), "Authorization", forged.serialize()),
                401,
                "Unauthorized",
                "UnauthorizedException");
    }

    @Test
    void getWhenTokenOfAnotherPoolThenUnauthorized() {
        try (GatewayEmulator other = GatewayEmulator.builder().model(model).start()) {
            String foreign = Http.token(other);
            assertGateway(
                    Http.get(emu.apiUrl(), "Authorization", foreign), 401, "Unauthorized", "UnauthorizedException");
        }
    }

    @Test
    void getWhenRightKeyButOtherIssuerThenUnauthorized(@TempDir Path dir) throws Exception {
        // Same keys, so the signature verifies: only the issuer check can refuse it. The pools would share their ids
        // too (derived from the keys), so the second one's is fixed.
        Path keys = dir.resolve("keys.json");
        EmulatorSettings settings = EmulatorSettings.defaults().withKeysFile(keys);
        try (GatewayEmulator a = GatewayEmulator.builder()
                        .model(model)
                        .settings(settings)
                        .start();
                GatewayEmulator b = GatewayEmulator.builder()
                        .model(model)
                        .settings(settings.withUserPoolId("us-east-1_Other1234"))
                        .start()) {
            assertThat(a.userPoolId()).isNotEqualTo(b.userPoolId());
            assertGateway(
                    Http.get(b.apiUrl(), "Authorization", Http.token(a)), 401, "Unauthorized", "UnauthorizedException");
            assertThat(Http.get(a.apiUrl(), "Authorization", Http.token(a)).statusCode())
                    .isEqualTo(200);
        }
    }

    @Test
    void getWhenPayloadTamperedThenUnauthorized() throws Exception {
        String[] parts = token.split("\\.");
        String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
                .replace("users/read-only", "users/admin!!!!");
        String tampered = parts[0] + "." + b64(payload) + "." + parts[2];
        assertGateway(Http.get(emu.apiUrl(), "Authorization", tampered), 401, "Unauthorized", "UnauthorizedException");
    }

    @Test
    void getWhenSignatureTamperedThenUnauthorized() {
        String[] parts = token.split("\\.");
        char[] sig = parts[2].toCharArray();
        sig[10] = sig[10] == 'A' ? 'B' : 'A';
        String tampered = parts[0] + "." + parts[1] + "." + new String(sig);
        assertGateway(Http.get(emu.apiUrl(), "Authorization", tampered), 401, "Unauthorized", "UnauthorizedException");
        assertGateway(
                Http.get(emu.apiUrl(), "Authorization", parts[0] + "." + parts[1] + "."),
                401,
                "Unauthorized",
                "UnauthorizedException");
    }

    @Test
    void getWhenGenuineTokenCarriesCharactersOutsideBase64UrlThenUnauthorized() {
        // Nimbus's decoder skips such characters, so the signature would still verify: the authorizer must refuse
        // them before, as a token Cognito issued never has them.
        String[] parts = token.split("\\.");
        String signature = parts[2];
        for (String altered : new String[] {
            token + "=",
            token + "==",
            parts[0] + "." + parts[1] + "." + signature.substring(0, 9) + "!" + signature.substring(9),
            parts[0] + "." + parts[1] + "." + signature.substring(0, 9) + " " + signature.substring(9),
            parts[0] + "." + parts[1] + "." + signature.replace('-', '+').replace('_', '/') + "+/"
        }) {
            assertGateway(
                    Http.get(emu.apiUrl(), "Authorization", altered), 401, "Unauthorized", "UnauthorizedException");
        }
        assertThat(Http.get(emu.apiUrl(), "Authorization", token).statusCode())
                .as("the token itself")
                .isEqualTo(200);
    }

    @Test
    void getWhenSignedByAnUnknownKeyWithAKnownKidThenUnauthorized() throws Exception {
        SignedJWT original = SignedJWT.parse(token);
        RSAKey stranger = new RSAKeyGenerator(2048).generate();
        SignedJWT forged = new SignedJWT(
                new JWSHeader.Builder(JWSAlgorithm.RS256)
                        .keyID(original.getHeader().getKeyID())
                        .build(),
                original.getJWTClaimsSet());
        forged.sign(new RSASSASigner(stranger));
        assertGateway(
                Http.get(emu.apiUrl(), "Authorization", forged.serialize()),
                401,
                "Unauthorized",
                "UnauthorizedException");
    }

    @Test
    void getWhenTokenExpiredThenItsOwnMessage() {
        MutableClock clock = new MutableClock(Instant.now());
        try (GatewayEmulator timed = GatewayEmulator.builder()
                .model(model)
                .settings(EmulatorSettings.defaults().withClock(clock))
                .start()) {
            String t = Http.token(timed);
            assertThat(Http.get(timed.apiUrl(), "Authorization", t).statusCode())
                    .isEqualTo(200);
            clock.advance(Duration.ofMinutes(31));
            // Also proves the authorizer cache never outlives the token: the first call cached it.
            assertGateway(
                    Http.get(timed.apiUrl(), "Authorization", t),
                    401,
                    "The incoming token has expired",
                    "UnauthorizedException");
        }
    }

    @Test
    void getWhenIdTokenOnScopedMethodThenUnauthorized() {
        assertGateway(
                Http.get(emu.apiUrl(), "Authorization", emu.idToken("alice")),
                401,
                "Unauthorized",
                "UnauthorizedException");
    }

    @Test
    void requestWhenUnknownPathMethodOrStageThenMissingAuthenticationToken() {
        String missing = "Missing Authentication Token";
        String type = "MissingAuthenticationTokenException";
        assertGateway(Http.get(emu.apiUrl() + "nothing-here", "Authorization", token), 403, missing, type);
        assertGateway(Http.get(emu.baseUrl() + "/dev/", "Authorization", token), 403, missing, type);
        assertGateway(Http.get(emu.baseUrl() + "/"), 403, missing, type);
        assertGateway(
                Http.send(HttpRequest.newBuilder(URI.create(emu.apiUrl()))
                        .header("Authorization", token)
                        .POST(HttpRequest.BodyPublishers.ofString("x"))),
                403,
                missing,
                type);
        assertGateway(
                Http.send(HttpRequest.newBuilder(URI.create(emu.apiUrl()))
                        .method("DELETE", HttpRequest.BodyPublishers.noBody())),
                403,
                missing,
                type);
        assertGateway(Http.get(emu.baseUrl() + "/prod//x"), 403, missing, type);
        assertGateway(Http.get(emu.baseUrl() + "/prod/%C0%AF"), 403, missing, type);
    }

    @Test
    void requestWhenPayloadOver10MbThen413() {
        byte[] body = new byte[10 * 1024 * 1024 + 1];
        HttpResponse<String> r = Http.send(HttpRequest.newBuilder(URI.create(emu.apiUrl()))
                .header("Authorization", token)
                .method("GET", HttpRequest.BodyPublishers.ofByteArray(body)));
        assertGateway(r, 413, "Request Too Long", "RequestTooLargeException");
    }

    @Test
    void requestWhenHeadersOverApiGatewaysLimitThen431WithJsonBody() {
        HttpResponse<String> r = Http.get(emu.apiUrl(), "Authorization", token, "X-Padding", "p".repeat(11_000));
        assertGateway(r, 431, "Request Header Fields Too Large", "RequestHeadersTooLargeException");
    }

    @Test
    void requestWhenHeadersBeyondNettysLimitThenRefusedWithoutServerError() {
        HttpResponse<String> r = Http.get(emu.apiUrl(), "Authorization", token, "X-Padding", "p".repeat(70_000));
        assertThat(r.statusCode()).as("a 4xx from the HTTP layer, never a 5xx").isBetween(400, 499);
    }

    static void assertGateway(HttpResponse<String> r, int status, String message, String errorType) {
        Http.assertGateway(r, status, message, errorType);
    }

    static String b64(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    static Date in(Duration d) {
        return Date.from(Instant.now().plus(d));
    }
}
