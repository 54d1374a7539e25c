package dev.gatewaycli.cli.load;

import dev.gatewaycli.cli.api.ApiRequest;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseDecoder;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.timeout.ReadTimeoutHandler;
import io.netty.util.ReferenceCountUtil;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;

/**
 * The closed model on bare Netty, over HTTP or HTTPS: each lane owns one keep-alive connection and sends its next
 * request from the event loop as soon as the previous answer's last byte has arrived, like wrk. The request's bytes
 * are encoded once per lane (again only when the token changes) and written as one buffer; the answer goes through
 * Netty's response decoder and its content is released unread.
 * <p>
 * Why not Reactor Netty's {@code HttpClient} here: a JFR/CPU profile of {@code load} (docs/performance.md) showed
 * its per-request machinery (pool acquire and release, a Mono chain, a timeout handler added to and removed from
 * the pipeline, connection observers) costing several times what the request itself costs, on a machine whose
 * cores the server under test shares. The open model (which needs a pool with a waiting line) keeps Reactor Netty.
 * <p>
 * HTTPS adds Netty's {@link SslHandler} in front of the codec, from one shared client context (the CLI's trust,
 * ALPN {@code http/1.1}, the engine {@link LoadTls} chose: OpenSSL or the JDK's), with the host name checked as every
 * HTTPS client of the CLI checks it, and SNI. A lane
 * that reconnects resumes its TLS session from the context's cache instead of a full handshake. Writes issued
 * before the handshake ends wait in the handler, so a lane's first request needs nothing special.
 */
final class ConnectionLanes {

    /** What a lane reports to the generator. */
    interface Events {

        /** May another request be sent now? Counts it if so. */
        boolean mayIssue(long nowNanos);

        void response(int status, long latencyNanos);

        /** A request ended (answered, or failed with {@code error}); called after the lane's next one started. */
        void completed(ErrorClass error);

        /** The lane sends no more. */
        void laneFinished();
    }

    private final Bootstrap bootstrap;

    private final String host;

    private final int port;

    private final String head;

    private final byte[] body;

    private final boolean headRequest;

    private final Supplier<String> authorization;

    private final Events events;

    /** The client context of HTTPS, or null for plain HTTP. */
    private final SslContext ssl;

    /** Where the negotiated protocol and cipher go, or null for plain HTTP. */
    private final TlsSummary.Recorder tls;

    /**
     * @param authorization the {@code Authorization} value, or null when the user's own header replaces it
     * @param ssl the TLS client context for an {@code https} URI, null for {@code http}
     * @param tls records the first handshake's protocol and cipher; null for {@code http}
     */
    ConnectionLanes(
            EventLoopGroup group,
            ApiRequest request,
            Supplier<String> authorization,
            Duration connectTimeout,
            Duration timeout,
            SslContext ssl,
            TlsSummary.Recorder tls,
            Events events) {
        URI uri = request.uri();
        this.host = uri.getHost();
        this.ssl = ssl;
        this.tls = tls;
        this.port = (uri.getPort() > 0) ? uri.getPort() : (ssl != null) ? 443 : 80;
        this.body = request.body();
        this.headRequest = "HEAD".equalsIgnoreCase(request.method());
        this.authorization = authorization;
        this.events = events;
        String path = (uri.getRawPath() == null || uri.getRawPath().isEmpty()) ? "/" : uri.getRawPath();
        String target = (uri.getRawQuery() != null) ? path + "?" + uri.getRawQuery() : path;
        StringBuilder text = new StringBuilder(256)
                .append(request.method().toUpperCase(Locale.ROOT))
                .append(' ')
                .append(target)
                .append(" HTTP/1.1\r\n");
        boolean userHost = false;
        for (Map.Entry<String, String> header : request.headers()) {
            userHost |= header.getKey().equalsIgnoreCase("host");
            if (!header.getKey().equalsIgnoreCase("content-length")) {
                text.append(header.getKey())
                        .append(": ")
                        .append(header.getValue())
                        .append("\r\n");
            }
        }
        if (!userHost) {
            text.append("Host: ")
                    .append(host)
                    .append((uri.getPort() > 0) ? ":" + uri.getPort() : "")
                    .append("\r\n");
        }
        if (body != null) {
            text.append("Content-Length: ").append(body.length).append("\r\n");
        }
        this.head = text.toString();
        int readTimeoutMillis = (int) Math.max(1, Math.min(Integer.MAX_VALUE, timeout.toMillis()));
        this.bootstrap = new Bootstrap()
                .group(group)
                .channel(NioSocketChannel.class)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int)
                        Math.max(1, Math.min(Integer.MAX_VALUE, connectTimeout.toMillis())))
                .option(ChannelOption.TCP_NODELAY, true)
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel channel) {
                        if (ConnectionLanes.this.ssl != null) {
                            channel.pipeline().addLast(sslHandler(channel));
                        }
                        channel.pipeline()
                                // No response bytes within the timeout: ReadTimeoutException, a timeout. The lane's
                                // connection is never idle between requests, so the timer only fires on a stuck answer.
                                .addLast(new ReadTimeoutHandler(
                                        readTimeoutMillis, java.util.concurrent.TimeUnit.MILLISECONDS))
                                .addLast(new HttpResponseDecoder() {
                                    @Override
                                    protected boolean isContentAlwaysEmpty(HttpMessage msg) {
                                        return headRequest || super.isContentAlwaysEmpty(msg);
                                    }
                                });
                    }
                });
    }

    /** TLS for one connection: SNI and the session cache keyed by host and port, the host name verified. */
    private SslHandler sslHandler(Channel channel) {
        String peer = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
        SSLEngine engine = ssl.newEngine(channel.alloc(), peer, port);
        SSLParameters parameters = engine.getSSLParameters();
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        engine.setSSLParameters(parameters);
        SslHandler handler = new SslHandler(engine);
        if (tls != null) {
            tls.watch(handler);
        }
        return handler;
    }

    /** Starts {@code count} lanes, each on the next event loop of the group. */
    void start(int count) {
        for (int i = 0; i < count; i++) {
            Lane lane = new Lane();
            bootstrap.config().group().next().execute(lane::next);
        }
    }

    private final class Lane {

        private Channel channel;

        private ChannelFuture connecting;

        private String lastAuthorization;

        private ByteBuf encoded;

        private long sentNanos;

        private int status;

        private boolean keepAlive;

        private boolean inFlight;

        /** The lane's handler on each connection it opens in turn (one at a time; a failed one is replaced). */
        private final ChannelHandler handler = new LaneHandler();

        @ChannelHandler.Sharable
        private final class LaneHandler extends ChannelInboundHandlerAdapter {

            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                try {
                    if (ctx.channel() != channel || !inFlight) {
                        return;
                    }
                    if (msg instanceof HttpResponse response) {
                        if (response.decoderResult().isFailure()) {
                            fail(ErrorClass.other, true);
                            return;
                        }
                        status = response.status().code();
                        keepAlive = HttpUtil.isKeepAlive(response);
                    }
                    if (msg instanceof HttpContent content) {
                        if (content.decoderResult().isFailure()) {
                            fail(ErrorClass.other, true);
                            return;
                        }
                        if (msg instanceof LastHttpContent) {
                            answered();
                        }
                    }
                } finally {
                    ReferenceCountUtil.release(msg);
                }
            }

            @Override
            public void channelInactive(ChannelHandlerContext ctx) {
                // Closed before the answer's last byte: the server dropped the connection.
                if (ctx.channel() == channel && inFlight) {
                    fail(ErrorClass.reset, false);
                } else if (ctx.channel() == channel) {
                    channel = null;
                }
            }

            @Override
            public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                if (ctx.channel() == channel && inFlight) {
                    fail(ErrorClass.of(cause), true);
                } else {
                    ctx.close();
                }
            }
        }

        /** Runs on the lane's event loop: the next request, or the lane's end. */
        void next() {
            if (!events.mayIssue(System.nanoTime())) {
                if (channel != null) {
                    Channel last = channel;
                    channel = null;
                    last.close();
                }
                release();
                events.laneFinished();
                return;
            }
            sentNanos = System.nanoTime();
            inFlight = true;
            status = 0;
            if (channel != null && channel.isActive()) {
                write();
                return;
            }
            connecting = bootstrap
                    .clone()
                    .handler(new ChannelInitializer<Channel>() {
                        @Override
                        protected void initChannel(Channel ch) {
                            ch.pipeline().addLast(bootstrap.config().handler()).addLast(handler);
                        }
                    })
                    .connect(host, port);
            channel = connecting.channel();
            connecting.addListener((ChannelFuture future) -> {
                if (future.channel() != channel) {
                    return;
                }
                if (future.isSuccess()) {
                    write();
                } else {
                    fail(ErrorClass.of(future.cause()), true);
                }
            });
        }

        private void write() {
            String value = (authorization != null) ? authorization.get() : null;
            if (encoded == null || value != lastAuthorization) {
                release();
                lastAuthorization = value;
                encoded = encode(channel.alloc(), value);
            }
            channel.writeAndFlush(encoded.retainedDuplicate()).addListener((ChannelFuture future) -> {
                if (!future.isSuccess() && future.channel() == channel && inFlight) {
                    fail(ErrorClass.of(future.cause()), true);
                }
            });
        }

        private ByteBuf encode(ByteBufAllocator alloc, String value) {
            StringBuilder text = new StringBuilder(head.length() + 64 + ((value != null) ? value.length() : 0));
            text.append(head);
            if (value != null) {
                text.append("Authorization: ").append(value).append("\r\n");
            }
            text.append("\r\n");
            byte[] bytes = text.toString().getBytes(StandardCharsets.ISO_8859_1);
            ByteBuf buffer = alloc.directBuffer(bytes.length + ((body != null) ? body.length : 0));
            buffer.writeBytes(bytes);
            if (body != null) {
                buffer.writeBytes(body);
            }
            return buffer;
        }

        private void release() {
            if (encoded != null) {
                encoded.release();
                encoded = null;
            }
        }

        private void answered() {
            inFlight = false;
            events.response(status, System.nanoTime() - sentNanos);
            if (!keepAlive) {
                Channel done = channel;
                channel = null;
                done.close();
            }
            next();
            events.completed(null);
        }

        private void fail(ErrorClass error, boolean close) {
            inFlight = false;
            Channel failed = channel;
            channel = null;
            if (close && failed != null) {
                failed.close();
            }
            next();
            events.completed(error);
        }
    }
}
