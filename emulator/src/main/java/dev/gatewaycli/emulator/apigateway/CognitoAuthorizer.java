package dev.gatewaycli.emulator.apigateway;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.gatewaycli.emulator.cognito.EmulatedUserPool;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * API Gateway's Cognito user pool authorizer, per docs/fidelity.md §2: the token from the identity-source header, raw
 * or after {@code Bearer }; an RS256 signature by a key of one of its pools; that pool's issuer; expiry (with its own
 * message); an access token with one of the method's scopes (any-of) for a method with scopes, an ID token for a
 * method without. Verified tokens are cached for the authorizer's result TTL, keyed by the header's value exactly as
 * received, so a client that reuses its token pays for parsing and the signature once, as with API Gateway's
 * authorizer cache (300 s by default); the claims the proxy event carries are rendered once, at verification.
 */
final class CognitoAuthorizer {

    /** Cache entries kept at most; past it the cache is emptied (it only ever holds tokens that verified). */
    static final int MAX_CACHE_ENTRIES = 10_000;

    /** A signing key of one of the authorizer's pools: its verifier and the issuer its tokens must name. */
    private record Key(JWSVerifier verifier, String issuer) {}

    private final Map<String, Key> keys = new java.util.HashMap<>();
    private final Clock clock;
    private final Duration cacheTtl;
    private final Map<String, Verified> cache = new ConcurrentHashMap<>();

    /** What the authorizer concluded. */
    sealed interface Outcome {}

    /** Authorised; {@code claims} as the proxy event carries them: in the token's order, every value a string. */
    record Allowed(Map<String, String> claims) implements Outcome {}

    /** Refused with a gateway response. */
    record Denied(GatewayResponses response) implements Outcome {}

    private record Verified(
            Allowed allowed, String tokenUse, Set<String> scopes, Instant expiry, Instant cachedUntil) {}

    private static final Denied UNAUTHORIZED = new Denied(GatewayResponses.UNAUTHORIZED);
    private static final Denied EXPIRED = new Denied(GatewayResponses.EXPIRED_TOKEN);

    /** @param pools the pools of the authorizer's {@code ProviderARNs}: a token of any of them is accepted */
    CognitoAuthorizer(List<EmulatedUserPool> pools, Duration cacheTtl, Clock clock) {
        this.clock = clock;
        this.cacheTtl = cacheTtl;
        for (EmulatedUserPool pool : pools) {
            for (RSAKey key : List.of(pool.keys().accessKey(), pool.keys().idKey())) {
                keys.put(key.getKeyID(), new Key(verifier(key), pool.issuer()));
            }
        }
    }

    private static JWSVerifier verifier(RSAKey key) {
        try {
            return new RSASSAVerifier(key.toRSAPublicKey());
        } catch (JOSEException e) {
            throw new IllegalArgumentException("Not a usable RSA key: " + e.getMessage(), e);
        }
    }

    /**
     * @param header the identity-source header's value, or null when the request has none
     * @param scopes the method's {@code AuthorizationScopes}; empty means an ID token is wanted
     */
    Outcome authorize(String header, List<String> scopes) {
        if (header == null) {
            return UNAUTHORIZED;
        }
        Instant now = clock.instant();
        Verified verified = cache.get(header);
        if (verified == null || !now.isBefore(verified.cachedUntil())) {
            String token = header.strip();
            if (token.regionMatches(true, 0, "Bearer ", 0, 7)) {
                token = token.substring(7).strip();
            }
            verified = token.isEmpty() ? null : verify(token, now);
            if (verified == null) {
                return UNAUTHORIZED;
            }
            if (!cacheTtl.isZero()) {
                if (cache.size() >= MAX_CACHE_ENTRIES) {
                    cache.clear();
                }
                cache.put(header, verified);
            }
        }
        // Checked on every request, cached or not: the cache saves the signature, never extends a token's life.
        if (!now.isBefore(verified.expiry())) {
            return EXPIRED;
        }
        if (scopes.isEmpty()) {
            return "id".equals(verified.tokenUse()) ? verified.allowed() : UNAUTHORIZED;
        }
        if (!"access".equals(verified.tokenUse())) {
            return UNAUTHORIZED;
        }
        for (String scope : scopes) {
            if (verified.scopes().contains(scope)) {
                return verified.allowed();
            }
        }
        return UNAUTHORIZED;
    }

    /** Three non-empty parts of base64url characters: anything else is not a token Cognito issued. */
    static boolean compactJws(String token) {
        int dots = 0;
        int partLength = 0;
        for (int i = 0; i < token.length(); i++) {
            char c = token.charAt(i);
            if (c == '.') {
                if (partLength == 0 || ++dots > 2) {
                    return false;
                }
                partLength = 0;
            } else if ((c >= 'A' && c <= 'Z')
                    || (c >= 'a' && c <= 'z')
                    || (c >= '0' && c <= '9')
                    || c == '-'
                    || c == '_') {
                partLength++;
            } else {
                return false; // padding, the standard alphabet, blanks, anything Nimbus's lenient decoder would skip
            }
        }
        return dots == 2 && partLength > 0;
    }

    /** Signature, algorithm, key and issuer; null when any is wrong. Never throws, whatever the input. */
    private Verified verify(String token, Instant now) {
        if (!compactJws(token)) {
            return null;
        }
        try {
            SignedJWT jwt = SignedJWT.parse(token);
            if (!JWSAlgorithm.RS256.equals(jwt.getHeader().getAlgorithm())
                    || jwt.getHeader().getCriticalParams() != null) {
                return null; // alg "none", HS256 with the public key as secret, anything but what Cognito signs with
            }
            Key key = jwt.getHeader().getKeyID() == null
                    ? null
                    : keys.get(jwt.getHeader().getKeyID());
            if (key == null || !jwt.verify(key.verifier())) {
                return null;
            }
            JWTClaimsSet claims = jwt.getJWTClaimsSet();
            Date exp = claims.getExpirationTime();
            if (!key.issuer().equals(claims.getIssuer()) || exp == null) {
                return null;
            }
            Object tokenUse = claims.getClaim("token_use");
            Object scope = claims.getClaim("scope");
            Set<String> scopes =
                    scope instanceof String s ? Set.copyOf(java.util.Arrays.asList(s.split(" "))) : Set.of();
            Map<String, String> strings = new LinkedHashMap<>();
            claims.getClaims().forEach((name, value) -> strings.put(name, ProxyEvent.claimString(name, value)));
            return new Verified(
                    new Allowed(Collections.unmodifiableMap(strings)),
                    tokenUse instanceof String t ? t : null,
                    scopes,
                    exp.toInstant(),
                    now.plus(cacheTtl));
        } catch (ParseException | JOSEException | RuntimeException e) {
            return null; // malformed base64, JSON, header or claims: all the same 401 to the caller
        }
    }
}
