package dev.gatewaycli.stack;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.cdklabs.cdknag.AwsSolutionsChecks;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Aspects;
import software.amazon.awscdk.assertions.Annotations;
import software.amazon.awscdk.assertions.Capture;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/**
 * The stack synthesized with no context: every row of docs/fidelity.md §3 with the seed's values, the outputs
 * {@code deploy} reads, and a clean cdk-nag report. Synthesized once for the class.
 */
class GatewayStackDefaultsTest {

    private static App app;
    private static GatewayStack stack;
    private static Template template;

    @BeforeAll
    static void synthesize() {
        app = TestApps.app(Map.of());
        stack = GatewayApp.newStack(app);
        template = Template.fromStack(stack);
    }

    @Test
    void stackWhenNoContextThenNamedGatewayCliStack() {
        assertThat(stack.getStackName()).as("default stack name").isEqualTo("GatewayCliStack");
        assertThat(stack.getTemplateFile()).as("template file name").isEqualTo("GatewayCliStack.template.json");
    }

    @Test
    void userPoolWhenDefaultsThenSeedNameAndDestroyedWithStack() {
        template.resourceCountIs("AWS::Cognito::UserPool", 1);
        template.hasResource(
                "AWS::Cognito::UserPool",
                Map.of(
                        "Properties", Map.of("UserPoolName", "cognito-api-user-pool"),
                        "DeletionPolicy", "Delete",
                        "UpdateReplacePolicy", "Delete"));
    }

    @Test
    void resourceServerWhenDefaultsThenUsersWithReadOnlyScope() {
        template.resourceCountIs("AWS::Cognito::UserPoolResourceServer", 1);
        template.hasResourceProperties(
                "AWS::Cognito::UserPoolResourceServer",
                Map.of(
                        "Identifier",
                        "users",
                        "Name",
                        "users-resource-server",
                        "UserPoolId",
                        Map.of("Ref", GatewayStack.USER_POOL_ID),
                        "Scopes",
                        List.of(Map.of("ScopeName", "read-only", "ScopeDescription", "Read-only access for users"))));
    }

    @Test
    void appClientWhenDefaultsThenClientCredentialsOnlyWithSecretScopeAndThirtyMinuteTokens() {
        template.resourceCountIs("AWS::Cognito::UserPoolClient", 1);
        template.hasResourceProperties(
                "AWS::Cognito::UserPoolClient",
                Map.of(
                        "ClientName",
                        "cognito-api-user-pool-client",
                        "UserPoolId",
                        Map.of("Ref", GatewayStack.USER_POOL_ID),
                        "GenerateSecret",
                        true,
                        "AllowedOAuthFlows",
                        List.of("client_credentials"),
                        "AllowedOAuthFlowsUserPoolClient",
                        true,
                        "AllowedOAuthScopes",
                        List.of("users/read-only"),
                        "AccessTokenValidity",
                        30,
                        "TokenValidityUnits",
                        Map.of("AccessToken", "minutes")));
        // The scope must exist before a client may be granted it.
        template.hasResource(
                "AWS::Cognito::UserPoolClient",
                Map.of("DependsOn", Match.arrayWith(List.of(GatewayStack.RESOURCE_SERVER_ID))));
    }

    @Test
    void domainWhenNoPrefixGivenThenPrefixDerivedFromStackNameAndStackIdUuid() {
        template.resourceCountIs("AWS::Cognito::UserPoolDomain", 1);
        // AWS::StackId is arn:...:stack/<name>/<uuid>: the prefix ends with the UUID's last group.
        Map<String, Object> uuid =
                Map.of("Fn::Select", List.of(2, Map.of("Fn::Split", List.of("/", Map.of("Ref", "AWS::StackId")))));
        Map<String, Object> lastGroup = Map.of("Fn::Select", List.of(4, Map.of("Fn::Split", List.of("-", uuid))));
        template.hasResourceProperties(
                "AWS::Cognito::UserPoolDomain",
                Map.of(
                        "UserPoolId", Map.of("Ref", GatewayStack.USER_POOL_ID),
                        "Domain", Map.of("Fn::Join", List.of("-", List.of("gatewayclistack", lastGroup)))));
    }

    @Test
    void functionWhenDefaultsThenJava21HandlerJarWith1024MbAnd60Seconds() {
        template.resourceCountIs("AWS::Lambda::Function", 1);
        Capture assetPath = new Capture();
        template.hasResource(
                "AWS::Lambda::Function",
                Map.of(
                        "Properties",
                                Map.of(
                                        "Runtime",
                                        "java21",
                                        "Handler",
                                        "dev.gatewaycli.handler.HelloHandler::handleRequest",
                                        "MemorySize",
                                        1024,
                                        "Timeout",
                                        60),
                        "Metadata", Map.of("aws:asset:path", assetPath, "aws:asset:property", "Code")));
        assertThat(assetPath.asString())
                .as("the function's code is the handler jar staged as a file asset")
                .matches("asset\\.[0-9a-f]{64}\\.jar");
        assertThat(template.findResources("AWS::Lambda::Function"))
                .as("function logical id")
                .containsOnlyKeys(GatewayStack.FUNCTION_ID);
    }

    @Test
    void functionRoleWhenDefaultsThenWritesOnlyItsOwnLogGroup() {
        template.hasResourceProperties(
                "AWS::IAM::Policy",
                Map.of(
                        "PolicyDocument",
                        Map.of(
                                "Statement",
                                List.of(Map.of(
                                        "Action", List.of("logs:CreateLogStream", "logs:PutLogEvents"),
                                        "Effect", "Allow",
                                        "Resource",
                                                Map.of(
                                                        "Fn::GetAtt",
                                                        List.of(Match.stringLikeRegexp("FunctionLogs.*"), "Arn")))))));
        template.hasResourceProperties(
                "AWS::IAM::Role",
                Map.of(
                        "AssumeRolePolicyDocument",
                                Match.objectLike(Map.of(
                                        "Statement",
                                        List.of(Match.objectLike(
                                                Map.of("Principal", Map.of("Service", "lambda.amazonaws.com")))))),
                        "ManagedPolicyArns", Match.absent()));
    }

    @Test
    void restApiWhenDefaultsThenProdStageWithMetricsTracingErrorLoggingAndAccessLogs() {
        template.resourceCountIs("AWS::ApiGateway::RestApi", 1);
        template.hasResourceProperties("AWS::ApiGateway::RestApi", Map.of("Name", "rest-api"));
        assertThat(template.findResources("AWS::ApiGateway::RestApi"))
                .as("REST API logical id")
                .containsOnlyKeys(GatewayStack.REST_API_ID);
        template.resourceCountIs("AWS::ApiGateway::Stage", 1);
        template.hasResourceProperties(
                "AWS::ApiGateway::Stage",
                Map.of(
                        "StageName", "prod",
                        "RestApiId", Map.of("Ref", GatewayStack.REST_API_ID),
                        "TracingEnabled", true,
                        "MethodSettings",
                                List.of(Map.of(
                                        "HttpMethod", "*",
                                        "ResourcePath", "/*",
                                        "MetricsEnabled", true,
                                        "LoggingLevel", "ERROR",
                                        "DataTraceEnabled", false)),
                        "AccessLogSetting",
                                Map.of(
                                        "DestinationArn",
                                                Map.of(
                                                        "Fn::GetAtt",
                                                        List.of(Match.stringLikeRegexp("ApiAccessLogs.*"), "Arn")),
                                        "Format", Match.stringLikeRegexp(".*\\$context\\.requestId.*"))));
    }

    @Test
    void restApiWhenDefaultsThenAccountCloudWatchRoleSetAndRetainedSoExecutionLoggingDeploysOnFreshAccount() {
        template.resourceCountIs("AWS::ApiGateway::Account", 1);
        Capture role = new Capture();
        template.hasResourceProperties(
                "AWS::ApiGateway::Account", Map.of("CloudWatchRoleArn", Map.of("Fn::GetAtt", List.of(role, "Arn"))));
        assertThat(template.findResources(
                        "AWS::IAM::Role",
                        Map.of(
                                "Properties",
                                Map.of(
                                        "AssumeRolePolicyDocument",
                                        Match.objectLike(Map.of(
                                                "Statement",
                                                List.of(Match.objectLike(Map.of(
                                                        "Principal",
                                                        Map.of("Service", "apigateway.amazonaws.com"))))))),
                                "DeletionPolicy",
                                "Retain")))
                .as("the API Gateway account role, retained on destroy")
                .containsOnlyKeys(role.asString());
        // The stage must not be created before the account has its role, or execution logging fails the deploy.
        template.hasResource(
                "AWS::ApiGateway::Stage",
                Map.of("DependsOn", Match.arrayWith(List.of(Match.stringLikeRegexp("RestApiAccount.*")))));
    }

    @Test
    void authorizerWhenDefaultsThenCognitoUserPoolsOnAuthorizationHeader() {
        template.resourceCountIs("AWS::ApiGateway::Authorizer", 1);
        template.hasResourceProperties(
                "AWS::ApiGateway::Authorizer",
                Map.of(
                        "Name", "users-authorizer",
                        "Type", "COGNITO_USER_POOLS",
                        "IdentitySource", "method.request.header.Authorization",
                        "RestApiId", Map.of("Ref", GatewayStack.REST_API_ID),
                        "ProviderARNs", List.of(Map.of("Fn::GetAtt", List.of(GatewayStack.USER_POOL_ID, "Arn")))));
    }

    @Test
    void methodWhenDefaultsThenGetRootLambdaProxyWithUsersReadOnlyScope() {
        template.resourceCountIs("AWS::ApiGateway::Method", 1);
        template.hasResourceProperties(
                "AWS::ApiGateway::Method",
                Map.of(
                        "HttpMethod", "GET",
                        "ResourceId", Map.of("Fn::GetAtt", List.of(GatewayStack.REST_API_ID, "RootResourceId")),
                        "AuthorizationType", "COGNITO_USER_POOLS",
                        "AuthorizerId", Map.of("Ref", GatewayStack.AUTHORIZER_ID),
                        "AuthorizationScopes", List.of("users/read-only"),
                        "RequestValidatorId", Map.of("Ref", Match.stringLikeRegexp("RestApiRequestValidator.*")),
                        "Integration",
                                Map.of(
                                        "Type", "AWS_PROXY",
                                        "IntegrationHttpMethod", "POST",
                                        "Uri",
                                                Map.of(
                                                        "Fn::Join",
                                                        List.of(
                                                                "",
                                                                Match.arrayWith(List.of(
                                                                        Map.of(
                                                                                "Fn::GetAtt",
                                                                                List.of(
                                                                                        GatewayStack.FUNCTION_ID,
                                                                                        "Arn")),
                                                                        "/invocations")))))));
    }

    @Test
    void outputsWhenDefaultsThenStableNamesForDeploy() {
        template.hasOutput(
                GatewayStack.OUTPUT_API_URL,
                Map.of(
                        "Value",
                        Map.of(
                                "Fn::Join",
                                List.of(
                                        "",
                                        List.of(
                                                "https://",
                                                Map.of("Ref", GatewayStack.REST_API_ID),
                                                ".execute-api.",
                                                Map.of("Ref", "AWS::Region"),
                                                ".",
                                                Map.of("Ref", "AWS::URLSuffix"),
                                                "/",
                                                Map.of("Ref", Match.stringLikeRegexp("RestApiDeploymentStageprod.*")),
                                                "/")))));
        template.hasOutput(
                GatewayStack.OUTPUT_TOKEN_ENDPOINT_URL,
                Map.of(
                        "Value",
                        Map.of(
                                "Fn::Join",
                                List.of(
                                        "",
                                        List.of(
                                                "https://",
                                                Map.of("Ref", GatewayStack.USER_POOL_DOMAIN_ID),
                                                ".auth.",
                                                Map.of("Ref", "AWS::Region"),
                                                ".amazoncognito.com/oauth2/token")))));
        template.hasOutput(GatewayStack.OUTPUT_USER_POOL_ID, Map.of("Value", Map.of("Ref", GatewayStack.USER_POOL_ID)));
        template.hasOutput(
                GatewayStack.OUTPUT_USER_POOL_CLIENT_ID,
                Map.of("Value", Map.of("Ref", GatewayStack.USER_POOL_CLIENT_ID)));
        template.hasOutput(GatewayStack.OUTPUT_SCOPES, Map.of("Value", "users/read-only"));
        template.hasOutput(GatewayStack.OUTPUT_REGION, Map.of("Value", Map.of("Ref", "AWS::Region")));
    }

    @Test
    void cdkNagWhenSynthesizedThenAwsSolutionsRanAndNoUnsuppressedFinding() {
        assertThat(Aspects.of(app).getAll())
                .as("cdk-nag AwsSolutions checks applied to the app")
                .anyMatch(aspect -> aspect instanceof AwsSolutionsChecks);
        Annotations annotations = Annotations.fromStack(stack);
        assertThat(annotations.findError("*", Match.stringLikeRegexp("AwsSolutions-.*")))
                .as("unsuppressed cdk-nag errors")
                .isEmpty();
        assertThat(annotations.findWarning("*", Match.stringLikeRegexp("AwsSolutions-.*")))
                .as("unsuppressed cdk-nag warnings")
                .isEmpty();
        // Every accepted finding carries its reason in the template (cdk-nag reads it from there).
        template.hasResource(
                "AWS::Cognito::UserPool",
                Map.of(
                        "Metadata",
                        Map.of(
                                "cdk_nag",
                                Map.of(
                                        "rules_to_suppress",
                                        Match.arrayWith(List.of(Match.objectLike(Map.of(
                                                "id",
                                                "AwsSolutions-COG3",
                                                "reason",
                                                Match.stringLikeRegexp(".*client-credentials.*")))))))));
    }
}
