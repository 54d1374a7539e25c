package dev.gatewaycli.cli.oauth;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.gatewaycli.cli.CognitoWire;
import dev.gatewaycli.cli.TestCli;
import dev.gatewaycli.cli.TestCli.Result;
import dev.gatewaycli.cli.TestTokens;
import dev.gatewaycli.cli.process.ExitCodes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code gateway-cli token --user} against WireMock speaking Cognito's Identity Provider API as the AWS SDK expects
 * it: the InitiateAuth request the SDK makes (unsigned, SECRET_HASH), every password source and only then a prompt,
 * the cache and the refresh path on a clock the test moves, and nothing secret on any output.
 */
@Timeout(60)
class UserSignInTest {

    static final String CLIENT_ID = "6example0client0for0users1";

    /** Every character whose handling is in question: + / = and %. */
    static final String CLIENT_SECRET = "s3cr+et/with=pad%25and+plus0123456789abcdef";

    /** What the user types: an alias. */
    static final String USER = "alice@example.com";

    /** The user's name in the pool, as Cognito puts it in the tokens. */
    static final String USERNAME = "5f1c2d3e-aaaa-4bbb-8ccc-0123456789ab";

    static final String PASSWORD = "Corr3ct horse+battery/staple=%";

    static final String REFRESH_TOKEN =
            "eyJjdHkiOiJKV1QiLCJlbmMiOiJBMjU2R0NNIiwiYWxnIjoiUlNBLU9BRVAifQ.refresh-token-value";

    @RegisterExtension
    static WireMockExtension cognito = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort())
            .build();

    @TempDir
    Path home;

    TestCli cli;

    String accessToken;

    String idToken;

    @BeforeEach
    void setUp() {
        cli = new TestCli(home).signIn(cognito.baseUrl(), CLIENT_ID, PASSWORD);
        Instant now = cli.clock.instant();
        accessToken =
                TestTokens.userAccessToken(USERNAME, CLIENT_ID, List.of("aws.cognito.signin.user.admin"), now, 3600);
        idToken = TestTokens.idToken(USERNAME, CLIENT_ID, now, 3600);
        cognito.stubFor(CognitoWire.operation("InitiateAuth")
                .withRequestBody(matchingJsonPath("$.AuthFlow", equalTo("USER_PASSWORD_AUTH")))
                .willReturn(
                        CognitoWire.ok(CognitoWire.authenticationResult(accessToken, idToken, REFRESH_TOKEN, 3600))));
    }

    static String secretHash(String username) {
        return TestTokens.secretHash(CLIENT_SECRET, CLIENT_ID, username);
    }

    /** Neither stream holds the password, the client secret, the refresh token or a SECRET_HASH. */
    static void assertNothingSecret(Result result) {
        for (String secret :
                List.of(PASSWORD, CLIENT_SECRET, REFRESH_TOKEN, secretHash(USER), secretHash(USERNAME), "Corr3ct")) {
            assertThat(result.out()).as(result.describe()).doesNotContain(secret);
            assertThat(result.err()).as(result.describe()).doesNotContain(secret);
        }
    }

    static void assertOneLine(Result result, int exitCode, String... fragments) {
        assertThat(result.exitCode()).as(result.describe()).isEqualTo(exitCode);
        assertThat(result.out())
                .as("stdout stays empty on failure: " + result.describe())
                .isEmpty();
        assertThat(result.err().strip().lines().count())
                .as("exactly one line on stderr: " + result.describe())
                .isEqualTo(1);
        assertThat(result.err())
                .as(result.describe())
                .startsWith("gateway-cli: ")
                .contains(fragments);
        assertNothingSecret(result);
    }

    @Test
    void tokenWhenUserThenInitiateAuthAsTheSdkSendsItUnsignedAndTheAccessTokenOnStdout() {
        Result result = cli.run("token", "--user", USER);

        assertThat(result.exitCode()).as(result.describe()).isZero();
        assertThat(result.out()).as("the access token and a newline").isEqualTo(accessToken + "\n");
        cognito.verify(
                1,
                CognitoWire.requested("InitiateAuth")
                        .withHeader("Content-Type", equalTo(CognitoWire.CONTENT_TYPE))
                        .withHeader("Authorization", absent())
                        .withRequestBody(matchingJsonPath("$.ClientId", equalTo(CLIENT_ID)))
                        .withRequestBody(matchingJsonPath("$.AuthFlow", equalTo("USER_PASSWORD_AUTH")))
                        .withRequestBody(matchingJsonPath("$.AuthParameters.USERNAME", equalTo(USER)))
                        .withRequestBody(matchingJsonPath("$.AuthParameters.PASSWORD", equalTo(PASSWORD)))
                        .withRequestBody(matchingJsonPath("$.AuthParameters.SECRET_HASH", absent())));
        assertNothingSecret(result);
    }

    @Test
    void tokenWhenTheClientHasASecretThenSecretHashIsHmacOfUserAndClientIdKeyedWithTheSecret() {
        cli.env.put("GATEWAY_CLIENT_SECRET", CLIENT_SECRET);

        Result result = cli.run("token", "--user", USER);

        assertThat(result.exitCode()).as(result.describe()).isZero();
        cognito.verify(
                1,
                CognitoWire.requested("InitiateAuth")
                        .withRequestBody(matchingJsonPath("$.AuthParameters.SECRET_HASH", equalTo(secretHash(USER)))));
        assertNothingSecret(result);
    }

    @Test
    void tokenWhenIdTokenThenTheIdTokenIsPrinted() {
        Result result = cli.run("token", "--user", USER, "--id-token");

        assertThat(result.exitCode()).as(result.describe()).isZero();
        assertThat(result.out()).isEqualTo(idToken + "\n");
    }

    @Test
    void tokenWhenGatewayUserIsSetThenTheUserSignsInWithoutTheOption() {
        cli.env.put("GATEWAY_USER", USER);

        Result result = cli.run("token");

        assertThat(result.exitCode()).as(result.describe()).isZero();
        assertThat(result.out()).isEqualTo(accessToken + "\n");
    }

    @Test
    void tokenWhenJsonThenBothTokensExpiryScopesAndTheUsersNameButNoRefreshToken() {
        Result result = cli.run("token", "--user", USER, "-o", "json");

        assertThat(result.exitCode()).as(result.describe()).isZero();
        assertThat(result.out())
                .contains("\"access_token\":\"" + accessToken + "\"")
                .contains("\"id_token\":\"" + idToken + "\"")
                // The shorter of ExpiresIn and the token's exp, which counts whole seconds from a clock that does not.
                .containsPattern("\"expires_in\":(3599|3600),")
                .contains("\"scope\":[\"aws.cognito.signin.user.admin\"]")
                .contains("\"from_cache\":false")
                .contains("\"username\":\"" + USERNAME + "\"");
        assertNothingSecret(result);
    }

    @Test
    void tokenWhenPasswordFileThenItWinsOverTheEnvironmentWithoutItsTrailingNewline() throws IOException {
        Path file = home.resolve("password");
        Files.writeString(file, "From-the-file+1\n");

        Result result = cli.run("token", "--user", USER, "--password-file", file.toString());

        assertThat(result.exitCode()).as(result.describe()).isZero();
        cognito.verify(
                1,
                CognitoWire.requested("InitiateAuth")
                        .withRequestBody(matchingJsonPath("$.AuthParameters.PASSWORD", equalTo("From-the-file+1"))));
        assertThat(cli.questions).as("no prompt when a password is given").isEmpty();
    }

    @Test
    void tokenWhenNoPasswordGivenAndATerminalThenItAsksWithoutEchoAndUsesTheAnswer() {
        cli.env.remove("GATEWAY_PASSWORD");
        cli.typedSecret = java.util.Optional.of(PASSWORD);

        Result result = cli.run("token", "--user", USER);

        assertThat(result.exitCode()).as(result.describe()).isZero();
        assertThat(cli.questions).containsExactly("Password for " + USER + ": ");
        cognito.verify(
                1,
                CognitoWire.requested("InitiateAuth")
                        .withRequestBody(matchingJsonPath("$.AuthParameters.PASSWORD", equalTo(PASSWORD))));
        assertNothingSecret(result);
    }

    @Test
    void tokenWhenNoPasswordAndNoTerminalThenExit3OneLineAndNothingSent() {
        cli.env.remove("GATEWAY_PASSWORD");

        Result result = cli.run("token", "--user", USER);

        assertOneLine(result, ExitCodes.CONFIG, "no password for user " + USER, "--password-file", "GATEWAY_PASSWORD");
        assertThat(cognito.getAllServeEvents()).as("nothing reached Cognito").isEmpty();
    }

    @Test
    void tokenWhenPasswordFileIsEmptyOrMissingThenExit3NamingTheFile() throws IOException {
        Path empty = Files.writeString(home.resolve("empty"), "\n");

        Result emptyFile = cli.run("token", "--user", USER, "--password-file", empty.toString());
        Result missing = cli.run(
                "token", "--user", USER, "--password-file", home.resolve("nope").toString());

        assertOneLine(emptyFile, ExitCodes.CONFIG, "the password file " + empty + " is empty");
        assertOneLine(
                missing,
                ExitCodes.CONFIG,
                "the password file " + home.resolve("nope") + ": cannot read the file (no such file)");
    }

    @Test
    void tokenWhenRunTwiceThenTheSecondIsServedFromThe0600CacheWhichHoldsNoPasswordOrSecret() throws IOException {
        cli.env.put("GATEWAY_CLIENT_SECRET", CLIENT_SECRET);

        Result first = cli.run("token", "--user", USER);
        Result second = cli.run("token", "--user", USER, "-o", "json");

        assertThat(second.exitCode()).as(second.describe()).isZero();
        assertThat(second.out()).contains("\"from_cache\":true");
        cognito.verify(1, CognitoWire.requested("InitiateAuth"));
        Path entry = userCacheFile();
        assertThat(Files.getPosixFilePermissions(entry)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(Files.getPosixFilePermissions(entry.getParent()))
                .isEqualTo(PosixFilePermissions.fromString("rwx------"));
        String cached = Files.readString(entry);
        assertThat(cached)
                .contains(REFRESH_TOKEN)
                .doesNotContain(PASSWORD)
                .doesNotContain(CLIENT_SECRET)
                .doesNotContain(secretHash(USER));
        assertNothingSecret(first);
        assertNothingSecret(second);
    }

    @Test
    void tokenWhenTheAccessTokenExpiresThenRefreshTokenAuthRenewsItWithoutThePassword() {
        cli.env.put("GATEWAY_CLIENT_SECRET", CLIENT_SECRET);
        assertThat(cli.run("token", "--user", USER).exitCode()).isZero();
        cli.clock.advance(Duration.ofSeconds(3600 - 59));
        String renewed = TestTokens.userAccessToken(USERNAME, CLIENT_ID, List.of(), cli.clock.instant(), 3600);
        String renewedId = TestTokens.idToken(USERNAME, CLIENT_ID, cli.clock.instant(), 3600);
        cognito.stubFor(CognitoWire.operation("InitiateAuth")
                .withRequestBody(matchingJsonPath("$.AuthFlow", equalTo("REFRESH_TOKEN_AUTH")))
                .willReturn(CognitoWire.ok(CognitoWire.authenticationResult(renewed, renewedId, null, 3600))));
        // The password is gone, and there is no terminal: the renewal must not need it.
        cli.env.remove("GATEWAY_PASSWORD");

        Result result = cli.run("-v", "token", "--user", USER);

        assertThat(result.exitCode()).as(result.describe()).isZero();
        assertThat(result.out()).isEqualTo(renewed + "\n");
        cognito.verify(
                1,
                CognitoWire.requested("InitiateAuth")
                        .withRequestBody(matchingJsonPath("$.AuthFlow", equalTo("REFRESH_TOKEN_AUTH")))
                        .withRequestBody(matchingJsonPath("$.AuthParameters.REFRESH_TOKEN", equalTo(REFRESH_TOKEN)))
                        .withRequestBody(matchingJsonPath(
                                "$.AuthParameters.SECRET_HASH",
                                equalTo(secretHash(USERNAME)))) // the pool's name for the user, not the alias
                        .withRequestBody(matchingJsonPath("$.AuthParameters.PASSWORD", absent())));
        assertNothingSecret(result);
        // The refresh token is kept for the next renewal: a run after this one's expiry refreshes again.
        cli.clock.advance(Duration.ofSeconds(3600));
        assertThat(cli.run("token", "--user", USER).exitCode()).isZero();
        cognito.verify(
                2,
                CognitoWire.requested("InitiateAuth")
                        .withRequestBody(matchingJsonPath("$.AuthParameters.REFRESH_TOKEN", equalTo(REFRESH_TOKEN))));
    }

    @Test
    void tokenWhenStillValidButWithinTheSkewOfExpiryThenNotFromCache() {
        assertThat(cli.run("token", "--user", USER).exitCode()).isZero();
        cli.clock.advance(Duration.ofSeconds(3600 - 61));

        Result stillValid = cli.run("token", "--user", USER, "-o", "json");

        assertThat(stillValid.out()).contains("\"from_cache\":true");
        cognito.verify(1, CognitoWire.requested("InitiateAuth"));
    }

    @Test
    void tokenWhenCognitoRefusesTheRefreshTokenThenItSignsInWithThePasswordAgain() {
        assertThat(cli.run("token", "--user", USER).exitCode()).isZero();
        cli.clock.advance(Duration.ofHours(2));
        cognito.stubFor(CognitoWire.operation("InitiateAuth")
                .withRequestBody(matchingJsonPath("$.AuthFlow", equalTo("REFRESH_TOKEN_AUTH")))
                .willReturn(CognitoWire.error(400, "NotAuthorizedException", "Refresh Token has expired")));
        String fresh = TestTokens.userAccessToken(USERNAME, CLIENT_ID, List.of(), cli.clock.instant(), 3600);
        cognito.stubFor(CognitoWire.operation("InitiateAuth")
                .withRequestBody(matchingJsonPath("$.AuthFlow", equalTo("USER_PASSWORD_AUTH")))
                .willReturn(CognitoWire.ok(CognitoWire.authenticationResult(
                        fresh,
                        TestTokens.idToken(USERNAME, CLIENT_ID, cli.clock.instant(), 3600),
                        "new-refresh",
                        3600))));

        Result result = cli.run("-v", "token", "--user", USER);

        assertThat(result.exitCode()).as(result.describe()).isZero();
        assertThat(result.out()).isEqualTo(fresh + "\n");
        assertThat(result.err()).contains("Cognito refused the refresh token").contains("Refresh Token has expired");
        cognito.verify(
                2,
                CognitoWire.requested("InitiateAuth")
                        .withRequestBody(matchingJsonPath("$.AuthFlow", equalTo("USER_PASSWORD_AUTH"))));
        assertNothingSecret(result);
    }

    @Test
    void tokenWhenRefreshThenNewTokensThroughTheRefreshTokenEvenWhileTheCachedOnesAreValid() {
        assertThat(cli.run("token", "--user", USER).exitCode()).isZero();
        cognito.stubFor(CognitoWire.operation("InitiateAuth")
                .withRequestBody(matchingJsonPath("$.AuthFlow", equalTo("REFRESH_TOKEN_AUTH")))
                .willReturn(CognitoWire.ok(CognitoWire.authenticationResult(accessToken, idToken, null, 3600))));

        Result result = cli.run("token", "--user", USER, "--refresh", "-o", "json");

        assertThat(result.out()).contains("\"from_cache\":false");
        cognito.verify(
                1,
                CognitoWire.requested("InitiateAuth")
                        .withRequestBody(matchingJsonPath("$.AuthFlow", equalTo("REFRESH_TOKEN_AUTH"))));
    }

    @Test
    void tokenWhenNoCacheThenNothingIsWrittenAndEachRunSignsIn() throws IOException {
        cli.run("token", "--user", USER, "--no-cache");
        cli.run("token", "--user", USER, "--no-cache");

        cognito.verify(2, CognitoWire.requested("InitiateAuth"));
        assertThat(userCacheFiles()).isEmpty();
    }

    @Test
    void tokenWhenTheCacheCannotBeUsedThenOneWarningLineAndTheTokenAnyway() throws IOException {
        // A file where the cache directory should be: nothing below it can be created.
        Files.createDirectories(cli.cacheDir().getParent());
        Files.writeString(cli.cacheDir(), "not a directory");

        Result result = cli.run("token", "--user", USER);

        assertThat(result.exitCode()).as(result.describe()).isZero();
        assertThat(result.out()).isEqualTo(accessToken + "\n");
        assertThat(result.err().strip().lines().toList())
                .as(result.describe())
                .singleElement()
                .asString()
                .startsWith("gateway-cli: warning: the token cache in " + cli.cacheDir() + " is not usable")
                .contains("exists and is not a directory", "continuing without it");
    }

    @Test
    void tokenWhenTheCacheFileIsCorruptOrForeignThenItIsIgnoredAndReplaced() throws IOException {
        assertThat(cli.run("token", "--user", USER).exitCode()).isZero();
        Path entry = userCacheFile();
        Files.writeString(entry, "{\"format\":1,\"idpUrl\":\"https://elsewhere/\",\"accessToken\":\"forged\"}");

        Result result = cli.run("token", "--user", USER);

        assertThat(result.exitCode()).as(result.describe()).isZero();
        assertThat(result.out()).isEqualTo(accessToken + "\n");
        assertThat(result.err()).isEmpty();
        cognito.verify(2, CognitoWire.requested("InitiateAuth"));
        assertThat(Files.readString(entry)).doesNotContain("forged");
    }

    @Test
    void tokenWhenVerboseThenTheExchangeIsShownWithEverySecretMasked() {
        cli.env.put("GATEWAY_CLIENT_SECRET", CLIENT_SECRET);

        Result result = cli.run("-v", "token", "--user", USER);

        assertThat(result.exitCode()).as(result.describe()).isZero();
        assertThat(result.err())
                .contains("(AWSCognitoIdentityProviderService.InitiateAuth) [unsigned]")
                .contains("< 200");
        assertThat(result.err()).doesNotContain(accessToken).doesNotContain(idToken);
        assertNothingSecret(result);
    }

    @Test
    void tokenWhenUserOptionsWithoutAUserOrClientCredentialOptionsWithOneThenUsageError() {
        cli.env.put("GATEWAY_TOKEN_URL", cognito.baseUrl() + "/oauth2/token");
        cli.env.put("GATEWAY_CLIENT_SECRET", CLIENT_SECRET);

        Result idTokenAlone = cli.run("token", "--id-token");
        Result scopeWithUser = cli.run("token", "--user", USER, "--scope", "users/read-only");
        Result localWithUser = cli.run("token", "--user", USER, "--local");

        assertOneLine(idTokenAlone, ExitCodes.USAGE, "--id-token", "--user NAME");
        assertOneLine(scopeWithUser, ExitCodes.USAGE, "--scope", "drop --scope");
        assertOneLine(localWithUser, ExitCodes.USAGE, "--local has no users");
        assertThat(cognito.getAllServeEvents()).isEmpty();
    }

    @Test
    void tokenWhenNoIdpUrlAndNoRegionAnywhereThenExit3NamingEveryPlace() {
        cli.env.remove("GATEWAY_IDP_URL");

        Result result = cli.run("token", "--user", USER);

        assertOneLine(result, ExitCodes.CONFIG, "--idp-url", "GATEWAY_IDP_URL", "idp-url", "GATEWAY_USER_POOL_ID");
    }

    @Test
    void decodeWhenUserAndIdTokenThenTheIdTokensClaims() {
        Result result = cli.run("token", "--user", USER, "--id-token", "--decode");

        assertThat(result.exitCode()).as(result.describe()).isZero();
        assertThat(result.out()).contains("\"token_use\" : \"id\"").contains("\"cognito:username\" : \"" + USERNAME);
    }

    @Test
    void tokenWhenTwoUsersThenEachHasItsOwnCacheEntry() throws IOException {
        cli.run("token", "--user", USER);
        cli.run("token", "--user", "bob");

        assertThat(userCacheFiles()).hasSize(2);
        cognito.verify(2, CognitoWire.requested("InitiateAuth"));
        cognito.verify(
                1,
                CognitoWire.requested("InitiateAuth")
                        .withRequestBody(matchingJsonPath("$.AuthParameters.USERNAME", equalTo("bob"))));
    }

    @Test
    void tokenWhenPasswordIsWrongThenTheCachedEntryIsRemoved() throws IOException {
        assertThat(cli.run("token", "--user", USER).exitCode()).isZero();
        cli.clock.advance(Duration.ofHours(2));
        cognito.resetAll();
        cognito.stubFor(CognitoWire.operation("InitiateAuth")
                .inScenario("refused")
                .whenScenarioStateIs(Scenario.STARTED)
                .willReturn(CognitoWire.error(400, "NotAuthorizedException", "Incorrect username or password.")));

        Result result = cli.run("token", "--user", USER);

        assertOneLine(result, ExitCodes.AUTH, "Cognito refused the sign-in of " + USER, "Incorrect username");
        assertThat(userCacheFiles())
                .as("a refused user keeps nothing in the cache")
                .isEmpty();
    }

    Path userCacheFile() throws IOException {
        List<Path> files = userCacheFiles();
        assertThat(files).hasSize(1);
        return files.get(0);
    }

    List<Path> userCacheFiles() throws IOException {
        return cli.cacheFiles().stream()
                .filter((p) -> p.getFileName().toString().startsWith("user-"))
                .toList();
    }
}
