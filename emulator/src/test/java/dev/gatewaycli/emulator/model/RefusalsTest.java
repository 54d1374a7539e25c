package dev.gatewaycli.emulator.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatewaycli.emulator.TestApps;
import java.nio.file.Path;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Every load error of the model, each from a synthesized test app changed in one place: one line, naming the stack,
 * the resource and the property, and what is wrong there.
 */
class RefusalsTest {

    @TempDir
    Path dir;

    /** A change to one stack's template of a test app, and the message it must give. */
    record Refusal(String app, String stack, Consumer<ObjectNode> change, String message) {
        @Override
        public String toString() {
            return message;
        }
    }

    static Stream<Arguments> refusals() {
        return Stream.of(
                        features(
                                t -> props(t, "FeaturesApiB8863B46").putObject("Body"),
                                "Resource 'FeaturesApiB8863B46' (AWS::ApiGateway::RestApi) property 'Body': an OpenAPI "
                                        + "definition is not emulated"),
                        features(
                                t -> props(t, "FeaturesApiB8863B46").put("CloneFrom", "abc"),
                                "property 'CloneFrom': cloning another API is not emulated"),
                        features(
                                t -> props(t, "FeaturesApiB8863B46").put("MinimumCompressionSize", 10),
                                "property 'MinimumCompressionSize': response compression is not emulated"),
                        features(
                                t -> props(t, "FeaturesApiB8863B46").put("DisableExecuteApiEndpoint", true),
                                "property 'DisableExecuteApiEndpoint': an API reachable only through a custom domain"),
                        features(
                                t -> props(t, "FeaturesApiB8863B46").put("ApiKeySourceType", "QUERY"),
                                "property 'ApiKeySourceType': 'QUERY' is not HEADER or AUTHORIZER"),
                        features(
                                t -> props(t, "FeaturesApiDeploymentStagev157A2DBA9")
                                        .putObject("CanarySetting"),
                                "Resource 'FeaturesApiDeploymentStagev157A2DBA9' (AWS::ApiGateway::Stage) property "
                                        + "'CanarySetting': canary deployments are not emulated"),
                        features(
                                t -> props(t, "TokenAuthorizer82AECDDC").put("Type", "JWT"),
                                "Resource 'TokenAuthorizer82AECDDC' (AWS::ApiGateway::Authorizer) property 'Type': 'JWT' "
                                        + "is not COGNITO_USER_POOLS, TOKEN or REQUEST"),
                        features(
                                t -> props(t, "TokenAuthorizer82AECDDC")
                                        .put("IdentitySource", "method.request.querystring.token"),
                                "property 'IdentitySource': 'method.request.querystring.token' is not one "
                                        + "method.request.header.<name> source"),
                        features(
                                t -> props(t, "TokenAuthorizer82AECDDC").put("IdentityValidationExpression", "(["),
                                "property 'IdentityValidationExpression': '([' is not a regular expression"),
                        features(
                                t -> props(t, "TokenAuthorizer82AECDDC").put("AuthorizerResultTtlInSeconds", 7200),
                                "property 'AuthorizerResultTtlInSeconds': 7200 is outside 0 to 3600"),
                        features(
                                t -> props(t, "RequestAuthorizer7473A0B3")
                                        .put("IdentitySource", "context.wafResponseCode"),
                                "property 'IdentitySource': 'context.wafResponseCode' is not an identity source the "
                                        + "emulator reads"),
                        features(
                                t -> props(t, "RequestAuthorizer7473A0B3").remove("IdentitySource"),
                                "property 'IdentitySource': is required when the result is cached"),
                        features(
                                t -> props(t, "TokenAuthorizer82AECDDC")
                                        .put(
                                                "AuthorizerUri",
                                                "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/"
                                                        + "arn:aws:lambda:us-east-1:123456789012:function:x:live/"
                                                        + "invocations"),
                                "invokes an alias or a version of a function, which is not emulated"),
                        features(
                                t -> props(t, "TokenAuthorizer82AECDDC")
                                        .put(
                                                "AuthorizerUri",
                                                "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/"
                                                        + "arn:aws:lambda:us-east-1:123456789012:function:elsewhere/"
                                                        + "invocations"),
                                "invokes no AWS::Lambda::Function of the emulated stacks"),
                        features(
                                t -> props(t, "TokenAuthorizer82AECDDC").put("AuthorizerUri", "https://example.com"),
                                "property 'AuthorizerUri': 'https://example.com' does not invoke a Lambda function"),
                        features(
                                t -> props(t, "FeaturesApiopenGETBB209711").put("RequestValidatorId", "nope"),
                                "property 'RequestValidatorId': names no AWS::ApiGateway::RequestValidator of its API"),
                        features(
                                t -> ((ObjectNode) props(t, "FeaturesApiopenGETBB209711")
                                                .get("Integration"))
                                        .put("ContentHandling", "CONVERT_TO_TEXT"),
                                "property 'Integration.ContentHandling': content handling (binary payloads) is not "
                                        + "emulated"),
                        features(
                                t -> props(t, "FeaturesApiopenGETBB209711").put("AuthorizationType", "CUSTOM"),
                                "Resource 'FeaturesApiopenGETBB209711' (AWS::ApiGateway::Method) property "
                                        + "'AuthorizerId': is missing"),
                        features(
                                t -> props(t, "FeaturesApiopenGETBB209711").put("HttpMethod", "BREW"),
                                "property 'HttpMethod': 'BREW' is not an HTTP method"),
                        features(
                                t -> props(t, "FeaturesApiopenGETBB209711").put("ResourceId", "nowhere"),
                                "property 'ResourceId': names no resource of its API"),
                        features(
                                t -> mockIntegration(t).put("PassthroughBehavior", "SOMETIMES"),
                                "property 'Integration.PassthroughBehavior': 'SOMETIMES' is not WHEN_NO_MATCH"),
                        features(
                                t -> mockResponse(t).put("StatusCode", "201"),
                                "property 'Integration.IntegrationResponses[0].StatusCode': 201 has no MethodResponses "
                                        + "entry"),
                        features(
                                t -> mockResponse(t).put("SelectionPattern", "(["),
                                "property 'Integration.IntegrationResponses[0].SelectionPattern': '([' is not a regular "
                                        + "expression"),
                        features(
                                t -> ((ObjectNode) mockResponse(t).get("ResponseParameters"))
                                        .put("method.response.header.X-Other", "'x'"),
                                "property 'Integration.IntegrationResponses[0].ResponseParameters."
                                        + "method.response.header.X-Other': is not declared in the MethodResponses entry"),
                        features(
                                t -> ((ObjectNode) mockResponse(t).get("ResponseParameters"))
                                        .put("method.response.header.X-Mock", "integration.response.header.X"),
                                "is not a static value ('...'), the only kind a mock integration maps"),
                        features(
                                t -> ((ObjectNode) mockResponse(t).get("ResponseTemplates"))
                                        .put("application/json", "#set($x = 1)$x"),
                                "property 'Integration.IntegrationResponses[0].ResponseTemplates.application/json': is "
                                        + "a VTL template"),
                        features(
                                t -> props(t, "FeaturesApiUnauthorized9D740CDF").put("ResponseType", "TEAPOT"),
                                "property 'ResponseType': 'TEAPOT' is no gateway response type"),
                        features(
                                t -> props(t, "FeaturesApiUnauthorized9D740CDF").put("StatusCode", "999"),
                                "property 'StatusCode': '999' is not an HTTP status code"),
                        features(
                                t -> ((ObjectNode) props(t, "FeaturesApiUnauthorized9D740CDF")
                                                .get("ResponseParameters"))
                                        .put("gatewayresponse.header.X", "context.requestId"),
                                "'context.requestId' is not a static value ('...') or a method.request.header"),
                        features(
                                t -> ((ObjectNode) props(t, "FeaturesApiUnauthorized9D740CDF")
                                                .get("ResponseParameters"))
                                        .put("gatewayresponse.path.x", "'x'"),
                                "property 'ResponseParameters.gatewayresponse.path.x': maps no gatewayresponse.header"),
                        features(
                                t -> ((ObjectNode) t.get("Resources"))
                                        .set(
                                                "SecondUnauthorized",
                                                t.get("Resources").get("FeaturesApiUnauthorized9D740CDF")),
                                "property 'ResponseType': UNAUTHORIZED is customized twice for the API"),
                        features(
                                t -> props(t, "FeaturesApiFixedKeyC30D2462").put("Value", "short"),
                                "Resource 'FeaturesApiFixedKeyC30D2462' (AWS::ApiGateway::ApiKey) property 'Value': is "
                                        + "not 20 to 128 characters long"),
                        features(
                                t -> ((ObjectNode) props(t, "FeaturesApiThrottledPlan4976AAF1")
                                                .withArray("ApiStages")
                                                .get(0))
                                        .putObject("Throttle")
                                        .putObject("items"),
                                "property 'ApiStages[0].Throttle.items': is not <resource path>/<HTTP method>"),
                        features(
                                t -> ((ObjectNode) props(t, "FeaturesApiQuotaPlan57374E19")
                                                .get("Quota"))
                                        .put("Period", "YEAR"),
                                "property 'Quota.Period': 'YEAR' is not DAY, WEEK or MONTH"),
                        features(
                                t -> ((ObjectNode) props(t, "FeaturesApiQuotaPlan57374E19")
                                                .get("Quota"))
                                        .put("Offset", 3),
                                "property 'Quota.Offset': 3 is outside 0 to 0 for DAY"),
                        features(
                                t -> ((ObjectNode) props(t, "FeaturesApiThrottledPlan4976AAF1")
                                                .withArray("ApiStages")
                                                .get(0))
                                        .put("Stage", "nope"),
                                "the API FeaturesApiB8863B46 has no stage 'nope'"),
                        features(
                                t -> props(
                                                t,
                                                "FeaturesApiThrottledPlanUsagePlanKeyResourceFeaturesFeaturesApiFixedKey"
                                                        + "3EDE5C03D366C787")
                                        .put("KeyType", "COGNITO"),
                                "property 'KeyType': 'COGNITO' is not API_KEY"),
                        features(
                                t -> props(
                                                t,
                                                "FeaturesApiThrottledPlanUsagePlanKeyResourceFeaturesFeaturesApiFixedKey"
                                                        + "3EDE5C03D366C787")
                                        .put("KeyId", "nokey"),
                                "names the API key 'nokey', which is not among the emulated stacks"),
                        features(
                                t -> ((ObjectNode) t.get("Resources"))
                                        .putObject("Twice")
                                        .put("Type", "AWS::ApiGateway::UsagePlanKey")
                                        .set(
                                                "Properties",
                                                props(
                                                                t,
                                                                "FeaturesApiQuotaPlanUsagePlanKeyResourceFeaturesFeaturesApi"
                                                                        + "QuotaKey11FBB3D9A080CA5A")
                                                        .deepCopy()
                                                        .<ObjectNode>set(
                                                                "KeyId",
                                                                props(
                                                                                t,
                                                                                "FeaturesApiThrottledPlanUsagePlanKeyResource"
                                                                                        + "FeaturesFeaturesApiFixedKey3EDE5C03D366C787")
                                                                        .get("KeyId"))),
                                "is also in the usage plan"),
                        features(
                                t -> props(t, "FeaturesApilimitedGETE6363CD1")
                                        .putObject("RestApiId")
                                        .put("Ref", "FeaturesApiFixedKeyC30D2462"),
                                "property 'RestApiId': '"),
                        features(
                                t -> props(t, "FeaturesApilimitedGETE6363CD1")
                                        .set(
                                                "ResourceId",
                                                props(t, "FeaturesApiopenGETBB209711")
                                                        .get("ResourceId")),
                                "GET /open is defined twice"),
                        features(
                                t -> ((ObjectNode) t.get("Parameters").get("Owner"))
                                        .put("AllowedPattern", "[a-z]{1,3}"),
                                "Parameter 'Owner': value 'platform' does not match its AllowedPattern [a-z]{1,3}"),
                        features(
                                t -> ((ObjectNode) t.get("Parameters").get("Owner")).put("MaxLength", 4),
                                "Parameter 'Owner': value is longer than its MaxLength 4"),
                        features(
                                t -> ((ObjectNode) t.get("Parameters"))
                                        .putObject("Count")
                                        .put("Type", "Number")
                                        .put("Default", "12")
                                        .put("MaxValue", 10),
                                "Parameter 'Count': value 12 is above its MaxValue 10"),
                        features(
                                t -> ((ObjectNode) t.get("Conditions"))
                                        .putObject("IsProd")
                                        .putArray("Fn::Not")
                                        .addObject()
                                        .put("Condition", "IsProd"),
                                "depends on itself"),
                        features(
                                t -> ((ObjectNode) t.get("Resources")
                                                .get("Echo11F3FB29")
                                                .get("Properties")
                                                .get("Environment")
                                                .get("Variables"))
                                        .putObject("BAD")
                                        .putArray("Fn::FindInMap")
                                        .add("Sizes")
                                        .add("qa")
                                        .add("tier"),
                                "Fn::FindInMap: mapping 'Sizes' has no qa.tier"),
                        new Refusal(
                                "two-apis",
                                "TwoApis",
                                t -> props(t, "PartnerAuthorizerE9928BBD")
                                        .putArray("ProviderARNs")
                                        .add("arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_Nowhere1"),
                                "property 'ProviderARNs': 'arn:aws:cognito-idp:us-east-1:123456789012:userpool/"
                                        + "us-east-1_Nowhere1' is no user pool of the emulated stacks"),
                        new Refusal(
                                "two-apis",
                                "TwoApis",
                                t -> props(t, "PartnerPoolB8040387")
                                        .putObject("LambdaConfig")
                                        .put("PreTokenGeneration", "arn:aws:lambda:us-east-1:1:function:f"),
                                "property 'LambdaConfig.PreTokenGeneration': a pre token generation trigger is not "
                                        + "emulated"),
                        new Refusal(
                                "two-apis",
                                "TwoApis",
                                t -> props(t, "PartnerPoolReaderCA198CE7").put("UserPoolId", "us-east-1_Nowhere1"),
                                "Resource 'PartnerPoolReaderCA198CE7' (AWS::Cognito::UserPoolClient) property "
                                        + "'UserPoolId': 'us-east-1_Nowhere1' is no user pool of the emulated stacks"),
                        new Refusal(
                                "two-apis",
                                "TwoApis",
                                t -> {
                                    ObjectNode resources = (ObjectNode) t.get("Resources");
                                    for (String id :
                                            resources.propertyNames().stream().toList()) {
                                        String type =
                                                resources.get(id).path("Type").asString("");
                                        if (type.startsWith("AWS::ApiGateway::") || type.startsWith("AWS::Cognito::")) {
                                            resources.remove(id);
                                        }
                                    }
                                },
                                "The emulated stacks [TwoApis] define no AWS::Cognito::UserPool and no "
                                        + "AWS::ApiGateway::RestApi: there is nothing to emulate"),
                        people(
                                t -> props(t, "CustomersWeb130C99B9")
                                        .putArray("ExplicitAuthFlows")
                                        .add("USER_PASSWORD_AUTH")
                                        .add("ALLOW_REFRESH_TOKEN_AUTH"),
                                "Resource 'CustomersWeb130C99B9' (AWS::Cognito::UserPoolClient) property "
                                        + "'ExplicitAuthFlows': ExplicitAuthFlows mixes values with the ALLOW_ prefix "
                                        + "and values without it"),
                        people(
                                t -> props(t, "CustomersWeb130C99B9")
                                        .putArray("ExplicitAuthFlows")
                                        .add("ALLOW_EVERYTHING"),
                                "property 'ExplicitAuthFlows': 'ALLOW_EVERYTHING' is not an ExplicitAuthFlowsType"),
                        people(
                                t -> props(t, "CustomersWeb130C99B9").put("RefreshTokenValidity", 10),
                                "property 'RefreshTokenValidity': PT10M is outside Cognito's allowed range PT1H to "
                                        + "PT87600H"),
                        people(
                                t -> props(t, "CustomersWeb130C99B9").put("PreventUserExistenceErrors", "SOMETIMES"),
                                "property 'PreventUserExistenceErrors': 'SOMETIMES' is not LEGACY or ENABLED"),
                        people(
                                t -> ((ObjectNode) props(t, "Customers6955EA0A")
                                                .get("Policies")
                                                .get("PasswordPolicy"))
                                        .put("MinimumLength", 4),
                                "Resource 'Customers6955EA0A' (AWS::Cognito::UserPool) property "
                                        + "'Policies.PasswordPolicy.MinimumLength': 4 is outside Cognito's allowed range "
                                        + "6 to 99"),
                        people(
                                t -> props(t, "Customers6955EA0A")
                                        .putArray("UsernameAttributes")
                                        .add("nickname"),
                                "property 'UsernameAttributes': 'nickname' is not email or phone_number"),
                        people(
                                t -> props(t, "Customers6955EA0A")
                                        .putArray("AliasAttributes")
                                        .add("email"),
                                "property 'AliasAttributes': a pool has UsernameAttributes or AliasAttributes, not "
                                        + "both"),
                        people(
                                t -> props(t, "Staff35CBA1CE").put("MfaConfiguration", "ALWAYS"),
                                "property 'MfaConfiguration': 'ALWAYS' is not OFF, ON or OPTIONAL"),
                        new Refusal(
                                "multi-stack",
                                "M2MIdentity",
                                t -> {
                                    props(t, "PoolIdParameterF934880E")
                                            .putObject("Value")
                                            .put("Fn::ImportValue", "m2m-user-pool-arn");
                                    ((ObjectNode) t.get("Outputs").get("PoolArn"))
                                            .putObject("Value")
                                            .putArray("Fn::GetAtt")
                                            .add("PoolIdParameterF934880E")
                                            .add("Value");
                                },
                                "the export m2m-user-pool-arn depends on itself"))
                .map(r -> Arguments.of(r));
    }

    static Refusal people(Consumer<ObjectNode> change, String message) {
        return new Refusal("people", "People", change, message);
    }

    static Refusal features(Consumer<ObjectNode> change, String message) {
        return new Refusal("gateway-features", "Features", change, message);
    }

    static ObjectNode props(ObjectNode template, String logicalId) {
        return (ObjectNode) template.get("Resources").get(logicalId).get("Properties");
    }

    static ObjectNode mockIntegration(ObjectNode template) {
        return (ObjectNode) props(template, "FeaturesApimockGET1B6ABD9C").get("Integration");
    }

    static ObjectNode mockResponse(ObjectNode template) {
        ArrayNode responses = mockIntegration(template).withArray("IntegrationResponses");
        return (ObjectNode) responses.get(0);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusals")
    void resolveWhenTheAppHasWhatTheEmulatorCannotModelThenOneLineNamesIt(Refusal refusal) {
        Path copy = TestApps.copy(refusal.app(), dir);
        TestApps.edit(copy, refusal.stack(), refusal.change());
        assertThatThrownBy(() -> StackModel.fromCloudAssembly(copy).resolve(Deployment.of("us-east-1", "123456789012")))
                .isInstanceOf(ModelException.class)
                .hasMessageContaining(refusal.message())
                .satisfies(e -> assertThat(e.getMessage())
                        .as("one line")
                        .doesNotContain("\n")
                        .as("naming the stack")
                        .matches("(Stack '|The emulated stacks ).*"));
    }
}
