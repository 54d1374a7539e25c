package dev.gatewaycli.testapps;

import java.util.List;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.apigateway.CognitoUserPoolsAuthorizer;
import software.amazon.awscdk.services.apigateway.LambdaIntegration;
import software.amazon.awscdk.services.apigateway.MethodOptions;
import software.amazon.awscdk.services.apigateway.RestApi;
import software.amazon.awscdk.services.cognito.AuthFlow;
import software.amazon.awscdk.services.cognito.AutoVerifiedAttrs;
import software.amazon.awscdk.services.cognito.PasswordPolicy;
import software.amazon.awscdk.services.cognito.SignInAliases;
import software.amazon.awscdk.services.cognito.UserPool;
import software.amazon.awscdk.services.cognito.UserPoolClientOptions;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.Runtime;

/**
 * People signing in, as the CDK samples whose methods take ID tokens are written: a customer pool whose users sign
 * in with their email (self sign-up on, email verified, a password policy of its own), a web client without a secret
 * and a backend client with one (both with the password flows), a client with the SRP flow only; a staff pool with
 * every default (no self sign-up, Cognito's password policy, plain user names) and a client with the default flows;
 * a REST API whose {@code GET /profile} has no scopes (ID tokens) and {@code GET /account} wants
 * {@code aws.cognito.signin.user.admin} (a user's access token).
 */
final class PeopleApp implements TestApp {

    @Override
    public String name() {
        return "people";
    }

    @Override
    public void define(App app, Sources sources) {
        Stack stack = new Stack(app, "People");

        UserPool customers = UserPool.Builder.create(stack, "Customers")
                .userPoolName("customers")
                .selfSignUpEnabled(true)
                .signInAliases(SignInAliases.builder().email(true).build())
                .autoVerify(AutoVerifiedAttrs.builder().email(true).build())
                .passwordPolicy(PasswordPolicy.builder()
                        .minLength(10)
                        .requireDigits(true)
                        .requireLowercase(true)
                        .requireUppercase(true)
                        .requireSymbols(false)
                        .build())
                .build();
        customers.addClient(
                "Web",
                UserPoolClientOptions.builder()
                        .userPoolClientName("web")
                        .authFlows(AuthFlow.builder()
                                .userPassword(true)
                                .adminUserPassword(true)
                                .build())
                        .accessTokenValidity(Duration.minutes(30))
                        .idTokenValidity(Duration.minutes(30))
                        .refreshTokenValidity(Duration.hours(12))
                        .build());
        customers.addClient(
                "Backend",
                UserPoolClientOptions.builder()
                        .userPoolClientName("backend")
                        .generateSecret(true)
                        .authFlows(AuthFlow.builder()
                                .userPassword(true)
                                .adminUserPassword(true)
                                .build())
                        .build());
        customers.addClient(
                "SrpOnly",
                UserPoolClientOptions.builder()
                        .userPoolClientName("srp-only")
                        .authFlows(AuthFlow.builder().userSrp(true).build())
                        .build());

        UserPool staff =
                UserPool.Builder.create(stack, "Staff").userPoolName("staff").build();
        staff.addClient(
                "Console",
                UserPoolClientOptions.builder().userPoolClientName("console").build());

        Function echo = Function.Builder.create(stack, "Echo")
                .runtime(Runtime.JAVA_21)
                .handler("dev.gatewaycli.testapps.functions.Echo::handleRequest")
                .code(Code.fromAsset(sources.javaFunctions().toString()))
                .build();
        RestApi api = RestApi.Builder.create(stack, "PeopleApi")
                .restApiName("people-api")
                .build();
        CognitoUserPoolsAuthorizer authorizer = CognitoUserPoolsAuthorizer.Builder.create(stack, "CustomersAuthorizer")
                .cognitoUserPools(List.of(customers))
                .build();
        LambdaIntegration integration = new LambdaIntegration(echo);
        api.getRoot()
                .addResource("profile")
                .addMethod(
                        "GET",
                        integration,
                        MethodOptions.builder().authorizer(authorizer).build());
        api.getRoot()
                .addResource("account")
                .addMethod(
                        "GET",
                        integration,
                        MethodOptions.builder()
                                .authorizer(authorizer)
                                .authorizationScopes(List.of("aws.cognito.signin.user.admin"))
                                .build());
    }
}
