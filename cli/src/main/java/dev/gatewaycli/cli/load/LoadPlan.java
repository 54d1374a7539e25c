package dev.gatewaycli.cli.load;

import dev.gatewaycli.cli.api.ApiRequest;
import java.time.Duration;
import java.util.Objects;

/**
 * What one {@code load} run does, validated.
 *
 * @param request the request sent every time (the token is added per request)
 * @param requests how many requests to send, or 0 when {@code duration} bounds the run
 * @param duration how long to send, or null when {@code requests} bounds the run
 * @param concurrency connections in the pool: in the closed model also the number of requests in flight
 * @param rate requests per second in the open model, or 0 for the closed model
 * @param timeout longest wait for a pooled connection, for the connect, and between response bytes
 * @param bearer send {@code Bearer <token>} instead of the raw token
 */
record LoadPlan(
        ApiRequest request,
        long requests,
        Duration duration,
        int concurrency,
        double rate,
        Duration timeout,
        boolean bearer) {

    LoadPlan {
        Objects.requireNonNull(request, "request cannot be null");
        Objects.requireNonNull(timeout, "timeout cannot be null");
        if ((requests > 0) == (duration != null)) {
            throw new IllegalArgumentException("exactly one of requests and duration");
        }
        if (concurrency < 1 || rate < 0) {
            throw new IllegalArgumentException("concurrency >= 1 and rate >= 0");
        }
    }

    boolean openModel() {
        return rate > 0;
    }
}
