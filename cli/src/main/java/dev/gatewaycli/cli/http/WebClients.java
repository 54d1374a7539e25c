package dev.gatewaycli.cli.http;

import dev.gatewaycli.cli.config.Settings;
import dev.gatewaycli.cli.config.TlsTrust;
import io.netty.channel.ChannelOption;
import io.netty.resolver.DefaultAddressResolverGroup;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.reactivestreams.Publisher;
import org.springframework.core.ResolvableType;
import org.springframework.core.codec.ByteArrayDecoder;
import org.springframework.core.codec.ByteArrayEncoder;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.client.reactive.ClientHttpConnector;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.http.codec.EncoderHttpMessageWriter;
import org.springframework.web.reactive.function.client.ExchangeStrategies;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.LoopResources;

/**
 * Builds the one kind of {@link WebClient} the CLI uses, for the token endpoint and the API alike: connect and read
 * timeouts from the settings, an in-memory limit on bodies (so a runaway answer fails with a clear line instead of
 * exhausting the heap), and the {@code -v} trace.
 * <p>
 * Lean for a process that sends one or two requests: the event loop is one daemon thread of our own, created on
 * first use (a run served without HTTP starts none); connections are not pooled (nothing would reuse them, and the
 * pool is classes to load and a global {@code HttpResources} to set up); {@link #shutdown} ends the loop without a
 * quiet period before the JVM exits (see there why that matters).
 */
public final class WebClients {

    private static final Object LOCK = new Object();

    private static final ResolvableType BYTE_ARRAY = ResolvableType.forClass(byte[].class);

    /** The event loop of this process's requests, or null before the first and after {@link #shutdown}. */
    private static LoopResources loop;

    private WebClients() {}

    /**
     * One event-loop thread (a daemon, so it never keeps the JVM alive), created on first use and after a
     * {@link #shutdown}.
     */
    private static LoopResources loop() {
        synchronized (LOCK) {
            if (loop == null) {
                loop = LoopResources.create("gateway-cli-http", 1, true);
            }
            return loop;
        }
    }

    /**
     * Ends the event loop, if one was started, and waits (at most {@code timeout}) until its thread has left its
     * {@code epoll_wait}. For {@code main} only, right before {@code System.exit}: the JVM's exit waits up to 300 ms
     * ({@code VM_Exit::wait_for_threads_in_native_to_block}, 30 x 10 ms) for every thread that is inside a native
     * method, and an idle Netty event loop always is, daemon or not. Measured: 0.3 s of a 0.95 s {@code call}
     * (docs/performance.md). No quiet period: nothing is left to send. Never throws: the output is already out.
     */
    public static void shutdown(Duration timeout) {
        LoopResources current;
        synchronized (LOCK) {
            current = loop;
            loop = null;
        }
        if (current == null) {
            return;
        }
        try {
            current.disposeLater(Duration.ZERO, timeout).block(timeout.plusMillis(100));
        } catch (RuntimeException ex) {
            // Too slow or failed: exiting anyway only costs the JVM's own wait.
        }
    }

    /** For the token endpoint: Spring Security reads the token response through the default (Jackson) codecs. */
    public static WebClient create(Settings.Http http, HttpTrace trace) {
        return builder(http, trace)
                .codecs((codecs) -> codecs.defaultCodecs().maxInMemorySize(http.maxResponseBytes()))
                .build();
    }

    /**
     * For the API: bodies go out and come in as bytes (the size limit is applied where the body is joined), so the
     * only codec needed is the byte encoder. No {@code -v} filter: the API client traces its exchanges itself,
     * whichever HTTP client sends them.
     */
    public static WebClient createForBytes(Settings.Http http) {
        return builder(http, null)
                .exchangeStrategies(ExchangeStrategies.builder()
                        .codecs((codecs) -> {
                            codecs.registerDefaults(false);
                            codecs.customCodecs().register(new EncoderHttpMessageWriter<>(new ByteArrayEncoder()));
                        })
                        .build())
                .build();
    }

    /** A builder with the settings' timeouts and, unless {@code trace} is null, its {@code -v} filter. */
    private static WebClient.Builder builder(Settings.Http http, HttpTrace trace) {
        // A new connection per request, closed after the response: a run sends one request (two after a 401), and
        // HttpClient.create() would set up the global HttpResources and its connection pool for that.
        HttpClient httpClient = HttpClient.newConnection()
                // Java NIO, not Netty's native epoll transport: loading the native library costs start-up time, and on
                // JDK 22+ it prints a "restricted method" warning on every run. One request per run needs neither.
                .runOn(loop(), false)
                // The JDK's resolver (and the OS's /etc/hosts, nsswitch and caching) instead of Netty's own DNS client,
                // whose hundreds of classes a one-request process would load for one lookup.
                .resolver(DefaultAddressResolverGroup.INSTANCE)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, millis(http.connectTimeout()))
                // Between any two reads of the response, not the whole exchange: a slow but live download continues.
                .responseTimeout(http.readTimeout())
                // We decompress nothing we did not ask for and follow no redirect: a token endpoint that redirects a
                // POST carrying a secret is misconfigured, and following it could send the secret elsewhere.
                .followRedirect(false);
        WebClient.Builder builder = WebClient.builder().clientConnector(connector(httpClient, http.trust()));
        return (trace == null) ? builder : builder.filter(trace.filter());
    }

    /**
     * {@code https} URIs go through a client secured with the trust's context (the JDK's TLS: a CA file adds to the
     * JDK's trust; Reactor Netty still verifies the certificate and the host name), built on the first such request:
     * a context costs hundreds of milliseconds to build, which an {@code http} run must not pay. Always an explicit
     * context, never Reactor Netty's default, which picks OpenSSL whenever its native library is on the class path.
     */
    private static ClientHttpConnector connector(HttpClient httpClient, TlsTrust trust) {
        ClientHttpConnector plain = new ReactorClientHttpConnector(httpClient);
        AtomicReference<ClientHttpConnector> secure = new AtomicReference<>();
        return (method, uri, requestCallback) -> {
            if (!"https".equalsIgnoreCase(uri.getScheme())) {
                return plain.connect(method, uri, requestCallback);
            }
            ClientHttpConnector tls = secure.get();
            if (tls == null) {
                tls = new ReactorClientHttpConnector(
                        httpClient.secure((spec) -> spec.sslContext(trust.nettyContext())));
                secure.compareAndSet(null, tls);
                tls = secure.get();
            }
            return tls.connect(method, uri, requestCallback);
        };
    }

    /**
     * A response body read whole into an array by Spring's {@link ByteArrayDecoder}, at most {@code maxBytes} (more
     * fails with its {@code DataBufferLimitException}, which {@link NetworkErrors} names); an empty body is an empty
     * array.
     */
    public static Mono<byte[]> bytes(Publisher<DataBuffer> body, int maxBytes) {
        ByteArrayDecoder decoder = new ByteArrayDecoder();
        decoder.setMaxInMemorySize(maxBytes);
        return decoder.decodeToMono(body, BYTE_ARRAY, null, null).defaultIfEmpty(new byte[0]);
    }

    private static int millis(Duration duration) {
        return (int) Math.min(Integer.MAX_VALUE, Math.max(1, duration.toMillis()));
    }
}
