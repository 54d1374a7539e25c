package dev.gatewaycli.emulator.apigateway;

import static dev.gatewaycli.emulator.Http.assertGateway;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gatewaycli.emulator.EmulatorSettings;
import dev.gatewaycli.emulator.GatewayEmulator;
import dev.gatewaycli.emulator.Http;
import dev.gatewaycli.emulator.TestApps;
import dev.gatewaycli.emulator.lambda.FunctionSettings;
import dev.gatewaycli.emulator.model.StackModel;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.node.ObjectNode;

/**
 * The {@code gateway-features} assembly with the settings a CDK app can also have, written into a copy of its
 * template: a request validator with required parameters, mock integrations that refuse, API keys from the
 * authorizer, a {@code DEFAULT_5XX} customization, and a Lambda authorizer that outruns the integration timeout.
 */
@Timeout(60)
class ChangedFeaturesTest {

    @TempDir
    static Path dir;

    static GatewayEmulator emu;

    @BeforeAll
    static void start() {
        Path copy = TestApps.copy("gateway-features", dir);
        TestApps.edit(copy, "Features", t -> {
            ObjectNode resources = (ObjectNode) t.get("Resources");
            resources
                    .putObject("Validator")
                    .put("Type", "AWS::ApiGateway::RequestValidator")
                    .putObject("Properties")
                    .put("ValidateRequestParameters", true)
                    .put("ValidateRequestBody", true)
                    .putObject("RestApiId")
                    .put("Ref", "FeaturesApiB8863B46");
            ObjectNode open = props(t, "FeaturesApiopenGETBB209711");
            open.putObject("RequestValidatorId").put("Ref", "Validator");
            open.putObject("RequestParameters")
                    .put("method.request.querystring.q", true)
                    .put("method.request.header.X-Need", true)
                    .put("method.request.querystring.optional", false);
            ObjectNode mock =
                    (ObjectNode) props(t, "FeaturesApimockGET1B6ABD9C").get("Integration");
            mock.put("PassthroughBehavior", "NEVER");
            ((ObjectNode) mock.withArray("IntegrationResponses").get(0)).put("SelectionPattern", "5\\d\\d");
            props(t, "FeaturesApiB8863B46").put("ApiKeySourceType", "AUTHORIZER");
            props(t, "FeaturesApitokenANY9F104489").put("ApiKeyRequired", true);
            ObjectNode fiveXx = resources
                    .putObject("Default5xx")
                    .put("Type", "AWS::ApiGateway::GatewayResponse")
                    .putObject("Properties")
                    .put("ResponseType", "DEFAULT_5XX")
                    .put("StatusCode", "503");
            fiveXx.putObject("ResponseParameters").put("gatewayresponse.header.X-Five", "'yes'");
            fiveXx.putObject("RestApiId").put("Ref", "FeaturesApiB8863B46");
        });
        // An integration timeout far above a cold start (the Java functions run in this JVM, even on a loaded machine)
        // and far below the slow authorizer's ten seconds.
        EmulatorSettings settings = EmulatorSettings.defaults().withIntegrationTimeout(Duration.ofSeconds(3));
        emu = GatewayEmulator.builder()
                .model(StackModel.fromCloudAssembly(copy))
                .settings(settings.withFunctions(settings.functions().withMode(FunctionSettings.Mode.IN_PROCESS)))
                .start();
    }

    @AfterAll
    static void stop() {
        emu.close();
    }

    static ObjectNode props(ObjectNode template, String logicalId) {
        return (ObjectNode) template.get("Resources").get(logicalId).get("Properties");
    }

    static String url(String path) {
        return emu.apiUrl() + path;
    }

    @Test
    void validatorWhenRequiredParametersAreMissingThen400NamingThem() {
        HttpResponse<String> r = Http.get(url("open"));
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).isEqualTo("{\"message\":\"Missing required request parameters: [q, X-Need]\"}");
        assertThat(r.headers().firstValue("x-amzn-errortype")).hasValue("BadRequestException");
        assertThat(r.headers().firstValue("X-Gateway"))
                .as("DEFAULT_4XX's header")
                .hasValue("features");
        assertThat(Http.get(url("open?q=1"), "X-Need", "yes").statusCode()).isEqualTo(200);
    }

    @Test
    void mockWhenNoTemplateAndPassthroughNeverThen415() {
        assertGateway(
                Http.get(url("mock"), "Content-Type", "text/plain"),
                415,
                "Unsupported Media Type",
                "UnsupportedMediaTypeException");
    }

    @Test
    void mockWhenNoIntegrationResponseMatchesThen500ApiConfigurationError() {
        HttpResponse<String> r = Http.get(url("mock"));
        assertThat(r.statusCode()).as("DEFAULT_5XX's status code").isEqualTo(503);
        assertThat(r.body()).isEqualTo("{\"message\":\"Internal server error\"}");
        assertThat(r.headers().firstValue("X-Five")).hasValue("yes");
        assertThat(r.headers().firstValue("x-amzn-errortype")).hasValue("InternalServerErrorException");
    }

    @Test
    void authorizerKeySourceWhenTheAuthorizerNamesAPlanKeyThenAllowedWithThatKey() {
        GatewayEmulator.ApiKey fixed = emu.apiKeys().stream()
                .filter(k -> k.name().equals("fixed-key"))
                .findFirst()
                .orElseThrow();
        HttpResponse<String> r = Http.get(url("token"), "Authorization", "key-" + fixed.value());
        assertThat(r.statusCode()).as("body %s", r.body()).isEqualTo(200);
        assertThat(Http.json(r.body()).at("/requestContext/identity/apiKeyId").asString())
                .isEqualTo(fixed.id());
        assertGateway(
                Http.get(url("token"), "Authorization", "allow", "x-api-key", fixed.value()),
                403,
                "Forbidden",
                "ForbiddenException");
    }

    @Test
    void authorizerWhenItOutrunsTheIntegrationTimeoutThen500AndTheFamilysCustomization() {
        HttpResponse<String> r = Http.get(url("request?user=x"), "X-Tenant", "acme");
        assertThat(r.statusCode()).as("a fast authorizer still answers").isEqualTo(200);
        HttpResponse<String> slow = Http.get(url("token"), "Authorization", "slow");
        assertThat(slow.statusCode()).isEqualTo(503);
        assertThat(slow.body()).isEqualTo("{\"message\":null}");
        assertThat(slow.headers().firstValue("x-amzn-errortype")).hasValue("AuthorizerConfigurationException");
        assertThat(slow.headers().firstValue("X-Five")).hasValue("yes");
    }

    @Test
    void modelWhenAValidatorValidatesTheBodyOfAMethodWithModelsThenRefusedAtLoad(@TempDir Path other) {
        Path copy = TestApps.copy("gateway-features", other);
        TestApps.edit(copy, "Features", t -> {
            ((ObjectNode) t.get("Resources"))
                    .putObject("Validator")
                    .put("Type", "AWS::ApiGateway::RequestValidator")
                    .putObject("Properties")
                    .put("ValidateRequestBody", true)
                    .putObject("RestApiId")
                    .put("Ref", "FeaturesApiB8863B46");
            ObjectNode open = props(t, "FeaturesApiopenGETBB209711");
            open.putObject("RequestValidatorId").put("Ref", "Validator");
            open.putObject("RequestModels").put("application/json", "Empty");
        });
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> GatewayEmulator.builder()
                        .model(StackModel.fromCloudAssembly(copy))
                        .start())
                .isInstanceOf(dev.gatewaycli.emulator.model.ModelException.class)
                .hasMessageContaining("Resource 'FeaturesApiopenGETBB209711' (AWS::ApiGateway::Method) property "
                        + "'RequestModels': validating the request body against a model is not emulated");
    }
}
