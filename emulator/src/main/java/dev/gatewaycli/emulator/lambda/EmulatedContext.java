package dev.gatewaycli.emulator.lambda;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import java.time.Clock;
import java.time.Instant;

/**
 * The {@link Context} of one invocation: request id, function name, version {@code $LATEST}, ARN, memory, log group
 * and stream, and remaining time counted down from the template's timeout.
 */
final class EmulatedContext implements Context {

    private final String requestId;
    private final String functionName;
    private final String functionArn;
    private final int memoryMb;
    private final String logStream;
    private final Instant deadline;
    private final Clock clock;
    private final LambdaLogger logger;

    EmulatedContext(
            String requestId,
            String functionName,
            String functionArn,
            int memoryMb,
            String logStream,
            Instant deadline,
            Clock clock,
            LambdaLogger logger) {
        this.requestId = requestId;
        this.functionName = functionName;
        this.functionArn = functionArn;
        this.memoryMb = memoryMb;
        this.logStream = logStream;
        this.deadline = deadline;
        this.clock = clock;
        this.logger = logger;
    }

    @Override
    public String getAwsRequestId() {
        return requestId;
    }

    @Override
    public String getLogGroupName() {
        return "/aws/lambda/" + functionName;
    }

    @Override
    public String getLogStreamName() {
        return logStream;
    }

    @Override
    public String getFunctionName() {
        return functionName;
    }

    @Override
    public String getFunctionVersion() {
        return "$LATEST";
    }

    @Override
    public String getInvokedFunctionArn() {
        return functionArn;
    }

    @Override
    public CognitoIdentity getIdentity() {
        return null; // only set for invocations through the mobile SDK
    }

    @Override
    public ClientContext getClientContext() {
        return null; // only set for invocations through the mobile SDK
    }

    @Override
    public int getRemainingTimeInMillis() {
        long remaining = deadline.toEpochMilli() - clock.millis();
        return (int) Math.max(0, Math.min(Integer.MAX_VALUE, remaining));
    }

    @Override
    public int getMemoryLimitInMB() {
        return memoryMb;
    }

    @Override
    public LambdaLogger getLogger() {
        return logger;
    }
}
