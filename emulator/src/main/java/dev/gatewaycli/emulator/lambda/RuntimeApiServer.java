package dev.gatewaycli.emulator.lambda;

import dev.gatewaycli.emulator.http.Json;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.ServerSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpRequestDecoder;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.BiPredicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.netty.http.HttpResources;
import reactor.netty.resources.LoopResources;

/**
 * The Lambda Runtime API of one execution environment (docs/fidelity.md §5): {@code GET /2018-06-01/runtime/invocation/next}
 * holds until an invocation is assigned and answers with its event and the {@code Lambda-Runtime-*} headers;
 * {@code POST .../invocation/{id}/response} and {@code .../invocation/{id}/error} end it ({@code 202}); {@code POST
 * .../init/error} reports a failed initialisation. Each environment has its own server on a loopback port, as each
 * Lambda sandbox has its own endpoint, and only the current user's sockets may connect ({@link LoopbackPeers}).
 *
 * <p>Plain Netty on the emulator's shared event loops: Netty's request decoder, then one handler that reads the body
 * into an array and writes each answer as one buffer, its head written by hand. A call is handled on its connection's
 * event loop; a held {@code /next} is answered there too, directly when the invocation is handed over on that loop,
 * else by one task on it. Calls a client sends without waiting for the previous answer (pipelined) are answered in
 * order; one that arrives while a {@code /next} is held waits for it. {@code Expect: 100-continue} is answered with
 * {@code 100 Continue}.
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
    private static final byte[] EMPTY = new byte[0];
    private static final byte[] CONTINUE = "HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

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
    private final BiPredicate<InetSocketAddress, InetSocketAddress> peers;
    private final Channel server;
    private final Set<Channel> connections = ConcurrentHashMap.newKeySet();

    private RuntimeApiServer(Listener listener, BiPredicate<InetSocketAddress, InetSocketAddress> peers) {
        this.listener = listener;
        this.peers = peers;
        LoopResources loops = HttpResources.get();
        EventLoopGroup group = loops.onServer(true);
        this.server = new ServerBootstrap()
                .group(loops.onServerSelect(true), group)
                .channel(loops.onChannelClass(ServerSocketChannel.class, group))
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        accept(channel);
                    }
                })
                .bind(new InetSocketAddress("127.0.0.1", 0))
                .syncUninterruptibly()
                .channel();
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
        return "127.0.0.1:" + ((InetSocketAddress) server.localAddress()).getPort();
    }

    /**
     * Once per connection, when it is accepted: a runtime client keeps one connection for all its calls, and the check
     * reads the kernel's socket tables, whose cost grows with every socket on the machine.
     */
    private void accept(SocketChannel channel) {
        if (!peers.test(channel.remoteAddress(), channel.localAddress())) {
            LOG.warn("Refused a Runtime API connection from {}: not a socket of this user", channel.remoteAddress());
            channel.close();
            return;
        }
        connections.add(channel);
        channel.closeFuture().addListener(f -> connections.remove(channel));
        channel.pipeline().addLast(new HttpRequestDecoder()).addLast(new Calls());
    }

    /** One connection's calls, on its event loop. */
    private final class Calls extends ChannelInboundHandlerAdapter {
        private ChannelHandlerContext ctx;
        // the call being read
        private HttpRequest request;
        private ByteArrayOutputStream body;
        private boolean tooLarge;
        // a /next is held; calls read meanwhile wait in order
        private boolean holding;
        private final ArrayDeque<Pending> waiting = new ArrayDeque<>(1);
        private boolean unflushed;

        @Override
        public void handlerAdded(ChannelHandlerContext ctx) {
            this.ctx = ctx;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            try {
                if (msg instanceof HttpRequest r) {
                    if (r.decoderResult().isFailure()) {
                        badRequest();
                        return;
                    }
                    request = r;
                    body = null;
                    tooLarge = false;
                    if (HttpUtil.is100ContinueExpected(r)) {
                        ctx.write(ctx.alloc().buffer(CONTINUE.length).writeBytes(CONTINUE));
                        unflushed = true;
                    }
                }
                if (msg instanceof HttpContent content && request != null) {
                    ByteBuf data = content.content();
                    int n = data.readableBytes();
                    byte[] whole = null;
                    if (n > 0 && !tooLarge && body == null && content instanceof LastHttpContent) {
                        if (n > MAX_RESPONSE_BYTES) {
                            tooLarge = true;
                        } else {
                            whole = ByteBufUtil.getBytes(data); // the whole body in one piece: one copy
                        }
                    } else if (n > 0 && !tooLarge) {
                        int size = body == null ? 0 : body.size();
                        if (size + (long) n > MAX_RESPONSE_BYTES) {
                            tooLarge = true;
                            body = null;
                        } else {
                            if (body == null) {
                                body = new ByteArrayOutputStream(Math.max(256, n));
                            }
                            data.readBytes(body, n);
                        }
                    }
                    if (content instanceof LastHttpContent) {
                        HttpRequest r = request;
                        request = null;
                        byte[] bytes =
                                tooLarge ? null : whole != null ? whole : body == null ? EMPTY : body.toByteArray();
                        body = null;
                        if (holding) {
                            waiting.addLast(new Pending(r, bytes));
                        } else {
                            call(r, bytes);
                        }
                    }
                }
            } catch (java.io.IOException e) {
                badRequest();
            } finally {
                ReferenceCountUtil.release(msg);
            }
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            if (unflushed) {
                unflushed = false;
                ctx.flush();
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            LOG.debug("Runtime API connection failed: {}", cause.toString());
            ctx.close();
        }

        private void badRequest() {
            request = null;
            body = null;
            answer(Answer.error(400, "InvalidRequest", "The request could not be read"), false);
        }

        /** One complete call; {@code body} is null when it was larger than Lambda allows. */
        private void call(HttpRequest r, byte[] body) {
            boolean keepAlive = HttpUtil.isKeepAlive(r);
            String path = r.uri();
            int q = path.indexOf('?');
            if (q >= 0) {
                path = path.substring(0, q);
            }
            HttpMethod method = r.method();
            if (path.equals(NEXT) && method.equals(HttpMethod.GET)) {
                next(keepAlive);
                return;
            }
            if (method.equals(HttpMethod.POST) && path.equals(INIT_ERROR)) {
                answer(
                        body == null
                                ? tooLarge()
                                : listener.initError(r.headers().get(ERROR_TYPE), body),
                        keepAlive);
                return;
            }
            if (method.equals(HttpMethod.POST) && path.startsWith(INVOCATION)) {
                String rest = path.substring(INVOCATION.length());
                int slash = rest.indexOf('/');
                String id = slash < 0 ? "" : rest.substring(0, slash);
                String action = slash < 0 ? "" : rest.substring(slash + 1);
                if (action.equals("response")) {
                    if (body == null) {
                        listener.responseTooLarge(id);
                        answer(tooLarge(), keepAlive);
                    } else {
                        answer(listener.response(id, body), keepAlive);
                    }
                    return;
                }
                if (action.equals("error")) {
                    answer(
                            body == null
                                    ? tooLarge()
                                    : listener.error(id, r.headers().get(ERROR_TYPE), body),
                            keepAlive);
                    return;
                }
            }
            answer(Answer.error(404, "InvalidRequest", "No Runtime API route for " + method + " " + path), keepAlive);
        }

        private void next(boolean keepAlive) {
            holding = true;
            EventLoop loop = ctx.channel().eventLoop();
            listener.next().whenComplete((delivery, e) -> {
                if (loop.inEventLoop()) {
                    delivered(delivery, e, keepAlive);
                } else {
                    try {
                        loop.execute(() -> delivered(delivery, e, keepAlive));
                    } catch (RejectedExecutionException rejected) {
                        ctx.close(); // the emulator is shutting down
                    }
                }
            });
        }

        private void delivered(Delivery d, Throwable e, boolean keepAlive) {
            holding = false;
            if (e != null) {
                answer(Answer.error(500, "ServiceException", String.valueOf(e.getMessage())), keepAlive);
            } else {
                byte[] event = d.event();
                String head = "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\n" + REQUEST_ID + ": "
                        + d.requestId() + "\r\n" + DEADLINE + ": " + d.deadlineEpochMillis() + "\r\n" + FUNCTION_ARN
                        + ": " + d.functionArn() + "\r\n" + TRACE_ID + ": " + d.traceId() + "\r\ncontent-length: "
                        + event.length + "\r\n" + (keepAlive ? "" : "connection: close\r\n") + "\r\n";
                write(head, event, keepAlive);
            }
            unflushed = false;
            ctx.flush();
            // what the client sent meanwhile, in order, until the next held /next
            Pending call;
            while (!holding && ctx.channel().isActive() && (call = waiting.pollFirst()) != null) {
                call(call.request(), call.body());
            }
            if (unflushed) {
                unflushed = false;
                ctx.flush();
            }
        }

        private void answer(Answer answer, boolean keepAlive) {
            String head = "HTTP/1.1 " + answer.status() + " "
                    + HttpResponseStatus.valueOf(answer.status()).reasonPhrase()
                    + "\r\ncontent-type: application/json\r\ncontent-length: " + answer.body().length + "\r\n"
                    + (keepAlive ? "" : "connection: close\r\n") + "\r\n";
            write(head, answer.body(), keepAlive);
        }

        private void write(String head, byte[] body, boolean keepAlive) {
            ByteBuf out = ctx.alloc().buffer(head.length() + body.length);
            out.writeCharSequence(head, StandardCharsets.US_ASCII);
            out.writeBytes(body);
            if (keepAlive) {
                ctx.write(out);
            } else {
                ctx.write(out).addListener(ChannelFutureListener.CLOSE);
            }
            unflushed = true;
        }
    }

    /** A call read while a {@code /next} was held; {@code body} is null when it was larger than Lambda allows. */
    private record Pending(HttpRequest request, byte[] body) {}

    private static Answer tooLarge() {
        return Answer.error(
                413,
                "RequestEntityTooLarge",
                "Response payload size exceeded maximum allowed payload size (" + MAX_RESPONSE_BYTES + " bytes).");
    }

    @Override
    public void close() {
        server.close();
        connections.forEach(Channel::close);
    }
}
