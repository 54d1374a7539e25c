package dev.gatewaycli.cli.http;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Comparator;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Masks secrets and tokens in anything shown to the user: every registered value (and its URL-encoded and Base64
 * forms, as they travel in form bodies and Basic headers) becomes {@code ****}, and {@code Authorization} headers
 * and {@code access_token} members are masked by shape even before their value is known. Used for {@code -v} and for
 * every error line, so an exception message from a library cannot leak a secret either.
 */
public final class Redactor {

    public static final String MASK = "****";

    private static final Pattern ACCESS_TOKEN_MEMBER =
            Pattern.compile("(\"(?:access_token|id_token|refresh_token|client_secret)\"\\s*:\\s*\")[^\"]*(\")");

    private static final Pattern FORM_SECRET = Pattern.compile("(client_secret=)[^&\\s]*");

    private final Set<String> values = ConcurrentHashMap.newKeySet();

    /** Masks {@code value} and the forms it takes on the wire from now on. Short values are ignored (noise). */
    public void register(String value) {
        if (value == null || value.length() < 4) {
            return;
        }
        values.add(value);
        values.add(URLEncoder.encode(value, StandardCharsets.UTF_8));
    }

    /** Masks the Basic credential {@code base64(id:secret)} for both encodings of the header. */
    public void registerBasic(String clientId, String secret) {
        values.add(Base64.getEncoder().encodeToString((clientId + ":" + secret).getBytes(StandardCharsets.UTF_8)));
        values.add(Base64.getEncoder()
                .encodeToString((URLEncoder.encode(clientId, StandardCharsets.UTF_8) + ":"
                                + URLEncoder.encode(secret, StandardCharsets.UTF_8))
                        .getBytes(StandardCharsets.UTF_8)));
    }

    public String redact(String text) {
        if (text == null) {
            return null;
        }
        String result = text;
        // Longest first, so that a value containing another is masked whole.
        for (String value : values.stream()
                .sorted(Comparator.comparingInt(String::length).reversed())
                .toList()) {
            result = result.replace(value, MASK);
        }
        result = ACCESS_TOKEN_MEMBER.matcher(result).replaceAll("$1" + MASK + "$2");
        return FORM_SECRET.matcher(result).replaceAll("$1" + MASK);
    }

    /** An {@code Authorization} header value with its credential masked, the scheme kept for diagnosis. */
    public static String maskAuthorization(String value) {
        int space = value.indexOf(' ');
        return (space > 0) ? value.substring(0, space) + " " + MASK : MASK;
    }
}
