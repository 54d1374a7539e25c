package dev.gatewaycli.cli.verify;

import java.net.URI;
import java.util.Map;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpStatus;
import org.springframework.web.reactive.function.BodyExtractors;
import org.springframework.web.reactive.function.client.WebClient;

import dev.gatewaycli.cli.ExitException;
import dev.gatewaycli.cli.api.ApiResponse;
import dev.gatewaycli.cli.config.Settings;
import dev.gatewaycli.cli.http.HttpTrace;
import dev.gatewaycli.cli.http.NetworkErrors;
import dev.gatewaycli.cli.http.WebClients;
import reactor.core.Exceptions;

/**
 * GET requests with exactly the headers a check chooses: {@code call}'s {@code ApiClient} always adds the token,
 * while verify must also send none, a garbage one or a forged one. Same WebClient factory, limits, {@code -v} trace
 * and network-error lines as every other command.
 */
final class HttpProbe {

	private final WebClient webClient;

	private final Settings.Http http;

	private final HttpTrace trace;

	HttpProbe(Settings.Http http, HttpTrace trace) {
		this.http = http;
		this.trace = trace;
		this.webClient = WebClients.createForBytes(http, trace);
	}

	/** GET {@code uri} with {@code headers}; a network failure is an {@link ExitException} with exit code 5. */
	ApiResponse get(URI uri, Map<String, String> headers, String what) {
		try {
			return webClient.get()
				.uri(uri)
				.headers((h) -> headers.forEach(h::set))
				.exchangeToMono((response) -> DataBufferUtils
					.join(response.body(BodyExtractors.toDataBuffers()), http.maxResponseBytes())
					.map(HttpProbe::bytes)
					.defaultIfEmpty(new byte[0])
					.map((body) -> new ApiResponse(response.statusCode().value(), reason(response.statusCode().value()),
							response.headers().asHttpHeaders(), body)))
				.block();
		}
		catch (RuntimeException ex) {
			Throwable cause = Exceptions.unwrap(ex);
			if (cause instanceof ExitException exit) {
				throw exit;
			}
			ExitException network = NetworkErrors.describe(cause, what, uri, trace.redactor());
			if (network != null) {
				throw network;
			}
			throw ex;
		}
	}

	private static String reason(int status) {
		HttpStatus known = HttpStatus.resolve(status);
		return (known == null) ? "" : known.getReasonPhrase();
	}

	private static byte[] bytes(DataBuffer buffer) {
		try {
			byte[] bytes = new byte[buffer.readableByteCount()];
			buffer.read(bytes);
			return bytes;
		}
		finally {
			DataBufferUtils.release(buffer);
		}
	}

}
