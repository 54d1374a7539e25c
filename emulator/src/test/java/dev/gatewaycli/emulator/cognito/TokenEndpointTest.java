package dev.gatewaycli.emulator.cognito;

import static dev.gatewaycli.emulator.Http.basic;
import static dev.gatewaycli.emulator.Http.json;
import static dev.gatewaycli.emulator.Http.postForm;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.SignedJWT;
import dev.gatewaycli.emulator.EmulatorSettings;
import dev.gatewaycli.emulator.EmulatorSettings.BasicCredentials;
import dev.gatewaycli.emulator.EmulatorSettings.UnknownScope;
import dev.gatewaycli.emulator.GatewayEmulator;
import dev.gatewaycli.emulator.Http;
import dev.gatewaycli.emulator.TestStacks;
import dev.gatewaycli.emulator.model.StackModel;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;

/** Cognito's token endpoint, JWKS and discovery, per docs/fidelity.md §1, over real HTTP on loopback. */
class TokenEndpointTest {

    @TempDir
    static Path assets;

    static StackModel model;
    static GatewayEmulator emu;

    @BeforeAll
    static void start() {
        model = TestStacks.seed(assets);
        emu = GatewayEmulator.builder().model(model).start();
    }

    @AfterAll
    static void stop() {
        emu.close();
    }

    private static String auth() {
        return basic(emu.clientId(), emu.clientSecret());
    }

    @Test
    void tokenWhenBasicAuthThenCognitoShapedSuccessResponse() {
        HttpResponse<String> r = postForm(emu.tokenUrl(), "grant_type=client_credentials", "Authorization", auth());

        assertThat(r.statusCode()).as("status, body %s", r.body()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json;charset=UTF-8");
        assertThat(r.headers().firstValue("x-amz-cognito-request-id"))
                .as("Cognito's request id header")
                .isPresent();
        JsonNode body = json(r.body());
        assertThat(body.propertyNames())
                .as("only access_token, expires_in, token_type: no id or refresh token")
                .containsExactlyInAnyOrder("access_token", "expires_in", "token_type");
        assertThat(body.get("expires_in").asInt())
                .as("AccessTokenValidity 30 minutes from the template")
                .isEqualTo(1800);
        assertThat(body.get("token_type").asString()).isEqualTo("Bearer");
    }

    @Test
    void tokenWhenIssuedThenHasExactlyCognitosAccessTokenClaims() throws Exception {
        SignedJWT jwt = SignedJWT.parse(Http.token(emu));
        Map<String, Object> claims = jwt.getJWTClaimsSet().getClaims();

        assertThat(claims.keySet())
                .as("the claims of a Cognito client-credentials access token")
                .containsExactlyInAnyOrder(
                        "sub", "client_id", "token_use", "scope", "auth_time", "iat", "exp", "jti", "version", "iss");
        assertThat(jwt.getHeader().toJSONObject().keySet()).as("header").containsExactlyInAnyOrder("kid", "alg");
        assertThat(jwt.getHeader().getAlgorithm().getName()).isEqualTo("RS256");
        assertThat(claims.get("sub")).isEqualTo(emu.clientId());
        assertThat(claims.get("client_id")).isEqualTo(emu.clientId());
        assertThat(claims.get("token_use")).isEqualTo("access");
        assertThat(claims.get("scope")).isEqualTo("users/read-only");
        assertThat(claims.get("version")).isEqualTo(2L);
        assertThat(claims.get("iss")).isEqualTo("https://cognito-idp.us-east-1.amazonaws.com/" + emu.userPoolId());
        assertThat(emu.issuer()).isEqualTo(claims.get("iss"));
        UUID.fromString((String) claims.get("jti"));
        long lifetime = jwt.getJWTClaimsSet().getExpirationTime().getTime()
                - jwt.getJWTClaimsSet().getIssueTime().getTime();
        assertThat(lifetime).as("exp - iat").isEqualTo(1_800_000L);
    }

    @Test
    void identifiersWhenGeneratedThenHaveCognitosShapes() {
        assertThat(emu.userPoolId()).matches("us-east-1_[0-9A-Za-z]{9}");
        assertThat(emu.clientId()).matches("[a-z0-9]{26}");
        assertThat(emu.clientSecret()).matches("[a-z0-9]{51}");
    }

    @Test
    void tokenWhenClientSecretPostThenIssued() {
        HttpResponse<String> r = postForm(
                emu.tokenUrl(),
                "grant_type=client_credentials&client_id=" + emu.clientId() + "&client_secret=" + emu.clientSecret());
        assertThat(r.statusCode()).as("client_secret_post, body %s", r.body()).isEqualTo(200);
    }

    @Test
    void tokenWhenParametersInQueryStringThenIssued() {
        HttpRequest.Builder request = HttpRequest.newBuilder(
                        URI.create(emu.tokenUrl() + "?grant_type=client_credentials&scope=users%2Fread-only"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Authorization", auth())
                .POST(HttpRequest.BodyPublishers.noBody());
        HttpResponse<String> r = Http.send(request);
        assertThat(r.statusCode())
                .as("AWS's own recipe puts the parameters in the query, body %s", r.body())
                .isEqualTo(200);
    }

    @Test
    void tokenWhenScopeRequestedThenGranted() throws Exception {
        String token = Http.token(emu, "users/read-only");
        assertThat(SignedJWT.parse(token).getJWTClaimsSet().getStringClaim("scope"))
                .isEqualTo("users/read-only");
    }

    @Test
    void tokenWhenScopeNotAllowedThenInvalidScopeByDefault() {
        HttpResponse<String> r =
                postForm(emu.tokenUrl(), "grant_type=client_credentials&scope=users/write", "Authorization", auth());
        assertError(r, 400, "invalid_scope");
    }

    @Test
    void tokenWhenScopeNotAllowedAndIgnoreSettingThenDroppedFromToken() throws Exception {
        try (GatewayEmulator lenient = GatewayEmulator.builder()
                .model(model)
                .settings(EmulatorSettings.defaults().withUnknownScope(UnknownScope.IGNORE))
                .start()) {
            HttpResponse<String> r = postForm(
                    lenient.tokenUrl(),
                    "grant_type=client_credentials&scope=users/write+users/read-only",
                    "Authorization",
                    basic(lenient.clientId(), lenient.clientSecret()));
            assertThat(r.statusCode()).as("body %s", r.body()).isEqualTo(200);
            String token = json(r.body()).get("access_token").asString();
            assertThat(SignedJWT.parse(token).getJWTClaimsSet().getStringClaim("scope"))
                    .isEqualTo("users/read-only");

            HttpResponse<String> none = postForm(
                    lenient.tokenUrl(),
                    "grant_type=client_credentials&scope=users/write",
                    "Authorization",
                    basic(lenient.clientId(), lenient.clientSecret()));
            assertError(none, 400, "invalid_scope");
        }
    }

    @Test
    void tokenWhenWrongSecretThenInvalidClient400() {
        assertError(
                postForm(
                        emu.tokenUrl(),
                        "grant_type=client_credentials",
                        "Authorization",
                        basic(emu.clientId(), "wrong")),
                400,
                "invalid_client");
        assertError(
                postForm(
                        emu.tokenUrl(),
                        "grant_type=client_credentials",
                        "Authorization",
                        basic("someoneelse", emu.clientSecret())),
                400,
                "invalid_client");
        assertError(
                postForm(
                        emu.tokenUrl(),
                        "grant_type=client_credentials&client_id=" + emu.clientId() + "&client_secret=x"),
                400,
                "invalid_client");
    }

    @Test
    void tokenWhenNoCredentialsThenInvalidClient() {
        assertError(postForm(emu.tokenUrl(), "grant_type=client_credentials"), 400, "invalid_client");
        assertError(
                postForm(emu.tokenUrl(), "grant_type=client_credentials&client_id=" + emu.clientId()),
                400,
                "invalid_client");
    }

    @Test
    void tokenWhenMalformedBasicHeaderThenInvalidClient() {
        assertError(
                postForm(emu.tokenUrl(), "grant_type=client_credentials", "Authorization", "Basic %%%not-base64"),
                400,
                "invalid_client");
        assertError(
                postForm(emu.tokenUrl(), "grant_type=client_credentials", "Authorization", "Bearer abc"),
                400,
                "invalid_client");
        assertError(
                postForm(emu.tokenUrl(), "grant_type=client_credentials", "Authorization", "Basic bm9jb2xvbg=="),
                400,
                "invalid_client");
    }

    @Test
    void tokenWhenInvalidClientStatusSettingIs401ThenUnauthorizedWithChallenge() {
        try (GatewayEmulator strict = GatewayEmulator.builder()
                .model(model)
                .settings(EmulatorSettings.defaults().withInvalidClientStatus(401))
                .start()) {
            HttpResponse<String> r = postForm(
                    strict.tokenUrl(),
                    "grant_type=client_credentials",
                    "Authorization",
                    basic(strict.clientId(), "wrong"));
            assertError(r, 401, "invalid_client");
            assertThat(r.headers().firstValue("WWW-Authenticate"))
                    .as("RFC 6749 §5.2 challenge")
                    .hasValueSatisfying(v -> assertThat(v).startsWith("Basic"));
        }
    }

    @Test
    void tokenWhenGetThenMethodNotAllowed() {
        HttpResponse<String> r = Http.get(emu.tokenUrl() + "?grant_type=client_credentials", "Authorization", auth());
        assertError(r, 405, "invalid_request");
        assertThat(r.headers().firstValue("Allow")).hasValue("POST");
    }

    @Test
    void tokenWhenWrongOrMissingContentTypeThenInvalidRequest() {
        HttpResponse<String> json = Http.send(HttpRequest.newBuilder(URI.create(emu.tokenUrl()))
                .header("Content-Type", "application/json")
                .header("Authorization", auth())
                .POST(HttpRequest.BodyPublishers.ofString("{\"grant_type\":\"client_credentials\"}")));
        assertError(json, 400, "invalid_request");
        HttpResponse<String> none =
                Http.send(HttpRequest.newBuilder(URI.create(emu.tokenUrl() + "?grant_type=client_credentials"))
                        .header("Authorization", auth())
                        .POST(HttpRequest.BodyPublishers.noBody()));
        assertError(none, 400, "invalid_request");
        HttpResponse<String> garbage = Http.send(HttpRequest.newBuilder(URI.create(emu.tokenUrl()))
                .header("Content-Type", ";;;=")
                .header("Authorization", auth())
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials")));
        assertError(garbage, 400, "invalid_request");
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "'', invalid_request",
        "grant_type=, invalid_request",
        "grant_type=password, unsupported_grant_type",
        "grant_type=urn:ietf:params:oauth:grant-type:jwt-bearer, unsupported_grant_type",
        "grant_type=authorization_code&code=abc, unauthorized_client",
        "grant_type=refresh_token&refresh_token=abc, unauthorized_client",
        "grant_type=client_credentials&grant_type=client_credentials, invalid_request",
        "grant_type=client_credentials&scope=%zz, invalid_request",
    })
    void tokenWhenBadGrantRequestThenDocumentedError(String form, String error) {
        assertError(postForm(emu.tokenUrl(), form, "Authorization", auth()), 400, error);
    }

    @Test
    void tokenWhenBasicAndPostSecretTogetherThenInvalidRequest() {
        HttpResponse<String> r = postForm(
                emu.tokenUrl(),
                "grant_type=client_credentials&client_secret=" + emu.clientSecret(),
                "Authorization",
                auth());
        assertError(r, 400, "invalid_request");
    }

    @Test
    void tokenWhenBodyHugeThenInvalidRequestWithoutBuffering() {
        String huge = "grant_type=client_credentials&pad=" + "a".repeat(200_000);
        assertError(postForm(emu.tokenUrl(), huge, "Authorization", auth()), 400, "invalid_request");
    }

    /** fidelity.md §1: a secret may contain '+', which Spring Security sends as %2B; the decoding is an [open] setting. */
    @ParameterizedTest(name = "{0}: raw accepted {1}, url-encoded accepted {2}")
    @CsvSource({"RAW, true, false", "FORM_URL_DECODED, false, true", "EITHER, true, true"})
    void tokenWhenSecretHasPlusThenBasicDecodingFollowsSetting(BasicCredentials mode, boolean raw, boolean encoded) {
        String secret = "abc+def+ghi+jkl+mno+pqr+stu+vwx";
        try (GatewayEmulator plus = GatewayEmulator.builder()
                .model(model)
                .settings(EmulatorSettings.defaults()
                        .withClient("fixedclientid0000000000000", secret)
                        .withBasicCredentials(mode))
                .start()) {
            String id = plus.clientId();
            HttpResponse<String> rawResponse =
                    postForm(plus.tokenUrl(), "grant_type=client_credentials", "Authorization", basic(id, secret));
            HttpResponse<String> encodedResponse = postForm(
                    plus.tokenUrl(),
                    "grant_type=client_credentials",
                    "Authorization",
                    basic(id, URLEncoder.encode(secret, StandardCharsets.UTF_8)));
            assertThat(rawResponse.statusCode() == 200)
                    .as("raw '+' accepted in %s mode", mode)
                    .isEqualTo(raw);
            assertThat(encodedResponse.statusCode() == 200)
                    .as("'%%2B' accepted in %s mode", mode)
                    .isEqualTo(encoded);
            // client_secret_post is form-decoded by definition, whatever the Basic setting
            HttpResponse<String> post = postForm(
                    plus.tokenUrl(),
                    "grant_type=client_credentials&client_id=" + id + "&client_secret="
                            + URLEncoder.encode(secret, StandardCharsets.UTF_8));
            assertThat(post.statusCode())
                    .as("client_secret_post with '+' in %s mode", mode)
                    .isEqualTo(200);
        }
    }

    @Test
    void jwksWhenFetchedThenTwoSigningKeysThatVerifyIssuedTokens() throws Exception {
        HttpResponse<String> r = Http.get(emu.jwksUrl());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(emu.jwksUrl()).endsWith("/" + emu.userPoolId() + "/.well-known/jwks.json");
        JWKSet set = JWKSet.parse(r.body());
        assertThat(set.getKeys()).hasSize(2);
        assertThat(set.getKeys()).allSatisfy(k -> {
            assertThat(k.getKeyUse().identifier()).isEqualTo("sig");
            assertThat(k.isPrivate())
                    .as("the JWKS must never contain private parts")
                    .isFalse();
        });
        assertThat(set.getKeys().get(0).getKeyID())
                .as("access and ID tokens have different kids")
                .isNotEqualTo(set.getKeys().get(1).getKeyID());
        SignedJWT access = SignedJWT.parse(Http.token(emu));
        SignedJWT id = SignedJWT.parse(emu.idToken("alice"));
        assertThat(access.getHeader().getKeyID()).isNotEqualTo(id.getHeader().getKeyID());
        RSAKey accessKey = (RSAKey) set.getKeyByKeyId(access.getHeader().getKeyID());
        assertThat(access.verify(new RSASSAVerifier(accessKey)))
                .as("access token verifies with the JWKS key")
                .isTrue();
        RSAKey idKey = (RSAKey) set.getKeyByKeyId(id.getHeader().getKeyID());
        assertThat(id.verify(new RSASSAVerifier(idKey)))
                .as("ID token verifies with the other JWKS key")
                .isTrue();
        assertThat(id.getJWTClaimsSet().getStringClaim("token_use")).isEqualTo("id");
        assertThat(id.getJWTClaimsSet().getAudience()).containsExactly(emu.clientId());
    }

    @Test
    void discoveryWhenFetchedThenNamesIssuerKeysAndTokenEndpoint() {
        HttpResponse<String> r = Http.get(emu.baseUrl() + "/" + emu.userPoolId() + "/.well-known/openid-configuration");
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode doc = json(r.body());
        assertThat(doc.get("issuer").asString()).isEqualTo(emu.issuer());
        assertThat(doc.get("jwks_uri").asString()).isEqualTo(emu.jwksUrl());
        assertThat(doc.get("token_endpoint").asString())
                .as("the pool's own token endpoint")
                .isEqualTo(emu.userPools().get(0).tokenUrl())
                .isEqualTo(emu.baseUrl() + "/" + emu.userPoolId() + "/oauth2/token");
        assertThat(Set.copyOf(doc.get("token_endpoint_auth_methods_supported")
                        .valueStream()
                        .map(JsonNode::asString)
                        .toList()))
                .containsExactlyInAnyOrder("client_secret_basic", "client_secret_post");
    }

    @Test
    void issuerWhenLocalStyleThenIsTheDiscoveryLocation() {
        try (GatewayEmulator local = GatewayEmulator.builder()
                .model(model)
                .settings(EmulatorSettings.defaults().withIssuerStyle(EmulatorSettings.IssuerStyle.LOCAL))
                .start()) {
            assertThat(local.issuer()).isEqualTo(local.baseUrl() + "/" + local.userPoolId());
            JsonNode doc = json(Http.get(local.issuer() + "/.well-known/openid-configuration")
                    .body());
            assertThat(doc.get("issuer").asString()).isEqualTo(local.issuer());
        }
    }

    @Test
    void keysWhenLoadedFromFileThenTokensVerifyAcrossRuns(@TempDir Path dir) throws Exception {
        Path keys = dir.resolve("keys.json");
        EmulatorSettings settings = EmulatorSettings.defaults()
                .withKeysFile(keys)
                .withUserPoolId("us-east-1_Repro1234")
                .withClient("reproducibleclientid000000", "reproduciblesecret0000000000000000");
        String token;
        try (GatewayEmulator first =
                GatewayEmulator.builder().model(model).settings(settings).start()) {
            token = Http.token(first);
        }
        assertThat(keys).as("keys file created on first run").isRegularFile();
        try (GatewayEmulator second =
                GatewayEmulator.builder().model(model).settings(settings).start()) {
            HttpResponse<String> r = Http.get(second.apiUrl(), "Authorization", token);
            assertThat(r.statusCode())
                    .as("a token of the first run is accepted by the second, body %s", r.body())
                    .isEqualTo(200);
        }
    }

    @Test
    void idsWhenKeysPersistInAFileThenThePoolKeepsThemAndItsTokensAcrossRuns(@TempDir Path dir) throws Exception {
        EmulatorSettings settings = EmulatorSettings.defaults().withKeysFile(dir.resolve("keys.json"));
        String token;
        String poolId;
        String clientId;
        String secret;
        try (GatewayEmulator first =
                GatewayEmulator.builder().model(model).settings(settings).start()) {
            token = Http.token(first);
            poolId = first.userPoolId();
            clientId = first.clientId();
            secret = first.clientSecret();
            assertThat(first.keysFile()).hasValue(dir.resolve("keys.json"));
        }
        assertThat(poolId).matches("us-east-1_[A-Za-z0-9]{9}");
        assertThat(clientId).matches("[a-z0-9]{26}");
        try (GatewayEmulator second =
                GatewayEmulator.builder().model(model).settings(settings).start()) {
            assertThat(List.of(second.userPoolId(), second.clientId(), second.clientSecret()))
                    .as("the same keys, the same pool")
                    .containsExactly(poolId, clientId, secret);
            assertThat(second.issuer()).isEqualTo("https://cognito-idp.us-east-1.amazonaws.com/" + poolId);
            HttpResponse<String> r = Http.get(second.apiUrl(), "Authorization", token);
            assertThat(r.statusCode())
                    .as("a token of the first run is accepted by the second, body %s", r.body())
                    .isEqualTo(200);
        }
    }

    @Test
    void idsWhenOtherKeysOrNoKeysFileThenOtherIds(@TempDir Path dir) {
        List<String> seen = new ArrayList<>();
        for (EmulatorSettings settings : List.of(
                EmulatorSettings.defaults().withKeysFile(dir.resolve("a.json")),
                EmulatorSettings.defaults().withKeysFile(dir.resolve("b.json")),
                EmulatorSettings.defaults(),
                EmulatorSettings.defaults())) {
            try (GatewayEmulator emu =
                    GatewayEmulator.builder().model(model).settings(settings).start()) {
                seen.add(emu.userPoolId() + " " + emu.clientId() + " " + emu.clientSecret());
                assertThat(emu.keysFile()).isEqualTo(settings.keysFile());
            }
        }
        assertThat(seen).as("no two pools share ids").doesNotHaveDuplicates();
    }

    static void assertError(HttpResponse<String> r, int status, String error) {
        assertThat(r.statusCode()).as("status of %s", r.body()).isEqualTo(status);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json;charset=UTF-8");
        assertThat(json(r.body()).get("error").asString()).as("error code").isEqualTo(error);
        assertThat(r.body()).as("exactly the error object, nothing leaked").isEqualTo("{\"error\":\"" + error + "\"}");
    }
}
