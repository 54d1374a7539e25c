package dev.gatewaycli.emulator.apigateway;

import dev.gatewaycli.emulator.http.Json;
import dev.gatewaycli.emulator.http.RequestIds;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import org.reactivestreams.Publisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

/**
 * The API Gateway side: every request that is not the Cognito side's lands here. It applies the edge's header limit
 * (431), then finds the REST API: {@code /<restApiId>/<stage>/...} always, and {@code /<stage>/...} when the emulator
 * serves exactly one API (docs/emulator.md, "URL layout"). No API is API Gateway's
 * {@code 403 Missing Authentication Token}.
 */
public final class ApiRouter implements BiFunction<HttpServerRequest, HttpServerResponse, Publisher<Void>> {

    private static final Logger LOG = LoggerFactory.getLogger(ApiRouter.class);
    private static final byte[] INTERNAL_ERROR = Json.single("message", "Internal server error");

    private final Map<String, ApiGatewayHandler> byId = new LinkedHashMap<>();
    private final ApiGatewayHandler only;
    private final int maxHeaderBytes;
    private final Clock clock;
    /** The last client address and its text: a load test comes from one address, formatting it each time is waste. */
    private volatile Map.Entry<InetAddress, String> lastSource =
            Map.entry(InetAddress.getLoopbackAddress(), "127.0.0.1");

    public ApiRouter(List<ApiGatewayHandler> apis, int maxHeaderBytes, Clock clock) {
        for (ApiGatewayHandler api : apis) {
            byId.put(api.api().apiId(), api);
        }
        this.only = apis.size() == 1 ? apis.get(0) : null;
        this.maxHeaderBytes = maxHeaderBytes;
        this.clock = clock;
    }

    /** The path of an API's base URL: {@code /<stage>/} when it is the only one, else {@code /<restApiId>/<stage>/}. */
    public static String basePath(boolean onlyApi, String restApiId, String stage) {
        return onlyApi ? "/" + stage + "/" : "/" + restApiId + "/" + stage + "/";
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
        ApiGatewayHandler api = null;
        String apiPath = rawPath;
        int second = rawPath.indexOf('/', 1);
        String first = rawPath.length() > 1 ? rawPath.substring(1, second < 0 ? rawPath.length() : second) : "";
        ApiGatewayHandler named = byId.get(first);
        if (named != null) {
            api = named;
            apiPath = second < 0 ? "/" : rawPath.substring(second);
        } else if (only != null) {
            api = only;
        }
        if (api == null) {
            return GatewayResponses.MISSING_AUTHENTICATION_TOKEN.send(response, requestId);
        }
        Call call = new Call(
                api.api(),
                requestId,
                extendedRequestId(),
                time,
                httpMethod,
                apiPath,
                headers,
                query(rawQuery),
                sourceIp(request.remoteAddress()));
        return api.handle(request, response, call, contentLength(request.requestHeaders()));
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
}
