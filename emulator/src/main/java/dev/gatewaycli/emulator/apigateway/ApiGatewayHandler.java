package dev.gatewaycli.emulator.apigateway;

import dev.gatewaycli.emulator.cognito.EmulatedUserPool;
import dev.gatewaycli.emulator.http.Bodies;
import dev.gatewaycli.emulator.http.RequestIds;
import dev.gatewaycli.emulator.lambda.InvocationResult;
import dev.gatewaycli.emulator.lambda.LambdaFunction;
import dev.gatewaycli.emulator.lambda.Watchdog;
import dev.gatewaycli.emulator.model.AuthorizerModel;
import dev.gatewaycli.emulator.model.MethodModel;
import dev.gatewaycli.emulator.model.RestApiModel;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.util.AsciiString;
import java.io.ByteArrayOutputStream;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

/**
 * One REST API, in API Gateway's order: the payload limit (413), the route ({@code 403 Missing Authentication Token}
 * when no stage, resource or method matches), the stage's throttle (429), the method's authorization (IAM, a Cognito
 * or a Lambda authorizer: 401, 403, 500), the usage plan of a method that requires an API key (403, 429), required
 * request parameters (400), then the integration: the Lambda proxy integration with its timeout (504) and the
 * function's answer as a proxy response (502 when it failed or is malformed), or a mock integration. Every refusal is
 * the API's gateway response ({@link GatewayResponder}).
 *
 * <p>It serves on Reactor Netty directly, not through WebFlux: this is the path a load test drives, and WebFlux's
 * exchange, routing and message writers cost more than everything API Gateway does here (docs/performance.md,
 * "Emulator throughput"). The Cognito side keeps WebFlux's functional routes.
 */
public final class ApiGatewayHandler {

    private static final Logger LOG = LoggerFactory.getLogger(ApiGatewayHandler.class);
    /** Hop-by-hop and framing headers the HTTP layer owns; a function cannot set them through a proxy response. */
    private static final Set<String> FRAMING =
            Set.of("content-length", "transfer-encoding", "connection", "keep-alive", "upgrade");

    private static final byte[] NO_BODY = new byte[0];
    private static final AsciiString REQUEST_ID = AsciiString.cached(GatewayResponses.REQUEST_ID_HEADER);
    private static final AsciiString APIGW_ID = AsciiString.cached("x-amz-apigw-id");
    private static final AsciiString TRACE_ID = AsciiString.cached("X-Amzn-Trace-Id");
    /** What the integration answer is when the integration timeout passed first. */
    private static final Object TIMED_OUT = new Object();

    private final RestApiModel api;
    private final RouteTable routes;
    private final GatewayResponder responder;
    private final Map<String, RestApiModel.Stage> stages = new HashMap<>();
    private final Map<String, CognitoAuthorizer> cognitoAuthorizers = new HashMap<>();
    private final Map<String, LambdaAuthorizer> lambdaAuthorizers = new HashMap<>();
    /** Stage throttles by stage, resource path and method: each method its own bucket. */
    private final Map<String, Optional<TokenBucket>> stageBuckets = new ConcurrentHashMap<>();

    private final Map<String, LambdaFunction> functions;
    private final UsagePlans usagePlans;
    private final Watchdog watchdog;
    private final Clock clock;
    private final Duration integrationTimeout;
    private final long maxPayloadBytes;

    /**
     * The API Gateway side's configuration.
     *
     * @param integrationTimeout 504 beyond it (a method's {@code TimeoutInMillis} replaces it)
     * @param authorizerCacheTtl null: each authorizer's template TTL, else 300 s; a value overrides the template
     * @param maxPayloadBytes    413 beyond it
     * @param maxHeaderBytes     431 beyond it (request line and headers)
     * @param clock              what requests are timed and throttled by, and tokens checked with
     */
    public record Options(
            Duration integrationTimeout,
            Duration authorizerCacheTtl,
            long maxPayloadBytes,
            int maxHeaderBytes,
            Clock clock) {}

    /**
     * @param pools      every user pool of the emulator, by id (a Cognito authorizer's are among them)
     * @param functions  every function of the emulator, by ARN
     * @param usagePlans the emulator's API keys and usage plans
     * @param watchdog   enforces the integration timeout (shared with the functions: one thread for every deadline)
     */
    public ApiGatewayHandler(
            RestApiModel api,
            Map<String, EmulatedUserPool> pools,
            Map<String, LambdaFunction> functions,
            UsagePlans usagePlans,
            Watchdog watchdog,
            Options options) {
        this.api = api;
        this.routes = new RouteTable(api.stageNames(), api.methods());
        this.responder = new GatewayResponder(api);
        this.functions = Map.copyOf(functions);
        this.usagePlans = usagePlans;
        this.watchdog = watchdog;
        this.clock = options.clock();
        this.integrationTimeout = options.integrationTimeout();
        this.maxPayloadBytes = options.maxPayloadBytes();
        api.stages().forEach(s -> stages.putIfAbsent(s.name(), s));
        for (MethodModel method : api.methods()) {
            if (method.authorizer().isEmpty()) {
                continue;
            }
            AuthorizerModel a = method.authorizer().get();
            Duration ttl = options.authorizerCacheTtl() != null
                    ? options.authorizerCacheTtl()
                    : a.resultTtl().orElse(Duration.ofSeconds(300));
            if (a.type().equals(AuthorizerModel.COGNITO)) {
                cognitoAuthorizers.computeIfAbsent(
                        a.authorizerId(),
                        id -> new CognitoAuthorizer(
                                a.userPoolIds().stream().map(pools::get).toList(), ttl, clock));
            } else {
                lambdaAuthorizers.computeIfAbsent(
                        a.authorizerId(),
                        id -> new LambdaAuthorizer(
                                a,
                                functions.get(a.function().orElseThrow()),
                                ttl,
                                integrationTimeout,
                                clock,
                                watchdog));
            }
        }
    }

    public RestApiModel api() {
        return api;
    }

    /**
     * Serves {@code call} (the request line, headers and query already read; {@code call.rawPath} starts at the
     * stage).
     *
     * @param declaredLength the request's {@code Content-Length}, -1 when it has none
     */
    Mono<Void> handle(HttpServerRequest request, HttpServerResponse response, Call call, long declaredLength) {
        if (declaredLength > maxPayloadBytes) {
            return responder.send(GatewayResponses.REQUEST_TOO_LARGE, call, response);
        }
        RouteTable.Match route = routes.match(call.httpMethod, call.rawPath);
        if (route == null) {
            return responder.send(GatewayResponses.MISSING_AUTHENTICATION_TOKEN, call, response);
        }
        call.route = route;
        call.stage = stages.get(route.stage());
        if (!stageAllows(call)) {
            return responder.send(GatewayResponses.THROTTLED, call, response);
        }
        MethodModel method = route.method();
        Executor eventLoop = eventLoop(request);
        return authorize(call, eventLoop)
                .flatMap(refusal -> refusal.isPresent()
                        ? refusal.get().send(responder, call, response)
                        : afterAuthorization(request, response, call, method, declaredLength, eventLoop));
    }

    /** A gateway response and the message it carries. */
    private record Refusal(GatewayResponses response, String message) {
        Refusal(GatewayResponses response) {
            this(response, response.message());
        }

        Mono<Void> send(GatewayResponder responder, Call call, HttpServerResponse out) {
            return responder.send(response, message, call, out);
        }
    }

    private static final Mono<Optional<Refusal>> ALLOWED = Mono.just(Optional.empty());

    private Mono<Optional<Refusal>> authorize(Call call, Executor eventLoop) {
        MethodModel method = call.route.method();
        switch (method.authorizationType()) {
            case MethodModel.IAM -> {
                IamAuthorization.Outcome outcome = IamAuthorization.check(call);
                if (outcome.response() != null) {
                    return Mono.just(Optional.of(
                            outcome.message() == null
                                    ? new Refusal(outcome.response())
                                    : new Refusal(outcome.response(), outcome.message())));
                }
                call.accessKey = outcome.accessKey();
                return ALLOWED;
            }
            case MethodModel.COGNITO -> {
                AuthorizerModel a = method.authorizer().orElseThrow();
                CognitoAuthorizer.Outcome outcome = cognitoAuthorizers
                        .get(a.authorizerId())
                        .authorize(call.header(a.identityHeader()), method.scopes());
                if (outcome instanceof CognitoAuthorizer.Denied denied) {
                    return Mono.just(Optional.of(new Refusal(denied.response())));
                }
                call.claims = ((CognitoAuthorizer.Allowed) outcome).claims();
                return ALLOWED;
            }
            case MethodModel.CUSTOM -> {
                AuthorizerModel a = method.authorizer().orElseThrow();
                CompletableFuture<LambdaAuthorizer.Outcome> decided = new CompletableFuture<>();
                lambdaAuthorizers
                        .get(a.authorizerId())
                        .authorize(call, methodArn(call))
                        .whenComplete((outcome, e) -> completeOn(
                                eventLoop,
                                decided,
                                outcome != null
                                        ? outcome
                                        : new LambdaAuthorizer.Denied(
                                                GatewayResponses.AUTHORIZER_CONFIGURATION_ERROR)));
                return Mono.fromFuture(decided, true).map(outcome -> {
                    if (outcome instanceof LambdaAuthorizer.Denied denied) {
                        return Optional.of(new Refusal(denied.response()));
                    }
                    call.lambda = (LambdaAuthorizer.Allowed) outcome;
                    return Optional.empty();
                });
            }
            default -> {
                return ALLOWED;
            }
        }
    }

    /**
     * {@code arn:aws:execute-api:<region>:<account>:<apiId>/<stage>/<method>/<path>}: the method ARN a Lambda
     * authorizer's policy is evaluated against, with the request's own method and path.
     */
    private String methodArn(Call call) {
        String partition =
                api.region().startsWith("cn-") ? "aws-cn" : api.region().startsWith("us-gov-") ? "aws-us-gov" : "aws";
        return "arn:" + partition + ":execute-api:" + api.region() + ":" + api.accountId() + ":" + api.apiId() + "/"
                + call.route.stage() + "/" + call.httpMethod + "/"
                + call.route.path().substring(1);
    }

    private Mono<Void> afterAuthorization(
            HttpServerRequest request,
            HttpServerResponse response,
            Call call,
            MethodModel method,
            long declaredLength,
            Executor eventLoop) {
        if (method.apiKeyRequired()) {
            String value = api.apiKeySource().equals("AUTHORIZER")
                    ? (call.lambda == null ? null : call.lambda.usageKey().orElse(null))
                    : call.header("x-api-key");
            UsagePlans.Outcome outcome = usagePlans.check(
                    value, api.apiId(), call.route.stage(), method.resourcePath(), method.httpMethod());
            if (outcome instanceof UsagePlans.Denied denied) {
                return responder.send(denied.response(), call, response);
            }
            call.apiKey = ((UsagePlans.Allowed) outcome).key();
        }
        List<String> missing = new ArrayList<>();
        for (String parameter : method.requiredParameters()) {
            if (missingParameter(parameter, call)) {
                missing.add(parameter.substring(parameter.lastIndexOf('.') + 1));
            }
        }
        if (!missing.isEmpty()) {
            return responder.send(
                    GatewayResponses.BAD_REQUEST_PARAMETERS,
                    "Missing required request parameters: [" + String.join(", ", missing) + "]",
                    call,
                    response);
        }
        if (method.integration() instanceof MethodModel.Mock mock) {
            MockIntegration.Answer answer = MockIntegration.answer(mock, call);
            if (answer.refusal() != null) {
                return responder.send(answer.refusal(), call, response);
            }
            answer.headers().set(REQUEST_ID, call.requestId);
            answer.headers().set(APIGW_ID, call.extendedRequestId);
            return response.status(answer.status())
                    .headers(answer.headers())
                    .sendByteArray(Mono.just(answer.body()))
                    .then();
        }
        MethodModel.LambdaProxy proxy = (MethodModel.LambdaProxy) method.integration();
        Duration timeout = proxy.timeout().orElse(integrationTimeout);
        Function<byte[], Mono<Void>> integration = bytes -> Mono.fromFuture(
                        invoke(
                                functions.get(proxy.function()),
                                ProxyEvent.build(call, bytes),
                                call,
                                timeout,
                                eventLoop),
                        true)
                .flatMap(answer -> {
                    if (answer == TIMED_OUT) {
                        LOG.info(
                                "{} {} {}: integration timed out after {}",
                                call.requestId,
                                call.httpMethod,
                                call.rawPath,
                                timeout);
                        return responder.send(GatewayResponses.INTEGRATION_TIMEOUT, call, response);
                    }
                    if (answer instanceof GatewayResponses failure) {
                        return responder.send(failure, call, response);
                    }
                    Prepared ok = (Prepared) answer;
                    return response.status(ok.status())
                            .headers(ok.headers())
                            .sendByteArray(Mono.just(ok.body()))
                            .then();
                });
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
                        e -> responder.send(GatewayResponses.REQUEST_TOO_LARGE, call, response));
    }

    private static boolean missingParameter(String parameter, Call call) {
        String name = parameter.substring(parameter.lastIndexOf('.') + 1);
        String value;
        if (parameter.startsWith("method.request.header.")
                || parameter.startsWith("method.request.multivalueheader.")) {
            value = call.header(name);
        } else if (parameter.startsWith("method.request.querystring.")
                || parameter.startsWith("method.request.multivaluequerystring.")) {
            value = call.queryParameter(name);
        } else {
            value = call.route.pathParameters().get(name);
        }
        return value == null;
    }

    /** The stage's throttle for the method: the most specific {@code MethodSettings} entry that limits it. */
    private boolean stageAllows(Call call) {
        if (call.stage == null || call.stage.throttles().isEmpty()) {
            return true;
        }
        MethodModel method = call.route.method();
        String key = call.stage.name() + " " + method.httpMethod() + " " + method.resourcePath();
        Optional<TokenBucket> bucket = stageBuckets.computeIfAbsent(key, k -> {
            RestApiModel.MethodThrottle best = null;
            int bestScore = -1;
            for (RestApiModel.MethodThrottle t : call.stage.throttles()) {
                if (t.appliesTo(method.resourcePath(), method.httpMethod())) {
                    int score = (t.resourcePath().equals("/*") ? 0 : 2)
                            + (t.httpMethod().equals("*") ? 0 : 1);
                    if (score > bestScore) {
                        best = t;
                        bestScore = score;
                    }
                }
            }
            return best == null
                    ? Optional.empty()
                    : Optional.ofNullable(TokenBucket.of(best.rateLimit(), best.burstLimit(), clock.instant()));
        });
        return bucket.isEmpty() || bucket.get().tryAcquire(clock.instant());
    }

    /**
     * The function's result, or {@link #TIMED_OUT} once the integration timeout has passed (the function runs on, as
     * in AWS: API Gateway's 504 does not stop it). One watchdog thread enforces every deadline: no timer per request.
     * The answer completes on the connection's event loop, so that the response is written where Reactor Netty keeps
     * the connection's state (a write from the function's thread raced with the next request of a kept-alive
     * connection, which then waited for its predecessor forever).
     */
    private CompletableFuture<Object> invoke(
            LambdaFunction function, byte[] event, Call call, Duration timeout, Executor eventLoop) {
        CompletableFuture<Object> answer = new CompletableFuture<>();
        Watchdog.Deadline deadline = watchdog.after(timeout, () -> completeOn(eventLoop, answer, TIMED_OUT));
        function.invoke(event, call.requestId).whenComplete((result, e) -> {
            deadline.cancel();
            if (!answer.isDone()) {
                // Read on the function's thread: the event loop only writes.
                Object prepared;
                try {
                    prepared = prepare(result, call);
                } catch (RuntimeException | Error bug) {
                    LOG.error("Unexpected failure reading the answer of request {}", call.requestId, bug);
                    prepared = GatewayResponses.INTERNAL_SERVER_ERROR;
                }
                completeOn(eventLoop, answer, prepared);
            }
        });
        return answer;
    }

    static <T> void completeOn(Executor eventLoop, CompletableFuture<T> answer, T value) {
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
    private Object prepare(InvocationResult result, Call call) {
        if (result instanceof InvocationResult.Failure failure) {
            LOG.info("{} Lambda execution failed: {}: {}", call.requestId, failure.errorType(), failure.errorMessage());
            return GatewayResponses.INTERNAL_SERVER_ERROR;
        }
        ProxyResponse proxy = ProxyResponse.parse(((InvocationResult.Success) result).payload());
        HttpHeaders headers = proxy == null ? null : headers(proxy);
        if (headers == null) {
            LOG.info("{} Execution failed due to configuration error: Malformed Lambda proxy response", call.requestId);
            return GatewayResponses.INTERNAL_SERVER_ERROR;
        }
        headers.set(REQUEST_ID, call.requestId);
        headers.set(APIGW_ID, call.extendedRequestId);
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

    /** An X-Ray trace id: {@code Root=1-<epoch seconds hex>-<96 random bits hex>}. */
    private String traceId() {
        byte[] bytes = RequestIds.bytes(12);
        return "Root=1-" + Long.toHexString(clock.instant().getEpochSecond()) + "-"
                + HexFormat.of().formatHex(bytes);
    }
}
