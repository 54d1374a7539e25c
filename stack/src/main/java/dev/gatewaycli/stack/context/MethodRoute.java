package dev.gatewaycli.stack.context;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One method of the REST API, written {@code "GET /"} or {@code "POST /items/{id}"} in CDK context.
 *
 * @param httpMethod an API Gateway HTTP method, upper case ({@code ANY} included)
 * @param path       the resource path, starting with {@code /}
 */
public record MethodRoute(String httpMethod, String path) {

    /** The methods API Gateway accepts on a REST API resource (AWS::ApiGateway::Method HttpMethod). */
    static final Set<String> HTTP_METHODS = Set.of("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "ANY");

    /** API Gateway path parts: letters, digits, {@code ._-}, or a {@code {param}} / greedy {@code {param+}}. */
    private static final Pattern PATH = Pattern.compile("/|(/([A-Za-z0-9._-]+|\\{[A-Za-z0-9._-]+\\+?}))+");

    public MethodRoute {
        if (!HTTP_METHODS.contains(httpMethod)) {
            throw new InvalidContextException("method '" + httpMethod + " " + path + "': HTTP method must be one of "
                    + String.join(", ", HTTP_METHODS.stream().sorted().toList()));
        }
        if (!PATH.matcher(path).matches()) {
            throw new InvalidContextException("method '" + httpMethod + " " + path
                    + "': path must start with / and hold only letters, digits, . _ - or {param} parts");
        }
    }

    /** Parses {@code "GET /items"}: the method, one or more spaces, the path. */
    public static MethodRoute parse(String text) {
        String[] parts = text.trim().split("\\s+");
        if (parts.length != 2) {
            throw new InvalidContextException(
                    "method '" + text + "' must be written '<HTTP method> <path>', e.g. 'GET /'");
        }
        return new MethodRoute(parts[0].toUpperCase(Locale.ROOT), parts[1]);
    }

    @Override
    public String toString() {
        return httpMethod + " " + path;
    }
}
