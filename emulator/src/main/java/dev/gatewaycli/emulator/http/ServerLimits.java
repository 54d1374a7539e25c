package dev.gatewaycli.emulator.http;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import reactor.netty.NettyPipeline;
import reactor.netty.http.server.HttpServer;

/**
 * What the emulator's HTTP server will put up with from a client, applied by {@link #applyTo} where the server is
 * built. Without limits a connection that never finishes its request (slowloris: a header byte every few seconds) or
 * never sends one stays open for good, and enough of them use up the process; a {@code Transfer-Encoding} the server
 * does not understand would have the body read as the next request (request smuggling).
 *
 * <ul>
 *   <li><b>Head deadline</b>: a request's head (request line and headers) must arrive complete within
 *       {@link #headTimeout} of the connection opening or of the previous response; else the connection is closed.
 *       This bounds new idle connections, idle keep-alive connections and slowloris heads alike: each byte does not
 *       reset it, the head as a whole must make it.</li>
 *   <li><b>Body</b>: Reactor Netty's {@code readTimeout} between reads of a body and {@code requestTimeout} for all of
 *       it: the handler's read of the body fails, it answers with an error, and the connection is closed.</li>
 *   <li><b>Transfer-Encoding</b> (RFC 9112 §6.1 and §6.3): {@code chunked} alone is understood. Chunked not last
 *       ({@code xchunked}, {@code chunked, gzip}, {@code identity}) means the body's length cannot be known: 400 and
 *       close, as §6.3 requires. Chunked last after another coding ({@code gzip, chunked}): a coding the server does
 *       not implement, 501 and close, as §6.1 says it SHOULD. Transfer-Encoding together with Content-Length: 400
 *       and close, which §6.3 allows and which shuts the door on smuggling through a front end that reads the
 *       other header.</li>
 * </ul>
 *
 * <p>Cost: one handler and one repeating timer task per connection; per request only a few field writes, so the
 * throughput path (docs/performance.md) allocates nothing more.
 */
public record ServerLimits(Duration headTimeout, Duration bodyReadTimeout, Duration requestTimeout) {

    /**
     * 60 s for a head (and so for an idle connection: a load balancer's usual idle timeout); 30 s between reads of a
     * body and 60 s for a whole body, generous for anything on a loopback or local network.
     */
    public static final ServerLimits DEFAULTS =
            new ServerLimits(Duration.ofSeconds(60), Duration.ofSeconds(30), Duration.ofSeconds(60));

    private static final String HEAD_DEADLINE = "gateway-emulator.headDeadline";

    private static final String TRANSFER_ENCODING = "gateway-emulator.strictTransferEncoding";

    public ServerLimits {
        Objects.requireNonNull(headTimeout, "headTimeout cannot be null");
        Objects.requireNonNull(bodyReadTimeout, "bodyReadTimeout cannot be null");
        Objects.requireNonNull(requestTimeout, "requestTimeout cannot be null");
    }

    /** {@code server} with these limits. */
    public HttpServer applyTo(HttpServer server) {
        long headNanos = headTimeout.toNanos();
        return server.readTimeout(bodyReadTimeout)
                .requestTimeout(requestTimeout)
                .doOnChannelInit((observer, channel, remote) -> {
                    var pipeline = channel.pipeline();
                    if (pipeline.get(NettyPipeline.HttpCodec) == null) {
                        return; // not HTTP/1.1 (the emulator serves nothing else)
                    }
                    pipeline.addAfter(NettyPipeline.HttpCodec, TRANSFER_ENCODING, new StrictTransferEncoding());
                    pipeline.addAfter(TRANSFER_ENCODING, HEAD_DEADLINE, new HeadDeadline(headNanos));
                });
    }

    /** Closes a connection whose next request head has not arrived complete within the deadline. */
    static final class HeadDeadline extends ChannelDuplexHandler {

        private final long timeoutNanos;

        /** When the wait for the current head began, or -1 while a request is being served. */
        private long waitingSince;

        private ScheduledFuture<?> check;

        HeadDeadline(long timeoutNanos) {
            this.timeoutNanos = timeoutNanos;
        }

        @Override
        public void handlerAdded(ChannelHandlerContext ctx) {
            waitingSince = System.nanoTime();
            // One repeating task per connection, checking a timestamp: nothing is scheduled per request.
            long period = Math.max(1, timeoutNanos / 4);
            check = ctx.executor()
                    .scheduleAtFixedRate(
                            () -> {
                                long since = waitingSince;
                                if (since >= 0 && System.nanoTime() - since >= timeoutNanos) {
                                    ctx.close();
                                }
                            },
                            period,
                            period,
                            TimeUnit.NANOSECONDS);
        }

        @Override
        public void handlerRemoved(ChannelHandlerContext ctx) {
            if (check != null) {
                check.cancel(false);
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) throws Exception {
            handlerRemoved(ctx);
            super.channelInactive(ctx);
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
            if (msg instanceof HttpRequest) {
                waitingSince = -1;
            }
            super.channelRead(ctx, msg);
        }

        @Override
        public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) throws Exception {
            if (msg instanceof LastHttpContent) {
                // The response is complete: the next head's deadline starts now.
                waitingSince = System.nanoTime();
            }
            super.write(ctx, msg, promise);
        }
    }

    /** Refuses a {@code Transfer-Encoding} other than {@code chunked} alone, and one beside a Content-Length. */
    static final class StrictTransferEncoding extends ChannelInboundHandlerAdapter {

        /** Set once a request was refused: what follows on the connection is not read. */
        private boolean refused;

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (refused) {
                ReferenceCountUtil.release(msg);
                return;
            }
            if (msg instanceof HttpRequest request) {
                HttpResponseStatus status = verdict(request.headers());
                if (status != null) {
                    refused = true;
                    ReferenceCountUtil.release(msg);
                    ctx.channel().config().setAutoRead(false);
                    ctx.writeAndFlush(answer(status)).addListener(ChannelFutureListener.CLOSE);
                    return;
                }
            }
            ctx.fireChannelRead(msg);
        }

        /** Null when the request's framing is understood, else the status to refuse it with. */
        static HttpResponseStatus verdict(HttpHeaders headers) {
            String encoding = headers.get(HttpHeaderNames.TRANSFER_ENCODING);
            if (encoding == null) {
                return null;
            }
            if (headers.contains(HttpHeaderNames.CONTENT_LENGTH)) {
                return HttpResponseStatus.BAD_REQUEST;
            }
            StringBuilder all = new StringBuilder();
            for (String value : headers.getAll(HttpHeaderNames.TRANSFER_ENCODING)) {
                all.append(all.isEmpty() ? "" : ",").append(value);
            }
            String[] codings = all.toString().toLowerCase(Locale.ROOT).split(",");
            String last = codings[codings.length - 1].strip();
            if (!last.equals(HttpHeaderValues.CHUNKED.toString())) {
                return HttpResponseStatus.BAD_REQUEST;
            }
            return (codings.length == 1) ? null : HttpResponseStatus.NOT_IMPLEMENTED;
        }

        private static FullHttpResponse answer(HttpResponseStatus status) {
            byte[] body = Json.single("message", status.reasonPhrase());
            FullHttpResponse response =
                    new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.wrappedBuffer(body));
            response.headers()
                    .set(HttpHeaderNames.CONTENT_TYPE, "application/json")
                    .set(HttpHeaderNames.CONTENT_LENGTH, body.length)
                    .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            return response;
        }
    }
}
