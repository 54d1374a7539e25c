package dev.gatewaycli.cli.oauth;

import dev.gatewaycli.cli.JsonText;
import dev.gatewaycli.cli.http.HttpTrace;
import dev.gatewaycli.cli.http.WebClients;
import dev.gatewaycli.cli.process.ExitCodes;
import dev.gatewaycli.cli.process.ExitException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ReactiveHttpInputMessage;
import org.springframework.http.client.reactive.ClientHttpResponse;
import org.springframework.security.oauth2.core.endpoint.OAuth2AccessTokenResponse;
import org.springframework.security.oauth2.core.web.reactive.function.OAuth2BodyExtractors;
import org.springframework.web.reactive.function.BodyExtractor;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reads the token endpoint's answer before Spring Security parses it. Spring's extractor ignores the status and
 * reports anything that is not an OAuth JSON body as "invalid_token_response" with a parser's message; a user
 * needs to know that the endpoint answered 503 (worth a retry), or an HTML page (wrong URL, a proxy), or half a JSON
 * document. So: 429 and 5xx become {@link RetryableStatusException}, a body that is not a JSON object becomes one
 * clear line (exit 5), and a JSON object goes to {@link OAuth2BodyExtractors#oauth2AccessTokenResponse()}, which maps
 * success and RFC 6749 §5.2 {@code {"error": ...}} bodies. {@code expires_in} is taken out first and handed on, as
 * sent, in the response's additional parameters under {@link #EXPIRES_IN}: Spring turns a missing or non-positive
 * one into one second, and fails on one too large for an {@code Instant}; {@link AccessTokens#expiresAt} decides.
 */
final class TokenResponseReader implements BodyExtractor<Mono<OAuth2AccessTokenResponse>, ReactiveHttpInputMessage> {

    private static final BodyExtractor<Mono<OAuth2AccessTokenResponse>, ReactiveHttpInputMessage> SPRING =
            OAuth2BodyExtractors.oauth2AccessTokenResponse();

    /** The additional parameter holding {@code expires_in} as a {@code Long}, absent when it was not a number. */
    static final String EXPIRES_IN = "gateway-cli.expires_in";

    /** The most of a body that {@code -v} shows: a runaway answer must not flood the terminal. */
    private static final int TRACE_CHARS = 4096;

    private final URI tokenUrl;

    private final int maxBytes;

    private final HttpTrace trace;

    TokenResponseReader(URI tokenUrl, int maxBytes, HttpTrace trace) {
        this.tokenUrl = tokenUrl;
        this.maxBytes = maxBytes;
        this.trace = trace;
    }

    @Override
    public Mono<OAuth2AccessTokenResponse> extract(ReactiveHttpInputMessage message, Context context) {
        HttpStatusCode status = (message instanceof ClientHttpResponse response)
                ? response.getStatusCode()
                : HttpStatusCode.valueOf(200);
        MediaType contentType = message.getHeaders().getContentType();
        return WebClients.bytes(message.getBody(), maxBytes)
                .flatMap((body) -> interpret(status, contentType, body, context));
    }

    private Mono<OAuth2AccessTokenResponse> interpret(
            HttpStatusCode status, MediaType contentType, byte[] body, Context context) {
        String text = new String(body, StandardCharsets.UTF_8);
        if (trace.enabled()) {
            trace.line("< " + ((text.length() > TRACE_CHARS) ? text.substring(0, TRACE_CHARS) + "..." : text));
        }
        JsonNode json = JsonText.object(text).orElse(null);
        if (status.value() == 429 || status.is5xxServerError()) {
            JsonNode error = (json != null) ? json.get("error") : null;
            return Mono.error(new RetryableStatusException(
                    status.value(), (error == null) ? null : trace.redactor().excerpt(error.asString())));
        }
        if (json == null) {
            return Mono.error(new ExitException(ExitCodes.NETWORK, describeNonJson(status, contentType, text)));
        }
        if (!json.has("access_token") && !json.has("error")) {
            // Spring would call this "server_error", as if the endpoint had refused: it did not speak OAuth at all.
            return Mono.error(new ExitException(
                    ExitCodes.NETWORK,
                    "the token endpoint " + tokenUrl + " answered " + status.value()
                            + " with JSON that is not a token response: check --token-url"));
        }
        Long expiresIn = expiresIn(json.get("expires_in"));
        byte[] forSpring = body;
        if (json.has("expires_in")) {
            ((ObjectNode) json).remove("expires_in");
            forSpring = JsonText.compact(json).getBytes(StandardCharsets.UTF_8);
        }
        byte[] replayed = forSpring;
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        ReactiveHttpInputMessage replay = new ReactiveHttpInputMessage() {

            @Override
            public HttpHeaders getHeaders() {
                return headers;
            }

            @Override
            public Flux<DataBuffer> getBody() {
                return Flux.just(DefaultDataBufferFactory.sharedInstance.wrap(replayed));
            }
        };
        return SPRING.extract(replay, context).map((response) -> {
            Map<String, Object> parameters = new LinkedHashMap<>(response.getAdditionalParameters());
            if (expiresIn != null) {
                parameters.put(EXPIRES_IN, expiresIn);
            }
            return OAuth2AccessTokenResponse.withResponse(response)
                    .additionalParameters(parameters)
                    .build();
        });
    }

    /** {@code expires_in} in seconds: a JSON number, or a string of digits as some servers send; else null. */
    private static Long expiresIn(JsonNode value) {
        if (value == null) {
            return null;
        }
        String text = value.isNumber()
                ? value.asString()
                : value.isString() ? value.asString().trim() : "";
        if (!text.matches("-?\\d{1,18}")) {
            // Not a whole number, or one beyond any lifetime (which would overflow): says nothing usable.
            return text.matches("\\d{19,}") ? Long.MAX_VALUE : null;
        }
        return Long.parseLong(text);
    }

    private String describeNonJson(HttpStatusCode status, MediaType contentType, String text) {
        String head = "the token endpoint " + tokenUrl + " answered " + status.value();
        String trimmed = text.stripLeading();
        if (trimmed.isEmpty()) {
            return head + " with an empty body, not a token: check --token-url (it ends in /oauth2/token)";
        }
        boolean html = (contentType != null
                        && contentType.getSubtype().toLowerCase(Locale.ROOT).contains("html"))
                || trimmed.startsWith("<");
        if (html) {
            return head + " with an HTML page, not a token: check --token-url (it ends in /oauth2/token) and any proxy";
        }
        return head + " with malformed JSON" + ((contentType == null) ? "" : " (" + contentType + ")")
                + ", not a token: check --token-url, or run with -v to see the answer";
    }

    /** 429 or 5xx from the token endpoint: worth another attempt after a pause. */
    static final class RetryableStatusException extends RuntimeException {

        private static final long serialVersionUID = 1L;

        private final int status;

        RetryableStatusException(int status, String error) {
            super(
                    "token endpoint answered " + status + ((error == null) ? "" : " (" + error + ")"),
                    null,
                    false,
                    false);
            this.status = status;
        }

        int status() {
            return status;
        }
    }
}
