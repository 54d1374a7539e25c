package dev.gatewaycli.emulator.apigateway;

import dev.gatewaycli.emulator.model.MethodModel;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * A {@code MOCK} integration (developer guide, "Set up mock integrations"): the request template chosen by the
 * request's content type ({@code application/json} when it has none) gives a status code; the integration response
 * whose {@code SelectionPattern} matches it, else the one without a pattern, answers with its status, its static
 * header values and its body template. No template for the content type passes the request through under
 * {@code WHEN_NO_MATCH} (then no status code selects the default response) and under {@code WHEN_NO_TEMPLATES} when the
 * method has no template at all; otherwise {@code 415}.
 */
final class MockIntegration {

    private MockIntegration() {}

    /** A response to send, or the gateway response refusing the request. */
    record Answer(int status, HttpHeaders headers, byte[] body, GatewayResponses refusal) {}

    static Answer answer(MethodModel.Mock mock, Call call) {
        String contentType = mediaType(call.header("Content-Type"));
        String status = mock.statusCodes().get(contentType);
        if (status == null) {
            boolean passthrough = switch (mock.passthroughBehavior()) {
                case "WHEN_NO_TEMPLATES" -> mock.statusCodes().isEmpty();
                case "NEVER" -> false;
                default -> true;
            };
            if (!passthrough) {
                return refuse(GatewayResponses.UNSUPPORTED_MEDIA_TYPE);
            }
            status = "";
        }
        MethodModel.MockResponse chosen = null;
        for (MethodModel.MockResponse r : mock.responses()) {
            if (r.selectionPattern().isPresent()
                    && r.selectionPattern().get().matcher(status).matches()) {
                chosen = r;
                break;
            }
        }
        if (chosen == null) {
            chosen = mock.responses().stream()
                    .filter(r -> r.selectionPattern().isEmpty())
                    .findFirst()
                    .orElse(null);
        }
        if (chosen == null) {
            return refuse(GatewayResponses.API_CONFIGURATION_ERROR);
        }
        HttpHeaders headers = new DefaultHttpHeaders();
        chosen.headers().forEach(headers::set);
        if (!chosen.echoedOrigins().isEmpty()) {
            // $input.params().header.get("Origin"), else "origin": the names exactly as the request spells them.
            String origin = call.headerExactly("Origin");
            if (origin == null || origin.isEmpty()) {
                origin = call.headerExactly("origin");
            }
            if (origin != null && chosen.echoedOrigins().contains(origin)) {
                headers.set("Access-Control-Allow-Origin", origin);
            }
        }
        String type = "application/json";
        byte[] body = new byte[0];
        if (!chosen.templates().isEmpty()) {
            type = GatewayResponder.chooseTemplate(chosen.templates(), call.header("Accept"));
            body = chosen.templates().get(type).getBytes(StandardCharsets.UTF_8);
        }
        headers.set(HttpHeaderNames.CONTENT_TYPE, type);
        int code = Integer.parseInt(chosen.statusCode());
        return new Answer(code, headers, code == 204 || code == 304 ? new byte[0] : body, null);
    }

    private static Answer refuse(GatewayResponses response) {
        return new Answer(0, null, null, response);
    }

    /** The media type of a Content-Type header, lower case without parameters; {@code application/json} without. */
    static String mediaType(String contentType) {
        if (contentType == null || contentType.isBlank()) {
            return "application/json";
        }
        int semicolon = contentType.indexOf(';');
        return (semicolon < 0 ? contentType : contentType.substring(0, semicolon))
                .strip()
                .toLowerCase(Locale.ROOT);
    }
}
