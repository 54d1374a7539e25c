package dev.gatewaycli.cli.oauth;

import com.nimbusds.jwt.JWTParser;
import dev.gatewaycli.cli.http.HttpTrace;
import java.text.ParseException;
import java.time.Instant;
import java.util.Date;

/**
 * What the CLI accepts as an access token, and how long it believes one lives. The token endpoint's answer is hostile
 * input like any other: its token is printed ({@code $(gateway-cli token)}), cached and sent in a header.
 */
final class AccessTokens {

    /** Far enough ahead for any token, near enough that adding it to an {@link Instant} cannot overflow. */
    private static final long MAX_SECONDS = 100L * 366 * 24 * 3600;

    private AccessTokens() {}

    /**
     * RFC 6749 Appendix A.12: {@code access-token = 1*VSCHAR}, printable ASCII, here without the space: a token must be
     * one shell word and one header value. A control character or a newline would reach the terminal or split
     * {@code $(gateway-cli token)}.
     */
    static boolean wellFormed(String value) {
        if (value == null || value.isEmpty()) {
            return false;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x21 || c > 0x7e) {
                return false;
            }
        }
        return true;
    }

    /**
     * When the token expires: the earlier of {@code issuedAt + expiresIn} and the JWT's {@code exp}. An
     * {@code expires_in} that is missing, zero or negative says nothing (RFC 6749 §5.1 leaves the lifetime to "other
     * means"), and a JWT's {@code exp} is such a means; an {@code expires_in} longer than {@code exp} is not believed,
     * since the API refuses the token after {@code exp} whatever the endpoint said. The claim is read unverified: it
     * can only shorten what {@code expires_in} says, or stand in for it. Null when neither tells: then the token is
     * used for this run and not cached.
     *
     * @param expiresIn the token response's {@code expires_in} in seconds, or null when absent or not a number
     */
    static Instant expiresAt(Instant issuedAt, Long expiresIn, String value) {
        Instant fromResponse =
                (expiresIn == null || expiresIn <= 0) ? null : issuedAt.plusSeconds(Math.min(expiresIn, MAX_SECONDS));
        Instant fromClaim = exp(value, issuedAt);
        if (fromResponse == null) {
            return fromClaim;
        }
        return (fromClaim != null && fromClaim.isBefore(fromResponse)) ? fromClaim : fromResponse;
    }

    /**
     * A new token's issue and expiry by this machine's clock ({@link #expiresAt}). Its expiry is null when nothing
     * tells it (the token is then for this run only, and {@code -v} says so); one already past is a clock that is
     * wrong, said in a warning, and the token is dated a second before it so that it is renewed at once.
     *
     * @param from who issued it, for the messages: "the token endpoint", "the Cognito IdP API"
     */
    static Lifetime lifetime(Instant now, Long expiresIn, String value, String from, HttpTrace trace) {
        Instant expiresAt = expiresAt(now, expiresIn, value);
        if (expiresAt == null) {
            trace.line("* " + from + " said nothing of the token's lifetime: using it for this run only");
            return new Lifetime(now, null);
        }
        if (!expiresAt.isAfter(now)) {
            trace.warning("the new token expired at " + expiresAt + ", before it arrived by this machine's clock: "
                    + "check the clock");
            return new Lifetime(expiresAt.minusSeconds(1), expiresAt);
        }
        return new Lifetime(now, expiresAt);
    }

    /** When a token was issued, and when it expires (null: nothing says). */
    record Lifetime(Instant issuedAt, Instant expiresAt) {}

    /** The {@code exp} claim of a JWT, or null when the token is no JWT or has none. */
    private static Instant exp(String value, Instant issuedAt) {
        if (value.indexOf('.') < 0) {
            return null;
        }
        try {
            Date exp = JWTParser.parse(value).getJWTClaimsSet().getExpirationTime();
            if (exp == null) {
                return null;
            }
            long seconds = Math.floorDiv(exp.getTime(), 1000L);
            return Instant.ofEpochSecond(Math.max(0, Math.min(seconds, issuedAt.getEpochSecond() + MAX_SECONDS)));
        } catch (ParseException | RuntimeException ex) {
            return null;
        }
    }
}
