package dev.gatewaycli.emulator.apigateway;

import dev.gatewaycli.emulator.cognito.EmulatedUserPool;
import dev.gatewaycli.emulator.http.Bodies;
import dev.gatewaycli.emulator.http.RequestIds;
import dev.gatewaycli.emulator.lambda.InvocationResult;
import dev.gatewaycli.emulator.lambda.LambdaFunction;
import dev.gatewaycli.emulator.model.MethodModel;
import dev.gatewaycli.emulator.model.RestApiModel;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.web.reactive.function.server.HandlerFunction;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/**
 * The API Gateway side: every request that is not the Cognito side's lands here. In API Gateway's order: the edge's
 * limits (headers 431, payload 413), the route ({@code 403 Missing Authentication Token} when no stage, resource or
 * method matches), the method's Cognito authorizer (401), then the Lambda proxy integration with its timeout (504),
 * and the function's answer as a proxy response (502 when it failed or is malformed).
 */
public final class ApiGatewayHandler implements HandlerFunction<ServerResponse> {

    private static final Logger LOG = LoggerFactory.getLogger(ApiGatewayHandler.class);
    /** Hop-by-hop and framing headers the HTTP layer owns; a function cannot set them through a proxy response. */
    private static final Set<String> FRAMING = Set.of("content-length", "transfer-encoding", "connection", "keep-alive",
            "upgrade");

    private final RestApiModel api;
    private final RouteTable routes;
    private final Map<String, CognitoAuthorizer> authorizers = new HashMap<>();
    private final Map<String, LambdaFunction> functions;
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
    public record Options(Duration integrationTimeout, Duration authorizerCacheTtl, long maxPayloadBytes,
            int maxHeaderBytes, String region, String accountId) {
    }

    public ApiGatewayHandler(RestApiModel api, EmulatedUserPool pool, Map<String, LambdaFunction> functions, Options options) {
        this.api = api;
        this.routes = new RouteTable(api.stages(), api.methods());
        this.functions = Map.copyOf(functions);
        this.clock = pool.clock();
        this.integrationTimeout = options.integrationTimeout();
        this.maxPayloadBytes = options.maxPayloadBytes();
        this.maxHeaderBytes = options.maxHeaderBytes();
        this.region = options.region();
        this.accountId = options.accountId();
        for (MethodModel method : api.methods()) {
            method.authorizer().ifPresent(a -> authorizers.computeIfAbsent(a.logicalId(), id -> new CognitoAuthorizer(pool,
                    options.authorizerCacheTtl() != null ? options.authorizerCacheTtl()
                            : a.resultTtl().orElse(Duration.ofSeconds(300)))));
        }
    }

    @Override
    public Mono<ServerResponse> handle(ServerRequest request) {
        String requestId = RequestIds.uuid();
        Instant time = clock.instant();
        String httpMethod = request.method().name();
        String rawPath = request.uri().getRawPath();

        List<Map.Entry<String, String>> headers = new ArrayList<>();
        long headerBytes = httpMethod.length() + 1L + String.valueOf(request.uri().getRawPath()).length()
                + (request.uri().getRawQuery() == null ? 0 : request.uri().getRawQuery().length() + 1) + 10;
        for (Map.Entry<String, List<String>> h : request.headers().asHttpHeaders().headerSet()) {
            for (String value : h.getValue()) {
                headers.add(Map.entry(h.getKey(), value));
                headerBytes += h.getKey().length() + value.length() + 4;
            }
        }
        if (headerBytes > maxHeaderBytes) {
            return GatewayResponses.REQUEST_HEADERS_TOO_LARGE.render(requestId);
        }
        long declaredLength;
        try {
            declaredLength = request.headers().contentLength().orElse(-1);
        } catch (RuntimeException e) {
            declaredLength = -1;
        }
        if (declaredLength > maxPayloadBytes) {
            return GatewayResponses.REQUEST_TOO_LARGE.render(requestId);
        }

        RouteTable.Match route = routes.match(httpMethod, rawPath);
        if (route == null) {
            return GatewayResponses.MISSING_AUTHENTICATION_TOKEN.render(requestId);
        }
        MethodModel method = route.method();
        com.nimbusds.jwt.JWTClaimsSet claims = null;
        if (method.authorizer().isPresent()) {
            CognitoAuthorizer authorizer = authorizers.get(method.authorizer().get().logicalId());
            String token = request.headers().firstHeader(method.authorizer().get().identityHeader());
            CognitoAuthorizer.Outcome outcome = authorizer.authorize(token, method.scopes());
            if (outcome instanceof CognitoAuthorizer.Denied denied) {
                return denied.response().render(requestId);
            }
            claims = ((CognitoAuthorizer.Allowed) outcome).claims();
        }
        com.nimbusds.jwt.JWTClaimsSet authorizedClaims = claims;
        String sourceIp = request.remoteAddress().map(InetSocketAddress::getAddress)
                .map(a -> a.getHostAddress()).orElse("127.0.0.1");
        String extendedRequestId = extendedRequestId();
        return Bodies.read(request, maxPayloadBytes)
                .flatMap(body -> {
                    ProxyEvent.Request event = new ProxyEvent.Request(route, httpMethod, headers, query(request.uri().getRawQuery()),
                            body, sourceIp, "HTTP/1.1", requestId, extendedRequestId, time, authorizedClaims);
                    byte[] json = ProxyEvent.build(event, api.apiId(), region, accountId);
                    LambdaFunction function = functions.get(method.function());
                    return Mono.fromFuture(function.invoke(json, requestId), true)
                            .timeout(integrationTimeout)
                            .flatMap(result -> respond(result, requestId, extendedRequestId))
                            .onErrorResume(java.util.concurrent.TimeoutException.class, e -> {
                                LOG.info("{} {} {}: integration timed out after {}", requestId, httpMethod, rawPath, integrationTimeout);
                                return GatewayResponses.INTEGRATION_TIMEOUT.render(requestId);
                            });
                })
                .onErrorResume(Bodies.TooLargeException.class, e -> GatewayResponses.REQUEST_TOO_LARGE.render(requestId));
    }

    private Mono<ServerResponse> respond(InvocationResult result, String requestId, String extendedRequestId) {
        if (result instanceof InvocationResult.Failure failure) {
            LOG.info("{} Lambda execution failed: {}: {}", requestId, failure.errorType(), failure.errorMessage());
            return GatewayResponses.INTERNAL_SERVER_ERROR.render(requestId);
        }
        ProxyResponse response = ProxyResponse.parse(((InvocationResult.Success) result).payload());
        if (response == null) {
            LOG.info("{} Execution failed due to configuration error: Malformed Lambda proxy response", requestId);
            return GatewayResponses.INTERNAL_SERVER_ERROR.render(requestId);
        }
        ServerResponse.BodyBuilder builder = ServerResponse.status(response.status());
        boolean contentType = false;
        for (Map.Entry<String, List<String>> h : response.headers().entrySet()) {
            String lower = h.getKey().toLowerCase(Locale.ROOT);
            if (FRAMING.contains(lower) || h.getKey().isEmpty()) {
                continue;
            }
            contentType |= lower.equals("content-type");
            builder.header(h.getKey(), h.getValue().toArray(String[]::new));
        }
        if (!contentType) {
            builder.header(HttpHeaders.CONTENT_TYPE, "application/json"); // API Gateway's default for proxy responses
        }
        builder.header(GatewayResponses.REQUEST_ID_HEADER, requestId);
        builder.header("x-amz-apigw-id", extendedRequestId);
        builder.header("X-Amzn-Trace-Id", traceId());
        return response.body().length == 0 ? builder.build() : builder.bodyValue(response.body());
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
        return "Root=1-" + Long.toHexString(clock.instant().getEpochSecond()) + "-" + HexFormat.of().formatHex(bytes);
    }
}
