package dev.gatewaycli.testapps;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.App;
import software.amazon.awscdk.CfnCondition;
import software.amazon.awscdk.CfnMapping;
import software.amazon.awscdk.CfnParameter;
import software.amazon.awscdk.CfnResource;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Fn;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.apigateway.ApiKeyOptions;
import software.amazon.awscdk.services.apigateway.AuthorizationType;
import software.amazon.awscdk.services.apigateway.Cors;
import software.amazon.awscdk.services.apigateway.CorsOptions;
import software.amazon.awscdk.services.apigateway.GatewayResponseOptions;
import software.amazon.awscdk.services.apigateway.IApiKey;
import software.amazon.awscdk.services.apigateway.IdentitySource;
import software.amazon.awscdk.services.apigateway.IntegrationResponse;
import software.amazon.awscdk.services.apigateway.LambdaIntegration;
import software.amazon.awscdk.services.apigateway.MethodDeploymentOptions;
import software.amazon.awscdk.services.apigateway.MethodOptions;
import software.amazon.awscdk.services.apigateway.MethodResponse;
import software.amazon.awscdk.services.apigateway.MockIntegration;
import software.amazon.awscdk.services.apigateway.Period;
import software.amazon.awscdk.services.apigateway.QuotaSettings;
import software.amazon.awscdk.services.apigateway.RequestAuthorizer;
import software.amazon.awscdk.services.apigateway.ResponseType;
import software.amazon.awscdk.services.apigateway.RestApi;
import software.amazon.awscdk.services.apigateway.StageOptions;
import software.amazon.awscdk.services.apigateway.ThrottleSettings;
import software.amazon.awscdk.services.apigateway.TokenAuthorizer;
import software.amazon.awscdk.services.apigateway.UsagePlan;
import software.amazon.awscdk.services.apigateway.UsagePlanPerApiStage;
import software.amazon.awscdk.services.apigateway.UsagePlanProps;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.Runtime;

/**
 * One stack without Cognito that uses what API Gateway offers besides it: a CORS preflight for two origins, gateway
 * responses, a {@code TOKEN} and a {@code REQUEST} Lambda authorizer, API keys with usage plans (throttle, quota),
 * an {@code AWS_IAM} method, a mock integration, stage variables and a throttled method; plus template parameters,
 * conditions and a mapping feeding the function's environment.
 */
final class FeaturesApp implements TestApp {

    static final String FIXED_KEY = "fixed-api-key-value-0123456789";
    static final String QUOTA_KEY = "quota-api-key-value-0123456789";

    @Override
    public String name() {
        return "gateway-features";
    }

    @Override
    public void define(App app, Sources sources) {
        Stack stack = new Stack(app, "Features");
        CfnParameter environment = CfnParameter.Builder.create(stack, "Environment")
                .type("String")
                .defaultValue("dev")
                .allowedValues(List.of("dev", "prod"))
                .build();
        CfnParameter owner = CfnParameter.Builder.create(stack, "Owner")
                .type("String")
                .defaultValue("platform")
                .build();
        CfnCondition isProd = CfnCondition.Builder.create(stack, "IsProd")
                .expression(Fn.conditionEquals(environment.getValueAsString(), "prod"))
                .build();
        CfnMapping sizes = CfnMapping.Builder.create(stack, "Sizes")
                .mapping(Map.of("dev", Map.of("tier", "small"), "prod", Map.of("tier", "large")))
                .build();

        Code code = Code.fromAsset(sources.javaFunctions().toString());
        Function echo = Function.Builder.create(stack, "Echo")
                .runtime(Runtime.JAVA_21)
                .handler("dev.gatewaycli.testapps.functions.Echo::handleRequest")
                .code(code)
                .environment(Map.of(
                        "MODE",
                                Fn.conditionIf(isProd.getLogicalId(), "production", "development")
                                        .toString(),
                        "TIER", sizes.findInMap(environment.getValueAsString(), "tier"),
                        "OWNER_B64", Fn.base64(owner.getValueAsString()),
                        "FIRST_AZ", Fn.select(0, Fn.getAzs())))
                .build();
        Function tokenFunction = Function.Builder.create(stack, "TokenAuthorizerFunction")
                .runtime(Runtime.JAVA_21)
                .handler("dev.gatewaycli.testapps.functions.TokenAuthorizer::handleRequest")
                .code(code)
                .build();
        Function requestFunction = Function.Builder.create(stack, "RequestAuthorizerFunction")
                .runtime(Runtime.JAVA_21)
                .handler("dev.gatewaycli.testapps.functions.RequestAuthorizer::handleRequest")
                .code(code)
                .build();

        List<String> headers = new ArrayList<>(Cors.DEFAULT_HEADERS);
        RestApi api = RestApi.Builder.create(stack, "FeaturesApi")
                .restApiName("features-api")
                .defaultCorsPreflightOptions(CorsOptions.builder()
                        .allowOrigins(List.of("https://app.example.com", "https://admin.example.com"))
                        .allowHeaders(headers)
                        .allowCredentials(true)
                        .maxAge(Duration.minutes(10))
                        .build())
                .deployOptions(StageOptions.builder()
                        .stageName("v1")
                        .variables(Map.of("greeting", "hello"))
                        .methodOptions(Map.of(
                                "/limited/GET",
                                MethodDeploymentOptions.builder()
                                        .throttlingRateLimit(1)
                                        .throttlingBurstLimit(1)
                                        .build()))
                        .build())
                .build();
        api.addGatewayResponse(
                "Unauthorized",
                GatewayResponseOptions.builder()
                        .type(ResponseType.UNAUTHORIZED)
                        .responseHeaders(Map.of(
                                "Access-Control-Allow-Origin",
                                "'*'",
                                "X-Request-Header",
                                "method.request.header.X-Trace"))
                        .templates(Map.of(
                                "application/json",
                                "{\"error\":\"unauthorized\",\"message\":$context.error.messageString,"
                                        + "\"requestId\":\"$context.requestId\"}"))
                        .build());
        api.addGatewayResponse(
                "Default4xx",
                GatewayResponseOptions.builder()
                        .type(ResponseType.DEFAULT_4_XX)
                        .responseHeaders(Map.of("X-Gateway", "'features'"))
                        .build());
        api.addGatewayResponse(
                "AccessDenied",
                GatewayResponseOptions.builder()
                        .type(ResponseType.ACCESS_DENIED)
                        .statusCode("451")
                        .build());

        LambdaIntegration echoIntegration = new LambdaIntegration(echo);
        TokenAuthorizer tokenAuthorizer = TokenAuthorizer.Builder.create(stack, "TokenAuthorizer")
                .handler(tokenFunction)
                .validationRegex("^[a-z][a-z0-9-]*$")
                .resultsCacheTtl(Duration.minutes(5))
                .build();
        RequestAuthorizer requestAuthorizer = RequestAuthorizer.Builder.create(stack, "RequestAuthorizer")
                .handler(requestFunction)
                .identitySources(List.of(IdentitySource.header("X-Tenant"), IdentitySource.queryString("user")))
                .resultsCacheTtl(Duration.seconds(60))
                .build();

        api.getRoot().addResource("open").addMethod("GET", echoIntegration);
        api.getRoot()
                .addResource("token")
                .addMethod(
                        "ANY",
                        echoIntegration,
                        MethodOptions.builder().authorizer(tokenAuthorizer).build());
        api.getRoot()
                .addResource("request")
                .addMethod(
                        "GET",
                        echoIntegration,
                        MethodOptions.builder().authorizer(requestAuthorizer).build());
        api.getRoot()
                .addResource("iam")
                .addMethod(
                        "GET",
                        echoIntegration,
                        MethodOptions.builder()
                                .authorizationType(AuthorizationType.IAM)
                                .build());
        api.getRoot()
                .addResource("keyed")
                .addMethod(
                        "GET",
                        echoIntegration,
                        MethodOptions.builder().apiKeyRequired(true).build());
        api.getRoot().addResource("limited").addMethod("GET", echoIntegration);
        api.getRoot()
                .addResource("mock")
                .addMethod(
                        "GET",
                        MockIntegration.Builder.create()
                                .requestTemplates(Map.of("application/json", "{\"statusCode\": 200}"))
                                .integrationResponses(List.of(IntegrationResponse.builder()
                                        .statusCode("200")
                                        .responseParameters(Map.of("method.response.header.X-Mock", "'yes'"))
                                        .responseTemplates(Map.of("application/json", "{\"mocked\": true}"))
                                        .build()))
                                .build(),
                        MethodOptions.builder()
                                .methodResponses(List.of(MethodResponse.builder()
                                        .statusCode("200")
                                        .responseParameters(Map.of("method.response.header.X-Mock", true))
                                        .build()))
                                .build());
        // Created only when Environment is prod (the default is dev): the emulator must not serve it.
        IApiKey prodKey = api.addApiKey(
                "ProdKey", ApiKeyOptions.builder().apiKeyName("prod-key").build());
        ((CfnResource) prodKey.getNode().getDefaultChild()).getCfnOptions().setCondition(isProd);

        IApiKey fixed = api.addApiKey(
                "FixedKey",
                ApiKeyOptions.builder().apiKeyName("fixed-key").value(FIXED_KEY).build());
        IApiKey generated = api.addApiKey("GeneratedKey");
        IApiKey quotaKey = api.addApiKey(
                "QuotaKey",
                ApiKeyOptions.builder().apiKeyName("quota-key").value(QUOTA_KEY).build());
        // In no usage plan: valid for no stage.
        api.addApiKey(
                "OrphanKey",
                ApiKeyOptions.builder()
                        .apiKeyName("orphan-key")
                        .value("orphan-api-key-value-0123456789")
                        .build());

        UsagePlan throttled = api.addUsagePlan(
                "ThrottledPlan",
                UsagePlanProps.builder()
                        .name("throttled")
                        .throttle(ThrottleSettings.builder()
                                .rateLimit(1)
                                .burstLimit(2)
                                .build())
                        .build());
        throttled.addApiStage(
                UsagePlanPerApiStage.builder().stage(api.getDeploymentStage()).build());
        throttled.addApiKey(fixed);
        throttled.addApiKey(generated);
        UsagePlan quota = api.addUsagePlan(
                "QuotaPlan",
                UsagePlanProps.builder()
                        .name("quota")
                        .quota(QuotaSettings.builder()
                                .limit(3)
                                .period(Period.DAY)
                                .build())
                        .build());
        quota.addApiStage(
                UsagePlanPerApiStage.builder().stage(api.getDeploymentStage()).build());
        quota.addApiKey(quotaKey);
    }
}
