package dev.gatewaycli.cli.faults;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatewaycli.cli.TestCli.Result;
import dev.gatewaycli.cli.process.ExitCodes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The CLI against a token endpoint and an API that misbehave on purpose ({@link StandIn}): they trickle, echo the
 * request back, reset, answer 401 from the function or from the authorizer, fail during {@code --refresh}, send
 * tokens and messages full of escape codes. Whatever they do, the command ends within its deadline, with one line and
 * the contract's exit code, nothing secret on any stream, and no request sent twice that could run twice.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class FaultInjectionTest extends StandInTest {

    // --- deadlines: --max-time bounds the whole exchange, and the lock with it

    @Test
    void tokenWhenTheEndpointTricklesForeverThenMaxTimeEndsTheExchange() {
        standIn.on(TOKEN, (request, exchange) -> exchange.trickle(Duration.ofMillis(100)));

        Result result = cli.run("token", "--read-timeout", "20s", "--max-time", "1s");

        assertOneLine(result, ExitCodes.NETWORK, "did not finish within --max-time 1s", "raise --max-time");
        assertThat(result.out()).isEmpty();
        assertThat(standIn.requests(TOKEN)).as("the deadline is not retried").hasSize(1);
    }

    @Test
    void callWhenTheApiTricklesForeverThenMaxTimeEndsTheWholeCall() {
        standIn.on(TOKEN, issues(jwt(3600)));
        standIn.on(API, (request, exchange) -> exchange.trickle(Duration.ofMillis(100)));

        Result result = cli.run("call", "--read-timeout", "20s", "--max-time", "1500ms");

        assertOneLine(result, ExitCodes.NETWORK, "the API at", "did not finish within --max-time 1500ms");
        assertThat(standIn.requests(API)).hasSize(1);
    }

    @Test
    void maxTimeFromTheEnvironmentAppliesAndABadValueIsExit3() {
        standIn.on(TOKEN, (request, exchange) -> exchange.trickle(Duration.ofMillis(100)));
        cli.env.put("GATEWAY_READ_TIMEOUT", "20s");
        cli.env.put("GATEWAY_MAX_TIME", "800ms");

        assertOneLine(cli.run("token"), ExitCodes.NETWORK, "--max-time 800ms");

        cli.env.put("GATEWAY_MAX_TIME", "forever");
        assertOneLine(cli.run("token"), ExitCodes.CONFIG, "GATEWAY_MAX_TIME='forever' is not a duration");
        assertOneLine(cli.run("token", "--max-time", "0"), ExitCodes.USAGE, "'0' is not a duration");
    }

    /**
     * Starts a {@code token} run whose request the stand-in trickles for good, so that it holds the entry's lock
     * until its {@code --max-time}; returns once the stand-in has the request. Later requests get {@code token}.
     */
    private Future<Result> stuckRun(ExecutorService pool, String token, String maxTime) throws InterruptedException {
        standIn.on(
                TOKEN,
                StandIn.firstThen(1, (request, exchange) -> exchange.trickle(Duration.ofMillis(100)), issues(token)));
        Future<Result> stuck = pool.submit(() -> cli.run("token", "--read-timeout", "60s", "--max-time", maxTime));
        assertThat(standIn.awaitRequests(TOKEN, 1, Duration.ofSeconds(30))).isTrue();
        return stuck;
    }

    @Test
    void tokenWhenARunHoldsTheLockOnATricklingEndpointThenItLetsGoAtItsDeadline() throws Exception {
        String token = jwt(3600);
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Future<Result> stuck = stuckRun(pool, token, "2s");

            // Waits for the first run's lock, which the first run gives up at its deadline; then fetches.
            Result next = cli.run("token");

            assertThat(stuck.get(60, TimeUnit.SECONDS).exitCode()).isEqualTo(ExitCodes.NETWORK);
            assertThat(next.exitCode()).as(next.describe()).isZero();
            assertThat(next.out()).isEqualTo(token + "\n");
            assertThat(next.err()).as("it had the lock in time: no warning").isEmpty();
            assertThat(standIn.requests(TOKEN)).hasSize(2);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void tokenWhenAnotherRunHoldsTheLockPastTheWaitThenThisRunGoesOnWithoutTheCache() throws Exception {
        String token = jwt(3600);
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Future<Result> stuck = stuckRun(pool, token, "60s");

            // Waits half its 2 s for the lock, then fetches its own token without the cache.
            Result next = cli.run("token", "--max-time", "2s");

            assertOneLine(next, ExitCodes.OK, "warning: the token cache", "not usable", "continuing without it");
            assertThat(next.out()).isEqualTo(token + "\n");
            standIn.close(); // ends the first run's trickle
            stuck.get(60, TimeUnit.SECONDS);
        } finally {
            pool.shutdownNow();
        }
    }

    // --- an endpoint that echoes the request: the secret never reaches a stream

    @ParameterizedTest(name = "--auth {0}, {1}")
    @CsvSource({"basic, 429", "basic, 503", "post, 429", "post, 503"})
    void tokenWhenABusyEndpointEchoesTheRequestInItsErrorThenTheSecretIsMasked(String auth, int status) {
        standIn.on(
                TOKEN,
                (request, exchange) ->
                        exchange.json(status, "{\"error\":" + jsonEscapingSlashes(request.echo()) + "}"));

        Result plain = cli.run("token", "--auth", auth, "--retries", "0");
        Result verbose = cli.run("-v", "token", "--auth", auth, "--retries", "0");

        assertOneLine(plain, ExitCodes.NETWORK, "answered " + status);
        assertNothingSecret(plain);
        assertThat(verbose.exitCode()).isEqualTo(ExitCodes.NETWORK);
        assertThat(verbose.err()).as("-v shows the echoed body").contains("grant_type=client_credentials");
        assertNothingSecret(verbose);
        assertNoControlCharacters(verbose.err());
    }

    @ParameterizedTest(name = "--auth {0}")
    @ValueSource(strings = {"basic", "post"})
    void tokenWhenARefusalEchoesTheRequestInErrorAndDescriptionThenNothingSecretEvenInTheStackTrace(String auth) {
        standIn.on(TOKEN, (request, exchange) -> {
            String echo = json(request.echo());
            exchange.json(400, "{\"error\":" + echo + ",\"error_description\":" + echo + "}");
        });

        Result plain = cli.run("token", "--auth", auth);
        Result verbose = cli.run("-v", "token", "--auth", auth);

        assertOneLine(plain, ExitCodes.AUTH, "refused the request");
        assertNothingSecret(plain);
        assertThat(verbose.exitCode()).isEqualTo(ExitCodes.AUTH);
        assertThat(verbose.err()).as("-v prints the stack trace").contains("\tat ");
        assertNothingSecret(verbose);
        assertNoControlCharacters(verbose.err());
    }

    @Test
    void tokenWhenA500EchoesTheBasicHeaderAsTextThenTheVerboseTraceMasksIt() {
        standIn.on(TOKEN, (request, exchange) -> exchange.echo(500, request));

        Result verbose = cli.run("-v", "token", "--retries", "0");

        assertThat(verbose.exitCode()).as(verbose.describe()).isEqualTo(ExitCodes.NETWORK);
        assertThat(verbose.err()).contains("authorization: Basic ****");
        assertNothingSecret(verbose);
    }

    @Test
    void tokenWhenTheTokenUrlCarriesAUserAndPasswordThenNoLineShowsThem() {
        standIn.on(TOKEN, answers(503));
        String url = standIn.baseUrl().replace("http://", "http://alice:pa55w0rd-in-url@") + TOKEN;
        cli.env.put("GATEWAY_TOKEN_URL", url);

        Result plain = cli.run("token", "--retries", "0");
        Result verbose = cli.run("-v", "token", "--retries", "0");

        assertOneLine(plain, ExitCodes.NETWORK, "http://****@127.0.0.1");
        for (Result result : List.of(plain, verbose)) {
            assertThat(result.err()).as(result.describe()).doesNotContain("pa55w0rd-in-url");
        }
    }

    @Test
    void callWhenTheApiEchoesTheTokenInItsMessageThenStderrMasksIt() {
        String token = jwt(3600);
        standIn.on(TOKEN, issues(token));
        standIn.on(API, (request, exchange) -> exchange.json(500, "{\"message\":" + json(request.echo()) + "}"));

        Result result = cli.run("-v", "call");

        assertThat(result.exitCode()).as(result.describe()).isEqualTo(ExitCodes.FAILED);
        assertThat(result.out()).as("stdout is the API's body, as sent").contains(token);
        assertThat(result.err()).contains("the API answered 500").doesNotContain(token);
        assertNothingSecret(result);
    }

    // --- resets: the token request is retried, the API call never

    @Test
    void tokenWhenTheEndpointResetsThenRetriedThenExit5() {
        standIn.on(TOKEN, (request, exchange) -> exchange.reset());

        Result result = cli.run("token", "--retries", "2");

        assertOneLine(result, ExitCodes.NETWORK, "closed the connection");
        assertThat(standIn.requests(TOKEN)).hasSize(3);
    }

    @Test
    void callWhenTheApiResetsAPostThenItIsSentOnceAndExit5() {
        standIn.on(TOKEN, issues(jwt(3600)));
        standIn.on("/prod/payments", (request, exchange) -> exchange.reset());

        Result result = cli.run("call", "-d", "{\"amount\":100}", "/payments");

        assertOneLine(result, ExitCodes.NETWORK, "closed the connection");
        assertThat(standIn.requests("/prod/payments")).hasSize(1);
    }

    // --- 401: a request is sent again only when the authorizer refused our cached token

    @Test
    void callWhenTheFunctionAnswers401ThenThePostIsNotSentAgainAndTheCachedTokenStays() throws IOException {
        String token = jwt(3600);
        standIn.on(TOKEN, issues(token));
        assertThat(cli.run("token").exitCode()).isZero();
        standIn.on("/prod/payments", functionAnswers401());

        Result result = cli.run("call", "-d", "{\"amount\":100}", "/payments");

        assertThat(result.exitCode()).as(result.describe()).isEqualTo(ExitCodes.FAILED);
        assertThat(standIn.requests("/prod/payments"))
                .as("the payment reached the backend once")
                .hasSize(1);
        assertThat(standIn.requests(TOKEN)).as("no new token").hasSize(1);
        assertThat(Files.readString(cli.cacheFiles().get(0))).contains(token);
    }

    @Test
    void callWhenTheAuthorizerRefusesTheCachedTokenThenOneNewTokenAndOneMoreTry() {
        String first = jwt(3600);
        String second = jwt(3600);
        standIn.on(TOKEN, StandIn.firstThen(1, issues(first), issues(second)));
        assertThat(cli.run("token").out()).isEqualTo(first + "\n");
        standIn.on(
                API,
                StandIn.when(
                        (request, n) -> first.equals(request.header("Authorization")), authorizerRefuses(), hello()));

        Result result = cli.run("call");

        assertRenewedOnceAfterTheAuthorizersRefusal(result, TOKEN, first, second);
    }

    @Test
    void callWhenTheAuthorizerRefusesAFreshTokenThenNoMoreTries() {
        standIn.on(TOKEN, issues(jwt(3600)));
        standIn.on(API, authorizerRefuses());

        Result result = cli.run("call");

        assertThat(result.exitCode()).as(result.describe()).isEqualTo(ExitCodes.FAILED);
        assertThat(standIn.requests(API)).hasSize(1);
        assertThat(standIn.requests(TOKEN)).hasSize(1);
    }

    @Test
    void callWithItsOwnAuthorizationThenNoTokenIsFetchedAndTheCacheIsUntouched() throws IOException {
        standIn.on(TOKEN, issues(jwt(3600)));
        assertThat(cli.run("token").exitCode()).isZero();
        Path entry = cli.cacheFiles().get(0);
        byte[] before = Files.readAllBytes(entry);
        standIn.on(API, authorizerRefuses());

        Result first = cli.run("call", "-H", "Authorization: garbage");
        Result second = cli.run("call", "-H", "Authorization: garbage");

        assertThat(first.exitCode()).as(first.describe()).isEqualTo(ExitCodes.FAILED);
        assertThat(second.exitCode()).isEqualTo(ExitCodes.FAILED);
        assertThat(standIn.requests(API).stream().map((r) -> r.header("Authorization")))
                .containsExactly("garbage", "garbage");
        assertThat(standIn.requests(TOKEN))
                .as("no token bought for a call that does not send it")
                .hasSize(1);
        assertThat(Files.readAllBytes(entry)).as("the cached token is kept").isEqualTo(before);
    }

    // --- renewal: an outage never takes a valid token with it

    @Test
    void tokenRefreshWhenTheEndpointFailsThenTheCachedTokenServesLaterRuns() {
        String token = jwt(3600);
        standIn.on(TOKEN, StandIn.firstThen(1, issues(token), answers(503)));
        assertThat(cli.run("token").out()).isEqualTo(token + "\n");

        Result refresh = cli.run("token", "--refresh", "--retries", "0");
        Result later = cli.run("token", "-o", "json");

        assertOneLine(refresh, ExitCodes.NETWORK, "answered 503");
        assertThat(later.exitCode()).as(later.describe()).isZero();
        assertThat(later.out()).contains("\"access_token\":\"" + token + "\"").contains("\"from_cache\":true");
        assertThat(standIn.requests(TOKEN)).hasSize(2);
    }

    @Test
    void tokenWhenInsideTheRenewalMarginAndRenewalFailsThenTheStillValidTokenIsServedWithAWarning() {
        String token = jwt(3600);
        standIn.on(TOKEN, StandIn.firstThen(1, issues(token), answers(503)));
        assertThat(cli.run("token").exitCode()).isZero();

        cli.clock.advance(Duration.ofSeconds(3570)); // 30 s left: inside the 60 s margin
        Result margin = cli.run("token", "--retries", "0");
        cli.clock.advance(Duration.ofSeconds(60)); // expired
        Result expired = cli.run("token", "--retries", "0");

        assertOneLine(margin, ExitCodes.OK, "warning: renewing the token failed", "using the cached one");
        assertThat(margin.out()).isEqualTo(token + "\n");
        assertOneLine(expired, ExitCodes.NETWORK, "answered 503");
        assertThat(expired.out()).isEmpty();
    }

    // --- what the endpoint and the API say is hostile text

    @ParameterizedTest
    @ValueSource(strings = {"abc\u001b[31mred", "two\nlines", "tab\there", "space here", "bell\u0007", "caf\u00e9"})
    void tokenWhenTheAccessTokenHoldsWhatNoTokenMayThenRefusedNotCachedNotPrinted(String value) throws IOException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("access_token", value);
        body.put("expires_in", 3600);
        body.put("token_type", "Bearer");
        standIn.on(TOKEN, (request, exchange) -> exchange.json(200, json(body)));

        Result result = cli.run("token");

        assertOneLine(result, ExitCodes.NETWORK, "no token may hold");
        assertThat(result.out()).isEmpty();
        assertThat(cli.cacheFiles()).isEmpty();
    }

    @Test
    void callWhenTheApiMessageHoldsEscapeCodesThenStderrShowsThemEscapedOnOneLine() {
        standIn.on(TOKEN, issues(jwt(3600)));
        String body = json(Map.of("message", "bad\u001b]0;owned\u0007\ngateway-cli: all good\u009b2J"));
        standIn.on(API, (request, exchange) -> exchange.json(403, body));

        Result result = cli.run("call");

        assertOneLine(result, ExitCodes.FAILED, "the API answered 403", "bad\\x1b]0;owned\\x07\\ngateway-cli");
        assertThat(result.err()).contains("\\u009b2J");
        assertThat(result.out()).as("the body itself is data, printed as sent").isEqualTo(body);
    }

    @ParameterizedTest(name = "[{index}] expires_in: {0}")
    @ValueSource(strings = {"", ",\"expires_in\":0", ",\"expires_in\":-5", ",\"expires_in\":\"soon\""})
    void tokenWhenExpiresInSaysNothingUsableThenTheJwtExpDecidesAndTheTokenIsCached(String expiresIn) {
        String token = jwt(3600);
        standIn.on(
                TOKEN,
                (request, exchange) -> exchange.json(
                        200, "{\"access_token\":\"" + token + "\",\"token_type\":\"Bearer\"" + expiresIn + "}"));

        Result first = cli.run("token", "-o", "json");
        Result second = cli.run("token");

        assertThat(first.exitCode()).as(first.describe()).isZero();
        assertThat(expiresInOf(first))
                .as("exp, an hour from when the token was made")
                .isBetween(3500L, 3700L);
        assertThat(second.out()).isEqualTo(token + "\n");
        assertThat(standIn.requests(TOKEN))
                .as("cached until exp, not for one second")
                .hasSize(1);
    }

    @ParameterizedTest(name = "[{index}] expires_in: {0}")
    @ValueSource(strings = {"3153600000", "99999999999999999999"})
    void tokenWhenExpiresInIsFarBeyondTheJwtExpThenTheExpWins(String expiresIn) {
        String token = jwt(3600);
        standIn.on(
                TOKEN,
                (request, exchange) -> exchange.json(
                        200,
                        "{\"access_token\":\"" + token + "\",\"token_type\":\"Bearer\",\"expires_in\":" + expiresIn
                                + "}"));

        Result first = cli.run("token", "-o", "json");
        cli.clock.advance(Duration.ofSeconds(3560));
        Result renewal = cli.run("token");

        assertThat(first.exitCode()).as(first.describe()).isZero();
        assertThat(expiresInOf(first))
                .as("exp, an hour from when the token was made")
                .isBetween(3500L, 3700L);
        assertThat(renewal.exitCode()).isZero();
        assertThat(standIn.requests(TOKEN))
                .as("renewed before exp, not in 100 years")
                .hasSize(2);
    }

    @Test
    void tokenWhenAnOpaqueTokenComesWithoutAnyLifetimeThenItIsUsedButNotCached() throws IOException {
        standIn.on(
                TOKEN,
                (request, exchange) ->
                        exchange.json(200, "{\"access_token\":\"opaque-0123456789\",\"token_type\":\"Bearer\"}"));

        Result first = cli.run("token", "-o", "json");
        Result second = cli.run("token");

        assertThat(first.exitCode()).as(first.describe()).isZero();
        assertThat(first.out()).contains("\"expires_at\":null").contains("\"expires_in\":null");
        assertThat(second.out()).isEqualTo("opaque-0123456789\n");
        assertThat(standIn.requests(TOKEN)).hasSize(2);
        assertThat(cli.cacheFiles()).isEmpty();
    }

    private static long expiresInOf(Result result) {
        return JSON.readTree(result.out()).get("expires_in").asLong();
    }
}
