package dev.gatewaycli.emulator.cognito;

import dev.gatewaycli.emulator.http.RequestIds;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What a pool remembers of its users' sign-ins, in memory: the refresh tokens it issued (opaque, in the shape of
 * Cognito's encrypted ones), which of them are revoked, the access tokens of revoked sign-ins ({@code origin_jti}),
 * and the sessions of challenges waiting for an answer (docs/fidelity.md §8, "Refresh tokens").
 */
final class AuthSessions {

    /** Past this many refresh tokens, the expired ones are forgotten. */
    static final int CLEANUP_THRESHOLD = 10_000;

    /** The protected header of Cognito's refresh tokens, which are JWEs only Cognito can read. */
    private static final String REFRESH_HEADER = Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString(
                    "{\"cty\":\"JWT\",\"enc\":\"A256GCM\",\"alg\":\"RSA-OAEP\"}".getBytes(StandardCharsets.UTF_8));

    private static final SecureRandom RANDOM = new SecureRandom();

    /**
     * One sign-in: the client and user, the ids its tokens carry, and until when its refresh token renews them.
     *
     * @param originJti the {@code origin_jti} of every token of the sign-in, refreshed ones included
     * @param eventId the {@code event_id} of the sign-in
     * @param authTime the {@code auth_time}: the sign-in's, not a refresh's
     */
    record Grant(
            String clientId,
            String username,
            String originJti,
            String eventId,
            Instant authTime,
            Instant expires,
            boolean revoked) {

        Grant revoke() {
            return new Grant(clientId, username, originJti, eventId, authTime, expires, true);
        }
    }

    /** A challenge asked and not yet answered. */
    record Challenge(String name, String clientId, String username, Instant expires) {}

    private final Map<String, Grant> refreshTokens = new ConcurrentHashMap<>();
    private final Set<String> revokedOrigins = ConcurrentHashMap.newKeySet();
    private final Map<String, Challenge> challenges = new ConcurrentHashMap<>();

    /** A new refresh token for {@code grant}. */
    String issue(Grant grant, Instant now) {
        if (refreshTokens.size() > CLEANUP_THRESHOLD) {
            refreshTokens.values().removeIf(g -> !now.isBefore(g.expires()));
        }
        String token = REFRESH_HEADER + "." + random(256) + "." + random(12) + "." + random(96) + "." + random(16);
        refreshTokens.put(token, grant);
        return token;
    }

    Optional<Grant> grant(String refreshToken) {
        return refreshToken == null ? Optional.empty() : Optional.ofNullable(refreshTokens.get(refreshToken));
    }

    /** Revokes one refresh token and the tokens of its sign-in; false when it is not one of the pool's. */
    boolean revoke(String refreshToken) {
        Grant grant = refreshTokens.computeIfPresent(refreshToken, (t, g) -> g.revoke());
        if (grant == null) {
            return false;
        }
        revokedOrigins.add(grant.originJti());
        return true;
    }

    /** Revokes every refresh token of {@code username} (a global sign-out), and the tokens of those sign-ins. */
    void revokeUser(String username) {
        refreshTokens.replaceAll((token, grant) -> {
            if (grant.username().equals(username) && !grant.revoked()) {
                revokedOrigins.add(grant.originJti());
                return grant.revoke();
            }
            return grant;
        });
    }

    /** Whether the sign-in a token of {@code originJti} belongs to was revoked. */
    boolean revokedOrigin(String originJti) {
        return originJti != null && revokedOrigins.contains(originJti);
    }

    /** A session for a challenge, as Cognito's are: an opaque string of a few hundred characters. */
    String challenge(Challenge challenge, Instant now) {
        challenges.values().removeIf(c -> !now.isBefore(c.expires()));
        String session = random(192);
        challenges.put(session, challenge);
        return session;
    }

    /** The challenge {@code session} answers; empty when unknown, answered or expired. */
    Optional<Challenge> pending(String session, Instant now) {
        Challenge challenge = session == null ? null : challenges.get(session);
        return challenge == null || !now.isBefore(challenge.expires()) ? Optional.empty() : Optional.of(challenge);
    }

    /** Ends {@code session}: a challenge is answered once. */
    void answered(String session) {
        challenges.remove(session);
    }

    private static String random(int bytes) {
        byte[] out = new byte[bytes];
        RANDOM.nextBytes(out);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(out);
    }

    /** The event id of a new sign-in: identifies, protects nothing. */
    static String eventId() {
        return RequestIds.uuid();
    }
}
