package dev.gatewaycli.testapps;

import software.amazon.awscdk.App;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.apigateway.LambdaRestApi;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.Runtime;

/** The smallest app of the pattern's family: a {@code LambdaRestApi} proxy to a Node.js function, no authorizer. */
final class NodeHelloApp implements TestApp {

    @Override
    public String name() {
        return "node-hello";
    }

    @Override
    public void define(App app, Sources sources) {
        Stack stack = new Stack(app, "NodeHello");
        Function hello = Function.Builder.create(stack, "Hello")
                .runtime(Runtime.NODEJS_20_X)
                .handler("index.handler")
                .code(Code.fromAsset(sources.function("node-hello")))
                .build();
        LambdaRestApi.Builder.create(stack, "Api").handler(hello).build();
    }
}
