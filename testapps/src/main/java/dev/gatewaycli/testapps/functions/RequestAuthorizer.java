package dev.gatewaycli.testapps.functions;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import java.util.Map;

/**
 * A {@code REQUEST} Lambda authorizer: allows the method when the {@code X-Tenant} header is {@code acme}, denies it
 * explicitly for any other tenant, and passes the tenant and the {@code user} query parameter on in its context.
 */
public final class RequestAuthorizer implements RequestHandler<Map<String, Object>, Map<String, Object>> {

    @Override
    @SuppressWarnings("unchecked") // the event is JSON objects all the way down
    public Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
        Map<String, Object> headers = (Map<String, Object>) event.getOrDefault("headers", Map.of());
        Map<String, Object> query = (Map<String, Object>) event.getOrDefault("queryStringParameters", Map.of());
        String tenant = String.valueOf(headers.get("X-Tenant"));
        String methodArn = String.valueOf(event.get("methodArn"));
        Map<String, Object> out =
                TokenAuthorizer.policy("tenant-" + tenant, tenant.equals("acme") ? "Allow" : "Deny", methodArn);
        ((Map<String, Object>) out.get("context")).put("tenant", tenant);
        ((Map<String, Object>) out.get("context")).put("user", String.valueOf(query.get("user")));
        return out;
    }
}
