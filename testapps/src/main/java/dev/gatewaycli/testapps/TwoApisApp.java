package dev.gatewaycli.testapps;

import java.util.List;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.apigateway.CognitoUserPoolsAuthorizer;
import software.amazon.awscdk.services.apigateway.Deployment;
import software.amazon.awscdk.services.apigateway.LambdaIntegration;
import software.amazon.awscdk.services.apigateway.LambdaRestApi;
import software.amazon.awscdk.services.apigateway.MethodOptions;
import software.amazon.awscdk.services.apigateway.Resource;
import software.amazon.awscdk.services.apigateway.RestApi;
import software.amazon.awscdk.services.apigateway.Stage;
import software.amazon.awscdk.services.cognito.OAuthFlows;
import software.amazon.awscdk.services.cognito.OAuthScope;
import software.amazon.awscdk.services.cognito.OAuthSettings;
import software.amazon.awscdk.services.cognito.ResourceServerScope;
import software.amazon.awscdk.services.cognito.UserPool;
import software.amazon.awscdk.services.cognito.UserPoolClientOptions;
import software.amazon.awscdk.services.cognito.UserPoolResourceServer;
import software.amazon.awscdk.services.cognito.UserPoolResourceServerOptions;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.Runtime;

/**
 * Two REST APIs in one stack: a public {@code LambdaRestApi} proxy (the seed's function behind {@code ANY /} and
 * {@code ANY /{proxy+}}) and a partner API with several resources and methods, a second stage, and a Cognito
 * authorizer on a pool with two app clients. A second pool, for staff, has no app client at all.
 */
final class TwoApisApp implements TestApp {

    @Override
    public String name() {
        return "two-apis";
    }

    @Override
    public void define(App app, Sources sources) {
        Stack stack = new Stack(app, "TwoApis");

        UserPool.Builder.create(stack, "StaffPool").userPoolName("staff").build();

        UserPool partners = UserPool.Builder.create(stack, "PartnerPool")
                .userPoolName("partners")
                .build();
        ResourceServerScope read = ResourceServerScope.Builder.create()
                .scopeName("read")
                .scopeDescription("Read")
                .build();
        ResourceServerScope write = ResourceServerScope.Builder.create()
                .scopeName("write")
                .scopeDescription("Write")
                .build();
        UserPoolResourceServer catalog = partners.addResourceServer(
                "Catalog",
                UserPoolResourceServerOptions.builder()
                        .identifier("catalog")
                        .scopes(List.of(read, write))
                        .build());
        partners.addClient(
                "Reader",
                UserPoolClientOptions.builder()
                        .userPoolClientName("partner-reader")
                        .generateSecret(true)
                        .oAuth(OAuthSettings.builder()
                                .flows(OAuthFlows.builder()
                                        .clientCredentials(true)
                                        .build())
                                .scopes(List.of(OAuthScope.resourceServer(catalog, read)))
                                .build())
                        .build());
        partners.addClient(
                "Writer",
                UserPoolClientOptions.builder()
                        .userPoolClientName("partner-writer")
                        .generateSecret(true)
                        .oAuth(OAuthSettings.builder()
                                .flows(OAuthFlows.builder()
                                        .clientCredentials(true)
                                        .build())
                                .scopes(List.of(
                                        OAuthScope.resourceServer(catalog, read),
                                        OAuthScope.resourceServer(catalog, write)))
                                .build())
                        .build());

        Function hello = Function.Builder.create(stack, "Hello")
                .runtime(Runtime.JAVA_21)
                .handler("dev.gatewaycli.handler.HelloHandler::handleRequest")
                .code(Code.fromAsset(sources.handlerJar().toString()))
                .build();
        LambdaRestApi.Builder.create(stack, "PublicApi")
                .restApiName("public-api")
                .handler(hello)
                .build();

        Function echo = Function.Builder.create(stack, "Echo")
                .runtime(Runtime.JAVA_21)
                .handler("dev.gatewaycli.testapps.functions.Echo::handleRequest")
                .code(Code.fromAsset(sources.javaFunctions().toString()))
                .build();
        RestApi partnerApi = RestApi.Builder.create(stack, "PartnerApi")
                .restApiName("partner-api")
                .build();
        CognitoUserPoolsAuthorizer authorizer = CognitoUserPoolsAuthorizer.Builder.create(stack, "PartnerAuthorizer")
                .cognitoUserPools(List.of(partners))
                .build();
        LambdaIntegration integration = new LambdaIntegration(echo);
        MethodOptions reads = MethodOptions.builder()
                .authorizer(authorizer)
                .authorizationScopes(List.of("catalog/read"))
                .build();
        MethodOptions writes = MethodOptions.builder()
                .authorizer(authorizer)
                .authorizationScopes(List.of("catalog/write"))
                .build();
        Resource items = partnerApi.getRoot().addResource("items");
        items.addMethod("GET", integration, reads);
        items.addMethod("POST", integration, writes);
        Resource item = items.addResource("{id}");
        item.addMethod("GET", integration, reads);
        item.addMethod("DELETE", integration, writes);
        Stage.Builder.create(stack, "BetaStage")
                .deployment(Deployment.Builder.create(stack, "BetaDeployment")
                        .api(partnerApi)
                        .build())
                .stageName("beta")
                .build();
    }
}
