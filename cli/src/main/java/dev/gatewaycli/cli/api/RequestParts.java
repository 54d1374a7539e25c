package dev.gatewaycli.cli.api;

import dev.gatewaycli.cli.process.ExitCodes;
import dev.gatewaycli.cli.process.ExitException;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The request a command line describes ({@code PATH -X -H -d}, {@link RequestOptions}), read the same way by
 * {@code call} and {@code load}:
 * method GET (POST with a body), {@code -H 'Name: value'}, {@code -d DATA} or {@code -d @FILE}, JSON content type by
 * default, and a PATH that is relative to the API URL or a full URL under it, so the token is only ever sent to the
 * API. Every bad value is a usage error (exit 2) found before any network traffic.
 */
final class RequestParts {

    private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+\\-.^_`|~0-9A-Za-z]+");

    private RequestParts() {}

    /** {@code -X}, else POST with a body and GET without, as curl does. */
    static String verb(String method, byte[] body) {
        String verb = (method != null) ? method.toUpperCase(Locale.ROOT) : (body != null) ? "POST" : "GET";
        if (!TOKEN.matcher(verb).matches()) {
            throw new ExitException(ExitCodes.USAGE, "-X '" + method + "' is not an HTTP method");
        }
        return verb;
    }

    /** A body without a {@code Content-Type} header is sent as JSON, what API Gateway's JSON APIs expect. */
    static void defaultContentType(List<Map.Entry<String, String>> headers, byte[] body) {
        if (body != null && headers.stream().noneMatch((h) -> h.getKey().equalsIgnoreCase("Content-Type"))) {
            headers.add(new AbstractMap.SimpleEntry<>("Content-Type", "application/json"));
        }
    }

    static List<Map.Entry<String, String>> headers(List<String> headers) {
        List<Map.Entry<String, String>> result = new ArrayList<>();
        for (String header : headers) {
            int colon = header.indexOf(':');
            String name = (colon > 0) ? header.substring(0, colon).trim() : "";
            if (colon <= 0 || !TOKEN.matcher(name).matches()) {
                throw new ExitException(ExitCodes.USAGE, "-H '" + header + "' is not 'Name: value'");
            }
            result.add(new AbstractMap.SimpleEntry<>(
                    name, header.substring(colon + 1).trim()));
        }
        return result;
    }

    static byte[] body(String data) {
        if (data == null) {
            return null;
        }
        if (data.startsWith("@")) {
            Path file = Path.of(data.substring(1));
            try {
                return Files.readAllBytes(file);
            } catch (IOException | RuntimeException ex) {
                throw new ExitException(
                        ExitCodes.USAGE,
                        "-d @" + file + ": cannot read the file ("
                                + ex.getClass().getSimpleName() + ")");
            }
        }
        return data.getBytes(StandardCharsets.UTF_8);
    }

    static URI target(String path, URI apiUrl) {
        String base = apiUrl.toString().replaceAll("/+$", "");
        String given = (path == null || path.isEmpty()) ? "/" : path;
        String full;
        if (given.matches("(?i)https?://.*")) {
            if (!(given.equals(base) || given.startsWith(base + "/") || given.startsWith(base + "?"))) {
                throw new ExitException(
                        ExitCodes.USAGE,
                        "'" + given + "' is not under the API URL " + base + ": the token is only sent to the API");
            }
            full = given;
        } else {
            full = base + (given.startsWith("/") || given.startsWith("?") ? "" : "/") + given;
        }
        try {
            return new URI(full);
        } catch (URISyntaxException ex) {
            throw new ExitException(
                    ExitCodes.USAGE,
                    "PATH '" + given + "' is not a valid URL path: " + ex.getReason()
                            + " (percent-encode spaces and special characters)");
        }
    }
}
