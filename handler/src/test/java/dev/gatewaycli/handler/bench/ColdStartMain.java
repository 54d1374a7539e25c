package dev.gatewaycli.handler.bench;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent.ProxyRequestContext;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent.RequestIdentity;
import dev.gatewaycli.handler.HelloHandler;
import java.util.HashMap;
import java.util.Map;

/**
 * What bench/handler-cold-start.sh times: a fresh JVM that builds one authorized {@code GET /} proxy event, constructs
 * the handler, invokes it once and prints the body. It lives in test sources so it never ships in handler.jar, and
 * builds the event by hand because parsing JSON would time a JSON library, not the function.
 */
public final class ColdStartMain {

    private ColdStartMain() {}

    public static void main(String[] args) {
        System.out.println(
                new HelloHandler().handleRequest(authorizedGetRoot(), null).getBody());
    }

    /** The same request as events/01-get-root-with-cognito-access-token-claims.json, claims as API Gateway sends them. */
    static APIGatewayProxyRequestEvent authorizedGetRoot() {
        Map<String, String> claims = new HashMap<>();
        claims.put("sub", "7qbg2fe5jm3p9k8s4tv1d6ycxh");
        claims.put("client_id", "7qbg2fe5jm3p9k8s4tv1d6ycxh");
        claims.put("token_use", "access");
        claims.put("scope", "users/read-only");
        claims.put("auth_time", "1784693644");
        claims.put("iat", "Wed Jul 22 04:14:04 UTC 2026");
        claims.put("exp", "Wed Jul 22 04:44:04 UTC 2026");
        claims.put("iss", "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_AbCdEf123");
        claims.put("version", "2");
        claims.put("jti", "3f6c1a9e-8b2d-4e7f-9a1c-5d0b7e2f4a68");
        Map<String, Object> authorizer = new HashMap<>();
        authorizer.put("claims", claims);

        Map<String, String> headers = new HashMap<>();
        headers.put("Host", "a1b2c3d4e5.execute-api.us-east-1.amazonaws.com");
        headers.put("Authorization", "eyJraWQiOiJ0ZXN0LWtleS0xIiwiYWxnIjoiUlMyNTYifQ.e30.c2ln");
        headers.put("accept", "*/*");

        ProxyRequestContext requestContext = new ProxyRequestContext()
                .withAccountId("123456789012")
                .withApiId("a1b2c3d4e5")
                .withStage("prod")
                .withResourcePath("/")
                .withHttpMethod("GET")
                .withPath("/prod/")
                .withRequestId("c0f7d2a4-5b1e-4c8d-9f3a-2e6b8d1c7a95")
                .withIdentity(new RequestIdentity().withSourceIp("203.0.113.10"));
        requestContext.setAuthorizer(authorizer);

        return new APIGatewayProxyRequestEvent()
                .withResource("/")
                .withPath("/")
                .withHttpMethod("GET")
                .withHeaders(headers)
                .withIsBase64Encoded(false)
                .withRequestContext(requestContext);
    }
}
