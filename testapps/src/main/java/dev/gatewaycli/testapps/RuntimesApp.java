package dev.gatewaycli.testapps;

import java.util.List;
import java.util.Map;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.apigateway.AuthorizationType;
import software.amazon.awscdk.services.apigateway.CognitoUserPoolsAuthorizer;
import software.amazon.awscdk.services.apigateway.IResource;
import software.amazon.awscdk.services.apigateway.LambdaIntegration;
import software.amazon.awscdk.services.apigateway.MethodOptions;
import software.amazon.awscdk.services.apigateway.RestApi;
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
 * The pattern (a Cognito-protected REST API) in front of one function per runtime family and per way a function can
 * behave: Node.js (CommonJS, ES module, {@code "type": "module"}, callback, inline), Python (asset and inline), a
 * {@code provided} bootstrap in plain sh (and as {@code go1.x}'s executable), Java through AWS's runtime interface client; functions that throw, fail
 * to initialise, name a missing handler or module, exit mid-invocation, hang past their timeout, or print. Each is
 * at {@code GET /<family>/<behaviour>} and needs an access token with scope {@code runtimes/invoke}.
 */
final class RuntimesApp implements TestApp {

    /** Lambda's oldest Node.js runtime still runnable; the CDK deprecates its constant, the name stays valid. */
    private static final Runtime NODEJS_18 =
            new Runtime("nodejs18.x", software.amazon.awscdk.services.lambda.RuntimeFamily.NODEJS);

    @Override
    public String name() {
        return "runtimes";
    }

    @Override
    public void define(App app, Sources sources) {
        Stack stack = new Stack(app, "Runtimes");
        UserPool pool = UserPool.Builder.create(stack, "Pool").build();
        ResourceServerScope invoke = ResourceServerScope.Builder.create()
                .scopeName("invoke")
                .scopeDescription("Invoke the functions")
                .build();
        UserPoolResourceServer server = pool.addResourceServer(
                "Server",
                UserPoolResourceServerOptions.builder()
                        .identifier("runtimes")
                        .scopes(List.of(invoke))
                        .build());
        pool.addClient(
                "Client",
                UserPoolClientOptions.builder()
                        .generateSecret(true)
                        .oAuth(OAuthSettings.builder()
                                .flows(OAuthFlows.builder()
                                        .clientCredentials(true)
                                        .build())
                                .scopes(List.of(OAuthScope.resourceServer(server, invoke)))
                                .build())
                        .build());
        CognitoUserPoolsAuthorizer authorizer = CognitoUserPoolsAuthorizer.Builder.create(stack, "Authorizer")
                .cognitoUserPools(List.of(pool))
                .build();
        RestApi api = RestApi.Builder.create(stack, "Api").build();
        Routes routes = new Routes(api, authorizer);

        String node = sources.function("node-runtime");
        routes.add(
                "node/report",
                node(stack, "NodeReport", node, "report.handler", Runtime.NODEJS_22_X)
                        .environment(Map.of("GREETING", "hello from the template", "POOL_ID", pool.getUserPoolId()))
                        .build());
        routes.add(
                "node/hello",
                node(stack, "NodeHello", sources.function("node-hello"), "index.handler", Runtime.NODEJS_22_X)
                        .build());
        routes.add(
                "node/esm",
                node(stack, "NodeEsm", node, "esm.handler", Runtime.NODEJS_22_X).build());
        routes.add(
                "node/type-module",
                node(stack, "NodeTypeModule", node, "module-type/app.handlers.get", Runtime.NODEJS_22_X)
                        .build());
        routes.add(
                "node/callback",
                node(stack, "NodeCallback", node, "callback.handler", NODEJS_18).build());
        routes.add(
                "node/throws",
                node(stack, "NodeThrows", node, "throws.handler", Runtime.NODEJS_22_X)
                        .build());
        routes.add(
                "node/init-fails",
                node(stack, "NodeInitFails", node, "init-fails.handler", Runtime.NODEJS_22_X)
                        .build());
        routes.add(
                "node/no-handler",
                node(stack, "NodeNoHandler", node, "report.missing", Runtime.NODEJS_22_X)
                        .build());
        routes.add(
                "node/no-module",
                node(stack, "NodeNoModule", node, "nothere.handler", Runtime.NODEJS_22_X)
                        .build());
        routes.add(
                "node/exits",
                node(stack, "NodeExits", node, "exits.handler", Runtime.NODEJS_22_X)
                        .build());
        routes.add(
                "node/hangs",
                node(stack, "NodeHangs", node, "hangs.handler", Runtime.NODEJS_22_X)
                        .timeout(Duration.seconds(2))
                        .build());
        routes.add(
                "node/slow",
                node(stack, "NodeSlow", node, "hangs.handler", Runtime.NODEJS_22_X)
                        .timeout(Duration.seconds(8))
                        .build());
        routes.add(
                "node/prints",
                node(stack, "NodePrints", node, "prints.handler", Runtime.NODEJS_22_X)
                        .build());
        routes.add(
                "node/serial",
                node(stack, "NodeSerial", node, "report.handler", Runtime.NODEJS_22_X)
                        .reservedConcurrentExecutions(1)
                        .build());
        routes.add(
                "node/inline",
                Function.Builder.create(stack, "NodeInline")
                        .runtime(Runtime.NODEJS_22_X)
                        .handler("index.handler")
                        .code(Code.fromInline("exports.handler = async (event) => ({ statusCode: 200, "
                                + "body: JSON.stringify({ kind: 'inline-node', file: __filename }) });"))
                        .build());

        String python = sources.function("python-runtime");
        routes.add(
                "python/report",
                python(stack, "PythonReport", python, "app.handler").build());
        routes.add(
                "python/fails",
                python(stack, "PythonFails", python, "app.fails").build());
        routes.add(
                "python/broken",
                python(stack, "PythonBroken", python, "broken.handler").build());
        routes.add(
                "python/no-handler",
                python(stack, "PythonNoHandler", python, "app.nothere").build());
        routes.add(
                "python/inline",
                Function.Builder.create(stack, "PythonInline")
                        .runtime(Runtime.PYTHON_3_12)
                        .handler("index.handler")
                        .code(Code.fromInline("import json\n\ndef handler(event, context):\n"
                                + "    return {'statusCode': 200, 'body': json.dumps({'kind': 'inline-python', "
                                + "'file': __file__})}\n"))
                        .build());

        routes.add(
                "provided/sh",
                Function.Builder.create(stack, "ProvidedSh")
                        .runtime(Runtime.PROVIDED_AL2023)
                        .handler("function.handler")
                        .code(Code.fromAsset(sources.function("provided-sh")))
                        .build());
        // go1.x runs the executable the handler names; a shell script stands in for a Go binary.
        routes.add(
                "go/executable",
                Function.Builder.create(stack, "GoExecutable")
                        .runtime(new Runtime("go1.x", software.amazon.awscdk.services.lambda.RuntimeFamily.GO))
                        .handler("bootstrap")
                        .code(Code.fromAsset(sources.function("provided-sh")))
                        .build());
        routes.add(
                "provided/none",
                Function.Builder.create(stack, "ProvidedNone")
                        .runtime(Runtime.PROVIDED_AL2023)
                        .handler("function.handler")
                        .code(Code.fromAsset(python))
                        .build());

        routes.add(
                "java/report",
                javaReport(stack, "JavaReport", Runtime.JAVA_21, sources)
                        .environment(Map.of("GREETING", "hello from the template"))
                        .build());
        // The same function on java17: each runs on a JDK of its own runtime's version when there is one.
        routes.add(
                "java/report17",
                javaReport(stack, "JavaReport17", Runtime.JAVA_17, sources).build());
        routes.add(
                "java/throws",
                Function.Builder.create(stack, "JavaThrows")
                        .runtime(Runtime.JAVA_17)
                        .handler("dev.gatewaycli.testapps.functions.FailingHandler")
                        .code(Code.fromAsset(sources.javaFunctions().toString()))
                        .timeout(Duration.seconds(20))
                        .build());
    }

    private static Function.Builder node(Stack stack, String id, String code, String handler, Runtime runtime) {
        return Function.Builder.create(stack, id)
                .runtime(runtime)
                .handler(handler)
                .code(Code.fromAsset(code));
    }

    private static Function.Builder javaReport(Stack stack, String id, Runtime runtime, Sources sources) {
        return Function.Builder.create(stack, id)
                .runtime(runtime)
                .handler("dev.gatewaycli.testapps.functions.ReportHandler::handleRequest")
                .code(Code.fromAsset(sources.javaFunctions().toString()))
                .memorySize(512)
                .timeout(Duration.seconds(20));
    }

    private static Function.Builder python(Stack stack, String id, String code, String handler) {
        return Function.Builder.create(stack, id)
                .runtime(Runtime.PYTHON_3_12)
                .handler(handler)
                .code(Code.fromAsset(code));
    }

    /** {@code GET /a/b} for each function, behind the Cognito authorizer with scope {@code runtimes/invoke}. */
    private static final class Routes {
        private final RestApi api;
        private final CognitoUserPoolsAuthorizer authorizer;

        Routes(RestApi api, CognitoUserPoolsAuthorizer authorizer) {
            this.api = api;
            this.authorizer = authorizer;
        }

        void add(String path, Function function) {
            IResource resource = api.getRoot();
            for (String part : path.split("/")) {
                IResource child = resource.getResource(part);
                resource = child != null ? child : resource.addResource(part);
            }
            resource.addMethod(
                    "GET",
                    new LambdaIntegration(function),
                    MethodOptions.builder()
                            .authorizer(authorizer)
                            .authorizationType(AuthorizationType.COGNITO)
                            .authorizationScopes(List.of("runtimes/invoke"))
                            .build());
        }
    }
}
