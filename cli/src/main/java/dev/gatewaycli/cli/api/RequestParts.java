package dev.gatewaycli.cli.api;

import dev.gatewaycli.cli.config.InputFiles;
import dev.gatewaycli.cli.config.Settings;
import dev.gatewaycli.cli.process.ExitCodes;
import dev.gatewaycli.cli.process.ExitException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.InvalidPathException;
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

    /**
     * {@code -H 'Name: value'}: a token for a name (RFC 9110 §5.1), and a value of visible characters, spaces and
     * tabs (§5.5). A CR or LF would end the header and start another (request splitting); other control characters
     * have no place in a header either. {@code Content-Length} and {@code Transfer-Encoding} are the client's, from
     * the body: a value of the user's would contradict it. The message names the header but never quotes the value:
     * it may be a key.
     */
    static List<Map.Entry<String, String>> headers(List<String> headers) {
        List<Map.Entry<String, String>> result = new ArrayList<>();
        for (String header : headers) {
            int colon = header.indexOf(':');
            String name = (colon > 0) ? whitespaceTrimmed(header.substring(0, colon)) : "";
            if (colon <= 0 || !TOKEN.matcher(name).matches()) {
                throw new ExitException(ExitCodes.USAGE, "-H '" + header + "' is not 'Name: value'");
            }
            if (name.equalsIgnoreCase("Content-Length") || name.equalsIgnoreCase("Transfer-Encoding")) {
                throw new ExitException(
                        ExitCodes.USAGE,
                        "-H '" + name + ": ...': the CLI frames the body itself (-d): leave " + name + " out");
            }
            String value = whitespaceTrimmed(header.substring(colon + 1));
            String problem = valueProblem(value);
            if (problem != null) {
                throw new ExitException(
                        ExitCodes.USAGE, "-H '" + name + ": ...': the value " + problem + ", which no header can hold");
            }
            result.add(new AbstractMap.SimpleEntry<>(name, value));
        }
        return result;
    }

    /** Without leading and trailing spaces and tabs (RFC 9110 OWS), and nothing else: {@code trim()} drops ESC too. */
    private static String whitespaceTrimmed(String text) {
        int start = 0;
        int end = text.length();
        while (start < end && (text.charAt(start) == ' ' || text.charAt(start) == '\t')) {
            start++;
        }
        while (end > start && (text.charAt(end - 1) == ' ' || text.charAt(end - 1) == '\t')) {
            end--;
        }
        return text.substring(start, end);
    }

    /** What is wrong with a header value, or null: RFC 9110 field-content is VCHAR, obs-text, SP and HTAB. */
    private static String valueProblem(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\r' || c == '\n') {
                return "has a line break (CR or LF)";
            }
            if ((c < 0x20 && c != '\t') || c == 0x7f) {
                return "has a control character";
            }
            if (c > 0xff) {
                return "has a character outside ISO-8859-1 (percent-encode it)";
            }
        }
        return null;
    }

    /**
     * {@code -d DATA}, or {@code -d @FILE} read up to API Gateway's payload limit: a larger body would be refused
     * with 413 anyway, and {@code -d @/dev/zero} must be one line, not an {@code OutOfMemoryError}.
     */
    static byte[] body(String data) {
        if (data == null) {
            return null;
        }
        if (data.startsWith("@")) {
            String name = data.substring(1);
            Path file;
            try {
                file = Path.of(name);
            } catch (InvalidPathException ex) {
                throw new ExitException(ExitCodes.USAGE, "-d @" + name + ": " + InputFiles.reason(ex));
            }
            return InputFiles.read(
                    file,
                    Settings.Http.MAX_REQUEST_BYTES,
                    "-d @" + file,
                    "API Gateway's payload limit (10 MB)",
                    ExitCodes.USAGE);
        }
        byte[] bytes = data.getBytes(StandardCharsets.UTF_8);
        if (bytes.length > Settings.Http.MAX_REQUEST_BYTES) {
            throw new ExitException(ExitCodes.USAGE, "-d: the body is larger than API Gateway's payload limit (10 MB)");
        }
        return bytes;
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
