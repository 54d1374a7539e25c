package dev.gatewaycli.emulator.apigateway;

import dev.gatewaycli.emulator.http.Json;
import dev.gatewaycli.emulator.model.RestApiModel;
import dev.gatewaycli.emulator.model.RestApiModel.GatewayResponse;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerResponse;

/**
 * An API's gateway responses: API Gateway's defaults ({@link GatewayResponses}) with the API's
 * {@code AWS::ApiGateway::GatewayResponse}s applied. A type without its own customization takes its family's
 * ({@code DEFAULT_4XX} or {@code DEFAULT_5XX}) headers and templates, and a family's status code replaces the status of
 * every type of that family (developer guide, "Gateway response types"). A template is simple variable substitution
 * of {@code $context.*} and {@code $stageVariables.*}, no VTL; without one the default
 * {@code {"message":$context.error.messageString}} is rendered.
 */
final class GatewayResponder {

    private static final Pattern VARIABLE =
            Pattern.compile("\\$(?:\\{)?(context|stageVariables)\\.([A-Za-z0-9_]+(?:\\.[A-Za-z0-9_]+)*)(?:})?");

    /** What a response type becomes for this API: null where the default applies unchanged. */
    private record Custom(int status, Map<String, String> headers, Map<String, String> templates) {}

    private final Map<GatewayResponses, Custom> custom = new EnumMap<>(GatewayResponses.class);

    GatewayResponder(RestApiModel api) {
        Map<String, GatewayResponse> all = api.gatewayResponses();
        for (GatewayResponses r : GatewayResponses.values()) {
            if (r.responseType() == null) {
                continue;
            }
            GatewayResponse own = all.get(r.responseType());
            GatewayResponse family = all.get(r.status() >= 500 ? "DEFAULT_5XX" : "DEFAULT_4XX");
            if (own == null && family == null) {
                continue;
            }
            GatewayResponse chosen = own != null ? own : family;
            int status = Optional.ofNullable(own)
                    .flatMap(GatewayResponse::statusCode)
                    .or(() -> Optional.ofNullable(family).flatMap(GatewayResponse::statusCode))
                    .orElse(r.status());
            custom.put(r, new Custom(status, chosen.headers(), chosen.templates()));
        }
    }

    /** Sends {@code r} for {@code call} with its default message. */
    Mono<Void> send(GatewayResponses r, Call call, HttpServerResponse response) {
        return send(r, r.message(), call, response);
    }

    /** Sends {@code r} for {@code call}, {@code message} as {@code $context.error.message}. */
    Mono<Void> send(GatewayResponses r, String message, Call call, HttpServerResponse response) {
        Custom c = custom.get(r);
        if (c == null && java.util.Objects.equals(message, r.message())) {
            return r.send(response, call.requestId);
        }
        HttpHeaders headers = new DefaultHttpHeaders();
        headers.set(GatewayResponses.REQUEST_ID_HEADER, call.requestId);
        headers.set(GatewayResponses.ERROR_TYPE_HEADER, r.errorType());
        String contentType = "application/json";
        byte[] body;
        int status = r.status();
        if (c == null || c.templates().isEmpty()) {
            body = GatewayResponses.body(message);
        } else {
            contentType = chooseTemplate(c.templates(), call.header("Accept"));
            body = render(c.templates().get(contentType), r, message, call).getBytes(StandardCharsets.UTF_8);
        }
        if (c != null) {
            status = c.status();
            for (Map.Entry<String, String> h : c.headers().entrySet()) {
                String value = headerValue(h.getValue(), call);
                if (value != null) {
                    try {
                        headers.set(h.getKey(), value);
                    } catch (IllegalArgumentException e) {
                        // A request value Netty refuses to send (a line break): API Gateway would drop it too.
                    }
                }
            }
        }
        headers.set(HttpHeaderNames.CONTENT_TYPE, contentType);
        return response.status(status)
                .headers(headers)
                .sendByteArray(Mono.just(body))
                .then();
    }

    /**
     * The template for the request's {@code Accept}: the first media type it lists that has one, else
     * {@code application/json}, else the first template.
     */
    static String chooseTemplate(Map<String, String> templates, String accept) {
        if (accept != null) {
            for (String part : accept.split(",")) {
                int semicolon = part.indexOf(';');
                String type = (semicolon < 0 ? part : part.substring(0, semicolon))
                        .strip()
                        .toLowerCase(Locale.ROOT);
                for (String key : templates.keySet()) {
                    if (key.equalsIgnoreCase(type)) {
                        return key;
                    }
                }
            }
        }
        return templates.containsKey("application/json")
                ? "application/json"
                : templates.keySet().iterator().next();
    }

    /** A {@code gatewayresponse.header.*} mapping: {@code 'static'}, or a request header, query or path parameter. */
    private static String headerValue(String expression, Call call) {
        if (expression.startsWith("'")) {
            return expression.substring(1, expression.length() - 1);
        }
        if (expression.startsWith("method.request.header.")) {
            return call.header(expression.substring("method.request.header.".length()));
        }
        if (expression.startsWith("method.request.querystring.")) {
            return call.queryParameter(expression.substring("method.request.querystring.".length()));
        }
        if (expression.startsWith("method.request.path.") && call.route != null) {
            return call.route.pathParameters().get(expression.substring("method.request.path.".length()));
        }
        return null;
    }

    private static String render(String template, GatewayResponses r, String message, Call call) {
        Matcher m = VARIABLE.matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value;
            if (m.group(1).equals("stageVariables")) {
                value = call.stage == null ? "" : call.stage.variables().getOrDefault(m.group(2), "");
            } else {
                value = switch (m.group(2)) {
                    case "error.message" -> message == null ? "" : message;
                    case "error.messageString" -> message == null ? "null" : Json.MAPPER.writeValueAsString(message);
                    case "error.responseType" -> r.responseType();
                    case "error.validationErrorString" -> "";
                    default -> Optional.ofNullable(call.context(m.group(2))).orElse("");
                };
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }
}
