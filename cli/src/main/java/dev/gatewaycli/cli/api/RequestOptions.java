package dev.gatewaycli.cli.api;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The options that describe the request sent to the API, shared by the request commands ({@code call}, {@code load}):
 * {@code PATH -X -H -d --bearer}. They are read by {@link RequestParts}, so both commands take the same values the
 * same way and refuse the same bad ones.
 */
public final class RequestOptions {

    @Parameters(index = "0", arity = "0..1", paramLabel = "PATH", description = "Path under the API URL (default /).")
    String path;

    @Option(
            names = {"-X", "--request"},
            paramLabel = "METHOD",
            description = "HTTP method (default GET, or POST with -d).")
    String method;

    @Option(
            names = {"-H", "--header"},
            paramLabel = "'Name: value'",
            description = "Extra header; repeatable. An Authorization header replaces the token.")
    List<String> headers = new ArrayList<>();

    @Option(
            names = {"-d", "--data"},
            paramLabel = "DATA",
            description = "Request body; @FILE reads it from a file. Content-Type defaults to application/json.")
    String data;

    @Option(names = "--bearer", description = "Send 'Authorization: Bearer <token>' instead of the raw token.")
    boolean bearer;

    /** {@code -H} and {@code -d} as read by {@link #validate()}: a body file is read once. */
    private List<Map.Entry<String, String>> parsedHeaders;

    private byte[] body;

    /** Checks {@code -X}, {@code -H} and {@code -d} (exit 2) before the configuration is read or a byte is sent. */
    public void validate() {
        if (parsedHeaders == null) {
            List<Map.Entry<String, String>> parsed = RequestParts.headers(headers);
            body = RequestParts.body(data);
            RequestParts.verb(method, body);
            parsedHeaders = parsed;
        }
    }

    /** The request these options describe, under {@code apiUrl}; a PATH outside it is exit 2. */
    public ApiRequest request(URI apiUrl) {
        validate();
        List<Map.Entry<String, String>> requestHeaders = new ArrayList<>(parsedHeaders);
        RequestParts.defaultContentType(requestHeaders, body);
        return new ApiRequest(RequestParts.verb(method, body), RequestParts.target(path, apiUrl), requestHeaders, body);
    }

    /** {@code Authorization: Bearer <token>} instead of the raw token. */
    public boolean bearer() {
        return bearer;
    }
}
