package dev.gatewaycli.emulator.apigateway;

import static dev.gatewaycli.emulator.apigateway.ApiGatewayTest.assertGateway;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gatewaycli.emulator.GatewayEmulator;
import dev.gatewaycli.emulator.Http;
import dev.gatewaycli.emulator.TestStacks;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * A second template, to prove the model comes from the template and not from a copy of our stack: stage {@code v1},
 * two resources, two scopes ({@code shop/read}, {@code shop/write}), and {@code GET /profile} without scopes, which
 * therefore wants an ID token (fidelity.md §2).
 */
class ShopTemplateTest {

    @TempDir
    static Path assets;

    static GatewayEmulator emu;
    static String read;
    static String write;

    @BeforeAll
    static void start() {
        emu = GatewayEmulator.builder()
                .model(TestStacks.withTestFunctions("Shop", assets))
                .start();
        read = Http.token(emu, "shop/read");
        write = Http.token(emu, "shop/write");
    }

    @AfterAll
    static void stop() {
        emu.close();
    }

    @Test
    void modelWhenShopTemplateThenStageResourcesAndScopesFromIt() {
        assertThat(emu.apiUrl()).endsWith("/v1/");
        assertThat(emu.scopes()).containsExactly("shop/read", "shop/write");
        assertThat(emu.stack().apis().get(0).methods())
                .extracting(m -> m.httpMethod() + " " + m.resourcePath())
                .containsExactlyInAnyOrder("GET /items", "POST /items", "GET /profile");
    }

    @Test
    void tokenWhenScopeOmittedThenCarriesBothScopes() throws Exception {
        String all = Http.token(emu);
        assertThat(com.nimbusds.jwt.SignedJWT.parse(all).getJWTClaimsSet().getStringClaim("scope"))
                .isEqualTo("shop/read shop/write");
    }

    @Test
    void getItemsWhenEitherScopeThenAllowedBecauseScopesAreAnyOf() {
        assertThat(Http.get(emu.apiUrl() + "items", "Authorization", read).statusCode())
                .isEqualTo(200);
        assertThat(Http.get(emu.apiUrl() + "items", "Authorization", write).statusCode())
                .isEqualTo(200);
    }

    @Test
    void postItemsWhenTokenLacksTheScopeThenUnauthorized() {
        HttpResponse<String> denied = Http.send(HttpRequest.newBuilder(URI.create(emu.apiUrl() + "items"))
                .header("Authorization", read)
                .POST(HttpRequest.BodyPublishers.ofString("{}")));
        assertGateway(denied, 401, "Unauthorized", "UnauthorizedException");
        HttpResponse<String> allowed = Http.send(HttpRequest.newBuilder(URI.create(emu.apiUrl() + "items"))
                .header("Authorization", write)
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"x\"}")));
        assertThat(allowed.statusCode()).isEqualTo(200);
        assertThat(Http.json(allowed.body()).get("body").asString()).isEqualTo("{\"name\":\"x\"}");
    }

    @Test
    void getProfileWhenAccessTokenThenUnauthorizedBecauseMethodWithoutScopesWantsAnIdToken() {
        assertGateway(
                Http.get(emu.apiUrl() + "profile", "Authorization", read),
                401,
                "Unauthorized",
                "UnauthorizedException");
    }

    @Test
    void getProfileWhenIdTokenThenAllowedWithTheUsersClaims() {
        HttpResponse<String> r = Http.get(emu.apiUrl() + "profile", "Authorization", emu.idToken("alice"));
        assertThat(r.statusCode()).as("body %s", r.body()).isEqualTo(200);
        JsonNode claims = Http.json(r.body()).at("/requestContext/authorizer/claims");
        assertThat(claims.get("cognito:username").asString()).isEqualTo("alice");
        assertThat(claims.get("token_use").asString()).isEqualTo("id");
        assertThat(claims.get("aud").asString()).isEqualTo(emu.clientId());
    }

    @Test
    void getItemsWhenIdTokenThenUnauthorized() {
        assertGateway(
                Http.get(emu.apiUrl() + "items", "Authorization", emu.idToken("alice")),
                401,
                "Unauthorized",
                "UnauthorizedException");
    }
}
