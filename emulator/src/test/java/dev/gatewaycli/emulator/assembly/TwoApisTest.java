package dev.gatewaycli.emulator.assembly;

import static dev.gatewaycli.emulator.Http.assertGateway;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.SignedJWT;
import dev.gatewaycli.emulator.GatewayEmulator;
import dev.gatewaycli.emulator.Http;
import dev.gatewaycli.emulator.TestApps;
import dev.gatewaycli.emulator.model.StackModel;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The {@code two-apis} test app over real HTTP: two REST APIs on one server, each stage at
 * {@code /<restApiId>/<stage>/}; a pool without app clients and a pool with two; the shared token endpoint and each
 * pool's own.
 */
class TwoApisTest {

    static GatewayEmulator emu;
    static GatewayEmulator.Api publicApi;
    static GatewayEmulator.Api partnerProd;
    static GatewayEmulator.Api partnerBeta;
    static GatewayEmulator.Client reader;
    static GatewayEmulator.Client writer;

    @BeforeAll
    static void start() {
        emu = GatewayEmulator.builder()
                .model(StackModel.fromCloudAssembly(TestApps.assembly("two-apis")))
                .start();
        publicApi = api("public-api", "prod");
        partnerProd = api("partner-api", "prod");
        partnerBeta = api("partner-api", "beta");
        reader = client("partner-reader");
        writer = client("partner-writer");
    }

    @AfterAll
    static void stop() {
        emu.close();
    }

    static GatewayEmulator.Api api(String name, String stage) {
        return emu.apis().stream()
                .filter(a -> a.name().equals(name) && a.stage().equals(stage))
                .findFirst()
                .orElseThrow(() -> new AssertionError(name + " " + stage + " not in " + emu.apis()));
    }

    static GatewayEmulator.Client client(String name) {
        return emu.clients().stream()
                .filter(c -> c.name().equals(name))
                .findFirst()
                .orElseThrow();
    }

    static String token(GatewayEmulator.Client client, String url) {
        HttpResponse<String> r = Http.postForm(
                url,
                "grant_type=client_credentials",
                "Authorization",
                Http.basic(client.clientId(), client.clientSecret()));
        assertThat(r.statusCode()).as("token, body %s", r.body()).isEqualTo(200);
        return Http.json(r.body()).get("access_token").asString();
    }

    @Test
    void layoutWhenTwoApisThenEachStageHasItsOwnBaseUrlAndTheFirstIsApiUrl() {
        assertThat(emu.apis()).hasSize(3);
        assertThat(partnerProd.url()).isEqualTo(emu.baseUrl() + "/" + partnerProd.restApiId() + "/prod/");
        assertThat(partnerBeta.url()).isEqualTo(emu.baseUrl() + "/" + partnerProd.restApiId() + "/beta/");
        assertThat(publicApi.restApiId()).isNotEqualTo(partnerProd.restApiId());
        assertThat(emu.apiUrl()).isEqualTo(publicApi.url());
        assertGateway(
                Http.get(emu.baseUrl() + "/prod/"),
                403,
                "Missing Authentication Token",
                "MissingAuthenticationTokenException");
    }

    @Test
    void poolsWhenOneHasNoClientThenItIsServedAndTheSingleValuedFieldsNameTheFirstClientsPool() throws Exception {
        assertThat(emu.userPools()).extracting(GatewayEmulator.UserPool::name).containsExactly("staff", "partners");
        assertThat(emu.clientId()).as("the first client, of the second pool").isEqualTo(reader.clientId());
        GatewayEmulator.UserPool partners = emu.userPools().get(1);
        assertThat(reader.userPoolId()).isEqualTo(partners.userPoolId());
        assertThat(emu.userPoolId()).as("its pool, so that its tokens verify").isEqualTo(partners.userPoolId());
        assertThat(emu.issuer()).isEqualTo(partners.issuer());
        assertThat(emu.jwksUrl()).isEqualTo(partners.jwksUrl());
        SignedJWT token = SignedJWT.parse(token(reader, emu.tokenUrl()));
        assertThat(token.getJWTClaimsSet().getIssuer()).isEqualTo(emu.issuer());
        assertThat(JWKSet.parse(Http.get(emu.jwksUrl()).body())
                        .getKeyByKeyId(token.getHeader().getKeyID()))
                .as("the JWKS the profile names verifies the client's tokens")
                .isNotNull();
        assertThat(Http.get(emu.userPools().get(0).jwksUrl()).statusCode())
                .as("the pool without clients is served too")
                .isEqualTo(200);
    }

    @Test
    void publicWhenALambdaRestApiProxyThenAnyPathAndMethodReachTheFunction() {
        assertThat(Http.get(publicApi.url()).body()).isEqualTo("{\"content\":\"Hello from the Lambda function!\"}");
        HttpResponse<String> deep = Http.send(HttpRequest.newBuilder(URI.create(publicApi.url() + "a/b/c"))
                .POST(HttpRequest.BodyPublishers.ofString("{}")));
        assertThat(deep.statusCode()).isEqualTo(200);
    }

    @Test
    void partnerWhenScopesDifferThenEachMethodWantsItsOwn() {
        String read = token(reader, emu.tokenUrl());
        String write = token(writer, emu.tokenUrl());
        assertThat(Http.get(partnerProd.url() + "items", "Authorization", read).statusCode())
                .isEqualTo(200);
        assertThat(Http.get(partnerBeta.url() + "items/42", "Authorization", read)
                        .statusCode())
                .isEqualTo(200);
        HttpRequest.Builder delete = HttpRequest.newBuilder(URI.create(partnerProd.url() + "items/42"))
                .DELETE();
        assertGateway(
                Http.send(delete.copy().header("Authorization", read)), 401, "Unauthorized", "UnauthorizedException");
        assertThat(Http.send(delete.copy().header("Authorization", write)).statusCode())
                .isEqualTo(200);
    }

    @Test
    void tokenWhenAPoolsOwnEndpointThenOnlyItsClientsGetTokens() {
        String partnersEndpoint = emu.userPools().get(1).tokenUrl();
        String staffEndpoint = emu.userPools().get(0).tokenUrl();
        assertThat(partnersEndpoint).isEqualTo(emu.baseUrl() + "/" + reader.userPoolId() + "/oauth2/token");
        assertThat(token(writer, partnersEndpoint)).isNotBlank();
        HttpResponse<String> wrongPool = Http.postForm(
                staffEndpoint,
                "grant_type=client_credentials",
                "Authorization",
                Http.basic(writer.clientId(), writer.clientSecret()));
        assertThat(wrongPool.statusCode()).isEqualTo(400);
        assertThat(wrongPool.body()).isEqualTo("{\"error\":\"invalid_client\"}");
        assertThat(Http.get(staffEndpoint).statusCode())
                .as("GET on a token endpoint")
                .isEqualTo(405);
    }

    @Test
    void endpointsJsonWhenSeveralOfEachThenEveryApiAndClientIsListed() {
        var line = Http.json(emu.endpointsJson());
        assertThat(line.get("apis").size()).isEqualTo(3);
        assertThat(line.get("clients").size()).isEqualTo(2);
        assertThat(line.at("/clients/1/name").asString()).isEqualTo("partner-writer");
        assertThat(line.at("/clients/1/scopes").size()).isEqualTo(2);
        assertThat(line.get("apiUrl").asString()).isEqualTo(publicApi.url());
        assertThat(line.get("clientId").asString()).isEqualTo(reader.clientId());
    }
}
