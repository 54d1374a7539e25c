package dev.gatewaycli.stack;

import dev.gatewaycli.stack.context.GatewayStackProps;
import dev.gatewaycli.stack.context.MethodRoute;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awscdk.Aws;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.CfnResource;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Fn;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.apigateway.AccessLogFormat;
import software.amazon.awscdk.services.apigateway.AuthorizationType;
import software.amazon.awscdk.services.apigateway.CognitoUserPoolsAuthorizer;
import software.amazon.awscdk.services.apigateway.IResource;
import software.amazon.awscdk.services.apigateway.IdentitySource;
import software.amazon.awscdk.services.apigateway.LambdaIntegration;
import software.amazon.awscdk.services.apigateway.LogGroupLogDestination;
import software.amazon.awscdk.services.apigateway.MethodLoggingLevel;
import software.amazon.awscdk.services.apigateway.MethodOptions;
import software.amazon.awscdk.services.apigateway.RequestValidator;
import software.amazon.awscdk.services.apigateway.RequestValidatorOptions;
import software.amazon.awscdk.services.apigateway.RestApi;
import software.amazon.awscdk.services.apigateway.StageOptions;
import software.amazon.awscdk.services.cognito.CognitoDomainOptions;
import software.amazon.awscdk.services.cognito.OAuthFlows;
import software.amazon.awscdk.services.cognito.OAuthScope;
import software.amazon.awscdk.services.cognito.OAuthSettings;
import software.amazon.awscdk.services.cognito.PasswordPolicy;
import software.amazon.awscdk.services.cognito.ResourceServerScope;
import software.amazon.awscdk.services.cognito.UserPool;
import software.amazon.awscdk.services.cognito.UserPoolClient;
import software.amazon.awscdk.services.cognito.UserPoolClientOptions;
import software.amazon.awscdk.services.cognito.UserPoolDomain;
import software.amazon.awscdk.services.cognito.UserPoolDomainOptions;
import software.amazon.awscdk.services.cognito.UserPoolResourceServer;
import software.amazon.awscdk.services.cognito.UserPoolResourceServerOptions;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.Runtime;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.constructs.Construct;
import software.constructs.IConstruct;

/**
 * The seed's pattern (docs/fidelity.md §3): a Cognito user pool whose client-credentials app client gets tokens with
 * custom scopes, and a REST API whose methods accept only those tokens before calling the function. Adds what the
 * seed lacks: outputs the CLI's {@code deploy} reads, context for every name a user changes, a domain prefix that
 * does not collide, access logs, and the account's CloudWatch role so that execution logging deploys on a fresh
 * account.
 */
public final class GatewayStack extends Stack {

    // The seed's names (docs/fidelity.md §3).
    public static final String USER_POOL_NAME = "cognito-api-user-pool";
    public static final String USER_POOL_CLIENT_NAME = "cognito-api-user-pool-client";
    public static final String REST_API_NAME = "rest-api";
    public static final String AUTHORIZER_NAME = "users-authorizer";
    public static final String IDENTITY_HEADER = "Authorization";
    public static final String HANDLER = "dev.gatewaycli.handler.HelloHandler::handleRequest";
    public static final int FUNCTION_MEMORY_MB = 1024;
    public static final int FUNCTION_TIMEOUT_SECONDS = 60;

    // Fixed logical ids: the emulator finds resources by them, and renaming a construct must not replace a resource.
    public static final String USER_POOL_ID = "UserPool";
    public static final String RESOURCE_SERVER_ID = "UserPoolResourceServer";
    public static final String USER_POOL_CLIENT_ID = "UserPoolClient";
    public static final String USER_POOL_DOMAIN_ID = "UserPoolDomain";
    public static final String FUNCTION_ID = "Function";
    public static final String REST_API_ID = "RestApi";
    public static final String AUTHORIZER_ID = "Authorizer";

    // Output names (stable: `gateway-cli deploy` reads them; stack/README.md lists them).
    public static final String OUTPUT_API_URL = "ApiUrl";
    public static final String OUTPUT_TOKEN_ENDPOINT_URL = "TokenEndpointUrl";
    public static final String OUTPUT_USER_POOL_ID = "UserPoolId";
    public static final String OUTPUT_USER_POOL_CLIENT_ID = "UserPoolClientId";
    public static final String OUTPUT_SCOPES = "Scopes";
    public static final String OUTPUT_REGION = "Region";

    private final UserPool userPool;
    private final UserPoolClient client;
    private final Function function;
    private final RestApi api;

    public GatewayStack(Construct scope, GatewayStackProps props) {
        super(
                scope,
                props.stackName(),
                StackProps.builder()
                        .stackName(props.stackName())
                        .description(
                                "gateway-cli: Cognito client-credentials tokens for a REST API that calls a Lambda function")
                        .build());

        userPool = UserPool.Builder.create(this, "UserPool")
                .userPoolName(USER_POOL_NAME)
                .removalPolicy(RemovalPolicy.DESTROY)
                // No person signs in (client credentials only), but a pool always has a password policy:
                // make it strict rather than explain a weak default (cdk-nag AwsSolutions-COG1).
                .selfSignUpEnabled(false)
                .passwordPolicy(PasswordPolicy.builder()
                        .minLength(12)
                        .requireLowercase(true)
                        .requireUppercase(true)
                        .requireDigits(true)
                        .requireSymbols(true)
                        .build())
                .build();
        fixLogicalId(userPool, USER_POOL_ID);

        UserPoolResourceServer resourceServer = userPool.addResourceServer(
                "ResourceServer",
                UserPoolResourceServerOptions.builder()
                        .identifier(props.resourceServerId())
                        .userPoolResourceServerName(props.resourceServerName())
                        .scopes(props.scopes().entrySet().stream()
                                .map(s -> ResourceServerScope.Builder.create()
                                        .scopeName(s.getKey())
                                        .scopeDescription(s.getValue())
                                        .build())
                                .toList())
                        .build());
        fixLogicalId(resourceServer, RESOURCE_SERVER_ID);

        client = userPool.addClient(
                "Client",
                UserPoolClientOptions.builder()
                        .userPoolClientName(USER_POOL_CLIENT_NAME)
                        .generateSecret(true)
                        .oAuth(OAuthSettings.builder()
                                .flows(OAuthFlows.builder()
                                        .clientCredentials(true)
                                        .build())
                                .scopes(props.scopes().keySet().stream()
                                        .map(name -> OAuthScope.custom(props.fullScope(name)))
                                        .toList())
                                .build())
                        .accessTokenValidity(Duration.minutes(props.accessTokenValidityMinutes()))
                        .build());
        // OAuthScope.custom names the scope as a string: the client must wait for the server that defines it.
        client.getNode().addDependency(resourceServer);
        fixLogicalId(client, USER_POOL_CLIENT_ID);

        UserPoolDomain domain = userPool.addDomain(
                "Domain",
                UserPoolDomainOptions.builder()
                        .cognitoDomain(CognitoDomainOptions.builder()
                                .domainPrefix(domainPrefix(props))
                                .build())
                        .build());
        fixLogicalId(domain, USER_POOL_DOMAIN_ID);

        // Created here rather than by Lambda on first call: bounded retention, and gone with the stack.
        LogGroup functionLogs = LogGroup.Builder.create(this, "FunctionLogs")
                .retention(RetentionDays.ONE_MONTH)
                .removalPolicy(RemovalPolicy.DESTROY)
                .build();
        // Instead of AWSLambdaBasicExecutionRole (logs:CreateLogGroup and writes to every log group of the
        // account): writes to this function's log group only (cdk-nag AwsSolutions-IAM4).
        Role functionRole = Role.Builder.create(this, "FunctionRole")
                .assumedBy(new ServicePrincipal("lambda.amazonaws.com"))
                .description("Lets the gateway function write its own logs, nothing else")
                .build();
        functionLogs.grantWrite(functionRole);
        function = Function.Builder.create(this, "Function")
                .runtime(Runtime.JAVA_21)
                .code(Code.fromAsset(
                        props.handlerJar().toAbsolutePath().normalize().toString()))
                .handler(HANDLER)
                .memorySize(FUNCTION_MEMORY_MB)
                .timeout(Duration.seconds(FUNCTION_TIMEOUT_SECONDS))
                .role(functionRole)
                .logGroup(functionLogs)
                .build();
        fixLogicalId(function, FUNCTION_ID);

        LogGroup accessLogs = LogGroup.Builder.create(this, "ApiAccessLogs")
                .retention(RetentionDays.ONE_MONTH)
                .removalPolicy(RemovalPolicy.DESTROY)
                .build();
        api = RestApi.Builder.create(this, "RestApi")
                .restApiName(REST_API_NAME)
                // Execution logging needs the account-wide API Gateway CloudWatch role, which a fresh account lacks
                // (deploy fails with "CloudWatch Logs role ARN must be set in account settings"). The CDK creates
                // the role and the AWS::ApiGateway::Account setting; the role is retained on destroy, since other
                // APIs of the account may log through it.
                .cloudWatchRole(true)
                .cloudWatchRoleRemovalPolicy(RemovalPolicy.RETAIN)
                .deployOptions(StageOptions.builder()
                        .stageName(props.stageName())
                        .metricsEnabled(true)
                        .tracingEnabled(true)
                        .loggingLevel(MethodLoggingLevel.ERROR)
                        .dataTraceEnabled(false)
                        .accessLogDestination(new LogGroupLogDestination(accessLogs))
                        .accessLogFormat(AccessLogFormat.jsonWithStandardFields())
                        .build())
                .build();
        fixLogicalId(api, REST_API_ID);

        CognitoUserPoolsAuthorizer authorizer = CognitoUserPoolsAuthorizer.Builder.create(this, "Authorizer")
                .authorizerName(AUTHORIZER_NAME)
                .cognitoUserPools(List.of(userPool))
                .identitySource(IdentitySource.header(IDENTITY_HEADER))
                .build();
        fixLogicalId(authorizer, AUTHORIZER_ID);

        // API Gateway rejects requests missing declared parameters before they reach (and bill) the function.
        RequestValidator validator = api.addRequestValidator(
                "RequestValidator",
                RequestValidatorOptions.builder()
                        .validateRequestParameters(true)
                        .validateRequestBody(true)
                        .build());
        LambdaIntegration integration = new LambdaIntegration(function);
        for (Map.Entry<MethodRoute, List<String>> method : props.methodScopes().entrySet()) {
            MethodRoute route = method.getKey();
            resource(route.path())
                    .addMethod(
                            route.httpMethod(),
                            integration,
                            MethodOptions.builder()
                                    .authorizer(authorizer)
                                    .authorizationType(AuthorizationType.COGNITO)
                                    .authorizationScopes(method.getValue().stream()
                                            .map(props::fullScope)
                                            .toList())
                                    .requestValidator(validator)
                                    .build());
        }

        output(OUTPUT_API_URL, api.getUrl(), "Base URL of the REST API stage");
        output(
                OUTPUT_TOKEN_ENDPOINT_URL,
                domain.baseUrl() + "/oauth2/token",
                "Cognito token endpoint (client-credentials grant)");
        output(OUTPUT_USER_POOL_ID, userPool.getUserPoolId(), "Cognito user pool id");
        output(
                OUTPUT_USER_POOL_CLIENT_ID,
                client.getUserPoolClientId(),
                "App client id (its secret: aws cognito-idp describe-user-pool-client)");
        output(
                OUTPUT_SCOPES,
                String.join(" ", props.fullScopes()),
                "Scopes the app client may request, space-separated");
        output(OUTPUT_REGION, Aws.REGION, "Region of the stack");

        SecurityChecks.acceptFindings(this);
    }

    public UserPool userPool() {
        return userPool;
    }

    public UserPoolClient client() {
        return client;
    }

    public Function function() {
        return function;
    }

    public RestApi api() {
        return api;
    }

    /**
     * The prefix from context, or {@code <stem>-<last 12 hex digits of this stack's UUID>}: AWS::StackId is
     * {@code arn:...:stack/<name>/<uuid>}, unique per deployed stack, so two users (or two stacks of one account)
     * never ask for the same prefix, and an update keeps the domain. The value is a token until deployment.
     */
    private static String domainPrefix(GatewayStackProps props) {
        return props.domainPrefix()
                .orElseGet(() -> Fn.join(
                        "-",
                        List.of(
                                props.derivedDomainPrefixStem(),
                                Fn.select(4, Fn.split("-", Fn.select(2, Fn.split("/", Aws.STACK_ID)))))));
    }

    /**
     * The API resource at {@code path}, created part by part. Not {@code resourceForPath}: through jsii it casts the
     * root resource to {@code Resource} and fails with a ClassCastException for {@code "/"}.
     */
    private IResource resource(String path) {
        IResource resource = api.getRoot();
        for (String part : path.split("/")) {
            if (!part.isEmpty()) {
                IResource parent = resource;
                resource = Optional.<IResource>ofNullable(parent.getResource(part))
                        .orElseGet(() -> parent.addResource(part));
            }
        }
        return resource;
    }

    private void output(String name, String value, String description) {
        CfnOutput output = CfnOutput.Builder.create(this, name)
                .value(value)
                .description(description)
                .build();
        output.overrideLogicalId(name);
    }

    private static void fixLogicalId(IConstruct construct, String logicalId) {
        ((CfnResource) construct.getNode().getDefaultChild()).overrideLogicalId(logicalId);
    }
}
