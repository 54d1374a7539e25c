package dev.gatewaycli.emulator.cognito;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.gatewaycli.emulator.EmulatorSettings;
import dev.gatewaycli.emulator.GatewayEmulator;
import dev.gatewaycli.emulator.Http;
import dev.gatewaycli.emulator.MutableClock;
import dev.gatewaycli.emulator.TestApps;
import dev.gatewaycli.emulator.lambda.FunctionSettings;
import dev.gatewaycli.emulator.model.StackModel;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AdminGetUserResponse;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AttributeType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AuthFlowType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AuthenticationResultType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.ChallengeNameType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.CognitoIdentityProviderException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.ExplicitAuthFlowsType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.InitiateAuthResponse;
import software.amazon.awssdk.services.cognitoidentityprovider.model.InvalidOAuthFlowException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.InvalidParameterException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.InvalidPasswordException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.ListUserPoolsResponse;
import software.amazon.awssdk.services.cognitoidentityprovider.model.MessageActionType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.NotAuthorizedException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.OAuthFlowType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.ResourceNotFoundException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.ScopeDoesNotExistException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.SignUpResponse;
import software.amazon.awssdk.services.cognitoidentityprovider.model.TimeUnitsType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UnsupportedTokenTypeException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UserNotConfirmedException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UserNotFoundException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UserPoolClientType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UserPoolDescriptionType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UserPoolType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UserStatusType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UsernameExistsException;
import tools.jackson.databind.JsonNode;

/**
 * The emulator's Cognito Identity Provider API through the AWS SDK v2's real {@link CognitoIdentityProviderClient}
 * (signed requests with throw-away static credentials, {@code SECRET_HASH} as the developer guide computes it), on the
 * {@code people} test app: a customer pool whose users sign in with their email, a staff pool of Cognito's defaults,
 * and an API whose methods take ID tokens and users' access tokens. Every operation, every refusal, the refresh path,
 * and the authorizer on the tokens users get.
 */
@Timeout(60)
class IdentityProviderApiTest {

    static final String ALICE = "alice@example.com";

    /** Both pools' policies accept it: ten characters, each of the four kinds. */
    static final String PASSWORD = "Correct-Horse1";

    static final MutableClock CLOCK = new MutableClock(Instant.parse("2026-03-01T10:00:00Z"));

    static GatewayEmulator emu;
    static CognitoIdentityProviderClient cognito;
    static GatewayEmulator.UserPool customers;
    static GatewayEmulator.UserPool staff;
    static GatewayEmulator.Client web;
    static GatewayEmulator.Client backend;
    static GatewayEmulator.Client srpOnly;
    static GatewayEmulator.Client console;

    @BeforeAll
    static void start() {
        EmulatorSettings settings = EmulatorSettings.defaults()
                .withClock(CLOCK)
                .withUser(ALICE, PASSWORD)
                .withFunctions(FunctionSettings.defaults().withMode(FunctionSettings.Mode.IN_PROCESS));
        emu = GatewayEmulator.builder()
                .model(StackModel.fromCloudAssembly(TestApps.assembly("people")))
                .settings(settings)
                .start();
        cognito = client(Region.US_EAST_1);
        customers = pool("customers");
        staff = pool("staff");
        web = client("web");
        backend = client("backend");
        srpOnly = client("srp-only");
        console = client("console");
    }

    @AfterAll
    static void stop() {
        cognito.close();
        emu.close();
    }

    /** The SDK's client as an application builds one, pointed at the emulator, signing with throw-away keys. */
    static CognitoIdentityProviderClient client(Region region) {
        return CognitoIdentityProviderClient.builder()
                .region(region)
                .endpointOverride(URI.create(emu.idpUrl()))
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create("AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")))
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(c -> c.retryStrategy(r -> r.maxAttempts(1)))
                .build();
    }

    static GatewayEmulator.UserPool pool(String name) {
        return emu.userPools().stream()
                .filter(p -> p.name().equals(name))
                .findFirst()
                .orElseThrow();
    }

    static GatewayEmulator.Client client(String name) {
        return emu.clients().stream()
                .filter(c -> c.name().equals(name))
                .findFirst()
                .orElseThrow();
    }

    /** {@code SECRET_HASH} as the Cognito developer guide computes it ("Computing secret hash values"). */
    static String secretHash(GatewayEmulator.Client client, String username) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(client.clientSecret().getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return Base64.getEncoder()
                    .encodeToString(mac.doFinal((username + client.clientId()).getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.GeneralSecurityException e) {
            throw new AssertionError(e);
        }
    }

    static InitiateAuthResponse signIn(GatewayEmulator.Client client, String username, String password) {
        return cognito.initiateAuth(r -> r.clientId(client.clientId())
                .authFlow(AuthFlowType.USER_PASSWORD_AUTH)
                .authParameters(Map.of("USERNAME", username, "PASSWORD", password)));
    }

    static AuthenticationResultType tokens(GatewayEmulator.Client client, String username, String password) {
        InitiateAuthResponse response = signIn(client, username, password);
        assertThat(response.challengeNameAsString()).as("no challenge").isNull();
        return response.authenticationResult();
    }

    /** Refused with Cognito's error type (as the SDK maps {@code __type} to its class), status 400 and message. */
    static void assertRefused(
            ThrowingCallable call, Class<? extends CognitoIdentityProviderException> type, String message) {
        assertThatThrownBy(call).isInstanceOf(type).satisfies(e -> {
            CognitoIdentityProviderException cognitoError = (CognitoIdentityProviderException) e;
            assertThat(cognitoError.statusCode()).isEqualTo(400);
            assertThat(cognitoError.awsErrorDetails().errorMessage()).isEqualTo(message);
            assertThat(cognitoError.requestId()).as("x-amzn-RequestId").isNotBlank();
        });
    }

    static JWTClaimsSet verified(String token, String userPoolId) throws Exception {
        JWKSet jwks = JWKSet.parse(Http.get(emu.userPools().stream()
                        .filter(p -> p.userPoolId().equals(userPoolId))
                        .findFirst()
                        .orElseThrow()
                        .jwksUrl())
                .body());
        SignedJWT jwt = SignedJWT.parse(token);
        RSAKey key = (RSAKey) jwks.getKeyByKeyId(jwt.getHeader().getKeyID());
        assertThat(key).as("the token's kid is in the pool's JWKS").isNotNull();
        assertThat(jwt.verify(new RSASSAVerifier(key))).as("signature").isTrue();
        assertThat(jwt.getHeader().toJSONObject().keySet()).containsExactlyInAnyOrder("kid", "alg");
        return jwt.getJWTClaimsSet();
    }

    /** A new customer, confirmed, with {@link #PASSWORD}: tests that change a user do not change alice. */
    static String newCustomer() {
        String email = "user-" + UUID.randomUUID() + "@example.com";
        cognito.adminCreateUser(
                r -> r.userPoolId(customers.userPoolId()).username(email).messageAction(MessageActionType.SUPPRESS));
        cognito.adminSetUserPassword(r -> r.userPoolId(customers.userPoolId())
                .username(email)
                .password(PASSWORD)
                .permanent(true));
        return email;
    }

    // ------------------------------------------------------------------ InitiateAuth and the tokens

    @Test
    void initiateAuthWhenUserPasswordAuthThenCognitosAuthenticationResult() {
        InitiateAuthResponse response = signIn(web, ALICE, PASSWORD);

        assertThat(response.challengeNameAsString()).isNull();
        assertThat(response.challengeParameters()).isEmpty();
        AuthenticationResultType result = response.authenticationResult();
        assertThat(result.expiresIn())
                .as("the web client's access token validity, 30 minutes")
                .isEqualTo(1800);
        assertThat(result.tokenType()).isEqualTo("Bearer");
        assertThat(result.refreshToken().split("\\."))
                .as("opaque, in the five-part shape of Cognito's encrypted refresh tokens")
                .hasSize(5);
    }

    @Test
    void idTokenWhenUserSignsInThenCarriesCognitosClaimsAndTheUsersAttributes() throws Exception {
        AuthenticationResultType result = tokens(web, ALICE, PASSWORD);

        JWTClaimsSet id = verified(result.idToken(), customers.userPoolId());
        assertThat(id.getClaims().keySet())
                .containsExactly(
                        "sub",
                        "email_verified",
                        "iss",
                        "cognito:username",
                        "origin_jti",
                        "aud",
                        "event_id",
                        "token_use",
                        "auth_time",
                        "exp",
                        "iat",
                        "jti",
                        "email");
        assertThat(id.getStringClaim("token_use")).isEqualTo("id");
        assertThat(id.getAudience()).containsExactly(web.clientId());
        assertThat(id.getIssuer()).isEqualTo(customers.issuer());
        assertThat(id.getStringClaim("email")).isEqualTo(ALICE);
        assertThat(id.getClaim("email_verified"))
                .as("a boolean, as Cognito writes it")
                .isEqualTo(true);
        assertThat(id.getStringClaim("cognito:username"))
                .as("users sign in with their email: the pool's user name is the sub")
                .isEqualTo(id.getSubject());
        UUID.fromString(id.getSubject());
        assertThat(Duration.between(
                        id.getIssueTime().toInstant(), id.getExpirationTime().toInstant()))
                .as("IdTokenValidity 30 minutes")
                .isEqualTo(Duration.ofMinutes(30));
        assertThat(id.getLongClaim("auth_time")).isEqualTo(CLOCK.instant().getEpochSecond());
    }

    @Test
    void accessTokenWhenUserSignsInThenCarriesUsernameClientIdAndOnlyTheUserAdminScope() throws Exception {
        AuthenticationResultType result = tokens(web, ALICE, PASSWORD);

        JWTClaimsSet access = verified(result.accessToken(), customers.userPoolId());
        JWTClaimsSet id = verified(result.idToken(), customers.userPoolId());
        assertThat(access.getClaims().keySet())
                .containsExactly(
                        "sub",
                        "iss",
                        "client_id",
                        "origin_jti",
                        "event_id",
                        "token_use",
                        "scope",
                        "auth_time",
                        "exp",
                        "iat",
                        "jti",
                        "username");
        assertThat(access.getStringClaim("token_use")).isEqualTo("access");
        assertThat(access.getStringClaim("scope"))
                .as("InitiateAuth never carries the client's OAuth scopes, only this one")
                .isEqualTo("aws.cognito.signin.user.admin");
        assertThat(access.getStringClaim("client_id")).isEqualTo(web.clientId());
        assertThat(access.getStringClaim("username")).isEqualTo(id.getStringClaim("cognito:username"));
        assertThat(access.getStringClaim("origin_jti")).isEqualTo(id.getStringClaim("origin_jti"));
        assertThat(access.getStringClaim("event_id")).isEqualTo(id.getStringClaim("event_id"));
        assertThat(access.getAudience()).as("no aud in an access token").isEmpty();
        assertThat(access.getJWTID()).isNotEqualTo(id.getJWTID());
    }

    @Test
    void initiateAuthWhenWrongPasswordOrUnknownUserThenCognitosRefusals() {
        assertRefused(
                () -> signIn(web, ALICE, "Wrong-Horse1"),
                NotAuthorizedException.class,
                "Incorrect username or password.");
        assertRefused(
                () -> signIn(web, "nobody@example.com", PASSWORD), UserNotFoundException.class, "User does not exist.");
    }

    @Test
    void initiateAuthWhenUnknownClientThenResourceNotFound() {
        assertRefused(
                () -> cognito.initiateAuth(r -> r.clientId("0000000000nosuchclient0000")
                        .authFlow(AuthFlowType.USER_PASSWORD_AUTH)
                        .authParameters(Map.of("USERNAME", ALICE, "PASSWORD", PASSWORD))),
                ResourceNotFoundException.class,
                "User pool client 0000000000nosuchclient0000 does not exist.");
    }

    @Test
    void initiateAuthWhenParametersMissingThenInvalidParameter() {
        assertRefused(
                () -> cognito.initiateAuth(r -> r.clientId(web.clientId())
                        .authFlow(AuthFlowType.USER_PASSWORD_AUTH)
                        .authParameters(Map.of("USERNAME", ALICE))),
                InvalidParameterException.class,
                "Missing required parameter PASSWORD");
        assertRefused(
                () -> cognito.initiateAuth(r -> r.clientId(web.clientId()).authFlow(AuthFlowType.REFRESH_TOKEN_AUTH)),
                InvalidParameterException.class,
                "Missing required parameter REFRESH_TOKEN");
    }

    @Test
    void initiateAuthWhenTheClientDoesNotAllowTheFlowThenInvalidParameter() {
        assertRefused(
                () -> signIn(srpOnly, ALICE, PASSWORD),
                InvalidParameterException.class,
                "USER_PASSWORD_AUTH flow not enabled for this client");
        assertRefused(
                () -> signIn(console, ALICE, PASSWORD),
                InvalidParameterException.class,
                "USER_PASSWORD_AUTH flow not enabled for this client");
        assertRefused(
                () -> cognito.initiateAuth(r -> r.clientId(srpOnly.clientId())
                        .authFlow(AuthFlowType.USER_SRP_AUTH)
                        .authParameters(Map.of("USERNAME", ALICE, "SRP_A", "abc"))),
                InvalidParameterException.class,
                "USER_SRP_AUTH is not emulated: sign in with USER_PASSWORD_AUTH or ADMIN_USER_PASSWORD_AUTH "
                        + "(docs/emulator.md)");
        assertRefused(
                () -> cognito.initiateAuth(r -> r.clientId(web.clientId())
                        .authFlow(AuthFlowType.ADMIN_USER_PASSWORD_AUTH)
                        .authParameters(Map.of("USERNAME", ALICE, "PASSWORD", PASSWORD))),
                InvalidParameterException.class,
                "Initiate Auth method not supported.");
    }

    @Test
    void describeUserPoolClientWhenTemplateGivesNoFlowsThenCognitosDefaults() {
        UserPoolClientType described = cognito.describeUserPoolClient(
                        r -> r.userPoolId(staff.userPoolId()).clientId(console.clientId()))
                .userPoolClient();

        assertThat(described.explicitAuthFlows())
                .containsExactly(
                        ExplicitAuthFlowsType.ALLOW_REFRESH_TOKEN_AUTH,
                        ExplicitAuthFlowsType.ALLOW_USER_SRP_AUTH,
                        ExplicitAuthFlowsType.ALLOW_CUSTOM_AUTH);
        assertThat(console.allowsPasswordSignIn()).isFalse();
        assertThat(web.allowsPasswordSignIn()).isTrue();
    }

    // ------------------------------------------------------------------ SECRET_HASH

    @Test
    void initiateAuthWhenTheClientHasASecretThenSecretHashOfWhatWasTypedIsRequired() throws Exception {
        assertRefused(
                () -> signIn(backend, ALICE, PASSWORD),
                NotAuthorizedException.class,
                "Client " + backend.clientId() + " is configured for secret but secret was not received");
        assertRefused(
                () -> cognito.initiateAuth(r -> r.clientId(backend.clientId())
                        .authFlow(AuthFlowType.USER_PASSWORD_AUTH)
                        .authParameters(
                                Map.of("USERNAME", ALICE, "PASSWORD", PASSWORD, "SECRET_HASH", "bm90IHRoZSBoYXNo"))),
                NotAuthorizedException.class,
                "Unable to verify secret hash for client " + backend.clientId());

        String hash = secretHash(backend, ALICE);
        InitiateAuthResponse response = cognito.initiateAuth(r -> r.clientId(backend.clientId())
                .authFlow(AuthFlowType.USER_PASSWORD_AUTH)
                .authParameters(Map.of("USERNAME", ALICE, "PASSWORD", PASSWORD, "SECRET_HASH", hash)));

        assertThat(response.authenticationResult().idToken()).isNotBlank();
        assertThat(response.authenticationResult().expiresIn())
                .as("a client without validity settings: 1 hour")
                .isEqualTo(3600);
    }

    // ------------------------------------------------------------------ the refresh path

    @Test
    void refreshWhenValidThenNewTokensOfTheSameSignInAndNoNewRefreshToken() throws Exception {
        AuthenticationResultType first = tokens(web, ALICE, PASSWORD);
        JWTClaimsSet firstId = verified(first.idToken(), customers.userPoolId());
        CLOCK.advance(Duration.ofMinutes(40));

        AuthenticationResultType renewed = cognito.initiateAuth(r -> r.clientId(web.clientId())
                        .authFlow(AuthFlowType.REFRESH_TOKEN_AUTH)
                        .authParameters(Map.of("REFRESH_TOKEN", first.refreshToken())))
                .authenticationResult();

        assertThat(renewed.refreshToken())
                .as("REFRESH_TOKEN_AUTH answers no refresh token")
                .isNull();
        JWTClaimsSet id = verified(renewed.idToken(), customers.userPoolId());
        JWTClaimsSet access = verified(renewed.accessToken(), customers.userPoolId());
        assertThat(id.getIssueTime().toInstant()).isEqualTo(CLOCK.instant());
        assertThat(id.getLongClaim("auth_time"))
                .as("auth_time is the sign-in's")
                .isEqualTo(firstId.getLongClaim("auth_time"));
        assertThat(id.getStringClaim("origin_jti")).isEqualTo(firstId.getStringClaim("origin_jti"));
        assertThat(access.getStringClaim("origin_jti")).isEqualTo(firstId.getStringClaim("origin_jti"));
        assertThat(id.getSubject()).isEqualTo(firstId.getSubject());
    }

    @Test
    void refreshWhenTheClientHasASecretThenSecretHashOfThePoolsUserNameNotTheEmail() throws Exception {
        AuthenticationResultType first = cognito.initiateAuth(r -> r.clientId(backend.clientId())
                        .authFlow(AuthFlowType.USER_PASSWORD_AUTH)
                        .authParameters(Map.of(
                                "USERNAME", ALICE, "PASSWORD", PASSWORD, "SECRET_HASH", secretHash(backend, ALICE))))
                .authenticationResult();
        String username = verified(first.accessToken(), customers.userPoolId()).getStringClaim("username");

        assertRefused(
                () -> cognito.initiateAuth(r -> r.clientId(backend.clientId())
                        .authFlow(AuthFlowType.REFRESH_TOKEN_AUTH)
                        .authParameters(Map.of(
                                "REFRESH_TOKEN", first.refreshToken(), "SECRET_HASH", secretHash(backend, ALICE)))),
                NotAuthorizedException.class,
                "Unable to verify secret hash for client " + backend.clientId());
        AuthenticationResultType renewed = cognito.initiateAuth(r -> r.clientId(backend.clientId())
                        .authFlow(AuthFlowType.REFRESH_TOKEN_AUTH)
                        .authParameters(Map.of(
                                "REFRESH_TOKEN", first.refreshToken(), "SECRET_HASH", secretHash(backend, username))))
                .authenticationResult();

        assertThat(renewed.accessToken()).isNotBlank();
    }

    @Test
    void refreshWhenTokenIsAnotherClientsOrNoneThenInvalidRefreshToken() throws Exception {
        AuthenticationResultType ofWeb = tokens(web, ALICE, PASSWORD);

        assertRefused(
                () -> cognito.adminInitiateAuth(r -> r.userPoolId(customers.userPoolId())
                        .clientId(backend.clientId())
                        .authFlow(AuthFlowType.REFRESH_TOKEN_AUTH)
                        .authParameters(Map.of("REFRESH_TOKEN", ofWeb.refreshToken(), "SECRET_HASH", "x"))),
                NotAuthorizedException.class,
                "Invalid Refresh Token");
        assertRefused(
                () -> cognito.initiateAuth(r -> r.clientId(web.clientId())
                        .authFlow(AuthFlowType.REFRESH_TOKEN_AUTH)
                        .authParameters(Map.of("REFRESH_TOKEN", "eyJ.not.a.refresh.token"))),
                NotAuthorizedException.class,
                "Invalid Refresh Token");
    }

    @Test
    void refreshWhenRevokedThenRefusedAndTheOtherSignInsStillRefresh() {
        AuthenticationResultType revoked = tokens(web, ALICE, PASSWORD);
        AuthenticationResultType kept = tokens(web, ALICE, PASSWORD);

        cognito.revokeToken(r -> r.clientId(web.clientId()).token(revoked.refreshToken()));

        assertRefused(
                () -> refresh(web, revoked.refreshToken()),
                NotAuthorizedException.class,
                "Refresh Token has been revoked");
        assertThat(refresh(web, kept.refreshToken()).accessToken()).isNotBlank();
        assertRefused(
                () -> cognito.revokeToken(r -> r.clientId(web.clientId()).token(kept.accessToken())),
                UnsupportedTokenTypeException.class,
                "Only refresh tokens can be revoked");
    }

    @Test
    void refreshWhenUserSignedOutEverywhereThenEveryRefreshTokenRefusedAndGetUserToo() {
        String email = newCustomer();
        AuthenticationResultType one = tokens(web, email, PASSWORD);
        AuthenticationResultType two = tokens(web, email, PASSWORD);
        assertThat(cognito.getUser(r -> r.accessToken(one.accessToken())).userAttributes())
                .contains(AttributeType.builder().name("email").value(email).build());

        cognito.adminUserGlobalSignOut(r -> r.userPoolId(customers.userPoolId()).username(email));

        assertRefused(
                () -> refresh(web, one.refreshToken()), NotAuthorizedException.class, "Refresh Token has been revoked");
        assertRefused(
                () -> refresh(web, two.refreshToken()), NotAuthorizedException.class, "Refresh Token has been revoked");
        assertRefused(
                () -> cognito.getUser(r -> r.accessToken(one.accessToken())),
                NotAuthorizedException.class,
                "Access Token has been revoked");
        assertThat(tokens(web, email, PASSWORD).accessToken())
                .as("a new sign-in works")
                .isNotBlank();
    }

    @Test
    void refreshWhenPastTheClientsRefreshTokenValidityThenExpired() {
        AuthenticationResultType result = tokens(web, ALICE, PASSWORD);

        CLOCK.advance(Duration.ofHours(12));

        assertRefused(
                () -> refresh(web, result.refreshToken()), NotAuthorizedException.class, "Refresh Token has expired");
    }

    static AuthenticationResultType refresh(GatewayEmulator.Client client, String refreshToken) {
        return cognito.initiateAuth(r -> r.clientId(client.clientId())
                        .authFlow(AuthFlowType.REFRESH_TOKEN_AUTH)
                        .authParameters(Map.of("REFRESH_TOKEN", refreshToken)))
                .authenticationResult();
    }

    // ------------------------------------------------------------------ AdminInitiateAuth

    @Test
    void adminInitiateAuthWhenAdminPasswordFlowAllowedThenTokens() throws Exception {
        AuthenticationResultType result = cognito.adminInitiateAuth(r -> r.userPoolId(customers.userPoolId())
                        .clientId(web.clientId())
                        .authFlow(AuthFlowType.ADMIN_USER_PASSWORD_AUTH)
                        .authParameters(Map.of("USERNAME", ALICE, "PASSWORD", PASSWORD)))
                .authenticationResult();

        assertThat(verified(result.idToken(), customers.userPoolId()).getStringClaim("email"))
                .isEqualTo(ALICE);
        assertRefused(
                () -> cognito.adminInitiateAuth(r -> r.userPoolId(staff.userPoolId())
                        .clientId(console.clientId())
                        .authFlow(AuthFlowType.ADMIN_USER_PASSWORD_AUTH)
                        .authParameters(Map.of("USERNAME", ALICE, "PASSWORD", PASSWORD))),
                InvalidParameterException.class,
                "Auth flow not enabled for this client");
        assertRefused(
                () -> cognito.adminInitiateAuth(r -> r.userPoolId(staff.userPoolId())
                        .clientId(web.clientId())
                        .authFlow(AuthFlowType.ADMIN_USER_PASSWORD_AUTH)
                        .authParameters(Map.of("USERNAME", ALICE, "PASSWORD", PASSWORD))),
                ResourceNotFoundException.class,
                "User pool client " + web.clientId() + " does not exist.");
    }

    // ------------------------------------------------------------------ users

    @Test
    void adminCreateUserWhenTemporaryPasswordThenNewPasswordRequiredAndTheAnswerSignsIn() {
        String email = "bob-" + UUID.randomUUID() + "@example.com";
        var created = cognito.adminCreateUser(r -> r.userPoolId(customers.userPoolId())
                        .username(email)
                        .temporaryPassword("Temporary-Pass1")
                        .userAttributes(AttributeType.builder()
                                .name("name")
                                .value("Bob")
                                .build())
                        .messageAction(MessageActionType.SUPPRESS))
                .user();
        assertThat(created.userStatus()).isEqualTo(UserStatusType.FORCE_CHANGE_PASSWORD);
        assertThat(created.enabled()).isTrue();
        UUID.fromString(created.username());
        assertThat(created.attributes()).extracting(AttributeType::name).containsExactly("sub", "email", "name");

        InitiateAuthResponse challenge = signIn(web, email, "Temporary-Pass1");

        assertThat(challenge.challengeName()).isEqualTo(ChallengeNameType.NEW_PASSWORD_REQUIRED);
        assertThat(challenge.authenticationResult()).isNull();
        assertThat(challenge.challengeParameters()).containsEntry("USER_ID_FOR_SRP", created.username());
        assertRefused(
                () -> cognito.respondToAuthChallenge(r -> r.clientId(web.clientId())
                        .challengeName(ChallengeNameType.NEW_PASSWORD_REQUIRED)
                        .session(challenge.session())
                        .challengeResponses(Map.of("USERNAME", email, "NEW_PASSWORD", "weak"))),
                InvalidPasswordException.class,
                "Password did not conform with policy: Password not long enough");
        AuthenticationResultType result = cognito.respondToAuthChallenge(r -> r.clientId(web.clientId())
                        .challengeName(ChallengeNameType.NEW_PASSWORD_REQUIRED)
                        .session(challenge.session())
                        .challengeResponses(Map.of("USERNAME", email, "NEW_PASSWORD", "Permanent-Pass1")))
                .authenticationResult();
        assertThat(result.refreshToken()).isNotBlank();
        assertThat(cognito.adminGetUser(
                                r -> r.userPoolId(customers.userPoolId()).username(email))
                        .userStatus())
                .isEqualTo(UserStatusType.CONFIRMED);
        assertRefused(
                () -> cognito.respondToAuthChallenge(r -> r.clientId(web.clientId())
                        .challengeName(ChallengeNameType.NEW_PASSWORD_REQUIRED)
                        .session(challenge.session())
                        .challengeResponses(Map.of("USERNAME", email, "NEW_PASSWORD", "Another-Pass1"))),
                NotAuthorizedException.class,
                "Invalid session for the user, session is expired.");
        assertThat(tokens(web, email, "Permanent-Pass1").idToken()).isNotBlank();
    }

    @Test
    void adminCreateUserWhenTemporaryPasswordExpiredThenRefusedUntilAnAdministratorResetsIt() {
        String email = "late-" + UUID.randomUUID() + "@example.com";
        cognito.adminCreateUser(
                r -> r.userPoolId(customers.userPoolId()).username(email).temporaryPassword("Temporary-Pass1"));

        CLOCK.advance(Duration.ofDays(8));

        assertRefused(
                () -> signIn(web, email, "Temporary-Pass1"),
                NotAuthorizedException.class,
                "Temporary password has expired and must be reset by an administrator.");
        cognito.adminCreateUser(r -> r.userPoolId(customers.userPoolId())
                .username(email)
                .temporaryPassword("Temporary-Pass2")
                .messageAction(MessageActionType.RESEND));
        assertThat(signIn(web, email, "Temporary-Pass2").challengeName())
                .isEqualTo(ChallengeNameType.NEW_PASSWORD_REQUIRED);
    }

    @Test
    void adminCreateUserWhenPoolRefusesThenCognitosErrors() {
        assertRefused(
                () -> cognito.adminCreateUser(
                        r -> r.userPoolId(customers.userPoolId()).username(ALICE)),
                UsernameExistsException.class,
                "An account with the given email already exists.");
        assertRefused(
                () -> cognito.adminCreateUser(
                        r -> r.userPoolId(customers.userPoolId()).username("bob")),
                InvalidParameterException.class,
                "Username should be an email.");
        assertRefused(
                () -> cognito.adminCreateUser(r -> r.userPoolId(customers.userPoolId())
                        .username("carol@example.com")
                        .temporaryPassword("short")),
                InvalidPasswordException.class,
                "Password did not conform with policy: Password not long enough");
        assertRefused(
                () -> cognito.adminCreateUser(r -> r.userPoolId(customers.userPoolId())
                        .username("dave@example.com")
                        .userAttributes(AttributeType.builder()
                                .name("custom:tier")
                                .value("gold")
                                .build())),
                InvalidParameterException.class,
                "Attributes did not conform to the schema: Type for attribute {custom:tier} could not be determined");
        assertRefused(
                () -> cognito.adminCreateUser(
                        r -> r.userPoolId("us-east-1_NoSuchPool").username("eve@example.com")),
                ResourceNotFoundException.class,
                "User pool us-east-1_NoSuchPool does not exist.");
        assertRefused(
                () -> cognito.adminCreateUser(
                        r -> r.userPoolId(staff.userPoolId()).username(ALICE)),
                UsernameExistsException.class,
                "User account already exists");
    }

    @Test
    void adminGetUserWhenAliceThenHerAttributesAndStatus() {
        AdminGetUserResponse user =
                cognito.adminGetUser(r -> r.userPoolId(customers.userPoolId()).username(ALICE));

        assertThat(user.userStatus()).isEqualTo(UserStatusType.CONFIRMED);
        assertThat(user.enabled()).isTrue();
        assertThat(user.userAttributes())
                .extracting(AttributeType::name)
                .containsExactly("sub", "email", "email_verified");
        assertThat(user.username()).isEqualTo(user.userAttributes().get(0).value());
        assertThat(user.userCreateDate()).isNotNull();
        assertRefused(
                () -> cognito.adminGetUser(
                        r -> r.userPoolId(customers.userPoolId()).username("nobody@example.com")),
                UserNotFoundException.class,
                "User does not exist.");
    }

    @Test
    void adminGetUserWhenPoolIsCaseSensitiveThenOtherCaseIsAnotherName() {
        AdminGetUserResponse user =
                cognito.adminGetUser(r -> r.userPoolId(staff.userPoolId()).username(ALICE));
        assertThat(user.username()).as("plain user names in the staff pool").isEqualTo(ALICE);

        assertRefused(
                () -> cognito.adminGetUser(r -> r.userPoolId(staff.userPoolId()).username("ALICE@example.com")),
                UserNotFoundException.class,
                "User does not exist.");
    }

    @Test
    void adminSetUserPasswordWhenPermanentThenSignInWithIt() {
        String email = newCustomer();

        cognito.adminSetUserPassword(r -> r.userPoolId(customers.userPoolId())
                .username(email)
                .password("Brand-New-Pass2")
                .permanent(true));

        assertThat(tokens(web, email, "Brand-New-Pass2").accessToken()).isNotBlank();
        assertRefused(
                () -> signIn(web, email, PASSWORD), NotAuthorizedException.class, "Incorrect username or password.");
        cognito.adminSetUserPassword(r -> r.userPoolId(customers.userPoolId())
                .username(email)
                .password("Temporary-Pass3")
                .permanent(false));
        assertThat(signIn(web, email, "Temporary-Pass3").challengeName())
                .as("a password that is not permanent is a temporary one")
                .isEqualTo(ChallengeNameType.NEW_PASSWORD_REQUIRED);
        assertRefused(
                () -> cognito.adminSetUserPassword(r -> r.userPoolId(customers.userPoolId())
                        .username("nobody@example.com")
                        .password(PASSWORD)
                        .permanent(true)),
                UserNotFoundException.class,
                "User does not exist.");
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource({
        "Ab1-xyz, Password not long enough",
        "ABCDEFG1-, Password must have lowercase characters",
        "abcdefg1-, Password must have uppercase characters",
        "Abcdefgh-, Password must have numeric characters",
        "Abcdefgh1, Password must have symbol characters"
    })
    void adminSetUserPasswordWhenPolicyRefusesThenInvalidPasswordWithCognitosMessage(String password, String why) {
        assertRefused(
                () -> cognito.adminSetUserPassword(r -> r.userPoolId(staff.userPoolId())
                        .username(ALICE)
                        .password(password)
                        .permanent(true)),
                InvalidPasswordException.class,
                "Password did not conform with policy: " + why);
    }

    @Test
    void adminDisableUserWhenDisabledThenNoSignInUntilEnabledAndDeleteRemovesTheUser() {
        String email = newCustomer();
        AuthenticationResultType before = tokens(web, email, PASSWORD);

        cognito.adminDisableUser(r -> r.userPoolId(customers.userPoolId()).username(email));

        assertRefused(() -> signIn(web, email, PASSWORD), NotAuthorizedException.class, "User is disabled.");
        assertRefused(
                () -> refresh(web, before.refreshToken()),
                NotAuthorizedException.class,
                "Refresh Token has been revoked");
        cognito.adminEnableUser(r -> r.userPoolId(customers.userPoolId()).username(email));
        assertThat(tokens(web, email, PASSWORD).accessToken()).isNotBlank();

        cognito.adminDeleteUser(r -> r.userPoolId(customers.userPoolId()).username(email));

        assertRefused(() -> signIn(web, email, PASSWORD), UserNotFoundException.class, "User does not exist.");
    }

    // ------------------------------------------------------------------ SignUp

    @Test
    void signUpWhenSelfSignUpAllowedThenUnconfirmedUntilAnAdministratorConfirms() {
        String email = "signup-" + UUID.randomUUID() + "@example.com";

        SignUpResponse response =
                cognito.signUp(r -> r.clientId(web.clientId()).username(email).password(PASSWORD));

        assertThat(response.userConfirmed()).isFalse();
        UUID.fromString(response.userSub());
        assertThat(response.codeDeliveryDetails().attributeName()).isEqualTo("email");
        assertThat(response.codeDeliveryDetails().deliveryMediumAsString()).isEqualTo("EMAIL");
        assertThat(response.codeDeliveryDetails().destination()).isEqualTo("s***@e***");
        assertRefused(() -> signIn(web, email, PASSWORD), UserNotConfirmedException.class, "User is not confirmed.");
        assertRefused(
                () -> signIn(web, email, "Wrong-Horse1"),
                NotAuthorizedException.class,
                "Incorrect username or password.");

        cognito.adminConfirmSignUp(r -> r.userPoolId(customers.userPoolId()).username(email));

        assertThat(tokens(web, email, PASSWORD).idToken()).isNotBlank();
        assertRefused(
                () -> cognito.adminConfirmSignUp(
                        r -> r.userPoolId(customers.userPoolId()).username(email)),
                NotAuthorizedException.class,
                "User cannot be confirmed. Current status is CONFIRMED");
    }

    @Test
    void signUpWhenRefusedThenCognitosErrors() throws Exception {
        assertRefused(
                () -> cognito.signUp(
                        r -> r.clientId(console.clientId()).username("frank").password(PASSWORD)),
                NotAuthorizedException.class,
                "SignUp is not permitted for this user pool");
        assertRefused(
                () -> cognito.signUp(
                        r -> r.clientId(web.clientId()).username(ALICE).password(PASSWORD)),
                UsernameExistsException.class,
                "An account with the given email already exists.");
        assertRefused(
                () -> cognito.signUp(r ->
                        r.clientId(web.clientId()).username("grace@example.com").password("nouppercase1")),
                InvalidPasswordException.class,
                "Password did not conform with policy: Password must have uppercase characters");
        assertRefused(
                () -> cognito.signUp(r -> r.clientId(backend.clientId())
                        .username("heidi@example.com")
                        .password(PASSWORD)),
                NotAuthorizedException.class,
                "Client " + backend.clientId() + " is configured for secret but secret was not received");
        String hash = secretHash(backend, "ivan@example.com");
        assertThat(cognito.signUp(r -> r.clientId(backend.clientId())
                                .username("ivan@example.com")
                                .password(PASSWORD)
                                .secretHash(hash))
                        .userSub())
                .isNotBlank();
    }

    // ------------------------------------------------------------------ pools and clients

    @Test
    void describeUserPoolWhenCustomersThenTheTemplatesPoliciesAndSignInSettings() {
        UserPoolType pool = cognito.describeUserPool(r -> r.userPoolId(customers.userPoolId()))
                .userPool();

        assertThat(pool.id()).isEqualTo(customers.userPoolId());
        assertThat(pool.name()).isEqualTo("customers");
        assertThat(pool.arn()).isEqualTo("arn:aws:cognito-idp:us-east-1:123456789012:userpool/" + pool.id());
        assertThat(pool.policies().passwordPolicy().minimumLength()).isEqualTo(10);
        assertThat(pool.policies().passwordPolicy().requireSymbols()).isFalse();
        assertThat(pool.policies().passwordPolicy().requireNumbers()).isTrue();
        assertThat(pool.usernameAttributesAsStrings()).containsExactly("email");
        assertThat(pool.autoVerifiedAttributesAsStrings()).containsExactly("email");
        assertThat(pool.adminCreateUserConfig().allowAdminCreateUserOnly()).isFalse();
        assertThat(pool.estimatedNumberOfUsers()).isPositive();
        assertThat(pool.domain()).as("the pool has no domain").isNull();

        UserPoolType defaults =
                cognito.describeUserPool(r -> r.userPoolId(staff.userPoolId())).userPool();
        assertThat(defaults.policies().passwordPolicy().minimumLength())
                .as("Cognito's default policy")
                .isEqualTo(8);
        assertThat(defaults.policies().passwordPolicy().requireSymbols()).isTrue();
        assertThat(defaults.adminCreateUserConfig().allowAdminCreateUserOnly()).isTrue();
        assertThat(defaults.usernameConfiguration().caseSensitive()).isTrue();
    }

    @Test
    void describeUserPoolWhenUnknownOrSignedForAnotherRegionThenResourceNotFound() {
        assertRefused(
                () -> cognito.describeUserPool(r -> r.userPoolId("us-east-1_Nope12345")),
                ResourceNotFoundException.class,
                "User pool us-east-1_Nope12345 does not exist.");
        try (CognitoIdentityProviderClient ireland = client(Region.EU_WEST_1)) {
            assertRefused(
                    () -> ireland.describeUserPool(r -> r.userPoolId(customers.userPoolId())),
                    ResourceNotFoundException.class,
                    "User pool " + customers.userPoolId() + " does not exist.");
            assertThat(ireland.listUserPools(r -> r.maxResults(60)).userPools())
                    .as("no pool in eu-west-1")
                    .isEmpty();
        }
        assertRefused(
                () -> cognito.describeUserPool(r -> r.userPoolId("not a pool id")),
                InvalidParameterException.class,
                "1 validation error detected: Value 'not a pool id' at 'userPoolId' failed to satisfy constraint: "
                        + "Member must satisfy regular expression pattern: [\\w-]+_[0-9a-zA-Z]+");
    }

    @Test
    void describeUserPoolClientWhenTemplateClientsThenSecretScopesFlowsAndValidity() {
        UserPoolClientType webClient = cognito.describeUserPoolClient(
                        r -> r.userPoolId(customers.userPoolId()).clientId(web.clientId()))
                .userPoolClient();
        UserPoolClientType backendClient = cognito.describeUserPoolClient(
                        r -> r.userPoolId(customers.userPoolId()).clientId(backend.clientId()))
                .userPoolClient();

        assertThat(webClient.clientName()).isEqualTo("web");
        assertThat(webClient.clientSecret()).isNull();
        assertThat(webClient.explicitAuthFlows())
                .containsExactly(
                        ExplicitAuthFlowsType.ALLOW_USER_PASSWORD_AUTH,
                        ExplicitAuthFlowsType.ALLOW_ADMIN_USER_PASSWORD_AUTH,
                        ExplicitAuthFlowsType.ALLOW_REFRESH_TOKEN_AUTH);
        assertThat(webClient.accessTokenValidity()).isEqualTo(30);
        assertThat(webClient.refreshTokenValidity()).isEqualTo(720);
        assertThat(webClient.tokenValidityUnits().accessToken()).isEqualTo(TimeUnitsType.MINUTES);
        assertThat(webClient.tokenValidityUnits().refreshToken()).isEqualTo(TimeUnitsType.MINUTES);
        assertThat(webClient.allowedOAuthScopes()).contains("openid", "aws.cognito.signin.user.admin");
        assertThat(webClient.allowedOAuthFlows()).containsExactly(OAuthFlowType.IMPLICIT, OAuthFlowType.CODE);
        assertThat(webClient.callbackURLs()).containsExactly("https://example.com");
        assertThat(backendClient.clientSecret()).isEqualTo(backend.clientSecret());
        assertThat(backendClient.accessTokenValidity()).isEqualTo(1);
        assertThat(backendClient.tokenValidityUnits().accessToken()).isEqualTo(TimeUnitsType.HOURS);
        assertThat(backendClient.refreshTokenValidity()).isEqualTo(30);
        assertThat(backendClient.tokenValidityUnits().refreshToken()).isEqualTo(TimeUnitsType.DAYS);
        assertRefused(
                () -> cognito.describeUserPoolClient(
                        r -> r.userPoolId(staff.userPoolId()).clientId(web.clientId())),
                ResourceNotFoundException.class,
                "User pool client " + web.clientId() + " does not exist.");
    }

    @Test
    void createUserPoolClientWhenValidThenDescribedListedAndUsableForSignIn() throws Exception {
        UserPoolClientType created = cognito.createUserPoolClient(r -> r.userPoolId(customers.userPoolId())
                        .clientName("mobile app")
                        .generateSecret(true)
                        .explicitAuthFlows(
                                ExplicitAuthFlowsType.ALLOW_USER_PASSWORD_AUTH,
                                ExplicitAuthFlowsType.ALLOW_REFRESH_TOKEN_AUTH)
                        .accessTokenValidity(15)
                        .tokenValidityUnits(u -> u.accessToken(TimeUnitsType.MINUTES))
                        .preventUserExistenceErrors("ENABLED"))
                .userPoolClient();

        assertThat(created.clientId()).matches("[a-z0-9]{26}");
        assertThat(created.clientSecret()).matches("[a-z0-9]{51}");
        assertThat(created.accessTokenValidity()).isEqualTo(15);
        UserPoolClientType described = cognito.describeUserPoolClient(
                        r -> r.userPoolId(customers.userPoolId()).clientId(created.clientId()))
                .userPoolClient();
        assertThat(described.clientSecret()).isEqualTo(created.clientSecret());
        assertThat(described.refreshTokenValidity()).isEqualTo(30);
        assertThat(cognito.listUserPoolClients(r -> r.userPoolId(customers.userPoolId()))
                        .userPoolClients())
                .extracting(c -> c.clientName())
                .containsExactly("web", "backend", "srp-only", "mobile app");

        GatewayEmulator.Client mobile = client("mobile app");
        String hash = secretHash(mobile, ALICE);
        AuthenticationResultType result = cognito.initiateAuth(r -> r.clientId(created.clientId())
                        .authFlow(AuthFlowType.USER_PASSWORD_AUTH)
                        .authParameters(Map.of("USERNAME", ALICE, "PASSWORD", PASSWORD, "SECRET_HASH", hash)))
                .authenticationResult();
        assertThat(result.expiresIn()).isEqualTo(900);
        String unknownHash = secretHash(mobile, "nobody@example.com");
        assertRefused(
                () -> cognito.initiateAuth(r -> r.clientId(created.clientId())
                        .authFlow(AuthFlowType.USER_PASSWORD_AUTH)
                        .authParameters(Map.of(
                                "USERNAME", "nobody@example.com", "PASSWORD", PASSWORD, "SECRET_HASH", unknownHash))),
                NotAuthorizedException.class,
                "Incorrect username or password.");
    }

    @Test
    void createUserPoolClientWhenCognitoWouldRefuseThenItsErrors() {
        assertRefused(
                () -> cognito.createUserPoolClient(r -> r.userPoolId(customers.userPoolId())
                        .clientName("machine")
                        .allowedOAuthFlows(OAuthFlowType.CLIENT_CREDENTIALS)),
                InvalidOAuthFlowException.class,
                "client_credentials flow can not be selected if client does not have a client secret.");
        assertRefused(
                () -> cognito.createUserPoolClient(r -> r.userPoolId(customers.userPoolId())
                        .clientName("machine")
                        .generateSecret(true)
                        .allowedOAuthFlows(OAuthFlowType.CLIENT_CREDENTIALS, OAuthFlowType.CODE)),
                InvalidOAuthFlowException.class,
                "client_credentials flow can not be selected along with code flow or implicit flow.");
        assertRefused(
                () -> cognito.createUserPoolClient(r -> r.userPoolId(customers.userPoolId())
                        .clientName("reader")
                        .allowedOAuthScopes("orders/read")),
                ScopeDoesNotExistException.class,
                "Invalid scope requested: orders/read");
        assertRefused(
                () -> cognito.createUserPoolClient(r -> r.userPoolId(customers.userPoolId())
                        .clientName("mixed")
                        .explicitAuthFlowsWithStrings("USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH")),
                InvalidParameterException.class,
                "ExplicitAuthFlows mixes values with the ALLOW_ prefix and values without it");
        assertRefused(
                () -> cognito.createUserPoolClient(r -> r.userPoolId(customers.userPoolId())
                        .clientName("forever")
                        .accessTokenValidity(2)
                        .tokenValidityUnits(u -> u.accessToken(TimeUnitsType.DAYS))),
                InvalidParameterException.class,
                "Access token validity must be between PT5M and PT24H, not 2 days");
        assertRefused(
                () -> cognito.createUserPoolClient(r -> r.userPoolId(customers.userPoolId())),
                InvalidParameterException.class,
                "1 validation error detected: Value null at 'clientName' failed to satisfy constraint: Member must "
                        + "not be null");
    }

    @Test
    void listUserPoolsWhenPagedThenEveryPoolOfTheRegionOnce() {
        ListUserPoolsResponse first = cognito.listUserPools(r -> r.maxResults(1));
        assertThat(first.userPools()).hasSize(1);
        assertThat(first.nextToken()).isNotBlank();
        ListUserPoolsResponse second =
                cognito.listUserPools(r -> r.maxResults(1).nextToken(first.nextToken()));
        assertThat(second.nextToken()).isNull();

        List<String> names = new ArrayList<>();
        cognito.listUserPoolsPaginator(r -> r.maxResults(1)).userPools().stream()
                .map(UserPoolDescriptionType::name)
                .forEach(names::add);

        assertThat(names).containsExactly("customers", "staff");
        assertThat(first.userPools().get(0).id()).isEqualTo(customers.userPoolId());
        assertRefused(
                () -> cognito.listUserPools(r -> {}),
                InvalidParameterException.class,
                "1 validation error detected: Value null at 'maxResults' failed to satisfy constraint: Member must "
                        + "not be null");
        assertRefused(
                () -> cognito.listUserPools(r -> r.maxResults(61)),
                InvalidParameterException.class,
                "1 validation error detected: Value '61' at 'maxResults' failed to satisfy constraint: Member must "
                        + "have value less than or equal to 60");
        assertRefused(
                () -> cognito.listUserPools(r -> r.maxResults(5).nextToken("not-ours")),
                InvalidParameterException.class,
                "Invalid pagination token");
    }

    @Test
    void listUserPoolClientsWhenPagedThenEveryClientOfThePool() {
        var page = cognito.listUserPoolClients(
                r -> r.userPoolId(staff.userPoolId()).maxResults(60));

        assertThat(page.userPoolClients()).hasSize(1);
        assertThat(page.userPoolClients().get(0).clientId()).isEqualTo(console.clientId());
        assertThat(page.userPoolClients().get(0).userPoolId()).isEqualTo(staff.userPoolId());
        List<String> ids = new ArrayList<>();
        cognito.listUserPoolClientsPaginator(
                        r -> r.userPoolId(customers.userPoolId()).maxResults(2))
                .userPoolClients()
                .forEach(c -> ids.add(c.clientId()));
        assertThat(ids).startsWith(web.clientId(), backend.clientId(), srpOnly.clientId());
    }

    // ------------------------------------------------------------------ the authorizer

    @Test
    void authorizerWhenUsersIdTokenThenMethodWithoutScopesAcceptsAndScopedMethodRefuses() {
        AuthenticationResultType result = tokens(web, ALICE, PASSWORD);
        String api = emu.apiUrl();

        HttpResponse<String> profile = Http.get(api + "profile", "Authorization", result.idToken());
        HttpResponse<String> account = Http.get(api + "account", "Authorization", result.idToken());

        assertThat(profile.statusCode()).as("body %s", profile.body()).isEqualTo(200);
        JsonNode claims = Http.json(profile.body())
                .path("requestContext")
                .path("authorizer")
                .path("claims");
        assertThat(claims.path("email").asString()).isEqualTo(ALICE);
        assertThat(claims.path("token_use").asString()).isEqualTo("id");
        assertThat(claims.path("email_verified").asString())
                .as("every claim a string")
                .isEqualTo("true");
        Http.assertGateway(account, 401, "Unauthorized", "UnauthorizedException");
    }

    @Test
    void authorizerWhenUsersAccessTokenThenTheMethodOfItsScopeAcceptsAndTheIdMethodRefuses() {
        AuthenticationResultType result = tokens(web, ALICE, PASSWORD);
        String api = emu.apiUrl();

        HttpResponse<String> account = Http.get(api + "account", "Authorization", "Bearer " + result.accessToken());
        HttpResponse<String> profile = Http.get(api + "profile", "Authorization", result.accessToken());

        assertThat(account.statusCode()).as("body %s", account.body()).isEqualTo(200);
        assertThat(Http.json(account.body())
                        .path("requestContext")
                        .path("authorizer")
                        .path("claims")
                        .path("username")
                        .asString())
                .isNotBlank();
        Http.assertGateway(profile, 401, "Unauthorized", "UnauthorizedException");
    }

    // ------------------------------------------------------------------ the wire

    static HttpResponse<String> raw(String target, String body, String... headers) {
        return Http.idp(emu.idpUrl(), target, body, headers);
    }

    static void assertWireError(HttpResponse<String> response, String type) {
        assertThat(response.statusCode()).as("status, body %s", response.body()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/x-amz-json-1.1");
        assertThat(response.headers().firstValue("x-amzn-ErrorType")).hasValue(type + ":");
        assertThat(response.headers().firstValue("x-amzn-RequestId")).isPresent();
        assertThat(Http.json(response.body()).path("__type").asString()).isEqualTo(type);
    }

    @Test
    void adminOperationWhenUnsignedOrSignedWronglyThenRefusedBeforeCognitoReadsIt() {
        String body = "{\"UserPoolId\":\"" + customers.userPoolId() + "\",\"Username\":\"" + ALICE + "\"}";

        assertWireError(raw("AdminGetUser", body), "MissingAuthenticationTokenException");
        assertWireError(raw("AdminGetUser", body, "Authorization", "Bearer abc"), "IncompleteSignatureException");
        assertWireError(
                raw(
                        "AdminGetUser",
                        body,
                        "Authorization",
                        "AWS4-HMAC-SHA256 Credential=AKID/20260301/us-east-1/execute-api/aws4_request, "
                                + "SignedHeaders=host, Signature=abcdef"),
                "InvalidSignatureException");
        HttpResponse<String> signed = Http.idpSigned(emu.idpUrl(), "AdminGetUser", body);
        assertThat(signed.statusCode())
                .as("a well-formed signature is accepted unverified: %s", signed.body())
                .isEqualTo(200);
        assertThat(Http.json(signed.body()).path("Username").asString()).isNotBlank();
    }

    @Test
    void requestWhenNotTheProtocolsShapeThenItsRefusals() {
        assertWireError(raw("NoSuchOperation", "{}"), "UnknownOperationException");
        assertWireError(raw("InitiateAuth", "not json"), "SerializationException");
        assertWireError(raw("InitiateAuth", "[1,2]"), "SerializationException");
        assertWireError(raw("InitiateAuth", "{\"ClientId\":42}"), "SerializationException");
        HttpResponse<String> wrongType = Http.send(HttpRequest.newBuilder(URI.create(emu.idpUrl()))
                .header("Content-Type", "text/plain")
                .header("X-Amz-Target", "AWSCognitoIdentityProviderService.InitiateAuth")
                .POST(HttpRequest.BodyPublishers.ofString("{}")));
        assertWireError(wrongType, "SerializationException");
        HttpResponse<String> noTarget = Http.send(HttpRequest.newBuilder(URI.create(emu.idpUrl()))
                .header("Content-Type", "application/x-amz-json-1.1")
                .POST(HttpRequest.BodyPublishers.ofString("{}")));
        Http.assertGateway(noTarget, 403, "Missing Authentication Token", "MissingAuthenticationTokenException");
    }

    @Test
    void endpointsJsonWhenUsersThenTheIdpUrlIsTheRootAndNoPassword() {
        // The field order of the line is EmulatorMainTest's to check.
        JsonNode json = Http.json(emu.endpointsJson());

        assertThat(json.path("idpUrl").asString()).isEqualTo(emu.baseUrl() + "/");
        assertThat(emu.endpointsJson()).doesNotContain(PASSWORD);
    }
}
