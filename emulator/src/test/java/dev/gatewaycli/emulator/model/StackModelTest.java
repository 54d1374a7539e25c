package dev.gatewaycli.emulator.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatewaycli.emulator.TestStacks;
import dev.gatewaycli.emulator.http.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** The template → model step: what it reads, how it resolves intrinsics, and how it says what it cannot model. */
class StackModelTest {

    /** Fixed ids: the first pool, client and API get these. */
    static final PhysicalIds IDS = new PhysicalIds() {
        final PhysicalIds derived = PhysicalIds.derived("test");

        @Override
        public String userPoolId(String region, int ordinal) {
            return ordinal == 0 ? region + "_Abc123XYZ" : derived.userPoolId(region, ordinal);
        }

        @Override
        public String clientId(int ordinal) {
            return ordinal == 0 ? "clientidclientidclientid00" : derived.clientId(ordinal);
        }

        @Override
        public String clientSecret(int ordinal) {
            return derived.clientSecret(ordinal);
        }

        @Override
        public String restApiId(int ordinal) {
            return ordinal == 0 ? "apiid12345" : derived.restApiId(ordinal);
        }

        @Override
        public String apiKeyId(int ordinal) {
            return derived.apiKeyId(ordinal);
        }

        @Override
        public String apiKeyValue(int ordinal) {
            return derived.apiKeyValue(ordinal);
        }
    };

    static final Deployment ID = new Deployment("eu-west-1", "111122223333", Map.of(), IDS);

    @TempDir
    Path dir;

    @BeforeEach
    void asset() {
        TestStacks.seed(dir); // copies the handler jar to asset.hello.jar
    }

    @Test
    void resolveWhenSeedTemplateThenEverythingComesFromIt() {
        ResolvedModel stack =
                StackModel.fromTemplate(TestStacks.template("Seed"), dir).resolve(ID);

        assertThat(stack.stackName()).isEqualTo("Seed");
        UserPoolModel pool = stack.userPools().get(0);
        assertThat(pool.name()).isEqualTo("cognito-api-user-pool");
        assertThat(pool.userPoolId()).isEqualTo("eu-west-1_Abc123XYZ");
        assertThat(pool.arn()).isEqualTo("arn:aws:cognito-idp:eu-west-1:111122223333:userpool/eu-west-1_Abc123XYZ");
        assertThat(pool.domainPrefix()).hasValue("gateway-cli-test");
        assertThat(pool.resourceServers())
                .singleElement()
                .satisfies(rs -> assertThat(rs.scopes()).containsExactly("users/read-only"));
        AppClientModel client = pool.clients().get(0);
        assertThat(client.clientId()).isEqualTo("clientidclientidclientid00");
        assertThat(client.clientSecret()).hasValue(IDS.clientSecret(0));
        assertThat(client.allowedScopes())
                .as("Fn::Join of Ref(resource server) and /read-only")
                .containsExactly("users/read-only");
        assertThat(client.allowedOAuthFlows()).containsExactly("client_credentials");
        assertThat(client.accessTokenValidity()).isEqualTo(Duration.ofMinutes(30));
        RestApiModel api = stack.apis().get(0);
        assertThat(api.stageNames()).containsExactly("prod");
        assertThat(api.apiId()).isEqualTo("apiid12345");
        assertThat(api.region()).isEqualTo("eu-west-1");
        MethodModel method = api.methods().get(0);
        assertThat(method.httpMethod()).isEqualTo("GET");
        assertThat(method.resourcePath()).isEqualTo("/");
        assertThat(method.scopes()).containsExactly("users/read-only");
        assertThat(method.authorizer()).hasValueSatisfying(a -> {
            assertThat(a.identityHeader()).isEqualTo("Authorization");
            assertThat(a.resultTtl()).isEmpty();
        });
        FunctionModel function = stack.functions().get(method.function());
        assertThat(function.handlerClass()).isEqualTo("dev.gatewaycli.handler.HelloHandler");
        assertThat(function.handlerMethod()).hasValue("handleRequest");
        assertThat(function.memoryMb()).isEqualTo(1024);
        assertThat(function.timeout()).isEqualTo(Duration.ofSeconds(60));
        assertThat(function.runtime()).isEqualTo("java17");
        assertThat(function.environment())
                .as("Ref to the pool resolves to the emulated pool id")
                .containsEntry("USER_POOL_ID", "eu-west-1_Abc123XYZ")
                .containsEntry("STAGE", "prod");
        assertThat(function.code()).isEqualTo(new FunctionModel.Asset(dir.resolve("asset.hello.jar")));
    }

    @Test
    void resolveWhenFunctionsTemplateThenNestedAndGreedyPaths() {
        TestStacks.testFunctionsAsset(dir.resolve("asset.testfunctions"));
        ResolvedModel stack =
                StackModel.fromTemplate(TestStacks.template("Functions"), dir).resolve(ID);
        assertThat(stack.apis().get(0).methods())
                .extracting(MethodModel::resourcePath)
                .contains("/items/{id}", "/files/{proxy+}", "/open");
        assertThat(stack.apis().get(0).methods())
                .filteredOn(m -> m.resourcePath().equals("/open"))
                .singleElement()
                .satisfies(m -> assertThat(m.authorizer()).isEmpty());
        assertThat(stack.functions()
                        .get("arn:aws:lambda:eu-west-1:111122223333:function:Functions-Echo")
                        .environment())
                .containsEntry("REGION", "eu-west-1");
    }

    @Test
    void fromCloudAssemblyWhenManifestNamesTheStackThenReadsIt() throws IOException {
        Files.copy(TestStacks.template("Seed"), dir.resolve("MyStack.template.json"));
        Files.writeString(dir.resolve("manifest.json"), """
                {"version":"48.0.0","artifacts":{
                  "MyStack.assets":{"type":"cdk:asset-manifest","properties":{"file":"MyStack.assets.json"}},
                  "MyStack":{"type":"aws:cloudformation:stack","properties":{"templateFile":"MyStack.template.json"}},
                  "Tree":{"type":"cdk:tree"}}}""");
        assertThat(StackModel.fromCloudAssembly(dir).stackName()).isEqualTo("MyStack");
        assertThat(StackModel.fromCloudAssembly(dir, "MyStack").stackNames()).containsExactly("MyStack");
        assertThatThrownBy(() -> StackModel.fromCloudAssembly(dir, "Other"))
                .isInstanceOf(ModelException.class)
                .hasMessageContaining("has no stack 'Other'");
        assertThatThrownBy(() -> StackModel.fromCloudAssembly(dir.resolve("nowhere")))
                .isInstanceOf(ModelException.class)
                .hasMessageContaining("has no manifest.json");
    }

    @Test
    void fromTemplateWhenNotJsonThenSaysSo() throws IOException {
        Path bad = dir.resolve("Bad.template.json");
        Files.writeString(bad, "{ not json");
        assertThatThrownBy(() -> StackModel.fromTemplate(bad, dir))
                .isInstanceOf(ModelException.class)
                .hasMessageContaining("is not valid JSON");
        assertThatThrownBy(() -> StackModel.fromTemplate(dir.resolve("Missing.template.json"), dir))
                .isInstanceOf(ModelException.class)
                .hasMessageContaining("does not exist");
    }

    @Test
    void fromTemplateWhenUnknownAuthorizationThenNamesMethodAndProperty() {
        assertModelError(
                t -> props(t, "restapiGET0F1E2D3C").put("AuthorizationType", "OAUTH"),
                "Stack 'Changed': Resource 'restapiGET0F1E2D3C' (AWS::ApiGateway::Method) property 'AuthorizationType': 'OAUTH' is not NONE");
    }

    @Test
    void fromTemplateWhenUnsupportedIntrinsicThenNamesResourceAndProperty() {
        assertModelError(
                t -> props(t, "HelloFunctionD909AE8C")
                        .putObject("MemorySize")
                        .putArray("Fn::Cidr")
                        .add("10.0.0.0/16")
                        .add(1)
                        .add(8),
                "Resource 'HelloFunctionD909AE8C' (AWS::Lambda::Function) property 'MemorySize': uses Fn::Cidr");
    }

    @Test
    void fromTemplateWhenFnIfNamesNoConditionThenNamesResourceAndProperty() {
        assertModelError(
                t -> props(t, "HelloFunctionD909AE8C")
                        .putObject("MemorySize")
                        .putArray("Fn::If")
                        .add("Cond")
                        .add(1)
                        .add(2),
                "Resource 'HelloFunctionD909AE8C' (AWS::Lambda::Function) property 'MemorySize': names the condition "
                        + "'Cond', which the template's Conditions do not define");
    }

    @Test
    void fromTemplateWhenAssetMissingThenNamesFunctionAndCode() {
        assertModelError(
                t -> ((ObjectNode)
                                t.get("Resources").get("HelloFunctionD909AE8C").get("Metadata"))
                        .put("aws:asset:path", "asset.gone.jar"),
                "Resource 'HelloFunctionD909AE8C' (AWS::Lambda::Function) property 'Code': asset 'asset.gone.jar' not found");
    }

    @Test
    void fromTemplateWhenRuntimeNotEmulatedThenNamesRuntime() {
        assertModelError(
                t -> props(t, "HelloFunctionD909AE8C").put("Runtime", "ruby3.3"),
                "property 'Runtime': 'ruby3.3' is not emulated (the emulator runs nodejs*.x, python3.*, java*");
    }

    @Test
    void fromTemplateWhenReservedVariableThenRefusedAsLambdaWould() {
        assertModelError(
                t -> ((ObjectNode) props(t, "HelloFunctionD909AE8C")
                                .get("Environment")
                                .get("Variables"))
                        .put("AWS_REGION", "eu-west-1"),
                "property 'Environment.Variables.AWS_REGION': is a variable Lambda reserves");
    }

    @Test
    void fromTemplateWhenLimitsOutsideLambdasThenNamesThem() {
        assertModelError(
                t -> props(t, "HelloFunctionD909AE8C").put("MemorySize", 64),
                "property 'MemorySize': 64 is outside Lambda's 128 to 10240 MB");
        assertModelError(
                t -> props(t, "HelloFunctionD909AE8C").put("Timeout", 901),
                "property 'Timeout': 901 is outside Lambda's 1 to 900 seconds");
        assertModelError(
                t -> props(t, "HelloFunctionD909AE8C").put("ReservedConcurrentExecutions", -1),
                "property 'ReservedConcurrentExecutions': is negative");
    }

    @Test
    void fromTemplateWhenInlineCodeForJavaThenRefused() {
        assertModelError(
                t -> {
                    ObjectNode function = (ObjectNode) t.get("Resources").get("HelloFunctionD909AE8C");
                    function.remove("Metadata");
                    ((ObjectNode) function.get("Properties")).putObject("Code").put("ZipFile", "class X {}");
                },
                "property 'Code.ZipFile': inline code is for Node.js and Python runtimes only");
    }

    @Test
    void fromTemplateWhenValidityOutOfRangeThenNamesIt() {
        assertModelError(
                t -> props(t, "UserPoolClient2F5918F7").put("AccessTokenValidity", 2),
                "Resource 'UserPoolClient2F5918F7' (AWS::Cognito::UserPoolClient) property 'AccessTokenValidity'");
    }

    @Test
    void fromTemplateWhenThePoolIsRemovedThenNamesTheDanglingRef() {
        assertModelError(
                t -> ((ObjectNode) t.get("Resources")).remove("UserPool6BA7E5F2"),
                "property 'UserPoolId': Ref to 'UserPool6BA7E5F2' cannot be resolved");
    }

    @Test
    void fromTemplateWhenRefToUnknownResourceThenNamesTheRef() {
        assertModelError(
                t -> props(t, "restapiGET0F1E2D3C").putObject("ResourceId").put("Ref", "Nowhere"),
                "Resource 'restapiGET0F1E2D3C' (AWS::ApiGateway::Method) property 'ResourceId': Ref to 'Nowhere' cannot be resolved");
    }

    @Test
    void fromTemplateWhenHttpIntegrationThenNamesIntegrationType() {
        assertModelError(
                t -> ((ObjectNode) props(t, "restapiGET0F1E2D3C").get("Integration")).put("Type", "HTTP_PROXY"),
                "property 'Integration.Type': 'HTTP_PROXY' is not emulated");
    }

    @Test
    void fromTemplateWhenNoStageThenSaysTheApiHasNoUrl() {
        assertModelError(
                t -> ((ObjectNode) t.get("Resources")).remove("restapiDeploymentStageprod"), "so the API has no URL");
    }

    private static ObjectNode props(JsonNode template, String logicalId) {
        return (ObjectNode) template.get("Resources").get(logicalId).get("Properties");
    }

    private void assertModelError(Consumer<JsonNode> change, String message) {
        JsonNode template = Json.MAPPER.readTree(TestStacks.template("Seed").toFile());
        change.accept(template);
        Path file = dir.resolve("Changed.template.json");
        try {
            Files.write(file, Json.bytes(template));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        assertThatThrownBy(() -> StackModel.fromTemplate(file, dir).resolve(ID))
                .as("a one-line message naming what cannot be modelled")
                .isInstanceOf(ModelException.class)
                .hasMessageContaining(message)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }
}
