package dev.gatewaycli.emulator.http;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses {@code application/x-www-form-urlencoded} text (form bodies and query strings) strictly: malformed
 * percent-escapes are an error for the caller to answer with a 4xx, never an exception that reaches the HTTP layer.
 */
public final class Forms {

    private Forms() {}

    /** Thrown for text that is not valid form encoding. */
    public static final class MalformedFormException extends Exception {
        private static final long serialVersionUID = 1L;

        MalformedFormException(String message) {
            super(message, null, false, false);
        }
    }

    /** Every name with all its values, in order of appearance; {@code +} is a space, as the encoding says. */
    public static Map<String, List<String>> parse(String text) throws MalformedFormException {
        Map<String, List<String>> out = new LinkedHashMap<>();
        if (text == null || text.isEmpty()) {
            return out;
        }
        for (String pair : text.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            out.computeIfAbsent(name, k -> new ArrayList<>(1)).add(value);
        }
        return out;
    }

    /** Form-URL-decodes one value. */
    public static String decode(String value) throws MalformedFormException {
        try {
            return URLDecoder.decode(value, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new MalformedFormException("malformed percent-encoding");
        }
    }
}
