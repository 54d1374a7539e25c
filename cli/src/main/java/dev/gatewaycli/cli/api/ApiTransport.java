package dev.gatewaycli.cli.api;

import dev.gatewaycli.cli.http.Deadline;

/**
 * One HTTP client for {@link ApiClient}: sends a request exactly as given (its headers, its body), once, and reads
 * the answer whole up to the size limit, by the deadline. What it throws, {@link ApiClient} turns into one line.
 */
interface ApiTransport {

    ApiResponse exchange(ApiRequest request, Deadline deadline) throws Exception;
}
