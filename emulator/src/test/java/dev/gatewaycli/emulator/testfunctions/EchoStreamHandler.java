package dev.gatewaycli.emulator.testfunctions;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Test function: answers with the raw event it received as the body, so tests can assert on the exact JSON API
 * Gateway (the emulator) handed the function. Runs inside the emulator's isolated class loader, so it uses nothing
 * but the JDK and aws-lambda-java-core.
 */
public final class EchoStreamHandler implements RequestStreamHandler {

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        String event = new String(input.readAllBytes(), StandardCharsets.UTF_8);
        String response = "{\"statusCode\":200,\"headers\":{\"Content-Type\":\"application/json\",\"X-Echo\":\"yes\"},"
                + "\"multiValueHeaders\":{\"X-Multi\":[\"a\",\"b\"]},\"body\":" + quote(event)
                + ",\"isBase64Encoded\":false}";
        output.write(response.getBytes(StandardCharsets.UTF_8));
    }

    static String quote(String text) {
        StringBuilder out = new StringBuilder(text.length() + 16).append('"');
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
