package dev.gatewaycli.emulator.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import java.util.Map;

/**
 * The handler of the JVM that trains {@link ClassDataArchive}: a function of this project's pattern (an API Gateway
 * proxy event in, a proxy response out) that the runtime interface client starts as it starts any function, so that
 * the classes of the client's start, of the serializer it builds for the events library and of an invocation's answer
 * and error are all listed and archived. It never runs in the emulator's JVM: its class file is written, with the
 * events library, into the training JVM's own task root, and the runtime client loads it from there.
 */
public final class ClassDataTrainer
        implements RequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent> {

    /** The event path that makes the handler throw: the runtime client's error path is archived too. */
    static final String FAIL = "/training/error";
    /** The event path that ends the training JVM (normally, so that it writes its class list). */
    static final String EXIT = "/training/exit";

    @Override
    public APIGatewayProxyResponseEvent handleRequest(APIGatewayProxyRequestEvent event, Context context) {
        context.getLogger().log("training with " + event.getHttpMethod() + " " + event.getPath());
        if (FAIL.equals(event.getPath())) {
            throw new IllegalStateException("the error path, trained");
        }
        if (EXIT.equals(event.getPath())) {
            System.exit(0);
        }
        Map<String, String> claims = event.getRequestContext() == null
                        || event.getRequestContext().getAuthorizer() == null
                ? Map.of()
                : Map.of(
                        "claims",
                        String.valueOf(event.getRequestContext().getAuthorizer().get("claims")));
        return new APIGatewayProxyResponseEvent()
                .withStatusCode(200)
                .withHeaders(Map.of("Content-Type", "application/json"))
                .withBody("{\"path\":\"" + event.getPath() + "\",\"remaining\":" + context.getRemainingTimeInMillis()
                        + ",\"claims\":" + claims.size() + "}");
    }
}
