package dev.gatewaycli.testapps.functions;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import java.util.Map;

/** Always throws: the invocation fails with the error document the Java runtime writes. */
public final class FailingHandler implements RequestHandler<Map<String, Object>, Map<String, Object>> {

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
        throw new IllegalStateException("boom: secret detail that must not reach the caller");
    }
}
