package dev.gatewaycli.cli.verify;

import dev.gatewaycli.cli.api.ApiClient;
import dev.gatewaycli.cli.api.ApiRequest;
import dev.gatewaycli.cli.api.ApiResponse;
import dev.gatewaycli.cli.config.Settings;
import dev.gatewaycli.cli.http.HttpTrace;
import dev.gatewaycli.cli.process.ExitException;
import java.net.URI;
import java.util.List;
import java.util.Map;

/**
 * GET requests with exactly the headers a check chooses (no token, a garbage one, a forged one), through
 * {@link ApiClient#exchange}: the same HTTP client, limits, {@code -v} trace and network-error lines as {@code call}.
 */
final class HttpProbe {

    private final ApiClient api;

    HttpProbe(Settings.Http http, HttpTrace trace) {
        this.api = new ApiClient(http, trace);
    }

    /** GET {@code uri} with {@code headers}; a network failure is an {@link ExitException} with exit code 5. */
    ApiResponse get(URI uri, Map<String, String> headers, String what) {
        return api.exchange(new ApiRequest("GET", uri, List.copyOf(headers.entrySet()), null), what);
    }
}
