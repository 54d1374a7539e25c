package dev.gatewaycli.cli.oauth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatewaycli.cli.TestCli;
import dev.gatewaycli.cli.TestCli.Result;
import dev.gatewaycli.cli.local.TestAssemblies;
import dev.gatewaycli.cli.process.ExitCodes;
import dev.gatewaycli.emulator.EmulatorSettings;
import dev.gatewaycli.emulator.GatewayEmulator;
import dev.gatewaycli.emulator.lambda.FunctionSettings;
import dev.gatewaycli.emulator.model.StackModel;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code token --user} and {@code call --user} against the emulator's Identity Provider API, not a recording of
 * Cognito: the {@code people} test app (users who sign in with their email, a web client without a secret, a backend
 * client with one; {@code GET /profile} takes ID tokens, {@code GET /account} a user's access token), on the CLI's
 * clock, so that the refresh path runs without waiting.
 */
@Timeout(90)
class UserSignInEmulatorTest {

    static final String ALICE = "alice@example.com";

    static final String PASSWORD = "Correct-Horse1";

    static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    Path home;

    TestCli cli;

    GatewayEmulator emu;

    GatewayEmulator.Client web;

    GatewayEmulator.Client backend;

    @BeforeEach
    void setUp() {
        cli = new TestCli(home);
        emu = GatewayEmulator.builder()
                .model(StackModel.fromCloudAssembly(TestAssemblies.assembly("people")))
                .settings(EmulatorSettings.defaults()
                        .withClock(cli.clock)
                        .withUser(ALICE, PASSWORD)
                        .withFunctions(FunctionSettings.defaults().withMode(FunctionSettings.Mode.IN_PROCESS)))
                .start();
        web = client("web");
        backend = client("backend");
        cli.signIn(emu.idpUrl().replaceAll("/$", ""), web.clientId(), PASSWORD);
        cli.env.put("GATEWAY_API_URL", emu.apiUrl());
    }

    @AfterEach
    void tearDown() {
        emu.close();
    }

    GatewayEmulator.Client client(String name) {
        return emu.clients().stream()
                .filter(c -> c.name().equals(name))
                .findFirst()
                .orElseThrow();
    }

    /** The AWS SDK's client at the emulator's IdP API, as an administrator's script builds it (any credentials). */
    CognitoIdentityProviderClient admin() {
        return CognitoIdentityProviderClient.builder()
                .region(Region.US_EAST_1)
                .endpointOverride(URI.create(emu.idpUrl()))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKID", "SECRET")))
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }

    static JsonNode claims(Result decoded) {
        return JSON.readTree(decoded.out()).path("claims");
    }

    /** Nothing secret on either stream: the password, the client secret, the tokens Cognito gave. */
    void assertNothingSecret(Result result) {
        assertThat(result.err()).as(result.describe()).doesNotContain(PASSWORD);
        assertThat(result.out()).as(result.describe()).doesNotContain(PASSWORD);
        assertThat(result.err()).doesNotContain(backend.clientSecret());
    }

    @Test
    void tokenWhenUserThenTheUsersAccessTokenFromTheEmulatorsIdpApi() {
        Result result = cli.run("token", "--user", ALICE, "--decode");

        assertThat(result.exitCode()).as(result.describe()).isZero();
        JsonNode claims = claims(result);
        assertThat(claims.path("token_use").asString()).isEqualTo("access");
        assertThat(claims.path("scope").asString()).isEqualTo("aws.cognito.signin.user.admin");
        assertThat(claims.path("client_id").asString()).isEqualTo(web.clientId());
        assertThat(claims.path("username").asString())
                .as("the pool's user name, a UUID: users sign in with their email")
                .matches("[0-9a-f-]{36}");
        assertThat(claims.path("iss").asString())
                .isEqualTo(emu.userPools().get(0).issuer());
        assertNothingSecret(result);
    }

    @Test
    void tokenWhenIdTokenThenTheUsersIdTokenWithEmailAndAudience() {
        Result result = cli.run("token", "--user", ALICE, "--id-token", "--decode");

        assertThat(result.exitCode()).as(result.describe()).isZero();
        JsonNode claims = claims(result);
        assertThat(claims.path("token_use").asString()).isEqualTo("id");
        assertThat(claims.path("email").asString()).isEqualTo(ALICE);
        assertThat(claims.path("aud").asString()).isEqualTo(web.clientId());
    }

    @Test
    void callWhenIdTokenThenTheMethodWithoutScopesAnswersAndTheAccessTokenIsRefusedThere() {
        Result withId = cli.run("call", "--user", ALICE, "--id-token", "/profile");
        Result withAccess = cli.run("call", "--user", ALICE, "/profile");

        assertThat(withId.exitCode()).as(withId.describe()).isZero();
        JsonNode claims = JSON.readTree(withId.out())
                .path("requestContext")
                .path("authorizer")
                .path("claims");
        assertThat(claims.path("email").asString()).isEqualTo(ALICE);
        assertThat(withAccess.exitCode()).as(withAccess.describe()).isEqualTo(ExitCodes.FAILED);
        assertThat(withAccess.out()).contains("Unauthorized");
        assertNothingSecret(withId);
    }

    @Test
    void callWhenAccessTokenThenTheMethodThatWantsTheUserAdminScopeAnswers() {
        Result result = cli.run("call", "--user", ALICE, "/account");

        assertThat(result.exitCode()).as(result.describe()).isZero();
        assertThat(JSON.readTree(result.out())
                        .path("requestContext")
                        .path("authorizer")
                        .path("claims")
                        .path("scope")
                        .asString())
                .isEqualTo("aws.cognito.signin.user.admin");
    }

    @Test
    void tokenWhenTheCachedTokenExpiredThenRenewedWithTheRefreshTokenWithoutThePassword() {
        Result first = cli.run("token", "--user", ALICE, "-o", "json");
        assertThat(first.exitCode()).as(first.describe()).isZero();
        cli.env.remove("GATEWAY_PASSWORD");

        Result cached = cli.run("token", "--user", ALICE, "-o", "json");
        cli.clock.advance(Duration.ofMinutes(31));
        Result renewed = cli.run("token", "--user", ALICE, "-o", "json", "-v");

        assertThat(JSON.readTree(cached.out()).path("from_cache").asBoolean()).isTrue();
        assertThat(renewed.exitCode()).as(renewed.describe()).isZero();
        JsonNode json = JSON.readTree(renewed.out());
        assertThat(json.path("from_cache").asBoolean()).isFalse();
        assertThat(json.path("access_token").asString())
                .isNotEqualTo(JSON.readTree(first.out()).path("access_token").asString());
        // The shorter of ExpiresIn and the token's whole-second exp, read at a clock with milliseconds.
        assertThat(json.path("expires_in").asLong()).isBetween(1799L, 1800L);
        assertThat(renewed.err()).contains("REFRESH_TOKEN_AUTH");
        assertNothingSecret(renewed);
    }

    @Test
    void tokenWhenTheClientHasASecretThenSecretHashOnSignInAndOnRefreshWithThePoolsUserName() {
        cli.env.put("GATEWAY_CLIENT_ID", backend.clientId());
        cli.env.put("GATEWAY_CLIENT_SECRET", backend.clientSecret());

        Result first = cli.run("token", "--user", ALICE);
        cli.env.remove("GATEWAY_PASSWORD");
        cli.clock.advance(Duration.ofMinutes(61));
        Result renewed = cli.run("token", "--user", ALICE, "-o", "json");

        assertThat(first.exitCode()).as(first.describe()).isZero();
        assertThat(renewed.exitCode())
                .as(
                        "the emulator checks the refresh's SECRET_HASH against the pool's user name: %s",
                        renewed.describe())
                .isZero();
        assertThat(JSON.readTree(renewed.out()).path("from_cache").asBoolean()).isFalse();
        assertNothingSecret(renewed);
    }

    @Test
    void tokenWhenTheRefreshTokenIsRevokedThenSignedInWithThePasswordAgain() {
        Result first = cli.run("token", "--user", ALICE);
        assertThat(first.exitCode()).as(first.describe()).isZero();
        try (CognitoIdentityProviderClient admin = admin()) {
            admin.adminUserGlobalSignOut(
                    r -> r.userPoolId(emu.userPools().get(0).userPoolId()).username(ALICE));
        }
        cli.clock.advance(Duration.ofMinutes(31));

        Result again = cli.run("token", "--user", ALICE, "-o", "json", "-v");
        cli.env.remove("GATEWAY_PASSWORD");
        cli.clock.advance(Duration.ofMinutes(31));
        Result renewed = cli.run("token", "--user", ALICE);

        assertThat(again.exitCode()).as(again.describe()).isZero();
        assertThat(again.err()).contains("Refresh Token has been revoked").contains("signing in with the password");
        assertNothingSecret(again);
        assertThat(renewed.exitCode())
                .as("the new sign-in's refresh token renews without the password: %s", renewed.describe())
                .isZero();
    }

    @Test
    void tokenWhenWrongPasswordThenExit4WithCognitosReasonOnOneLine() {
        cli.env.put("GATEWAY_PASSWORD", "Wrong-Horse1");

        Result result = cli.run("token", "--user", ALICE);

        assertThat(result.exitCode()).as(result.describe()).isEqualTo(ExitCodes.AUTH);
        assertThat(result.err().strip().lines()).hasSize(1);
        assertThat(result.err())
                .contains("NotAuthorizedException: Incorrect username or password.")
                .doesNotContain("Wrong-Horse1");
        assertThat(result.out()).isEmpty();
    }

    @Test
    void tokenWhenTheClientDoesNotAllowThePasswordFlowThenExit4SayingWhatToEnable() {
        cli.env.put("GATEWAY_CLIENT_ID", client("srp-only").clientId());

        Result result = cli.run("token", "--user", ALICE);

        assertThat(result.exitCode()).as(result.describe()).isEqualTo(ExitCodes.AUTH);
        assertThat(result.err().strip().lines()).hasSize(1);
        assertThat(result.err())
                .contains("USER_PASSWORD_AUTH flow not enabled for this client")
                .contains("ALLOW_USER_PASSWORD_AUTH");
    }

    @Test
    void tokenWhenTheUserIsUnknownThenExit4NamingTheUserOption() {
        Result result = cli.run("token", "--user", "nobody@example.com");

        assertThat(result.exitCode()).as(result.describe()).isEqualTo(ExitCodes.AUTH);
        assertThat(result.err()).contains("UserNotFoundException").contains("--user");
    }

    @Test
    void tokenWhenTheUserIsNotConfirmedThenExit4SayingHowToConfirm() {
        try (CognitoIdentityProviderClient cognito = admin()) {
            cognito.signUp(
                    r -> r.clientId(web.clientId()).username("bob@example.com").password(PASSWORD));
        }

        Result result = cli.run("token", "--user", "bob@example.com");

        assertThat(result.exitCode()).as(result.describe()).isEqualTo(ExitCodes.AUTH);
        assertThat(result.err()).contains("UserNotConfirmedException").contains("admin-confirm-sign-up");
        assertThat(List.of(result.out(), result.err())).noneMatch(s -> s.contains(PASSWORD));
    }
}
