package dev.gatewaycli.emulator.apigateway;

import dev.gatewaycli.emulator.cognito.EmulatedUserPool;
import dev.gatewaycli.emulator.http.Bodies;
import dev.gatewaycli.emulator.http.Json;
import dev.gatewaycli.emulator.http.RequestIds;
import dev.gatewaycli.emulator.lambda.InvocationResult;
import dev.gatewaycli.emulator.lambda.LambdaFunction;
import dev.gatewaycli.emulator.lambda.Watchdog;
import dev.gatewaycli.emulator.model.MethodModel;
import dev.gatewaycli.emulator.model.RestApiModel;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.util.AsciiString;
import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.reactivestreams.Publisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

/**
 * The API Gateway side: every request that is not the Cognito side's lands here. In API Gateway's order: the edge's
 * limits (headers 431, payload 413), the route ({@code 403 Missing Authentication Token} when no stage, resource or
 * method matches), the method's Cognito authorizer (401), then the Lambda proxy integration with its timeout (504),
 * and the function's answer as a proxy response (502 when it failed or is malformed).
 *
 * <p>It serves on Reactor Netty directly, not through WebFlux: this is the path a load test drives, and WebFlux's
 * exchange, routing and message writers cost more than everything API Gateway does here (docs/performance.md,
 * "Emulator throughput"). The Cognito side keeps WebFlux's functional routes.
 */
public final class ApiGatewayHandler implements BiFunction<HttpServerRequest, HttpServerResponse, Publisher<Void>> {

    private static final Logger LOG = LoggerFactory.getLogger(ApiGatewayHandler.class);
    /** Hop-by-hop and framing headers the HTTP layer owns; a function cannot set them through a proxy response. */
    private static final Set<String> FRAMING =
            Set.of("content-length", "transfer-encoding", "connection", "keep-alive", "upgrade");

    private static final byte[] NO_BODY = new byte[0];
    private static final byte[] INTERNAL_ERROR = Json.single("message", "Internal server error");
    private static final AsciiString REQUEST_ID = AsciiString.cached(GatewayResponses.REQUEST_ID_HEADER);
    private static final AsciiString APIGW_ID = AsciiString.cached("x-amz-apigw-id");
    private static final AsciiString TRACE_ID = AsciiString.cached("X-Amzn-Trace-Id");
    /** What the integration answer is when the integration timeout passed first. */
    private static final Object TIMED_OUT = new Object();

    private final RestApiModel api;
    private final RouteTable routes;
    private final Map<String, CognitoAuthorizer> authorizers = new HashMap<>();
    /** Each authorizer's identity-source header, as Netty looks names up fastest. */
    private final Map<String, AsciiString> identityHeaders = new HashMap<>();
    /** The last client address and its text: a load test comes from one address, formatting it each time is waste. */
    private volatile Map.Entry<InetAddress, String> lastSource =
            Map.entry(InetAddress.getLoopbackAddress(), "127.0.0.1");

    private final Map<String, LambdaFunction> functions;
    private final Watchdog watchdog;
    private final Clock clock;
    private final Duration integrationTimeout;
    private final long maxPayloadBytes;
    private final int maxHeaderBytes;
    private final String region;
    private final String accountId;

    /**
     * The API Gateway side's configuration.
     *
     * @param integrationTimeout 504 beyond it
     * @param authorizerCacheTtl null: each authorizer's template TTL, else 300 s; a value overrides the template
     * @param maxPayloadBytes    413 beyond it
     * @param maxHeaderBytes     431 beyond it (request line and headers)
     */
    public record Options(
            Duration integrationTimeout,
            Duration authorizerCacheTtl,
            long maxPayloadBytes,
            int maxHeaderBytes,
            String region,
            String accountId) {}

    /**
     * @param watchdog enforces the integration timeout (shared with the functions: one thread for every deadline)
     */
    public ApiGatewayHandler(
            RestApiModel api,
            EmulatedUserPool pool,
            Map<String, LambdaFunction> functions,
            Watchdog watchdog,
            Options options) {
        this.api = api;
        this.routes = new RouteTable(api.stages(), api.methods());
        this.functions = Map.copyOf(functions);
        this.watchdog = watchdog;
        this.clock = pool.clock();
        this.integrationTimeout = options.integrationTimeout();
        this.maxPayloadBytes = options.maxPayloadBytes();
        this.maxHeaderBytes = options.maxHeaderBytes();
        this.region = options.region();
        this.accountId = options.accountId();
        for (MethodModel method : api.methods()) {
            method.authorizer().ifPresent(a -> {
                authorizers.computeIfAbsent(
                        a.logicalId(),
                        id -> new CognitoAuthorizer(
                                pool,
                                options.authorizerCacheTtl() != null
                                        ? options.authorizerCacheTtl()
                                        : a.resultTtl().orElse(Duration.ofSeconds(300))));
                identityHeaders.put(a.logicalId(), AsciiString.cached(a.identityHeader()));
            });
        }
    }

    @Override
    public Publisher<Void> apply(HttpServerRequest request, HttpServerResponse response) {
        String requestId = RequestIds.uuid();
        try {
            return handle(request, response, requestId)
                    .onErrorResume(e -> internalError(request, response, requestId, e));
        } catch (RuntimeException e) {
            return internalError(request, response, requestId, e);
        }
    }

    private Mono<Void> handle(HttpServerRequest request, HttpServerResponse response, String requestId) {
        Instant time = clock.instant();
        String httpMethod = request.method().name();
        String target = requestTarget(request.uri());
        int q = target.indexOf('?');
        String rawPath = q < 0 ? target : target.substring(0, q);
        String rawQuery = q < 0 ? null : target.substring(q + 1);

        List<Map.Entry<String, String>> headers = new ArrayList<>();
        long headerBytes =
                httpMethod.length() + 1L + rawPath.length() + (rawQuery == null ? 0 : rawQuery.length() + 1) + 10;
        for (Map.Entry<String, String> h : request.requestHeaders()) {
            headers.add(h);
            headerBytes += h.getKey().length() + h.getValue().length() + 4;
        }
        if (headerBytes > maxHeaderBytes) {
            return GatewayResponses.REQUEST_HEADERS_TOO_LARGE.send(response, requestId);
        }
        long declaredLength = contentLength(request.requestHeaders());
        if (declaredLength > maxPayloadBytes) {
            return GatewayResponses.REQUEST_TOO_LARGE.send(response, requestId);
        }

        RouteTable.Match route = routes.match(httpMethod, rawPath);
        if (route == null) {
            return GatewayResponses.MISSING_AUTHENTICATION_TOKEN.send(response, requestId);
        }
        MethodModel method = route.method();
        Map<String, String> claims = null;
        if (method.authorizer().isPresent()) {
            CognitoAuthorizer authorizer =
                    authorizers.get(method.authorizer().get().logicalId());
            String token = request.requestHeaders()
                    .get(identityHeaders.get(method.authorizer().get().logicalId()));
            CognitoAuthorizer.Outcome outcome = authorizer.authorize(token, method.scopes());
            if (outcome instanceof CognitoAuthorizer.Denied denied) {
                return denied.response().send(response, requestId);
            }
            claims = ((CognitoAuthorizer.Allowed) outcome).claims();
        }
        Map<String, String> authorizedClaims = claims;
        String sourceIp = sourceIp(request.remoteAddress());
        String extendedRequestId = extendedRequestId();
        Function<byte[], Mono<Void>> integration = bytes -> {
            ProxyEvent.Request event = new ProxyEvent.Request(
                    route,
                    httpMethod,
                    headers,
                    query(rawQuery),
                    bytes,
                    sourceIp,
                    "HTTP/1.1",
                    requestId,
                    extendedRequestId,
                    time,
                    authorizedClaims);
            byte[] json = ProxyEvent.build(event, api.apiId(), region, accountId);
            return Mono.fromFuture(
                            invoke(
                                    functions.get(method.function()),
                                    json,
                                    requestId,
                                    extendedRequestId,
                                    eventLoop(request)),
                            true)
                    .flatMap(answer -> {
                        if (answer == TIMED_OUT) {
                            LOG.info(
                                    "{} {} {}: integration timed out after {}",
                                    requestId,
                                    httpMethod,
                                    rawPath,
                                    integrationTimeout);
                            return GatewayResponses.INTEGRATION_TIMEOUT.send(response, requestId);
                        }
                        if (answer instanceof GatewayResponses failure) {
                            return failure.send(response, requestId);
                        }
                        Prepared ok = (Prepared) answer;
                        return response.status(ok.status())
                                .headers(ok.headers())
                                .sendByteArray(Mono.just(ok.body()))
                                .then();
                    });
        };
        boolean noBody = declaredLength == 0
                || (declaredLength < 0
                        && !request.requestHeaders()
                                .containsValue(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED, true));
        if (noBody) {
            return integration.apply(NO_BODY);
        }
        return body(request)
                .flatMap(integration)
                .onErrorResume(
                        Bodies.TooLargeException.class,
                        e -> GatewayResponses.REQUEST_TOO_LARGE.send(response, requestId));
    }

    private String sourceIp(InetSocketAddress remote) {
        if (remote == null || remote.getAddress() == null) {
            return "127.0.0.1";
        }
        Map.Entry<InetAddress, String> last = lastSource;
        if (last.getKey().equals(remote.getAddress())) {
            return last.getValue();
        }
        String text = remote.getAddress().getHostAddress();
        lastSource = Map.entry(remote.getAddress(), text);
        return text;
    }

    /**
     * The function's result, or {@link #TIMED_OUT} once the integration timeout has passed (the function runs on, as
     * in AWS: API Gateway's 504 does not stop it). One watchdog thread enforces every deadline: no timer per request.
     * The answer completes on the connection's event loop, so that the response is written where Reactor Netty keeps
     * the connection's state (a write from the function's thread raced with the next request of a kept-alive
     * connection, which then waited for its predecessor forever).
     */
    private CompletableFuture<Object> invoke(
            LambdaFunction function, byte[] event, String requestId, String extendedRequestId, Executor eventLoop) {
        CompletableFuture<Object> answer = new CompletableFuture<>();
        Watchdog.Deadline deadline = watchdog.after(integrationTimeout, () -> completeOn(eventLoop, answer, TIMED_OUT));
        function.invoke(event, requestId).whenComplete((result, e) -> {
            deadline.cancel();
            if (!answer.isDone()) {
                // Read on the function's thread: the event loop only writes.
                Object prepared;
                try {
                    prepared = prepare(result, requestId, extendedRequestId);
                } catch (RuntimeException | Error bug) {
                    LOG.error("Unexpected failure reading the answer of request {}", requestId, bug);
                    prepared = GatewayResponses.INTERNAL_SERVER_ERROR;
                }
                completeOn(eventLoop, answer, prepared);
            }
        });
        return answer;
    }

    private static void completeOn(Executor eventLoop, CompletableFuture<Object> answer, Object value) {
        try {
            eventLoop.execute(() -> answer.complete(value));
        } catch (RejectedExecutionException e) {
            answer.complete(value); // the server is shutting down: nobody writes the response anyway
        }
    }

    private static Executor eventLoop(HttpServerRequest request) {
        Executor[] loop = {Runnable::run};
        request.withConnection(connection -> loop[0] = connection.channel().eventLoop());
        return loop[0];
    }

    /** The declared {@code Content-Length}, -1 when there is none (Netty has refused malformed ones already). */
    private static long contentLength(HttpHeaders headers) {
        String value = headers.get(HttpHeaderNames.CONTENT_LENGTH);
        if (value == null) {
            return -1;
        }
        try {
            return Long.parseLong(value.strip());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** The body, up to the payload limit ({@link Bodies.TooLargeException} beyond it, also when streamed). */
    private Mono<byte[]> body(HttpServerRequest request) {
        return request.receive()
                .reduceWith(() -> new ByteArrayOutputStream(1024), (out, buffer) -> {
                    int n = buffer.readableBytes();
                    if (out.size() + (long) n > maxPayloadBytes) {
                        throw new Bodies.TooLargeException();
                    }
                    byte[] chunk = new byte[n];
                    buffer.readBytes(chunk);
                    out.write(chunk, 0, n);
                    return out;
                })
                .map(ByteArrayOutputStream::toByteArray)
                .defaultIfEmpty(NO_BODY);
    }

    /** A well-formed proxy response as it goes out. */
    private record Prepared(int status, HttpHeaders headers, byte[] body) {}

    /** The function's result as the response to send: {@link Prepared}, or the 502 gateway response. */
    private Object prepare(InvocationResult result, String requestId, String extendedRequestId) {
        if (result instanceof InvocationResult.Failure failure) {
            LOG.info("{} Lambda execution failed: {}: {}", requestId, failure.errorType(), failure.errorMessage());
            return GatewayResponses.INTERNAL_SERVER_ERROR;
        }
        ProxyResponse proxy = ProxyResponse.parse(((InvocationResult.Success) result).payload());
        HttpHeaders headers = proxy == null ? null : headers(proxy);
        if (headers == null) {
            LOG.info("{} Execution failed due to configuration error: Malformed Lambda proxy response", requestId);
            return GatewayResponses.INTERNAL_SERVER_ERROR;
        }
        headers.set(REQUEST_ID, requestId);
        headers.set(APIGW_ID, extendedRequestId);
        headers.set(TRACE_ID, traceId());
        return new Prepared(proxy.status(), headers, proxy.body());
    }

    /** The proxy response's headers as HTTP headers; null when one is not a valid HTTP header (then it is malformed). */
    private static HttpHeaders headers(ProxyResponse proxy) {
        HttpHeaders out = new DefaultHttpHeaders();
        boolean contentType = false;
        try {
            for (Map.Entry<String, List<String>> h : proxy.headers().entrySet()) {
                String lower = h.getKey().toLowerCase(Locale.ROOT);
                if (FRAMING.contains(lower) || h.getKey().isEmpty()) {
                    continue;
                }
                contentType |= lower.equals("content-type");
                for (String value : h.getValue()) {
                    out.add(h.getKey(), value);
                }
            }
        } catch (IllegalArgumentException e) {
            return null; // a name with a blank or a value with a line break: Netty refuses to send it
        }
        if (!contentType) {
            out.set(HttpHeaderNames.CONTENT_TYPE, "application/json"); // API Gateway's default for proxy responses
        }
        return out;
    }

    /** A bug of the emulator, never of the caller: logged with its trace here, a plain body over HTTP. */
    private static Mono<Void> internalError(
            HttpServerRequest request, HttpServerResponse response, String requestId, Throwable e) {
        LOG.error("Unexpected failure on {} {}", request.method(), request.uri(), e);
        if (response.hasSentHeaders()) {
            return Mono.empty();
        }
        return response.status(500)
                .header(HttpHeaderNames.CONTENT_TYPE, "application/json")
                .header(GatewayResponses.REQUEST_ID_HEADER, requestId)
                .sendByteArray(Mono.just(INTERNAL_ERROR))
                .then();
    }

    /**
     * The origin-form target of a request line: an absolute-form target ({@code http://host/prod/}) loses its
     * scheme and authority, and a fragment (which no client should send) is dropped.
     */
    public static String requestTarget(String uri) {
        String target = uri;
        if (!target.startsWith("/")) {
            int scheme = target.indexOf("://");
            if (scheme > 0) {
                int slash = target.indexOf('/', scheme + 3);
                target = slash < 0 ? "/" : target.substring(slash);
            }
        }
        int hash = target.indexOf('#');
        return hash < 0 ? target : target.substring(0, hash);
    }

    /** Query parameters, percent-decoded ({@code +} kept, as API Gateway keeps it); undecodable values kept raw. */
    static Map<String, List<String>> query(String rawQuery) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return out;
        }
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = decodeOrRaw(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decodeOrRaw(pair.substring(eq + 1));
            out.computeIfAbsent(name, k -> new ArrayList<>(1)).add(value);
        }
        return out;
    }

    private static String decodeOrRaw(String raw) {
        String decoded = RouteTable.percentDecode(raw);
        return decoded == null ? raw : decoded;
    }

    /** API Gateway's {@code extendedRequestId} / {@code x-amz-apigw-id}: 16 Base64 characters. */
    private static String extendedRequestId() {
        byte[] bytes = RequestIds.bytes(12);
        return Base64.getEncoder().encodeToString(bytes).replace('/', 'F').replace('+', 'E');
    }

    /** An X-Ray trace id: {@code Root=1-<epoch seconds hex>-<96 random bits hex>}. */
    private String traceId() {
        byte[] bytes = RequestIds.bytes(12);
        return "Root=1-" + Long.toHexString(clock.instant().getEpochSecond()) + "-"
                + HexFormat.of().formatHex(bytes);
    }
}
