package dev.gatewaycli.emulator.testfunctions;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import java.util.Map;

/**
 * Test function: a typed handler, as most real ones are. Reports, one {@code key=value} per line, what it received
 * through aws-lambda-java-serialization and the Context, and what its class loader lets it see.
 */
public final class TypedHandler implements RequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent> {

    @Override
    @SuppressWarnings("unchecked") // the events library types the authorizer map as Map<String, Object>
    public APIGatewayProxyResponseEvent handleRequest(APIGatewayProxyRequestEvent event, Context context) {
        context.getLogger().log("typed handler ran for " + event.getPath());
        Map<String, Object> claims =
                (Map<String, Object>) event.getRequestContext().getAuthorizer().get("claims");
        StringBuilder body = new StringBuilder();
        body.append("path=").append(event.getPath()).append('\n');
        body.append("resource=").append(event.getResource()).append('\n');
        body.append("stage=").append(event.getRequestContext().getStage()).append('\n');
        body.append("requestId=")
                .append(event.getRequestContext().getRequestId())
                .append('\n');
        body.append("awsRequestId=").append(context.getAwsRequestId()).append('\n');
        body.append("functionName=").append(context.getFunctionName()).append('\n');
        body.append("memory=").append(context.getMemoryLimitInMB()).append('\n');
        body.append("remaining=").append(context.getRemainingTimeInMillis()).append('\n');
        body.append("scope=").append(claims.get("scope")).append('\n');
        body.append("sourceIp=")
                .append(event.getRequestContext().getIdentity().getSourceIp())
                .append('\n');
        body.append("seesJackson=")
                .append(visible("tools.jackson.databind.ObjectMapper"))
                .append('\n');
        body.append("seesEmulator=")
                .append(visible("dev.gatewaycli.emulator.GatewayEmulator"))
                .append('\n');
        body.append("seesContext=")
                .append(visible("com.amazonaws.services.lambda.runtime.Context"))
                .append('\n');
        body.append("contextLoader=")
                .append(Thread.currentThread().getContextClassLoader()
                        == getClass().getClassLoader())
                .append('\n');
        return new APIGatewayProxyResponseEvent()
                .withStatusCode(201)
                .withHeaders(Map.of("Content-Type", "text/plain"))
                .withBody(body.toString());
    }

    private boolean visible(String name) {
        try {
            Class.forName(name, false, getClass().getClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }
}
