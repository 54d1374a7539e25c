package dev.gatewaycli.handler;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import java.nio.charset.StandardCharsets;

/**
 * A Lambda {@link Context} with the values the runtime would give the seed's function (1024 MB, 60 s), since
 * aws-lambda-java-tests ships none. Its logger writes to standard output, as the runtime's does.
 */
final class TestContext implements Context {

    private final LambdaLogger logger = new LambdaLogger() {
        @Override
        public void log(String message) {
            System.out.print(message);
        }

        @Override
        public void log(byte[] message) {
            System.out.print(new String(message, StandardCharsets.UTF_8));
        }
    };

    @Override
    public String getAwsRequestId() {
        return "6f1d3a2b-9c8e-4f7a-b6d5-1e2f3a4b5c6d";
    }

    @Override
    public String getLogGroupName() {
        return "/aws/lambda/gateway-cli-hello";
    }

    @Override
    public String getLogStreamName() {
        return "2026/07/22/[$LATEST]0123456789abcdef0123456789abcdef";
    }

    @Override
    public String getFunctionName() {
        return "gateway-cli-hello";
    }

    @Override
    public String getFunctionVersion() {
        return "$LATEST";
    }

    @Override
    public String getInvokedFunctionArn() {
        return "arn:aws:lambda:us-east-1:123456789012:function:gateway-cli-hello";
    }

    @Override
    public CognitoIdentity getIdentity() {
        return null;
    }

    @Override
    public ClientContext getClientContext() {
        return null;
    }

    @Override
    public int getRemainingTimeInMillis() {
        return 60_000;
    }

    @Override
    public int getMemoryLimitInMB() {
        return 1024;
    }

    @Override
    public LambdaLogger getLogger() {
        return logger;
    }
}
