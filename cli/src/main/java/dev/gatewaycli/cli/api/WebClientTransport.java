package dev.gatewaycli.cli.api;

import dev.gatewaycli.cli.config.Settings;
import dev.gatewaycli.cli.http.Deadline;
import dev.gatewaycli.cli.http.Headers;
import dev.gatewaycli.cli.http.HttpTrace;
import dev.gatewaycli.cli.http.WebClients;
import java.util.Map;
import org.springframework.http.HttpMethod;
import org.springframework.web.reactive.function.BodyExtractors;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.Exceptions;

/**
 * The API request through Spring's WebClient on Reactor Netty ({@link WebClients#createForBytes}), for what
 * {@link UrlConnectionTransport} cannot send: {@code PATCH} and methods of an API's own. Built on first use.
 */
final class WebClientTransport implements ApiTransport {

    private final Settings.Http http;

    private final WebClient webClient;

    WebClientTransport(Settings.Http http) {
        this.http = http;
        this.webClient = WebClients.createForBytes(http);
    }

    @Override
    public ApiResponse exchange(ApiRequest request, Deadline deadline) throws Exception {
        WebClient.RequestBodySpec spec = webClient
                .method(HttpMethod.valueOf(request.method()))
                .uri(request.uri())
                .headers((headers) -> {
                    for (Map.Entry<String, String> header : request.headers()) {
                        headers.add(header.getKey(), header.getValue());
                    }
                });
        WebClient.RequestHeadersSpec<?> ready = (request.body() == null) ? spec : spec.bodyValue(request.body());
        try {
            return deadline.bound(ready.exchangeToMono((response) -> WebClients.bytes(
                                    response.body(BodyExtractors.toDataBuffers()), http.maxResponseBytes())
                            .map((body) -> new ApiResponse(
                                    response.statusCode().value(),
                                    ApiClient.reason(response.statusCode().value()),
                                    Headers.of(
                                            HttpTrace.lines(response.headers().asHttpHeaders())),
                                    body))))
                    .block();
        } catch (RuntimeException ex) {
            Throwable cause = Exceptions.unwrap(ex);
            if (cause instanceof Exception unwrapped) {
                throw unwrapped;
            }
            throw ex;
        }
    }
}
