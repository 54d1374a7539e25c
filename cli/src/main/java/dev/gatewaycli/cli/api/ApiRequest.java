package dev.gatewaycli.cli.api;

import java.net.URI;
import java.util.List;
import java.util.Map;

/**
 * One request to the API, before authentication is added.
 *
 * @param method HTTP method
 * @param uri full URI (under the API URL)
 * @param headers user-supplied headers, in order ({@code -H}, repeatable)
 * @param body request body, or null
 */
public record ApiRequest(String method, URI uri, List<Map.Entry<String, String>> headers, byte[] body) {

    public ApiRequest {
        headers = List.copyOf(headers);
    }

    /** True when the request names its own {@code Authorization} ({@code -H}): then it carries no token of ours. */
    public boolean hasAuthorization() {
        return headers.stream().anyMatch((h) -> h.getKey().equalsIgnoreCase("Authorization"));
    }
}
