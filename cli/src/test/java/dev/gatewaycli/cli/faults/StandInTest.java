package dev.gatewaycli.cli.faults;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatewaycli.cli.TestCli;
import dev.gatewaycli.cli.TestCli.Result;
import dev.gatewaycli.cli.TestTokens;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

/**
 * What the fault tests share: a private home, a {@link StandIn} on loopback with the CLI pointed at it (token
 * endpoint {@code /oauth2/token}, API {@code /prod}), the behaviours of a well-behaved token endpoint and API, and the
 * assertions every fault ends in: one line, the contract's code, nothing secret, nothing a terminal acts on.
 */
abstract class StandInTest {

    static final String CLIENT_ID = "1example23456789abcdefghij";

    /** Every character whose encoding varies: + / = and %. */
    static final String SECRET = "Sup3r+Secret/Value=With%Awkward+Chars";

    static final String TOKEN = "/oauth2/token";

    static final String API = "/prod/";

    static final String HELLO = "{\"content\":\"Hello from the Lambda function!\"}";

    static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    Path home;

    StandIn standIn;

    TestCli cli;

    @BeforeEach
    void startStandIn() throws IOException {
        standIn = new StandIn();
        cli = new TestCli(home).endpoints(standIn.baseUrl(), CLIENT_ID, SECRET);
    }

    @AfterEach
    void stopStandIn() throws IOException {
        standIn.close();
    }

    static String jwt(long lifetimeSeconds) {
        return TestTokens.accessToken(CLIENT_ID, List.of("users/read-only"), lifetimeSeconds);
    }

    static StandIn.Behaviour issues(String token) {
        return (request, exchange) -> exchange.json(200, TestTokens.tokenResponse(token, 3600));
    }

    static StandIn.Behaviour answers(int status) {
        return (request, exchange) -> exchange.json(status, "{\"message\":\"status " + status + "\"}");
    }

    /** API Gateway's own 401: its Cognito authorizer refused the token (docs/fidelity.md §2). */
    static StandIn.Behaviour authorizerRefuses() {
        return (request, exchange) -> exchange.respond(
                401,
                StandIn.headers("Content-Type", "application/json", "x-amzn-errortype", "UnauthorizedException"),
                "{\"message\":\"Unauthorized\"}".getBytes(StandardCharsets.UTF_8));
    }

    /** A function that answers 401 itself: the same body, but not API Gateway's header. */
    static StandIn.Behaviour functionAnswers401() {
        return (request, exchange) -> exchange.json(401, "{\"message\":\"Unauthorized\"}");
    }

    static StandIn.Behaviour hello() {
        return (request, exchange) -> exchange.json(200, HELLO);
    }

    static String json(Object value) {
        return JSON.writeValueAsString(value);
    }

    /** The echo inside a JSON string the way many encoders write it: with {@code /} escaped too. */
    static String jsonEscapingSlashes(String text) {
        return json(text).replace("/", "\\/");
    }

    /** Every form the secret takes on the wire or in an echo. */
    static List<String> secretForms() {
        String form = URLEncoder.encode(SECRET, StandardCharsets.UTF_8);
        String basicRaw =
                Base64.getEncoder().encodeToString((CLIENT_ID + ":" + SECRET).getBytes(StandardCharsets.UTF_8));
        String basicForm =
                Base64.getEncoder().encodeToString((CLIENT_ID + ":" + form).getBytes(StandardCharsets.UTF_8));
        return List.of(
                SECRET,
                form,
                SECRET.replace("/", "\\/"),
                basicRaw,
                basicForm,
                basicRaw.replace("/", "\\/"),
                basicForm.replace("/", "\\/"));
    }

    /**
     * {@code result} came from the second try at the API: {@code refused} (the cached token, which the authorizer
     * refused), then {@code renewed}, got by one more request to {@code tokenPath} and now in the cache.
     */
    void assertRenewedOnceAfterTheAuthorizersRefusal(Result result, String tokenPath, String refused, String renewed) {
        assertThat(result.exitCode()).as(result.describe()).isZero();
        assertThat(result.out()).isEqualTo(HELLO);
        assertThat(standIn.requests(API).stream().map((r) -> r.header("Authorization")))
                .containsExactly(refused, renewed);
        assertThat(standIn.requests(tokenPath)).hasSize(2);
        assertThat(cli.run("token").out()).as("the cache holds the new token").isEqualTo(renewed + "\n");
    }

    static void assertNothingSecret(Result result) {
        for (String form : secretForms()) {
            assertThat(result.out() + result.err())
                    .as("the secret as '%s' leaked: %s", form, result.describe())
                    .doesNotContain(form);
        }
    }

    static void assertOneLine(Result result, int exitCode, String... fragments) {
        assertThat(result.exitCode()).as(result.describe()).isEqualTo(exitCode);
        assertThat(result.err().strip().lines().count())
                .as("one line on stderr: " + result.describe())
                .isEqualTo(1);
        assertThat(result.err())
                .as(result.describe())
                .startsWith("gateway-cli: ")
                .contains(fragments);
        assertNoControlCharacters(result.err());
    }

    /** Nothing a terminal acts on: no control character but line ends and the tabs of stack traces. */
    static void assertNoControlCharacters(String text) {
        for (char c : text.toCharArray()) {
            assertThat(c == '\n' || c == '\t' || (c >= 0x20 && c != 0x7f && !(c >= 0x80 && c <= 0x9f)))
                    .as("control character U+%04X in %s", (int) c, text)
                    .isTrue();
        }
    }
}
