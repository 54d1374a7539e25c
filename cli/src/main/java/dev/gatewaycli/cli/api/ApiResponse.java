package dev.gatewaycli.cli.api;

import dev.gatewaycli.cli.JsonText;
import dev.gatewaycli.cli.http.Headers;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/** The API's answer, body read whole (up to the size limit). */
public record ApiResponse(int status, String reason, Headers headers, byte[] body) {

    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    public boolean isSuccess() {
        return status >= 200 && status < 300;
    }

    /**
     * The {@code message} of API Gateway's own answers, {@code {"message": "..."}} (docs/fidelity.md §2), or empty
     * when the body is not one of them.
     */
    public Optional<String> gatewayMessage() {
        return JsonText.object(bodyText())
                .map((json) -> json.get("message"))
                .filter((message) -> message.isString())
                .map((message) -> message.asString());
    }
}
