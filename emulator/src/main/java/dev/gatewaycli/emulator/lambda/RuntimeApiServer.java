package dev.gatewaycli.emulator.lambda;

import dev.gatewaycli.emulator.http.Json;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.BiPredicate;
import org.reactivestreams.Publisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

/**
 * The Lambda Runtime API of one execution environment (docs/fidelity.md §5): {@code GET /2018-06-01/runtime/invocation/next}
 * holds until an invocation is assigned and answers with its event and the {@code Lambda-Runtime-*} headers;
 * {@code POST .../invocation/{id}/response} and {@code .../invocation/{id}/error} end it ({@code 202}); {@code POST
 * .../init/error} reports a failed initialisation. Each environment has its own server on a loopback port, as each
 * Lambda sandbox has its own endpoint, and only the current user's sockets may connect ({@link LoopbackPeers}).
 */
final class RuntimeApiServer implements AutoCloseable {

    static final String PREFIX = "/2018-06-01/runtime/";
    static final String NEXT = PREFIX + "invocation/next";
    static final String INIT_ERROR = PREFIX + "init/error";
    static final String INVOCATION = PREFIX + "invocation/";
    static final String REQUEST_ID = "Lambda-Runtime-Aws-Request-Id";
    static final String DEADLINE = "Lambda-Runtime-Deadline-Ms";
    static final String FUNCTION_ARN = "Lambda-Runtime-Invoked-Function-Arn";
    static final String TRACE_ID = "Lambda-Runtime-Trace-Id";
    static final String ERROR_TYPE = "Lambda-Runtime-Function-Error-Type";
    /** Lambda's limit on a synchronous invocation's response, in bytes. */
    static final int MAX_RESPONSE_BYTES = 6_291_556;

    private static final Logger LOG = LoggerFactory.getLogger(RuntimeApiServer.class);
    private static final byte[] ACCEPTED = "{\"status\":\"OK\"}".getBytes(StandardCharsets.US_ASCII);

    /** What the environment does with each call. Called on the connection's event loop. */
    interface Listener {
        /** The next invocation for this environment, when there is one. */
        CompletableFuture<Delivery> next();

        Answer response(String requestId, byte[] body);

        Answer error(String requestId, String errorType, byte[] body);

        Answer initError(String errorType, byte[] body);

        /** The response was larger than Lambda allows; the invocation fails. */
        void responseTooLarge(String requestId);
    }

    /** An invocation as {@code /next} hands it over. */
    record Delivery(String requestId, byte[] event, long deadlineEpochMillis, String functionArn, String traceId) {}

    /** The status and JSON body of a call's answer. */
    record Answer(int status, byte[] body) {
        static Answer accepted() {
            return new Answer(202, ACCEPTED);
        }

        /** The Runtime API's error shape: {@code {"errorMessage":…,"errorType":…}}. */
        static Answer error(int status, String errorType, String message) {
            return new Answer(
                    status,
                    Json.bytes(Json.object().put("errorMessage", message).put("errorType", errorType)));
        }
    }

    private final Listener listener;
    private final DisposableServer server;

    private RuntimeApiServer(Listener listener, BiPredicate<InetSocketAddress, InetSocketAddress> peers) {
        this.listener = listener;
        this.server = HttpServer.create()
                .host("127.0.0.1")
                .port(0)
                // Once per connection, when it is accepted: a runtime client keeps one connection for all its calls,
                // and the check reads the kernel's socket tables, whose cost grows with every socket on the machine.
                // (doOnConnection would run it again for every request of a kept-alive connection.)
                .doOnChannelInit((observer, channel, remote) -> {
                    if (!(channel.remoteAddress() instanceof InetSocketAddress peer)
                            || !(channel.localAddress() instanceof InetSocketAddress local)
                            || !peers.test(peer, local)) {
                        LOG.warn(
                                "Refused a Runtime API connection from {}: not a socket of this user",
                                channel.remoteAddress());
                        channel.close();
                    }
                })
                .handle(this::handle)
                .bindNow(Duration.ofSeconds(10));
    }

    static RuntimeApiServer start(Listener listener) {
        return new RuntimeApiServer(listener, LoopbackPeers::sameUser);
    }

    /** With {@code peers} deciding which connections are accepted (a test's own rule). */
    static RuntimeApiServer start(Listener listener, BiPredicate<InetSocketAddress, InetSocketAddress> peers) {
        return new RuntimeApiServer(listener, peers);
    }

    /** {@code 127.0.0.1:<port>}, the value of {@code AWS_LAMBDA_RUNTIME_API}. */
    String address() {
        return "127.0.0.1:" + server.port();
    }

    private Publisher<Void> handle(HttpServerRequest request, HttpServerResponse response) {
        String path = request.uri();
        int q = path.indexOf('?');
        if (q >= 0) {
            path = path.substring(0, q);
        }
        HttpMethod method = request.method();
        if (path.equals(NEXT) && method.equals(HttpMethod.GET)) {
            return next(request, response);
        }
        if (method.equals(HttpMethod.POST) && path.equals(INIT_ERROR)) {
            String type = request.requestHeaders().get(ERROR_TYPE);
            return body(request, MAX_RESPONSE_BYTES)
                    .flatMap(body -> send(response, listener.initError(type, body)))
                    .onErrorResume(TooLarge.class, e -> send(response, tooLarge()));
        }
        if (method.equals(HttpMethod.POST) && path.startsWith(INVOCATION)) {
            String rest = path.substring(INVOCATION.length());
            int slash = rest.indexOf('/');
            String id = slash < 0 ? "" : rest.substring(0, slash);
            String action = slash < 0 ? "" : rest.substring(slash + 1);
            if (action.equals("response")) {
                return body(request, MAX_RESPONSE_BYTES)
                        .flatMap(body -> send(response, listener.response(id, body)))
                        .onErrorResume(TooLarge.class, e -> {
                            listener.responseTooLarge(id);
                            return send(response, tooLarge());
                        });
            }
            if (action.equals("error")) {
                String type = request.requestHeaders().get(ERROR_TYPE);
                return body(request, MAX_RESPONSE_BYTES)
                        .flatMap(body -> send(response, listener.error(id, type, body)))
                        .onErrorResume(TooLarge.class, e -> send(response, tooLarge()));
            }
        }
        return send(response, Answer.error(404, "InvalidRequest", "No Runtime API route for " + method + " " + path));
    }

    private static Answer tooLarge() {
        return Answer.error(
                413,
                "RequestEntityTooLarge",
                "Response payload size exceeded maximum allowed payload size (" + MAX_RESPONSE_BYTES + " bytes).");
    }

    private Mono<Void> next(HttpServerRequest request, HttpServerResponse response) {
        Executor[] loop = {Runnable::run};
        request.withConnection(c -> loop[0] = c.channel().eventLoop());
        CompletableFuture<Delivery> onLoop = new CompletableFuture<>();
        // Answered on the connection's own event loop, where Reactor Netty keeps the connection's state.
        listener.next().whenComplete((delivery, e) -> {
            try {
                loop[0].execute(() -> complete(onLoop, delivery, e));
            } catch (RejectedExecutionException rejected) {
                complete(onLoop, delivery, e);
            }
        });
        return Mono.fromFuture(onLoop, true)
                .flatMap(d -> response.status(200)
                        .header(HttpHeaderNames.CONTENT_TYPE, "application/json")
                        .header(REQUEST_ID, d.requestId())
                        .header(DEADLINE, Long.toString(d.deadlineEpochMillis()))
                        .header(FUNCTION_ARN, d.functionArn())
                        .header(TRACE_ID, d.traceId())
                        .header(HttpHeaderNames.CONTENT_LENGTH, Integer.toString(d.event().length))
                        .sendByteArray(Mono.just(d.event()))
                        .then());
    }

    private static void complete(CompletableFuture<Delivery> f, Delivery d, Throwable e) {
        if (e != null) {
            f.completeExceptionally(e);
        } else {
            f.complete(d);
        }
    }

    private static Mono<Void> send(HttpServerResponse response, Answer answer) {
        return response.status(answer.status())
                .header(HttpHeaderNames.CONTENT_TYPE, "application/json")
                .header(HttpHeaderNames.CONTENT_LENGTH, Integer.toString(answer.body().length))
                .sendByteArray(Mono.just(answer.body()))
                .then();
    }

    private static Mono<byte[]> body(HttpServerRequest request, int max) {
        return request.receive()
                .reduceWith(() -> new ByteArrayOutputStream(256), (out, buffer) -> {
                    int n = buffer.readableBytes();
                    if (out.size() + (long) n > max) {
                        throw new TooLarge();
                    }
                    byte[] chunk = new byte[n];
                    buffer.readBytes(chunk);
                    out.write(chunk, 0, n);
                    return out;
                })
                .map(ByteArrayOutputStream::toByteArray)
                .defaultIfEmpty(new byte[0]);
    }

    private static final class TooLarge extends RuntimeException {
        private static final long serialVersionUID = 1L;

        TooLarge() {
            super("payload too large", null, false, false);
        }
    }

    @Override
    public void close() {
        server.dispose();
    }
}
