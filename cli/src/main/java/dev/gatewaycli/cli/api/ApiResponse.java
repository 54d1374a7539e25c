package dev.gatewaycli.cli.api;

import java.nio.charset.StandardCharsets;
import org.springframework.http.HttpHeaders;

/** The API's answer, body read whole (up to the size limit). */
public record ApiResponse(int status, String reason, HttpHeaders headers, byte[] body) {

    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    public boolean isSuccess() {
        return status >= 200 && status < 300;
    }
}
