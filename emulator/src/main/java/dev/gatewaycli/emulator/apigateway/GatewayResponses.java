package dev.gatewaycli.emulator.apigateway;

import dev.gatewaycli.emulator.http.Json;
import io.netty.handler.codec.http.HttpHeaderNames;
import org.springframework.http.HttpHeaders;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerResponse;
import tools.jackson.databind.node.ObjectNode;

/**
 * API Gateway's default gateway responses: status, {@code {"message": ...}} body (the default template
 * {@code {"message":$context.error.messageString}}) and {@code x-amzn-errortype}, as docs/fidelity.md §2 and §6 list
 * them. Each names the gateway response type an {@code AWS::ApiGateway::GatewayResponse} customizes it by
 * ({@link #responseType()}); several share one (an expired token is an {@code UNAUTHORIZED} response with its own
 * message). Every failure on the API side is one of these; none carries a stack trace or any detail of why.
 */
public enum GatewayResponses {

    /** Missing header, bad signature, wrong pool, wrong token type, no matching scope; a Lambda authorizer's no. */
    UNAUTHORIZED(401, "Unauthorized", "UnauthorizedException", "UNAUTHORIZED"),
    /** A valid token past its {@code exp}: its own message (fidelity.md §2). */
    EXPIRED_TOKEN(401, "The incoming token has expired", "UnauthorizedException", "UNAUTHORIZED"),
    /** Unknown resource, method or stage; an {@code AWS_IAM} method without a signature. */
    MISSING_AUTHENTICATION_TOKEN(
            403, "Missing Authentication Token", "MissingAuthenticationTokenException", "MISSING_AUTHENTICATION_TOKEN"),
    /** A Lambda authorizer's policy allows nothing that matches the method. */
    ACCESS_DENIED(403, "User is not authorized to access this resource", "AccessDeniedException", "ACCESS_DENIED"),
    /** A Lambda authorizer's policy denies the method explicitly. */
    EXPLICIT_DENY(
            403,
            "User is not authorized to access this resource with an explicit deny",
            "AccessDeniedException",
            "ACCESS_DENIED"),
    /** A method that requires an API key, without a valid key for its stage. */
    INVALID_API_KEY(403, "Forbidden", "ForbiddenException", "INVALID_API_KEY"),
    /** An {@code AWS_IAM} method with an {@code Authorization} header that is no Signature Version 4. */
    INCOMPLETE_SIGNATURE(403, "Incomplete signature", "IncompleteSignatureException", "INVALID_SIGNATURE"),
    /** An {@code AWS_IAM} method with a signature scoped to another Region or service. */
    INVALID_SIGNATURE(403, "Invalid signature", "InvalidSignatureException", "INVALID_SIGNATURE"),
    /** A required request parameter is missing (a request validator validates parameters). */
    BAD_REQUEST_PARAMETERS(400, "Missing required request parameters", "BadRequestException", "BAD_REQUEST_PARAMETERS"),
    /** Payload over 10 MB. */
    REQUEST_TOO_LARGE(413, "Request Too Long", "RequestTooLargeException", "REQUEST_TOO_LARGE"),
    /** A mock integration with no request template for the content type, and a passthrough that forbids it. */
    UNSUPPORTED_MEDIA_TYPE(415, "Unsupported Media Type", "UnsupportedMediaTypeException", "UNSUPPORTED_MEDIA_TYPE"),
    /** Request line and headers over API Gateway's 10240-byte limit (at the edge: not customizable). */
    REQUEST_HEADERS_TOO_LARGE(431, "Request Header Fields Too Large", "RequestHeadersTooLargeException", null),
    /** A stage's, a method's or a usage plan's throttle. */
    THROTTLED(429, "Too Many Requests", "TooManyRequestsException", "THROTTLED"),
    /** A usage plan's quota for the key is used up. */
    QUOTA_EXCEEDED(429, "Limit Exceeded", "LimitExceededException", "QUOTA_EXCEEDED"),
    /** A Lambda authorizer failed, timed out, or returned what is not a valid policy. */
    AUTHORIZER_CONFIGURATION_ERROR(500, null, "AuthorizerConfigurationException", "AUTHORIZER_CONFIGURATION_ERROR"),
    /** A mock integration whose integration responses match no status code. */
    API_CONFIGURATION_ERROR(500, "Internal server error", "InternalServerErrorException", "API_CONFIGURATION_ERROR"),
    /** The function failed or returned a malformed proxy response. */
    INTERNAL_SERVER_ERROR(502, "Internal server error", "InternalServerErrorException", "DEFAULT_5XX"),
    /** The integration ran past the integration timeout (29 s by default). */
    INTEGRATION_TIMEOUT(504, "Endpoint request timed out", "InternalServerErrorException", "INTEGRATION_TIMEOUT");

    /** The header API Gateway names the response type in. */
    public static final String ERROR_TYPE_HEADER = "x-amzn-errortype";
    /** The header API Gateway returns its request id in. */
    public static final String REQUEST_ID_HEADER = "x-amzn-RequestId";

    private final int status;
    private final String message;
    private final String errorType;
    private final String responseType;
    private final byte[] body;

    GatewayResponses(int status, String message, String errorType, String responseType) {
        this.status = status;
        this.message = message;
        this.errorType = errorType;
        this.responseType = responseType;
        this.body = body(message);
    }

    public int status() {
        return status;
    }

    /** The message of the default body; null where API Gateway sends {@code {"message":null}}. */
    public String message() {
        return message;
    }

    public String errorType() {
        return errorType;
    }

    /**
     * The gateway response type an {@code AWS::ApiGateway::GatewayResponse} customizes this response by
     * ({@code UNAUTHORIZED}, {@code DEFAULT_5XX}, ...); null for a response API Gateway sends before it knows the API.
     */
    public String responseType() {
        return responseType;
    }

    /** {@code {"message":<message>}}, {@code message} escaped by Jackson (null gives JSON null). */
    static byte[] body(String message) {
        ObjectNode node = Json.object();
        if (message == null) {
            node.putNull("message");
        } else {
            node.put("message", message);
        }
        return Json.bytes(node);
    }

    /** Writes the default response on Reactor Netty directly (the API side's path), with the request id. */
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
