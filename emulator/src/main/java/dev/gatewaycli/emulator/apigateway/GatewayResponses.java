package dev.gatewaycli.emulator.apigateway;

import dev.gatewaycli.emulator.http.Json;
import io.netty.handler.codec.http.HttpHeaderNames;
import org.springframework.http.HttpHeaders;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerResponse;

/**
 * API Gateway's default gateway responses: status, {@code {"message": ...}} body and {@code x-amzn-errortype}, as
 * docs/FIDELITY.md §2 lists them ("Responses"). Every failure on the API side is one of these; none carries a stack
 * trace or any detail of why.
 */
public enum GatewayResponses {

    /** Missing header, bad signature, wrong pool, wrong token type, no matching scope. */
    UNAUTHORIZED(401, "Unauthorized", "UnauthorizedException"),
    /** A valid token past its {@code exp}: its own message (FIDELITY.md §2). */
    EXPIRED_TOKEN(401, "The incoming token has expired", "UnauthorizedException"),
    /** Unknown resource, method or stage. */
    MISSING_AUTHENTICATION_TOKEN(403, "Missing Authentication Token", "MissingAuthenticationTokenException"),
    /** Payload over 10 MB. */
    REQUEST_TOO_LARGE(413, "Request Too Long", "RequestTooLargeException"),
    /** Request line and headers over API Gateway's 10240-byte limit. */
    REQUEST_HEADERS_TOO_LARGE(431, "Request Header Fields Too Large", "RequestHeadersTooLargeException"),
    /** Throttled. */
    THROTTLED(429, "Too Many Requests", "TooManyRequestsException"),
    /** The function failed or returned a malformed proxy response. */
    INTERNAL_SERVER_ERROR(502, "Internal server error", "InternalServerErrorException"),
    /** The integration ran past the integration timeout (29 s by default). */
    INTEGRATION_TIMEOUT(504, "Endpoint request timed out", "InternalServerErrorException");

    /** The header API Gateway names the response type in. */
    public static final String ERROR_TYPE_HEADER = "x-amzn-errortype";
    /** The header API Gateway returns its request id in. */
    public static final String REQUEST_ID_HEADER = "x-amzn-RequestId";

    private final int status;
    private final String message;
    private final String errorType;
    private final byte[] body;

    GatewayResponses(int status, String message, String errorType) {
        this.status = status;
        this.message = message;
        this.errorType = errorType;
        this.body = Json.single("message", message);
    }

    public int status() {
        return status;
    }

    public String message() {
        return message;
    }

    public String errorType() {
        return errorType;
    }

    /** Writes the response on Reactor Netty directly (the API side's path), with the request id. */
    public Mono<Void> send(HttpServerResponse response, String requestId) {
        return response.status(status)
                .header(HttpHeaderNames.CONTENT_TYPE, "application/json")
                .header(REQUEST_ID_HEADER, requestId)
                .header(ERROR_TYPE_HEADER, errorType)
                .sendByteArray(Mono.just(body))
                .then();
    }

    /** The response through WebFlux (the Cognito side's router), with the request id. */
    public Mono<ServerResponse> render(String requestId) {
        return ServerResponse.status(status)
                .header(HttpHeaders.CONTENT_TYPE, "application/json")
                .header(REQUEST_ID_HEADER, requestId)
                .header(ERROR_TYPE_HEADER, errorType)
                .bodyValue(body);
    }
}
