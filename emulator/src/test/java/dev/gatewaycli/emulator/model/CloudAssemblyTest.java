package dev.gatewaycli.emulator.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatewaycli.emulator.TestApps;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.node.ObjectNode;

/**
 * Whole cloud assemblies synthesized by the real CDK ({@code testapps}): several stacks at once, cross-stack
 * references through an export and an SSM parameter, a pinned account and Region, template parameters with overrides,
 * conditions, mappings, and what is refused with one line naming stack, resource and property.
 */
class CloudAssemblyTest {

    static final Deployment US_EAST_1 = Deployment.of("us-east-1", "123456789012");

    @TempDir
    Path dir;

    static ResolvedModel multiStack(String stack) {
        return StackModel.fromCloudAssembly(TestApps.assembly("multi-stack"), stack)
                .resolve(US_EAST_1);
    }

    @Test
    void resolveWhenEveryStackThenPinnedStacksKeepTheirEnvironmentAndOthersTakeTheDeployments() {
        ResolvedModel model = multiStack(null);
        assertThat(model.stackNames()).containsExactly("M2MIdentity", "M2MApi", "M2MStatus");
        UserPoolModel pool = model.userPools().get(0);
        assertThat(pool.region()).isEqualTo("eu-central-1");
        assertThat(pool.accountId()).isEqualTo("111122223333");
        assertThat(pool.userPoolId()).startsWith("eu-central-1_");
        assertThat(pool.domainPrefix()).hasValue("m2m-gateway-cli-test");
        assertThat(pool.clients())
                .singleElement()
                .satisfies(c -> assertThat(c.allowedScopes()).containsExactly("orders/read"));
        assertThat(model.apis())
                .extracting(RestApiModel::name, RestApiModel::region, RestApiModel::accountId)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("orders-api", "eu-central-1", "111122223333"),
                        org.assertj.core.groups.Tuple.tuple("status-api", "us-east-1", "123456789012"));
    }

    @Test
    void resolveWhenAnSsmParameterAndAnExportJoinStacksThenTheirValuesAreTheOtherStacksResources() {
        ResolvedModel model = multiStack(null);
        UserPoolModel pool = model.userPools().get(0);
        FunctionModel echo = model.functions().values().stream()
                .filter(f -> f.functionName().startsWith("M2MApi-"))
                .findFirst()
                .orElseThrow();
        assertThat(echo.environment())
                .as("the SSM parameter's value, never its name (/m2m/user-pool-id)")
                .containsEntry("USER_POOL_ID", pool.userPoolId())
                .containsEntry("USER_POOL_ARN", pool.arn());
        MethodModel orders = model.apis().get(0).methods().stream()
                .filter(m -> m.resourcePath().equals("/orders"))
                .findFirst()
                .orElseThrow();
        assertThat(orders.authorizer())
                .hasValueSatisfying(a -> assertThat(a.userPoolIds()).containsExactly(pool.userPoolId()));
        assertThat(orders.function()).startsWith("arn:aws:lambda:eu-central-1:111122223333:function:M2MApi-");
    }

    @Test
    void resolveWhenOneStackIsNamedThenItAndWhatItDependsOnAreEmulated() {
        assertThat(multiStack("M2MApi").stackNames()).containsExactly("M2MApi", "M2MIdentity");
        ResolvedModel status = multiStack("M2MStatus");
        assertThat(status.stackNames()).containsExactly("M2MStatus");
        assertThat(status.userPools()).isEmpty();
        assertThat(status.apis())
                .singleElement()
                .satisfies(a -> assertThat(a.methods())
                        .extracting(m -> m.httpMethod() + " " + m.resourcePath())
                        .containsExactlyInAnyOrder("ANY /", "ANY /{proxy+}"));
        assertThatThrownBy(() -> multiStack("Nope"))
                .isInstanceOf(ModelException.class)
                .hasMessageContaining("has no stack 'Nope'")
                .hasMessageContaining("M2MIdentity");
    }

    @Test
    void resolveWhenAStackIsNotEmulatedThenWhatNothingUsesOfItIsNotChecked() {
        Path copy = TestApps.copy("multi-stack", dir);
        TestApps.edit(
                copy,
                "M2MIdentity",
                t -> ((ObjectNode) t.get("Parameters")).putObject("Unused").put("Type", "String"));
        assertThat(StackModel.fromCloudAssembly(copy, "M2MStatus")
                        .resolve(US_EAST_1)
                        .stackNames())
                .as("M2MIdentity is not emulated, so its parameter without a value does not matter")
                .containsExactly("M2MStatus");
        assertThatThrownBy(() -> StackModel.fromCloudAssembly(copy, "M2MApi").resolve(US_EAST_1))
                .isInstanceOf(ModelException.class)
                .hasMessage("Stack 'M2MIdentity': Parameter 'Unused': has no Default and no value; give one with "
                        + "--parameter-overrides Unused=VALUE");
    }

    @Test
    void resolveWhenNoStackWritesTheSsmParameterThenALoadErrorNamesItAndNotItsName() {
        Path copy = TestApps.copy("multi-stack", dir);
        TestApps.edit(copy, "M2MIdentity", t -> ((ObjectNode) t.get("Resources")).remove("PoolIdParameterF934880E"));
        assertThatThrownBy(() -> StackModel.fromCloudAssembly(copy).resolve(US_EAST_1))
                .isInstanceOf(ModelException.class)
                .hasMessageStartingWith("Stack 'M2MApi': Resource 'Echo11F3FB29' (AWS::Lambda::Function) property "
                        + "'Environment.Variables.USER_POOL_ID'")
                .hasMessageContaining("SSM parameter '/m2m/user-pool-id' is written by no AWS::SSM::Parameter")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    @Test
    void resolveWhenNoStackExportsTheNameThenALoadErrorNamesTheImport() {
        Path copy = TestApps.copy("multi-stack", dir);
        TestApps.edit(copy, "M2MIdentity", t -> ((ObjectNode) t.get("Outputs")).remove("PoolArn"));
        assertThatThrownBy(() -> StackModel.fromCloudAssembly(copy).resolve(US_EAST_1))
                .isInstanceOf(ModelException.class)
                .hasMessageContaining("Stack 'M2MApi'")
                .hasMessageContaining(
                        "Fn::ImportValue of 'm2m-user-pool-arn': no stack of the cloud assembly exports it");
    }

    @Test
    void resolveWhenParametersHaveDefaultsThenConditionsMappingsAndFunctionsUseThem() {
        ResolvedModel model = features(Map.of());
        FunctionModel echo = echo(model);
        assertThat(echo.environment())
                .containsEntry("MODE", "development")
                .containsEntry("TIER", "small")
                .containsEntry(
                        "OWNER_B64", Base64.getEncoder().encodeToString("platform".getBytes(StandardCharsets.UTF_8)))
                .containsEntry("FIRST_AZ", "us-east-1a");
        assertThat(model.apiKeys()).extracting(ApiKeyModel::name).doesNotContain("prod-key");
    }

    @Test
    void resolveWhenParametersAreOverriddenThenTheConditionAndTheMappingFollow() {
        ResolvedModel model = features(Map.of("Environment", "prod", "Owner", "alice"));
        assertThat(echo(model).environment())
                .containsEntry("MODE", "production")
                .containsEntry("TIER", "large")
                .containsEntry(
                        "OWNER_B64", Base64.getEncoder().encodeToString("alice".getBytes(StandardCharsets.UTF_8)));
        assertThat(model.apiKeys()).extracting(ApiKeyModel::name).contains("prod-key");
    }

    @Test
    void resolveWhenAnOverrideIsNotAllowedOrUnknownThenALoadErrorNamesIt() {
        assertThatThrownBy(() -> features(Map.of("Environment", "staging")))
                .isInstanceOf(ModelException.class)
                .hasMessage(
                        "Stack 'Features': Parameter 'Environment': value 'staging' is not one of its AllowedValues "
                                + "[\"dev\",\"prod\"]");
        assertThatThrownBy(() -> features(Map.of("Enviroment", "prod")))
                .isInstanceOf(ModelException.class)
                .hasMessageContaining("The parameter override 'Enviroment' names no parameter")
                .hasMessageContaining("Environment");
    }

    @Test
    void resolveWhenAParameterHasNoDefaultAndNoOverrideThenALoadErrorSaysHowToGiveOne() {
        Path copy = TestApps.copy("gateway-features", dir);
        TestApps.edit(copy, "Features", t -> ((ObjectNode) t.get("Parameters").get("Owner")).remove("Default"));
        assertThatThrownBy(() -> StackModel.fromCloudAssembly(copy).resolve(US_EAST_1))
                .isInstanceOf(ModelException.class)
                .hasMessage("Stack 'Features': Parameter 'Owner': has no Default and no value; give one with "
                        + "--parameter-overrides Owner=VALUE");
        ResolvedModel given = StackModel.fromCloudAssembly(copy)
                .resolve(new Deployment("us-east-1", "123456789012", Map.of("Owner", "bob"), PhysicalIds.derived("t")));
        assertThat(echo(given).environment())
                .containsEntry("OWNER_B64", Base64.getEncoder().encodeToString("bob".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void resolveWhenSharedParametersNameATemplateParameterThenTheyGiveItsValueBeneathTheOverrides() {
        Path copy = TestApps.copy("gateway-features", dir);
        TestApps.edit(copy, "Features", t -> ((ObjectNode) t.get("Parameters").get("Owner")).remove("Default"));
        // An --env-vars file's Parameters: OWNER_OF_ALL is a variable for every function, no template parameter.
        Map<String, String> shared = Map.of("Owner", "alice", "OWNER_OF_ALL", "x");
        ResolvedModel fromShared = StackModel.fromCloudAssembly(copy)
                .resolve(new Deployment("us-east-1", "123456789012", Map.of(), PhysicalIds.derived("t"), shared));
        assertThat(echo(fromShared).environment())
                .containsEntry(
                        "OWNER_B64", Base64.getEncoder().encodeToString("alice".getBytes(StandardCharsets.UTF_8)));
        ResolvedModel overridden = StackModel.fromCloudAssembly(copy)
                .resolve(new Deployment(
                        "us-east-1", "123456789012", Map.of("Owner", "bob"), PhysicalIds.derived("t"), shared));
        assertThat(echo(overridden).environment())
                .containsEntry("OWNER_B64", Base64.getEncoder().encodeToString("bob".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void resolveWhenTheRegionChangesThenPseudoParametersAndArnsFollowIt() {
        ResolvedModel model = StackModel.fromCloudAssembly(TestApps.assembly("gateway-features"))
                .resolve(new Deployment("ap-southeast-2", "444455556666", Map.of(), PhysicalIds.derived("t")));
        assertThat(echo(model).environment()).containsEntry("FIRST_AZ", "ap-southeast-2a");
        assertThat(model.functions().keySet())
                .allMatch(arn -> arn.startsWith("arn:aws:lambda:ap-southeast-2:444455556666:"));
        assertThat(model.apis().get(0).region()).isEqualTo("ap-southeast-2");
    }

    @Test
    void resolveWhenTheFeaturesAppThenEveryApiGatewayFeatureIsModelled() {
        RestApiModel api = features(Map.of()).apis().get(0);
        assertThat(api.gatewayResponses()).containsOnlyKeys("UNAUTHORIZED", "DEFAULT_4XX", "ACCESS_DENIED");
        assertThat(api.stages()).singleElement().satisfies(s -> {
            assertThat(s.variables()).containsEntry("greeting", "hello");
            assertThat(s.throttles())
                    .singleElement()
                    .satisfies(t -> assertThat(t.resourcePath()).isEqualTo("/limited"));
        });
        assertThat(api.methods())
                .filteredOn(m -> m.httpMethod().equals("OPTIONS"))
                .as("a CORS preflight on every resource")
                .hasSize(8)
                .allSatisfy(m -> assertThat(m.integration()).isInstanceOf(MethodModel.Mock.class));
        assertThat(api.methods())
                .filteredOn(m -> m.authorizationType().equals(MethodModel.CUSTOM))
                .extracting(m -> m.authorizer().orElseThrow().type())
                .containsExactlyInAnyOrder("TOKEN", "REQUEST");
    }

    @Test
    void resolveWhenSomethingIsNotModelledThenOneLineNamesStackResourceAndProperty() {
        assertRefused(
                t -> props(t, "FeaturesApiB8863B46").putObject("Policy").put("Version", "2012-10-17"),
                "Stack 'Features': Resource 'FeaturesApiB8863B46' (AWS::ApiGateway::RestApi) property 'Policy': a "
                        + "resource policy is not emulated");
        assertRefused(
                t -> props(t, "FeaturesApiB8863B46")
                        .putArray("BinaryMediaTypes")
                        .add("image/png"),
                "property 'BinaryMediaTypes': binary media types are not emulated");
        assertRefused(
                t -> ((ObjectNode) props(t, "FeaturesApiDeploymentStagev157A2DBA9")
                                .withArray("MethodSettings")
                                .get(0))
                        .put("CachingEnabled", true),
                "property 'MethodSettings[0].CachingEnabled': response caching is not emulated");
        assertRefused(
                t -> ((ObjectNode) props(t, "FeaturesApimockGET1B6ABD9C").get("Integration"))
                        .putObject("RequestTemplates")
                        .put("application/json", "{\"statusCode\": $input.params('code')}"),
                "property 'Integration.RequestTemplates.application/json': is a VTL template");
        assertRefused(
                t -> props(t, "FeaturesApiUnauthorized9D740CDF")
                        .putObject("ResponseTemplates")
                        .put("application/json", "{\"path\":\"$context.wafResponseCode\"}"),
                "property 'ResponseTemplates.application/json': uses $context.wafResponseCode");
        assertRefused(
                t -> t.put("Transform", "AWS::Serverless-2016-10-31"),
                "Stack 'Features': the template has a Transform");
        assertRefused(
                t -> ((ObjectNode) t.get("Resources"))
                        .putObject("HttpApi")
                        .put("Type", "AWS::ApiGatewayV2::Api")
                        .putObject("Properties")
                        .put("Name", "x"),
                "Resource 'HttpApi' (AWS::ApiGatewayV2::Api) property 'Type': HTTP and WebSocket APIs are not emulated");
    }

    @Test
    void resolveWhenADynamicReferenceThenSsmIsResolvedAndSecretsAreRefused() {
        Path copy = TestApps.copy("multi-stack", dir);
        TestApps.edit(
                copy,
                "M2MApi",
                t -> ((ObjectNode) props(t, "Echo11F3FB29").get("Environment").get("Variables"))
                        .put("FROM_SSM", "pool {{resolve:ssm:/m2m/user-pool-id}}"));
        ResolvedModel model = StackModel.fromCloudAssembly(copy).resolve(US_EAST_1);
        assertThat(model.functions().values().stream()
                        .filter(f -> f.environment().containsKey("FROM_SSM"))
                        .findFirst()
                        .orElseThrow()
                        .environment())
                .containsEntry("FROM_SSM", "pool " + model.userPools().get(0).userPoolId());
        TestApps.edit(
                copy,
                "M2MApi",
                t -> ((ObjectNode) props(t, "Echo11F3FB29").get("Environment").get("Variables"))
                        .put("FROM_SSM", "{{resolve:secretsmanager:db:SecretString:password}}"));
        assertThatThrownBy(() -> StackModel.fromCloudAssembly(copy).resolve(US_EAST_1))
                .isInstanceOf(ModelException.class)
                .hasMessageContaining("property 'Environment.Variables.FROM_SSM': the dynamic reference "
                        + "{{resolve:secretsmanager:...}} is not emulated");
    }

    private void assertRefused(Consumer<ObjectNode> change, String message) {
        Path copy = TestApps.copy("gateway-features", dir.resolve(String.valueOf(System.nanoTime())));
        TestApps.edit(copy, "Features", change);
        assertThatThrownBy(() -> StackModel.fromCloudAssembly(copy).resolve(US_EAST_1))
                .isInstanceOf(ModelException.class)
                .hasMessageContaining(message)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    private static ObjectNode props(ObjectNode template, String logicalId) {
        return (ObjectNode) template.get("Resources").get(logicalId).get("Properties");
    }

    static ResolvedModel features(Map<String, String> overrides) {
        return StackModel.fromCloudAssembly(TestApps.assembly("gateway-features"))
                .resolve(new Deployment("us-east-1", "123456789012", overrides, PhysicalIds.derived("t")));
    }

    static FunctionModel echo(ResolvedModel model) {
        return model.functions().values().stream()
                .filter(f -> f.handler().endsWith(".Echo::handleRequest"))
                .findFirst()
                .orElseThrow();
    }
}
