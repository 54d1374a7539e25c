package dev.gatewaycli.cli.http;

import java.time.Duration;

import org.springframework.core.codec.ByteArrayEncoder;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.http.codec.EncoderHttpMessageWriter;
import org.springframework.web.reactive.function.client.ExchangeStrategies;
import org.springframework.web.reactive.function.client.WebClient;

import dev.gatewaycli.cli.config.Settings;
import io.netty.channel.ChannelOption;
import io.netty.resolver.DefaultAddressResolverGroup;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.LoopResources;

/**
 * Builds the one kind of {@link WebClient} the CLI uses, for the token endpoint and the API alike: connect and read
 * timeouts from the settings, an in-memory limit on bodies (so a runaway answer fails with a clear line instead of
 * exhausting the heap), and the {@code -v} trace. The event loop is our own daemon thread, never disposed: the
 * process exits at once, without the 2 s shutdown quiet period a disposed {@code ReactorResourceFactory} waits.
 */
public final class WebClients {

	/** One event-loop thread (daemon, so the JVM exits without waiting for it): a CLI run sends one request. */
	private static final LoopResources LOOP = LoopResources.create("gateway-cli-http", 1, true);

	private WebClients() {
	}

	/** For the token endpoint: Spring Security reads the token response through the default (Jackson) codecs. */
	public static WebClient create(Settings.Http http, HttpTrace trace) {
		return builder(http, trace).codecs((codecs) -> codecs.defaultCodecs().maxInMemorySize(http.maxResponseBytes()))
			.build();
	}

	/**
	 * For the API: bodies go out and come in as bytes (the size limit is applied where the body is joined), so the
	 * only codec needed is the byte encoder.
	 */
	public static WebClient createForBytes(Settings.Http http, HttpTrace trace) {
		return builder(http, trace).exchangeStrategies(ExchangeStrategies.builder().codecs((codecs) -> {
			codecs.registerDefaults(false);
			codecs.customCodecs().register(new EncoderHttpMessageWriter<>(new ByteArrayEncoder()));
		}).build()).build();
	}

	private static WebClient.Builder builder(Settings.Http http, HttpTrace trace) {
		HttpClient httpClient = HttpClient.create()
			// Java NIO, not Netty's native epoll transport: loading the native library costs start-up time, and on
			// JDK 22+ it prints a "restricted method" warning on every run. One request per run needs neither.
			.runOn(LOOP, false)
			// The JDK's resolver (and the OS's /etc/hosts, nsswitch and caching) instead of Netty's own DNS client,
			// whose hundreds of classes a one-request process would load for one lookup.
			.resolver(DefaultAddressResolverGroup.INSTANCE)
			.option(ChannelOption.CONNECT_TIMEOUT_MILLIS, millis(http.connectTimeout()))
			// Between any two reads of the response, not the whole exchange: a slow but live download continues.
			.responseTimeout(http.readTimeout())
			// We decompress nothing we did not ask for and follow no redirect: a token endpoint that redirects a
			// POST carrying a secret is misconfigured, and following it could send the secret elsewhere.
			.followRedirect(false);
		return WebClient.builder().clientConnector(new ReactorClientHttpConnector(httpClient)).filter(trace.filter());
	}

	private static int millis(Duration duration) {
		return (int) Math.min(Integer.MAX_VALUE, Math.max(1, duration.toMillis()));
	}

}
