package dev.gatewaycli.cli.http;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Masks secrets and tokens in everything the CLI writes on stderr: every line goes through one instance per run
 * ({@link SafeStderr}), so an error line, a {@code -v} trace, a stack trace or a server's answer quoted in a message
 * cannot carry them, whoever made the text.
 *
 * <p>Two kinds of masking. By value: each registered value (the client secret, every token seen) in every form it
 * takes on the wire or when a server echoes it: as is, form-encoded ({@code +} or {@code %20} for a space), inside a
 * JSON string ({@code \/}, {@code \"}), and the Basic credential {@code base64(id:secret)} for both encodings of the
 * header. By shape, before a value is known or for values never registered: the credential of an
 * {@code Authorization: Basic}/{@code Bearer} value, JWTs, the user and password of a URL
 * ({@code https://user:pass@host}), the {@code access_token}, {@code id_token}, {@code refresh_token},
 * {@code client_secret} and {@code password} members of JSON and form bodies, and the members of Cognito's IdP API
 * that hold a secret ({@code AccessToken}, {@code IdToken}, {@code RefreshToken}, {@code ClientSecret},
 * {@code PASSWORD}, {@code REFRESH_TOKEN}, {@code SECRET_HASH}).
 */
public final class Redactor {

    public static final String MASK = "****";

    /** Shorter values are not registered: masking every "abc" in a message would hide more than it protects. */
    static final int MIN_LENGTH = 4;

    /** The longest excerpt of a server's text in a message. */
    static final int EXCERPT = 200;

    /** OAuth's names (RFC 6749), and the members of Cognito's IdP API that hold a secret (docs/fidelity.md §8). */
    private static final String SECRET_NAMES = "access_token|id_token|refresh_token|client_secret|password"
            + "|AccessToken|IdToken|RefreshToken|ClientSecret|PASSWORD|REFRESH_TOKEN|SECRET_HASH";

    /** A JSON member holding a secret; the value may contain escaped quotes. */
    private static final Pattern JSON_MEMBER =
            Pattern.compile("(\"(?:" + SECRET_NAMES + ")\"\\s*:\\s*\")(?:[^\"\\\\]|\\\\.)*(\")");

    /** A form parameter holding a secret, in a body or a query. */
    private static final Pattern FORM_PARAMETER = Pattern.compile("(\\b(?:" + SECRET_NAMES + ")=)[^&\\s\"']*");

    /** The credential after the scheme; 16 characters at least, so words after "Basic " in a sentence survive. */
    private static final Pattern SCHEME_CREDENTIAL =
            Pattern.compile("(?i)(\\b(?:basic|bearer)\\s+)[A-Za-z0-9+/=._~-]{16,}");

    /** A JWS or JWE in compact form: its header is base64url JSON, so it starts with "eyJ". */
    private static final Pattern JWT = Pattern.compile("eyJ[A-Za-z0-9_-]{6,}\\.[A-Za-z0-9_.-]+");

    /** The user information of a URL: {@code scheme://user:password@}. */
    private static final Pattern URL_USERINFO = Pattern.compile("(?i)(\\b[a-z][a-z0-9+.-]*://)[^/?#\\s@]+@");

    /** Registered values, longest first (so a value containing another is masked whole); replaced on register. */
    private volatile String[] values = new String[0];

    /** Masks {@code value} and the forms it takes on the wire from now on. Short values are ignored (noise). */
    public void register(String value) {
        if (value == null || value.length() < MIN_LENGTH) {
            return;
        }
        String form = URLEncoder.encode(value, StandardCharsets.UTF_8);
        add(value, form, form.replace("+", "%20"), json(value));
    }

    /** Masks the Basic credential {@code base64(id:secret)} for both encodings of the header. */
    public void registerBasic(String clientId, String secret) {
        String raw = base64(clientId + ":" + secret);
        String form = base64(URLEncoder.encode(clientId, StandardCharsets.UTF_8) + ":"
                + URLEncoder.encode(secret, StandardCharsets.UTF_8));
        add(raw, form, json(raw), json(form), URLEncoder.encode(raw, StandardCharsets.UTF_8));
    }

    private synchronized void add(String... forms) {
        Set<String> all = new LinkedHashSet<>(Arrays.asList(values));
        for (String form : forms) {
            if (form.length() >= MIN_LENGTH) {
                all.add(form);
            }
        }
        String[] sorted = all.toArray(String[]::new);
        Arrays.sort(sorted, Comparator.comparingInt(String::length).reversed());
        values = sorted;
    }

    public String redact(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        String result = text;
        for (String value : values) {
            if (result.contains(value)) {
                result = result.replace(value, MASK);
            }
        }
        // Each pattern only where its anchor occurs: every line on stderr passes here.
        if (result.indexOf('"') >= 0) {
            result = JSON_MEMBER.matcher(result).replaceAll("$1" + MASK + "$2");
        }
        if (result.indexOf('=') >= 0) {
            result = FORM_PARAMETER.matcher(result).replaceAll("$1" + MASK);
        }
        if (result.contains("asic")
                || result.contains("earer")
                || result.contains("ASIC")
                || result.contains("EARER")) {
            result = SCHEME_CREDENTIAL.matcher(result).replaceAll("$1" + MASK);
        }
        if (result.contains("eyJ")) {
            result = JWT.matcher(result).replaceAll(MASK);
        }
        if (result.indexOf('@') >= 0 && result.contains("://")) {
            result = URL_USERINFO.matcher(result).replaceAll("$1" + MASK + "@");
        }
        return result;
    }

    /**
     * A server's text for a message: masked, its whitespace (line breaks included) made single spaces, at most
     * {@value #EXCERPT} characters. Masked before it is cut: a secret cut in half would no longer be recognised. What
     * is left that a terminal would act on is escaped where the line is written ({@link SafeStderr}).
     */
    public String excerpt(String text) {
        if (text == null) {
            return "";
        }
        String single = redact(text).replaceAll("\\s+", " ").trim();
        return (single.length() > EXCERPT) ? single.substring(0, EXCERPT) + "..." : single;
    }

    /** An {@code Authorization} header value with its credential masked, the scheme kept for diagnosis. */
    public static String maskAuthorization(String value) {
        int space = value.indexOf(' ');
        return (space > 0) ? value.substring(0, space) + " " + MASK : MASK;
    }

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    /** The value as it appears inside a JSON string written by a typical encoder (which escapes '/'). */
    private static String json(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("/", "\\/");
    }
}
