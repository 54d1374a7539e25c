package dev.gatewaycli.testapps;

import java.util.List;
import java.util.Map;
import software.amazon.awscdk.App;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.Fn;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.apigateway.CognitoUserPoolsAuthorizer;
import software.amazon.awscdk.services.apigateway.LambdaIntegration;
import software.amazon.awscdk.services.apigateway.LambdaRestApi;
import software.amazon.awscdk.services.apigateway.MethodOptions;
import software.amazon.awscdk.services.apigateway.RestApi;
import software.amazon.awscdk.services.apigateway.StageOptions;
import software.amazon.awscdk.services.cognito.CognitoDomainOptions;
import software.amazon.awscdk.services.cognito.IUserPool;
import software.amazon.awscdk.services.cognito.OAuthFlows;
import software.amazon.awscdk.services.cognito.OAuthScope;
import software.amazon.awscdk.services.cognito.OAuthSettings;
import software.amazon.awscdk.services.cognito.ResourceServerScope;
import software.amazon.awscdk.services.cognito.UserPool;
import software.amazon.awscdk.services.cognito.UserPoolClientOptions;
import software.amazon.awscdk.services.cognito.UserPoolDomainOptions;
import software.amazon.awscdk.services.cognito.UserPoolResourceServer;
import software.amazon.awscdk.services.cognito.UserPoolResourceServerOptions;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.Runtime;
import software.amazon.awscdk.services.ssm.StringParameter;

/**
 * The machine-to-machine sample's shape: the pool in one stack, the API in another, joined by an SSM parameter (the
 * pool id, read back through an SSM-typed template parameter) and an export (the pool ARN, read through
 * {@code Fn::ImportValue}), both pinned to one account and Region ({@code eu-central-1}); and a third,
 * environment-agnostic stack with a {@code LambdaRestApi} and no Cognito at all.
 */
final class MultiStackApp implements TestApp {

    static final String ACCOUNT = "111122223333";
    static final String REGION = "eu-central-1";
    static final String POOL_ID_PARAMETER = "/m2m/user-pool-id";
    static final String POOL_ARN_EXPORT = "m2m-user-pool-arn";

    @Override
    public String name() {
        return "multi-stack";
    }

    @Override
    public void define(App app, Sources sources) {
        Environment pinned =
                Environment.builder().account(ACCOUNT).region(REGION).build();

        Stack identity =
                new Stack(app, "M2MIdentity", StackProps.builder().env(pinned).build());
        UserPool pool = UserPool.Builder.create(identity, "Pool")
                .userPoolName("m2m-pool")
                .build();
        ResourceServerScope read = ResourceServerScope.Builder.create()
                .scopeName("read")
                .scopeDescription("Read orders")
                .build();
        ResourceServerScope write = ResourceServerScope.Builder.create()
                .scopeName("write")
                .scopeDescription("Write orders")
                .build();
        UserPoolResourceServer orders = pool.addResourceServer(
                "Orders",
                UserPoolResourceServerOptions.builder()
                        .identifier("orders")
                        .scopes(List.of(read, write))
                        .build());
        pool.addClient(
                "Machine",
                UserPoolClientOptions.builder()
                        .userPoolClientName("m2m-machine")
                        .generateSecret(true)
                        .oAuth(OAuthSettings.builder()
                                .flows(OAuthFlows.builder()
                                        .clientCredentials(true)
                                        .build())
                                .scopes(List.of(OAuthScope.resourceServer(orders, read)))
                                .build())
                        .build());
        pool.addDomain(
                "Domain",
                UserPoolDomainOptions.builder()
                        .cognitoDomain(CognitoDomainOptions.builder()
                                .domainPrefix("m2m-gateway-cli-test")
                                .build())
                        .build());
        StringParameter.Builder.create(identity, "PoolIdParameter")
                .parameterName(POOL_ID_PARAMETER)
                .stringValue(pool.getUserPoolId())
                .build();
        CfnOutput.Builder.create(identity, "PoolArn")
                .value(pool.getUserPoolArn())
                .exportName(POOL_ARN_EXPORT)
                .build();

        Stack api = new Stack(app, "M2MApi", StackProps.builder().env(pinned).build());
        api.getNode().addDependency(identity); // deployed after the pool it reads through SSM and the export
        String poolId = StringParameter.valueForStringParameter(api, POOL_ID_PARAMETER);
        IUserPool imported = UserPool.fromUserPoolArn(api, "ImportedPool", Fn.importValue(POOL_ARN_EXPORT));
        Function echo = Function.Builder.create(api, "Echo")
                .runtime(Runtime.JAVA_21)
                .handler("dev.gatewaycli.testapps.functions.Echo::handleRequest")
                .code(Code.fromAsset(sources.javaFunctions().toString()))
                .environment(Map.of("USER_POOL_ID", poolId, "USER_POOL_ARN", imported.getUserPoolArn()))
                .build();
        RestApi orderApi = RestApi.Builder.create(api, "OrdersApi")
                .restApiName("orders-api")
                .deployOptions(StageOptions.builder().stageName("live").build())
                .build();
        CognitoUserPoolsAuthorizer authorizer = CognitoUserPoolsAuthorizer.Builder.create(api, "Authorizer")
                .cognitoUserPools(List.of(imported))
                .build();
        orderApi.getRoot()
                .addResource("orders")
                .addMethod(
                        "GET",
                        new LambdaIntegration(echo),
                        MethodOptions.builder()
                                .authorizer(authorizer)
                                .authorizationScopes(List.of("orders/read"))
                                .build());

        Stack status = new Stack(app, "M2MStatus");
        Function hello = Function.Builder.create(status, "Hello")
                .runtime(Runtime.JAVA_21)
                .handler("dev.gatewaycli.handler.HelloHandler::handleRequest")
                .code(Code.fromAsset(sources.handlerJar().toString()))
                .build();
        LambdaRestApi.Builder.create(status, "StatusApi")
                .restApiName("status-api")
                .handler(hello)
                .build();
    }
}
