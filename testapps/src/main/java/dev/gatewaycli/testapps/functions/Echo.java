package dev.gatewaycli.testapps.functions;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Answers 200 with the raw event it received as the body, so that a test sees exactly what API Gateway (the emulator)
 * handed the function: path, stage variables, {@code requestContext.authorizer}, {@code requestContext.identity}.
 */
public final class Echo implements RequestStreamHandler {

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        String event = new String(input.readAllBytes(), StandardCharsets.UTF_8);
        String response = "{\"statusCode\":200,\"headers\":{\"Content-Type\":\"application/json\"},\"body\":"
                + Json.quote(event) + "}";
        output.write(response.getBytes(StandardCharsets.UTF_8));
    }
}
