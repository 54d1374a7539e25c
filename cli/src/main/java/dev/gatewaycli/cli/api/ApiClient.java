package dev.gatewaycli.cli.api;

import dev.gatewaycli.cli.config.Settings;
import dev.gatewaycli.cli.http.Deadline;
import dev.gatewaycli.cli.http.HttpTrace;
import dev.gatewaycli.cli.http.NetworkErrors;
import dev.gatewaycli.cli.http.WebClients;
import dev.gatewaycli.cli.process.ExitException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.web.reactive.function.BodyExtractors;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.Exceptions;

/**
 * Sends one request to the API with a token in {@code Authorization}: raw, as the aws-samples README does, or
 * {@code Bearer <token>} (both accepted by a Cognito authorizer, docs/fidelity.md §2). Never retries by itself: an API
 * call may not be idempotent, and a request that reached the function must not run twice.
 */
public final class ApiClient {

    private final Settings.Http http;

    private final HttpTrace trace;

    private final WebClient webClient;

    public ApiClient(Settings settings, HttpTrace trace) {
        this(Objects.requireNonNull(settings, "settings cannot be null").http(), trace);
    }

    public ApiClient(Settings.Http http, HttpTrace trace) {
        this.http = Objects.requireNonNull(http, "http cannot be null");
        this.trace = Objects.requireNonNull(trace, "trace cannot be null");
        this.webClient = WebClients.createForBytes(http, trace);
    }

    /**
     * Sends {@code request} with the token in {@code Authorization}, unless the request already names one (then
     * {@code token} may be null), by {@code deadline}.
     */
    public ApiResponse send(ApiRequest request, String token, boolean bearer, Deadline deadline) {
        List<Map.Entry<String, String>> headers = new ArrayList<>(request.headers());
        if (!request.hasAuthorization()) {
            headers.add(Map.entry(HttpHeaders.AUTHORIZATION, bearer ? "Bearer " + token : token));
        }
        return exchange(new ApiRequest(request.method(), request.uri(), headers, request.body()), "API", deadline);
    }

    /** {@link #send(ApiRequest, String, boolean, Deadline)} with a deadline of its own, {@code --max-time}. */
    public ApiResponse send(ApiRequest request, String token, boolean bearer) {
        return send(request, token, bearer, Deadline.after(http.maxTime()));
    }

    /** {@link #exchange(ApiRequest, String, Deadline)} with a deadline of its own, {@code --max-time}. */
    public ApiResponse exchange(ApiRequest request, String what) {
        return exchange(request, what, Deadline.after(http.maxTime()));
    }

    /**
     * Sends {@code request} with exactly its own headers (verify's probes send no token, a garbage one or a forged
     * one), by {@code deadline}. A network failure is an {@link ExitException} with exit code 5 naming {@code what}
     * was unreachable.
     */
    public ApiResponse exchange(ApiRequest request, String what, Deadline deadline) {
        try {
            WebClient.RequestBodySpec spec = webClient
                    .method(HttpMethod.valueOf(request.method()))
                    .uri(request.uri())
                    .headers((headers) -> {
                        for (Map.Entry<String, String> header : request.headers()) {
                            headers.add(header.getKey(), header.getValue());
                        }
                    });
            WebClient.RequestHeadersSpec<?> ready = (request.body() == null) ? spec : spec.bodyValue(request.body());
            return deadline.bound(ready.exchangeToMono((response) -> WebClients.bytes(
                                    response.body(BodyExtractors.toDataBuffers()), http.maxResponseBytes())
                            .map((body) -> new ApiResponse(
                                    response.statusCode().value(),
                                    reason(response.statusCode().value()),
                                    response.headers().asHttpHeaders(),
                                    body))))
                    .block();
        } catch (RuntimeException ex) {
            Throwable cause = Exceptions.unwrap(ex);
            if (cause instanceof ExitException exit) {
                throw exit;
            }
            ExitException network = NetworkErrors.describe(cause, what, request.uri(), trace.redactor());
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
}
