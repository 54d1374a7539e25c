package dev.gatewaycli.emulator.assembly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jwt.SignedJWT;
import dev.gatewaycli.emulator.EmulatorSettings;
import dev.gatewaycli.emulator.GatewayEmulator;
import dev.gatewaycli.emulator.Http;
import dev.gatewaycli.emulator.TestApps;
import dev.gatewaycli.emulator.model.StackModel;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The {@code multi-stack} test app over real HTTP: the pool in one stack and the API in another, pinned to
 * {@code eu-central-1} and the account {@code 111122223333}, joined by an SSM parameter and an export; and a third,
 * environment-agnostic stack in the settings' Region. A correctly scoped call gets 200, as in AWS.
 */
class MultiStackTest {

    static GatewayEmulator emu;

    @BeforeAll
    static void start() {
        emu = GatewayEmulator.builder()
                .model(StackModel.fromCloudAssembly(TestApps.assembly("multi-stack")))
                .start();
    }

    @AfterAll
    static void stop() {
        emu.close();
    }

    @Test
    void identityWhenThePoolsStackIsPinnedThenIdIssuerAndRegionAreItsRegions() {
        assertThat(emu.userPoolId()).startsWith("eu-central-1_");
        assertThat(emu.issuer()).isEqualTo("https://cognito-idp.eu-central-1.amazonaws.com/" + emu.userPoolId());
        assertThat(emu.region()).isEqualTo("eu-central-1");
        assertThat(emu.clients()).singleElement().satisfies(c -> {
            assertThat(c.name()).isEqualTo("m2m-machine");
            assertThat(c.userPoolId()).isEqualTo(emu.userPoolId());
            assertThat(c.scopes()).containsExactly("orders/read");
        });
    }

    @Test
    void ordersWhenAScopedTokenThenThePinnedApiAnswers200() throws Exception {
        String token = Http.token(emu, "orders/read");
        assertThat(SignedJWT.parse(token).getJWTClaimsSet().getIssuer()).isEqualTo(emu.issuer());
        GatewayEmulator.Api orders = emu.apis().stream()
                .filter(a -> a.name().equals("orders-api"))
                .findFirst()
                .orElseThrow();
        assertThat(orders.url()).isEqualTo(emu.baseUrl() + "/" + orders.restApiId() + "/live/");
        HttpResponse<String> r = Http.get(orders.url() + "orders", "Authorization", token);
        assertThat(r.statusCode()).as("body %s", r.body()).isEqualTo(200);
        JsonNode context = Http.json(r.body()).get("requestContext");
        assertThat(context.get("accountId").asString()).isEqualTo("111122223333");
        assertThat(context.get("domainName").asString())
                .isEqualTo(orders.restApiId() + ".execute-api.eu-central-1.amazonaws.com");
        assertThat(context.at("/authorizer/claims/scope").asString()).isEqualTo("orders/read");
    }

    @Test
    void statusWhenTheStackIsNotPinnedThenItAnswersInTheSettingsRegion() {
        GatewayEmulator.Api status = emu.apis().stream()
                .filter(a -> a.name().equals("status-api"))
                .findFirst()
                .orElseThrow();
        HttpResponse<String> r = Http.get(status.url() + "anything/below");
        assertThat(r.statusCode()).as("body %s", r.body()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("{\"content\":\"Hello from the Lambda function!\"}");
        assertThat(emu.stack().apis().get(1).region()).isEqualTo("us-east-1");
    }

    @Test
    void settingsWhenTheFixedPoolIdHasAnotherRegionThenRefusedAtStart() {
        assertThatThrownBy(() -> GatewayEmulator.builder()
                        .model(StackModel.fromCloudAssembly(TestApps.assembly("multi-stack")))
                        .settings(EmulatorSettings.defaults().withUserPoolId("us-east-1_Fixed1234"))
                        .start())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("does not start with the Region of the first user pool, eu-central-1_");
        try (GatewayEmulator fixed = GatewayEmulator.builder()
                .model(StackModel.fromCloudAssembly(TestApps.assembly("multi-stack"), "M2MApi"))
                .settings(EmulatorSettings.defaults().withUserPoolId("eu-central-1_Fixed1234"))
                .start()) {
            assertThat(fixed.userPoolId()).isEqualTo("eu-central-1_Fixed1234");
            assertThat(fixed.stack().stackName()).isEqualTo("M2MApi");
            assertThat(fixed.apis())
                    .as("M2MApi and the M2MIdentity it depends on: one API")
                    .hasSize(1);
            assertThat(fixed.apiUrl()).isEqualTo(fixed.baseUrl() + "/live/");
        }
    }
}
