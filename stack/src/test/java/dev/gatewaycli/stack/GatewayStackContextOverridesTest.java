package dev.gatewaycli.stack;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatewaycli.stack.context.GatewayStackProps;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.assertions.Annotations;
import software.amazon.awscdk.assertions.Capture;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/**
 * The stack synthesized with every context key changed: two scopes with each method requiring a subset, another
 * domain prefix, another validity and stage, another stack name. Values are given the way each source gives them:
 * JSON values as in cdk.json, strings as {@code cdk synth -c key=value} passes them. Synthesized once for the class.
 */
class GatewayStackContextOverridesTest {

    private static App app;
    private static GatewayStack stack;
    private static Template template;

    @BeforeAll
    static void synthesize() {
        Map<String, Object> methodScopes = new LinkedHashMap<>();
        methodScopes.put("GET /", List.of("read"));
        methodScopes.put("POST /items", List.of("write"));
        methodScopes.put("GET /items/{id}", List.of("read", "write"));
        app = TestApps.app(Map.of(
                GatewayStackProps.STACK_NAME, "OrdersStack",
                GatewayStackProps.DOMAIN_PREFIX, "orders-example-42",
                GatewayStackProps.RESOURCE_SERVER_ID, "orders",
                GatewayStackProps.SCOPES, List.of("read", "write"),
                GatewayStackProps.SCOPE_DESCRIPTIONS, Map.of("write", "Create and change orders"),
                GatewayStackProps.METHOD_SCOPES, methodScopes,
                GatewayStackProps.ACCESS_TOKEN_VALIDITY_MINUTES, "90",
                GatewayStackProps.STAGE_NAME, "v1"));
        stack = GatewayApp.newStack(app);
        template = Template.fromStack(stack);
    }

    @Test
    void stackWhenStackNameGivenThenStackAndTemplateFileNamedAfterIt() {
        assertThat(stack.getStackName()).isEqualTo("OrdersStack");
        assertThat(stack.getTemplateFile()).isEqualTo("OrdersStack.template.json");
    }

    @Test
    void resourceServerWhenTwoScopesThenBothDeclaredWithDescriptions() {
        template.hasResourceProperties(
                "AWS::Cognito::UserPoolResourceServer",
                Map.of(
                        "Identifier", "orders",
                        "Name", "orders-resource-server",
                        "Scopes",
                                List.of(
                                        Map.of("ScopeName", "read", "ScopeDescription", "Read access for orders"),
                                        Map.of("ScopeName", "write", "ScopeDescription", "Create and change orders"))));
    }

    @Test
    void appClientWhenTwoScopesAndValidityGivenThenClientMayRequestBothForNinetyMinutes() {
        template.hasResourceProperties(
                "AWS::Cognito::UserPoolClient",
                Map.of(
                        "AllowedOAuthScopes", List.of("orders/read", "orders/write"),
                        "AccessTokenValidity", 90,
                        "TokenValidityUnits", Map.of("AccessToken", "minutes")));
    }

    @Test
    void domainWhenPrefixGivenThenUsedAsIs() {
        template.hasResourceProperties("AWS::Cognito::UserPoolDomain", Map.of("Domain", "orders-example-42"));
    }

    @Test
    void methodsWhenMethodScopesGivenThenEachRequiresItsSubset() {
        template.resourceCountIs("AWS::ApiGateway::Method", 3);
        template.hasResourceProperties(
                "AWS::ApiGateway::Method",
                Map.of(
                        "HttpMethod", "GET",
                        "ResourceId", Map.of("Fn::GetAtt", List.of(GatewayStack.REST_API_ID, "RootResourceId")),
                        "AuthorizationScopes", List.of("orders/read")));

        Capture items = new Capture();
        template.hasResourceProperties(
                "AWS::ApiGateway::Method",
                Map.of(
                        "HttpMethod",
                        "POST",
                        "ResourceId",
                        Map.of("Ref", items),
                        "AuthorizationType",
                        "COGNITO_USER_POOLS",
                        "AuthorizationScopes",
                        List.of("orders/write")));
        template.hasResourceProperties(
                "AWS::ApiGateway::Resource",
                Map.of(
                        "PathPart",
                        "items",
                        "ParentId",
                        Map.of("Fn::GetAtt", List.of(GatewayStack.REST_API_ID, "RootResourceId"))));
        assertThat(items.asString())
                .as("POST /items hangs on the items resource")
                .startsWith("RestApiitems");

        template.hasResourceProperties(
                "AWS::ApiGateway::Resource", Map.of("PathPart", "{id}", "ParentId", Map.of("Ref", items.asString())));
        template.hasResourceProperties(
                "AWS::ApiGateway::Method",
                Map.of(
                        "HttpMethod", "GET",
                        "ResourceId", Map.of("Ref", Match.stringLikeRegexp("RestApiitemsid.*")),
                        "AuthorizationScopes", List.of("orders/read", "orders/write")));
    }

    @Test
    void stageWhenStageNameGivenThenStageAndApiUrlUseIt() {
        template.hasResourceProperties("AWS::ApiGateway::Stage", Map.of("StageName", "v1"));
        template.hasOutput(
                GatewayStack.OUTPUT_API_URL,
                Map.of(
                        "Value",
                        Map.of(
                                "Fn::Join",
                                List.of(
                                        "",
                                        Match.arrayWith(List.of(Map.of(
                                                "Ref", Match.stringLikeRegexp("RestApiDeploymentStagev1.*"))))))));
    }

    @Test
    void outputsWhenTwoScopesThenScopesOutputListsBoth() {
        template.hasOutput(GatewayStack.OUTPUT_SCOPES, Map.of("Value", "orders/read orders/write"));
    }

    @Test
    void cdkNagWhenContextChangedThenStillNoUnsuppressedError() {
        assertThat(Annotations.fromStack(stack).findError("*", Match.stringLikeRegexp("AwsSolutions-.*")))
                .as("unsuppressed cdk-nag errors")
                .isEmpty();
    }
}
