package dev.gatewaycli.emulator.apigateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import dev.gatewaycli.emulator.GatewayEmulator;
import dev.gatewaycli.emulator.Http;
import dev.gatewaycli.emulator.TestApps;
import dev.gatewaycli.emulator.TestStacks;
import dev.gatewaycli.emulator.apigateway.HostileInputs.Forgery;
import dev.gatewaycli.emulator.apigateway.HostileInputs.Material;
import dev.gatewaycli.emulator.apigateway.HostileInputs.RandomRequest;
import dev.gatewaycli.emulator.model.StackModel;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.function.ThrowingConsumer;
import org.junit.jupiter.api.io.TempDir;

/**
 * Random and mutated tokens and requests thrown at the emulator: none is ever authorised (no 2xx from the API without a
 * genuine token, no token from the token endpoint without the client's secret, no random API key accepted, no random
 * header taken for a signature), none gets a 5xx.
 *
 * <p>Property-based on plain JUnit 5: each property is a {@link TestFactory} of generated cases, drawn by the small
 * generators of {@link HostileInputs} from a {@link SplittableRandom}. The seed is random per run unless the system
 * property {@value #SEED_PROPERTY} fixes it; a failure names the property, the case, its whole input and the seed, so
 * {@code ./mvnw -pl emulator -am verify -Dgatewaycli.hostile.seed=<seed>} draws the same inputs again (the tokens they
 * start from are fresh each run, the edits made to them are the same). No shrinking: the inputs are small enough to read.
 */
class HostileInputPropertyTest {

    static final String SEED_PROPERTY = "gatewaycli.hostile.seed";
    static final long SEED = Long.getLong(SEED_PROPERTY, new SplittableRandom().nextLong());

    @TempDir
    static Path assets;

    static GatewayEmulator emu;
    /** The gateway-features app: API keys, AWS_IAM, a Lambda authorizer. */
    static GatewayEmulator features;

    static Material material;

    @BeforeAll
    static void start() throws Exception {
        emu = GatewayEmulator.builder().model(TestStacks.seed(assets)).start();
        // What a forger has: a genuine token of its own client, the pool's published key, and a key of its own.
        RSAKey published =
                (RSAKey) JWKSet.parse(Http.get(emu.jwksUrl()).body()).getKeys().get(0);
        material =
                new Material(Http.token(emu), emu.idToken("mallory"), published, new RSAKeyGenerator(2048).generate());
        features = GatewayEmulator.builder()
                .model(StackModel.fromCloudAssembly(TestApps.assembly("gateway-features")))
                .start();
    }

    @AfterAll
    static void stop() {
        emu.close();
        features.close();
    }

    @TestFactory
    Stream<DynamicTest> randomApiKeyIsNeverAccepted() {
        return property(
                "randomApiKeyIsNeverAccepted", 150, HostileInputs::headerValue, HostileInputs.Java::quote, value -> {
                    HttpResponse<String> r = Http.get(features.apiUrl() + "keyed", "x-api-key", value);
                    assertThat(r.statusCode()).as("status, body %s", r.body()).isEqualTo(403);
                    assertThat(r.body()).isEqualTo("{\"message\":\"Forbidden\"}");
                });
    }

    @TestFactory
    Stream<DynamicTest> randomAuthorizationOfAnIamMethodIsNeverAcceptedNorA5xx() {
        return property(
                "randomAuthorizationOfAnIamMethodIsNeverAcceptedNorA5xx",
                150,
                r -> r.nextBoolean() ? HostileInputs.headerValue(r) : forgedValue(r),
                HostileInputs.Java::quote,
                value -> {
                    HttpResponse<String> r = Http.get(features.apiUrl() + "iam", "Authorization", value);
                    assertThat(r.statusCode()).as("status, body %s", r.body()).isEqualTo(403);
                    assertThat(r.headers().firstValue("x-amzn-errortype"))
                            .hasValueSatisfying(t -> assertThat(t)
                                    .isIn("IncompleteSignatureException", "MissingAuthenticationTokenException"));
                });
    }

    @TestFactory
    Stream<DynamicTest> randomAuthorizationHeaderIsNeverAuthorised() {
        return property(
                "randomAuthorizationHeaderIsNeverAuthorised",
                300,
                HostileInputs::headerValue,
                HostileInputs.Java::quote,
                value -> assertUnauthorised(Http.get(emu.apiUrl(), "Authorization", value)));
    }

    @TestFactory
    Stream<DynamicTest> forgedTokenIsNeverAuthorised() {
        return property(
                "forgedTokenIsNeverAuthorised",
                500,
                r -> {
                    Forgery f;
                    do {
                        f = HostileInputs.forgery(r, material);
                    } while (HostileInputs.isGenuine(f.value(), material.accessToken()));
                    return f;
                },
                Forgery::toString,
                f -> assertUnauthorised(Http.get(emu.apiUrl(), "Authorization", f.value())));
    }

    @TestFactory
    Stream<DynamicTest> randomRequestsNeverGetA2xxFromTheApiOrA5xx() {
        return property(
                "randomRequestsNeverGetA2xxFromTheApiOrA5xx",
                250,
                r -> {
                    List<String> headers = new ArrayList<>(HostileInputs.extraHeaders(r));
                    if (r.nextInt(5) > 0) {
                        headers.add("Authorization");
                        headers.add(r.nextBoolean() ? HostileInputs.headerValue(r) : forgedValue(r));
                    }
                    if (r.nextInt(5) > 0) {
                        headers.add("Content-Type");
                        headers.add(HostileInputs.pick(r, HostileInputs.CONTENT_TYPES));
                    }
                    return new RandomRequest(
                            HostileInputs.pick(r, HostileInputs.METHODS),
                            HostileInputs.path(r, emu.userPoolId()),
                            headers,
                            HostileInputs.body(r));
                },
                RandomRequest::toString,
                request -> {
                    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(emu.baseUrl() + request.path()))
                            .method(request.method(), HttpRequest.BodyPublishers.ofString(request.body()));
                    if (!request.headers().isEmpty()) {
                        b.headers(request.headers().toArray(String[]::new));
                    }
                    HttpResponse<String> r = Http.send(b);
                    assertThat(r.statusCode()).as("status, body %s", r.body()).isBetween(200, 499);
                    if (r.statusCode() < 300) {
                        // Only the token-free documents of the pool may answer 2xx to a stranger.
                        assertThat(request.path())
                                .as("a 2xx without a genuine token")
                                .contains("/.well-known/");
                        assertThat(request.method()).isIn("GET", "HEAD");
                    }
                });
    }

    @TestFactory
    Stream<DynamicTest> randomTokenRequestsNeverGetATokenOrA5xx() {
        record TokenRequest(String method, String contentType, String authorization, String form) {}
        return property(
                "randomTokenRequestsNeverGetATokenOrA5xx",
                200,
                r -> new TokenRequest(
                        r.nextInt(6) == 0 ? HostileInputs.pick(r, HostileInputs.METHODS) : "POST",
                        r.nextInt(5) == 0
                                ? HostileInputs.pick(r, HostileInputs.CONTENT_TYPES)
                                : "application/x-www-form-urlencoded",
                        r.nextInt(4) == 0
                                ? null
                                : r.nextBoolean()
                                        ? HostileInputs.headerValue(r)
                                        : Http.basic(
                                                r.nextBoolean()
                                                        ? emu.clientId()
                                                        : HostileInputs.string(r, "abc019", 1, 26),
                                                HostileInputs.string(
                                                        r, "abcdefghijklmnopqrstuvwxyz0123456789+%", 0, 60)),
                        HostileInputs.form(r, emu.clientId())),
                TokenRequest::toString,
                t -> {
                    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(emu.tokenUrl()))
                            .header("Content-Type", t.contentType())
                            .method(t.method(), HttpRequest.BodyPublishers.ofString(t.form()));
                    if (t.authorization() != null) {
                        b.header("Authorization", t.authorization());
                    }
                    HttpResponse<String> r = Http.send(b);
                    assertThat(r.statusCode()).as("status, body %s", r.body()).isBetween(400, 499);
                    if (!t.method().equals("HEAD")) {
                        assertThat(r.body())
                                .as("an OAuth error body, never a token")
                                .startsWith("{\"error\":\"");
                    }
                });
    }

    @TestFactory
    Stream<DynamicTest> rawMalformedRequestLinesNeverGetA5xx() {
        return property(
                "rawMalformedRequestLinesNeverGetA5xx",
                100,
                HostileInputs::rawTarget,
                HostileInputs.Java::quote,
                target -> {
                    try (Socket socket = new Socket("127.0.0.1", emu.port())) {
                        socket.setSoTimeout(5000);
                        OutputStream out = socket.getOutputStream();
                        out.write(("GET " + target + " HTTP/1.1\r\nHost: x\r\nAuthorization: " + material.accessToken()
                                        + "\r\nConnection: close\r\n\r\n")
                                .getBytes(StandardCharsets.ISO_8859_1));
                        out.flush();
                        InputStream in = socket.getInputStream();
                        String status = new String(in.readNBytes(12), StandardCharsets.ISO_8859_1);
                        // Netty may close the connection on a request line it cannot parse: no answer is no 5xx either.
                        if (!status.isEmpty()) {
                            assertThat(status).as("status line").matches("HTTP/1\\.1 [1-4]\\d\\d");
                        }
                    }
                });
    }

    /** A forged token or header value (forgeries of the genuine token are never the token itself). */
    static String forgedValue(SplittableRandom r) {
        Forgery f;
        do {
            f = HostileInputs.forgery(r, material);
        } while (HostileInputs.isGenuine(f.value(), material.accessToken()));
        return f.value();
    }

    static void assertUnauthorised(HttpResponse<String> r) {
        assertThat(r.statusCode()).as("status, body %s", r.body()).isEqualTo(401);
        assertThat(r.body()).as("gateway response").isEqualTo("{\"message\":\"Unauthorized\"}");
        assertThat(r.headers().firstValue("x-amzn-errortype")).hasValue("UnauthorizedException");
    }

    /**
     * {@code count} cases of one property. Each property draws from its own stream of the seed, so running one property
     * alone reproduces its cases; a failure message carries the input, the case number and the seed.
     */
    static <T> Stream<DynamicTest> property(
            String name,
            int count,
            Function<SplittableRandom, T> generator,
            Function<T, String> show,
            ThrowingConsumer<T> check) {
        SplittableRandom random = new SplittableRandom(SEED ^ (name.hashCode() * 0x9E3779B97F4A7C15L));
        return IntStream.range(0, count).mapToObj(i -> {
            T input = generator.apply(random);
            String shown = show.apply(input);
            return DynamicTest.dynamicTest("#" + i + " " + abbreviate(shown), () -> {
                try {
                    check.accept(input);
                } catch (AssertionError | Exception e) {
                    throw new AssertionError(
                            name + " failed on case #" + i + " (seed " + SEED + "; reproduce with -D" + SEED_PROPERTY
                                    + "=" + SEED + ")\ninput: " + shown + "\n" + e.getMessage(),
                            e);
                }
            });
        });
    }

    private static String abbreviate(String s) {
        return s.length() <= 100 ? s : s.substring(0, 97) + "...";
    }
}
