package dev.gatewaycli.handler;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import java.util.HashMap;
import java.util.Map;

/**
 * The Lambda function behind {@code GET /}: answers every API Gateway REST (v1) proxy event with the seed's greeting
 * (docs/fidelity.md §3). It is deliberately a thin adapter with no framework, so the jar stays tiny and a cold JVM
 * reaches the first response quickly.
 */
public final class HelloHandler implements RequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent> {

    /**
     * The seed function's body, byte for byte. Written by hand rather than by an object mapper: loading Jackson in a
     * cold JVM costs about 120 ms, more than the rest of the invocation together.
     */
    static final String BODY = "{\"content\":\"Hello from the Lambda function!\"}";

    static final int STATUS_OK = 200;

    /** The Lambda Java runtime instantiates the handler reflectively through this constructor. */
    public HelloHandler() {
        // Nothing to set up: the response depends on no configuration and no collaborator.
    }

    /**
     * Ignores the event and the context on purpose: API Gateway has already authorized the caller (the Cognito
     * authorizer checked the token and its scope), and the seed's function answers the same to every caller. Touching
     * neither argument is what guarantees that a null, sparse or odd event, or a null context, can never make this
     * method throw, which API Gateway would turn into {@code 502 Internal server error}.
     */
    @Override
    public APIGatewayProxyResponseEvent handleRequest(APIGatewayProxyRequestEvent event, Context context) {
        // A fresh, mutable map per response: the runtime serializes it after we return, and a caller (a test, the
        // emulator) may add headers to what it got without changing the next response.
        Map<String, String> headers = new HashMap<>(4);
        headers.put("Content-Type", "application/json");
        headers.put("Access-Control-Allow-Origin", "*");
        headers.put("Access-Control-Allow-Headers", "Content-Type");
        return new APIGatewayProxyResponseEvent()
                .withStatusCode(STATUS_OK)
                .withHeaders(headers)
                // Stated rather than left null: API Gateway reads a missing flag as false, but a proxy response that
                // says so explicitly is well-formed for any consumer (docs/fidelity.md §2, proxy response shape).
                .withIsBase64Encoded(false)
                .withBody(BODY);
    }
}
