package dev.gatewaycli.cli.faults;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatewaycli.cli.CognitoWire;
import dev.gatewaycli.cli.TestCli.Result;
import dev.gatewaycli.cli.TestTokens;
import dev.gatewaycli.cli.process.ExitCodes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A user's tokens have every guarantee a client's have, proven against a stand-in for Cognito's IdP API whose
 * behaviour each test sets: the cache's faults degrade to one warning and a planted token is never served; {@code
 * --max-time} ends a sign-in or a refresh that trickles, and the lock with it; the password, the refresh token,
 * every token and {@code SECRET_HASH} are masked on every line, also when Cognito echoes the request back; the
 * cached tokens outlive a failed renewal and stand in inside the margin; {@code call} renews only on the
 * authorizer's 401 to the cached token; Cognito's text and tokens are hostile input like the token endpoint's.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class UserTokenFaultsTest extends StandInTest {

    static final String IDP = "/";

    static final String USER = "alice@example.com";

    /** The user's name in the pool, as the tokens carry it. */
    static final String USERNAME = "5f1c2d3e-aaaa-4bbb-8ccc-0123456789ab";

    static final String PASSWORD = "Corr3ct horse+battery/staple=%";

    static final String REFRESH_TOKEN =
            "eyJjdHkiOiJKV1QiLCJlbmMiOiJBMjU2R0NNIiwiYWxnIjoiUlNBLU9BRVAifQ.refresh-token-value";

    String accessToken;

    String idToken;

    @BeforeEach
    void signIn() {
        cli.env.put("GATEWAY_IDP_URL", standIn.baseUrl() + IDP);
        cli.env.put("GATEWAY_USER", USER);
        cli.env.put("GATEWAY_PASSWORD", PASSWORD);
        cli.env.put("GATEWAY_RETRIES", "0");
        accessToken = userAccessToken(3600);
        idToken = TestTokens.idToken(USERNAME, CLIENT_ID, cli.clock.instant(), 3600);
        standIn.on(IDP, signsIn(accessToken, idToken, REFRESH_TOKEN, 3600));
    }

    String userAccessToken(long lifetime) {
        return TestTokens.userAccessToken(USERNAME, CLIENT_ID, List.of(), cli.clock.instant(), lifetime);
    }

    /** {@code InitiateAuth}'s success, for either flow. */
    static StandIn.Behaviour signsIn(String access, String id, String refresh, int expiresIn) {
        return (request, exchange) -> exchange.respond(
                200,
                StandIn.headers("Content-Type", CognitoWire.CONTENT_TYPE),
                CognitoWire.authenticationResult(access, id, refresh, expiresIn).getBytes(StandardCharsets.UTF_8));
    }

    /** An error in Cognito's shape: {@code __type} and {@code message}, the type in {@code x-amzn-ErrorType}. */
    static StandIn.Behaviour cognitoError(int status, String type, String message) {
        return (request, exchange) -> exchange.respond(
                status,
                StandIn.headers("Content-Type", CognitoWire.CONTENT_TYPE, "x-amzn-ErrorType", type + ":"),
                ("{\"__type\":\"" + type + "\",\"message\":" + json(message) + "}").getBytes(StandardCharsets.UTF_8));
    }

    /** {@code refresh} for {@code REFRESH_TOKEN_AUTH}, {@code password} for {@code USER_PASSWORD_AUTH}. */
    static StandIn.Behaviour byFlow(StandIn.Behaviour refresh, StandIn.Behaviour password) {
        return StandIn.when((request, n) -> request.bodyText().contains("REFRESH_TOKEN_AUTH"), refresh, password);
    }

    static String secretHash(String username) {
        return TestTokens.secretHash(SECRET, CLIENT_ID, username);
    }

    /** Nothing of the user's on either stream: password, refresh token, SECRET_HASH; nor the client secret. */
    static void assertNothingOfTheUsers(Result result) {
        assertNothingSecret(result);
        List<String> secrets = new ArrayList<>(List.of(PASSWORD, "Corr3ct", REFRESH_TOKEN));
        secrets.add(secretHash(USER));
        secrets.add(secretHash(USERNAME));
        secrets.add(secretHash(USER).replace("/", "\\/"));
        for (String secret : secrets) {
            assertThat(result.out() + result.err()).as(result.describe()).doesNotContain(secret);
        }
    }

    private Result signedIn() {
        Result first = cli.run("token");
        assertThat(first.exitCode()).as(first.describe()).isZero();
        assertThat(first.out()).isEqualTo(accessToken + "\n");
        return first;
    }

    private Path userEntry() throws IOException {
        List<Path> entries = cli.cacheFiles().stream()
                .filter((p) -> p.getFileName().toString().startsWith("user-"))
                .toList();
        assertThat(entries).hasSize(1);
        return entries.get(0);
    }

    // --- the cache: the same TokenCache, so the same checks and the same one warning

    @Test
    void tokenWhenTheCacheHomeCannotBeWrittenThenTheUserIsSignedInWithOneWarning() {
        cli.env.put("XDG_CACHE_HOME", "/proc");

        Result result = cli.run("token");

        assertOneLine(
                result, ExitCodes.OK, "warning: the token cache in /proc/gateway-cli is not usable", "without it");
        assertThat(result.out()).isEqualTo(accessToken + "\n");
    }

    @Test
    void tokenWhenTheUsersEntryIsWritableByOthersThenAPlantedTokenIsNeverServed() throws IOException {
        signedIn();
        Path entry = userEntry();
        String planted = userAccessToken(7200);
        Files.writeString(entry, Files.readString(entry).replace(accessToken, planted));
        Files.setPosixFilePermissions(entry, PosixFilePermissions.fromString("rw-rw-rw-"));

        Result result = cli.run("token");

        assertOneLine(result, ExitCodes.OK, "ignoring the cached token", "is writable by other users");
        assertThat(result.out()).isEqualTo(accessToken + "\n").doesNotContain(planted);
        assertThat(Files.readString(entry)).doesNotContain(planted);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(entry)))
                .isEqualTo("rw-------");
    }

    @Test
    void tokenWhenTheUsersLockIsAFifoThenSignedInWithOneWarningInsteadOfHanging() throws Exception {
        signedIn();
        Path entry = userEntry();
        Path lock = entry.resolveSibling(entry.getFileName().toString().replace(".json", ".lock"));
        Files.delete(lock);
        Process mkfifo =
                new ProcessBuilder("mkfifo", lock.toString()).inheritIO().start();
        assertThat(mkfifo.waitFor(30, TimeUnit.SECONDS)).isTrue();

        Result result = cli.run("token");

        assertOneLine(result, ExitCodes.OK, "warning: the token cache", "is not a regular file");
        assertThat(result.out()).isEqualTo(accessToken + "\n");
    }

    // --- --max-time bounds the sign-in and the refresh, and the lock with them

    @Test
    void tokenWhenTheSignInTricklesForeverThenMaxTimeEndsIt() {
        standIn.on(IDP, (request, exchange) -> exchange.trickle(Duration.ofMillis(100)));

        // 3 s: time for the AWS SDK's first client in this JVM to be built and send the request.
        Result result = cli.run("token", "--read-timeout", "20s", "--max-time", "3s");

        assertOneLine(result, ExitCodes.NETWORK, "the Cognito IdP API at", "did not finish within --max-time 3s");
        assertThat(result.out()).isEmpty();
        assertThat(standIn.requests(IDP)).hasSize(1);
    }

    @Test
    void tokenWhenARunHoldsTheLockOnATricklingRefreshThenItLetsGoAtItsDeadline() throws Exception {
        signedIn();
        cli.clock.advance(Duration.ofSeconds(3600));
        String renewed = userAccessToken(3600);
        standIn.on(
                IDP,
                StandIn.firstThen(
                        1,
                        (request, exchange) -> exchange.trickle(Duration.ofMillis(100)),
                        signsIn(renewed, idToken, null, 3600)));
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Future<Result> stuck = pool.submit(() -> cli.run("token", "--read-timeout", "60s", "--max-time", "5s"));
            assertThat(standIn.awaitRequests(IDP, 2, Duration.ofSeconds(30))).isTrue();

            // Waits for the first run's lock, which the first run gives up at its deadline; then refreshes.
            Result next = cli.run("token");

            Result first = stuck.get(60, TimeUnit.SECONDS);
            assertOneLine(first, ExitCodes.NETWORK, "did not finish within --max-time 5s");
            assertThat(next.exitCode()).as(next.describe()).isZero();
            assertThat(next.out()).isEqualTo(renewed + "\n");
            assertThat(next.err()).as("it had the lock in time: no warning").isEmpty();
            assertThat(standIn.requests(IDP).get(2).bodyText()).contains("REFRESH_TOKEN_AUTH");
        } finally {
            pool.shutdownNow();
        }
    }

    // --- renewal: an outage never takes valid tokens with it

    @Test
    void tokenWhenInsideTheMarginAndTheRefreshFailsThenTheStillValidTokenIsServedWithAWarning() {
        signedIn();
        standIn.on(IDP, cognitoError(500, "InternalErrorException", "Internal server error"));

        cli.clock.advance(Duration.ofSeconds(3570)); // 30 s left: inside the 60 s margin
        Result margin = cli.run("token");
        cli.clock.advance(Duration.ofSeconds(60)); // expired
        Result expired = cli.run("token");

        assertOneLine(margin, ExitCodes.OK, "warning: renewing the token failed", "using the cached one");
        assertThat(margin.out()).isEqualTo(accessToken + "\n");
        assertOneLine(expired, ExitCodes.NETWORK, "Cognito failed to sign in " + USER);
        assertThat(expired.out()).isEmpty();
        assertThat(standIn.requests(IDP).get(1).bodyText())
                .as("the renewal was the refresh, not the password")
                .contains("REFRESH_TOKEN_AUTH");
    }

    @Test
    void tokenRefreshWhenCognitoFailsThenTheCachedTokensServeLaterRuns() {
        signedIn();
        standIn.on(IDP, cognitoError(500, "InternalErrorException", "Internal server error"));

        Result refresh = cli.run("token", "--refresh");
        Result later = cli.run("token", "-o", "json");

        assertOneLine(refresh, ExitCodes.NETWORK, "Cognito failed to sign in");
        assertThat(later.exitCode()).as(later.describe()).isZero();
        assertThat(later.out())
                .contains("\"access_token\":\"" + accessToken + "\"")
                .contains("\"from_cache\":true");
    }

    @Test
    void tokenWhenTheRefreshTokenIsRefusedAndThePasswordTooThenTheEntryIsDropped() throws IOException {
        signedIn();
        cli.clock.advance(Duration.ofHours(2));
        standIn.on(IDP, cognitoError(400, "NotAuthorizedException", "Incorrect username or password."));

        Result result = cli.run("token");

        assertOneLine(result, ExitCodes.AUTH, "Cognito refused the sign-in of " + USER);
        assertThat(cli.cacheFiles()).as("a refusal drops the entry").isEmpty();
    }

    // --- redaction: one masking, on every line

    @Test
    void tokenWhenCognitoEchoesTheSignInRequestThenNothingOfTheUsersOnAnyLine() {
        // The body first, so that the one line's excerpt holds the password too; then the whole request.
        standIn.on(
                IDP,
                (request, exchange) -> cognitoError(
                                400, "NotAuthorizedException", request.bodyText() + "\n" + request.echo())
                        .answer(request, exchange));

        Result plain = cli.run("token");
        Result verbose = cli.run("-v", "token");

        assertOneLine(plain, ExitCodes.AUTH, "Cognito refused the sign-in of " + USER, "\"PASSWORD\":\"****\"");
        assertNothingOfTheUsers(plain);
        assertThat(verbose.exitCode()).isEqualTo(ExitCodes.AUTH);
        assertThat(verbose.err()).as("-v prints the stack trace").contains("\tat ");
        assertNothingOfTheUsers(verbose);
        assertNoControlCharacters(verbose.err());
    }

    @Test
    void tokenWhenCognitoEchoesTheRefreshRequestThenNothingOfTheUsersOnAnyLine() {
        signedIn();
        cli.clock.advance(Duration.ofHours(2));
        standIn.on(
                IDP,
                byFlow(
                        (request, exchange) -> cognitoError(500, "InternalErrorException", request.echo())
                                .answer(request, exchange),
                        signsIn(accessToken, idToken, null, 3600)));

        Result verbose = cli.run("-v", "token");

        assertThat(verbose.exitCode()).as(verbose.describe()).isEqualTo(ExitCodes.NETWORK);
        assertThat(verbose.err()).contains("REFRESH_TOKEN_AUTH");
        assertNothingOfTheUsers(verbose);
        assertThat(verbose.err()).doesNotContain(accessToken).doesNotContain(idToken);
    }

    // --- call: renewed only on the authorizer's 401 to the cached token

    @Test
    void callWhenTheFunctionAnswers401ToAUsersTokenThenThePostIsNotSentAgainAndNothingIsRenewed() {
        signedIn();
        standIn.on("/prod/payments", functionAnswers401());

        Result result = cli.run("call", "-d", "{\"amount\":100}", "/payments");

        assertThat(result.exitCode()).as(result.describe()).isEqualTo(ExitCodes.FAILED);
        assertThat(standIn.requests("/prod/payments")).hasSize(1);
        assertThat(standIn.requests(IDP)).as("no refresh, no sign-in").hasSize(1);
    }

    @Test
    void callWhenTheAuthorizerRefusesTheUsersCachedTokenThenOneRefreshAndOneMoreTry() {
        signedIn();
        String renewed = userAccessToken(3600);
        standIn.on(IDP, byFlow(signsIn(renewed, idToken, null, 3600), answers(500)));
        standIn.on(
                API,
                StandIn.when(
                        (request, n) -> accessToken.equals(request.header("Authorization")),
                        authorizerRefuses(),
                        hello()));

        Result result = cli.run("call");

        assertRenewedOnceAfterTheAuthorizersRefusal(result, IDP, accessToken, renewed);
    }

    @Test
    void callWhenTheAuthorizerRefusesAFreshUsersTokenThenNoMoreTries() {
        standIn.on(API, authorizerRefuses());

        Result result = cli.run("call");

        assertThat(result.exitCode()).as(result.describe()).isEqualTo(ExitCodes.FAILED);
        assertThat(standIn.requests(API)).hasSize(1);
        assertThat(standIn.requests(IDP)).hasSize(1);
    }

    @Test
    void callWithItsOwnAuthorizationThenNobodySignsIn() {
        standIn.on(API, hello());

        Result result = cli.run("call", "-H", "Authorization: mine");

        assertThat(result.exitCode()).as(result.describe()).isZero();
        assertThat(standIn.requests(IDP)).isEmpty();
        assertThat(standIn.requests(API).get(0).header("Authorization")).isEqualTo("mine");
    }

    // --- what Cognito says is hostile text, like the token endpoint's

    @Test
    void tokenWhenCognitosMessageHoldsEscapeCodesThenStderrShowsThemEscapedOnOneLine() {
        standIn.on(
                IDP,
                cognitoError(400, "NotAuthorizedException", "bad\u001b]0;owned\u0007\ngateway-cli: all good\u009b2J"));

        Result result = cli.run("token");

        assertOneLine(result, ExitCodes.AUTH, "bad\\x1b]0;owned\\x07 gateway-cli: all good\\u009b2J");
    }

    @Test
    void tokenWhenCognitoAnswersATokenNoTokenMayBeThenRefusedNotCachedNotPrinted() throws IOException {
        // A JSON escape: the answer is valid JSON, its token holds ESC.
        standIn.on(IDP, signsIn("abc\\u001b[31mred", idToken, REFRESH_TOKEN, 3600));

        Result result = cli.run("token");

        assertOneLine(result, ExitCodes.NETWORK, "the Cognito IdP API at", "no token may hold");
        assertThat(result.out()).isEmpty();
        assertThat(cli.cacheFiles()).isEmpty();
    }

    @Test
    void tokenWhenExpiresInIsFarBeyondTheTokensExpThenTheExpWins() {
        standIn.on(IDP, signsIn(accessToken, idToken, REFRESH_TOKEN, 1_000_000_000));

        Result first = cli.run("token", "-o", "json");
        cli.clock.advance(Duration.ofSeconds(3560));
        Result renewal = cli.run("token");

        assertThat(JSON.readTree(first.out()).get("expires_in").asLong())
                .as("exp, an hour from when the token was made")
                .isBetween(3500L, 3700L);
        assertThat(renewal.exitCode()).as(renewal.describe()).isZero();
        assertThat(standIn.requests(IDP)).as("renewed before exp").hasSize(2);
    }
}
