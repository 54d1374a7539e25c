package dev.gatewaycli.cli.load;

import dev.gatewaycli.cli.api.ApiRequest;
import io.netty.channel.ChannelOption;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.resolver.DefaultAddressResolverGroup;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;
import reactor.netty.resources.LoopResources;

/**
 * Sends the load over {@code concurrency} keep-alive connections (HTTP/1.1, one request at a time per connection, no
 * pipelining), on its own event loop, over HTTP or HTTPS (one TLS client context for the run: the CLI's trust,
 * ALPN {@code http/1.1}).
 * <ul>
 * <li><b>Closed model</b> (no rate): {@code concurrency} lanes on bare Netty ({@link ConnectionLanes}) each send the
 * next request when the previous one has completed, as wrk and hey do. Latency is measured from the send; a slow server lowers the rate instead of raising
 * the latencies, which is what a closed model measures (service time under that concurrency).</li>
 * <li><b>Open model</b> ({@code --rate}): request {@code i} is due at {@code start + i / rate} whatever happened to
 * the earlier ones, and its latency is measured from that <i>intended</i> time. A request that waits for a free
 * connection, or is sent late because the sender fell behind, has that wait in its latency: the coordinated
 * omission that a closed-model tool hides is measured. (HdrHistogram's {@code recordValueWithExpectedInterval}
 * back-fills what a closed model missed; with intended start times nothing is missed, so plain recording is
 * right.) It runs on Reactor Netty's {@link HttpClient} with a pool of {@code concurrency} connections and a waiting
 * line.</li>
 * </ul>
 */
final class LoadGenerator implements AutoCloseable {

    private final LoadPlan plan;

    private final Supplier<String> authorization;

    private final LoadMetrics metrics;

    private final LoopResources loop;

    private final ConnectionProvider pool;

    private final HttpClient client;

    private final HttpMethod method;

    private final String uri;

    /** As in {@code call}: an {@code Authorization} header given with {@code -H} replaces the token. */
    private final boolean userAuthorization;

    private final Duration connectTimeout;

    /** The TLS client context of an {@code https} target, else null. */
    private final SslContext ssl;

    /** The TLS the run negotiated, for an {@code https} target; else null. */
    private final TlsSummary.Recorder tls;

    private final long startNanos;

    private final long deadlineNanos;

    private final AtomicLong issued = new AtomicLong();

    private final AtomicLong outstanding = new AtomicLong();

    private final AtomicInteger activeIssuers = new AtomicInteger();

    private final CountDownLatch done = new CountDownLatch(1);

    private volatile boolean stopped;

    private volatile long endNanos;

    private Thread scheduler;

    /**
     * @param plan what to send
     * @param authorization the {@code Authorization} value, asked per request (the token may be renewed mid-run)
     * @param connectTimeout TCP connect timeout
     * @param engine the TLS of an {@code https} target ({@link LoadTls}); null for {@code http}
     */
    LoadGenerator(LoadPlan plan, Supplier<String> authorization, Duration connectTimeout, LoadTls.Engine engine) {
        this.plan = Objects.requireNonNull(plan, "plan cannot be null");
        this.authorization = Objects.requireNonNull(authorization, "authorization cannot be null");
        this.connectTimeout = connectTimeout;
        ApiRequest request = plan.request();
        boolean https = "https".equalsIgnoreCase(request.uri().getScheme());
        if (https && engine == null) {
            throw new IllegalArgumentException("an https target needs a TLS engine");
        }
        this.ssl = https ? engine.context() : null;
        this.tls = https ? new TlsSummary.Recorder(engine.name()) : null;
        this.method = HttpMethod.valueOf(request.method());
        this.uri = request.uri().toString();
        this.userAuthorization = request.headers().stream()
                .anyMatch((header) -> header.getKey().equalsIgnoreCase(HttpHeaderNames.AUTHORIZATION.toString()));
        // Never more event-loop threads than cores or connections: on a shared machine the server under test
        // (often on the same host) needs the rest.
        int threads = Math.max(1, Math.min(Runtime.getRuntime().availableProcessors(), plan.concurrency()));
        this.loop = LoopResources.create("gateway-cli-load", threads, true);
        this.pool = ConnectionProvider.builder("gateway-cli-load")
                .maxConnections(plan.concurrency())
                // Open model: requests beyond the pool wait in line (their wait is part of their latency), each for at
                // most the timeout; the queue is bounded by rate x timeout.
                .pendingAcquireMaxCount(-1)
                .pendingAcquireTimeout(plan.timeout())
                .build();
        HttpClient http = HttpClient.create(pool)
                .runOn(loop, false)
                .resolver(DefaultAddressResolverGroup.INSTANCE)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, millis(connectTimeout))
                .option(ChannelOption.TCP_NODELAY, true)
                .responseTimeout(plan.timeout())
                .followRedirect(false)
                .keepAlive(true)
                .headers((headers) -> {
                    for (Map.Entry<String, String> header : request.headers()) {
                        headers.add(header.getKey(), header.getValue());
                    }
                });
        // The same context as the closed model's lanes: one session cache, ALPN http/1.1, the CLI's trust.
        this.client = (ssl == null)
                ? http
                : http.secure((spec) -> spec.sslContext(ssl)).doOnConnected((connection) -> {
                    SslHandler handler = connection.channel().pipeline().get(SslHandler.class);
                    if (handler != null) {
                        tls.watch(handler);
                    }
                });
        this.startNanos = System.nanoTime();
        this.metrics = new LoadMetrics(startNanos);
        this.deadlineNanos = (plan.duration() == null)
                ? Long.MAX_VALUE
                : startNanos + plan.duration().toNanos();
    }

    LoadMetrics metrics() {
        return metrics;
    }

    /** The TLS the run used, or null for {@code http}. */
    TlsSummary tls() {
        return (tls == null) ? null : tls.summary();
    }

    long startNanos() {
        return startNanos;
    }

    /** When the last request completed (or the run was stopped), in {@link System#nanoTime()} terms. */
    long endNanos() {
        long end = endNanos;
        return (end == 0) ? System.nanoTime() : end;
    }

    void start() {
        if (plan.openModel()) {
            activeIssuers.set(1);
            scheduler = new Thread(this::openLoop, "gateway-cli-load-scheduler");
            scheduler.setDaemon(true);
            scheduler.start();
        } else {
            int lanes = (int) Math.min(plan.concurrency(), (plan.requests() > 0) ? plan.requests() : Long.MAX_VALUE);
            activeIssuers.set(lanes);
            new ConnectionLanes(
                            loop.onClient(false),
                            plan.request(),
                            userAuthorization ? null : authorization,
                            connectTimeout,
                            plan.timeout(),
                            ssl,
                            tls,
                            new LaneEvents())
                    .start(lanes);
        }
    }

    /** Stops sending; requests in flight may still complete. Safe from any thread (Ctrl-C). */
    void stop() {
        stopped = true;
        if (scheduler != null) {
            LockSupport.unpark(scheduler);
        }
    }

    /** Waits until every request sent has completed (each is bounded by the timeout), or {@code wait} passes. */
    boolean await(Duration wait) throws InterruptedException {
        return done.await(wait.toNanos(), TimeUnit.NANOSECONDS);
    }

    boolean stopped() {
        return stopped;
    }

    private boolean mayIssue(long nowNanos) {
        if (stopped || nowNanos >= deadlineNanos) {
            return false;
        }
        return plan.requests() == 0 || issued.incrementAndGet() <= plan.requests();
    }

    /** The open model's clock: request i at start + i / rate, measured from then. */
    private void openLoop() {
        double intervalNanos = 1e9 / plan.rate();
        try {
            for (long i = 0; ; i++) {
                long intended = startNanos + (long) (i * intervalNanos);
                if (stopped || intended >= deadlineNanos || (plan.requests() > 0 && i >= plan.requests())) {
                    return;
                }
                long wait;
                while ((wait = intended - System.nanoTime()) > 0 && !stopped) {
                    LockSupport.parkNanos(wait);
                }
                if (stopped) {
                    return;
                }
                issued.incrementAndGet();
                send(intended);
            }
        } finally {
            issuerFinished();
        }
    }

    private void send(long fromNanos) {
        outstanding.incrementAndGet();
        byte[] body = plan.request().body();
        client.request(method)
                .uri(uri)
                .send((request, outbound) -> {
                    if (!userAuthorization) {
                        request.header(HttpHeaderNames.AUTHORIZATION, authorization.get());
                    }
                    return (body == null) ? Mono.empty() : outbound.sendByteArray(Mono.just(body));
                })
                // The body is read and dropped (Reactor Netty releases each buffer): a load test measures the whole
                // answer arriving, not what it says.
                .response((response, content) ->
                        content.then(Mono.just(response.status().code())))
                .subscribe(
                        (status) -> metrics.response(status, System.nanoTime() - fromNanos),
                        (error) -> completed(ErrorClass.of(error)),
                        () -> completed(null));
    }

    private void completed(ErrorClass error) {
        if (error != null) {
            metrics.error(error);
        }
        if (outstanding.decrementAndGet() == 0 && activeIssuers.get() == 0) {
            finish();
        }
    }

    /** The closed model's lanes report here, as {@link #send}'s callbacks do. */
    private final class LaneEvents implements ConnectionLanes.Events {

        @Override
        public boolean mayIssue(long nowNanos) {
            if (!LoadGenerator.this.mayIssue(nowNanos)) {
                return false;
            }
            outstanding.incrementAndGet();
            return true;
        }

        @Override
        public void response(int status, long latencyNanos) {
            metrics.response(status, latencyNanos);
        }

        @Override
        public void completed(ErrorClass error) {
            if (error != null) {
                metrics.error(error);
            }
            if (outstanding.decrementAndGet() == 0 && activeIssuers.get() == 0) {
                finish();
            }
        }

        @Override
        public void laneFinished() {
            issuerFinished();
        }
    }

    private void issuerFinished() {
        if (activeIssuers.decrementAndGet() == 0 && outstanding.get() == 0) {
            finish();
        }
    }

    private synchronized void finish() {
        if (done.getCount() > 0) {
            endNanos = System.nanoTime();
            done.countDown();
        }
    }

    @Override
    public void close() {
        // Not disposed gracefully: in-flight requests of a stopped run are abandoned, the process is about to end.
        // The threads are daemons, so nothing waits for the disposal; a disposal that outlasts its timeout is of no
        // interest to the user and must not reach stderr.
        pool.disposeLater().subscribe(null, (ignored) -> {});
        loop.disposeLater(Duration.ZERO, Duration.ofSeconds(2)).subscribe(null, (ignored) -> {});
    }

    private static int millis(Duration duration) {
        return (int) Math.min(Integer.MAX_VALUE, Math.max(1, duration.toMillis()));
    }
}
