package dev.gatewaycli.cli;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.UUID;

/** Cognito-shaped access tokens (docs/fidelity.md §1), really RS256-signed with a key made once per test run. */
public final class TestTokens {

    public static final String POOL_ISSUER = "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_AbCdEf123";

    private static final RSAKey KEY = generate();

    private TestTokens() {}

    public static String accessToken(String clientId, List<String> scopes, long lifetimeSeconds) {
        Instant now = Instant.now();
        return sign(new JWTClaimsSet.Builder()
                .subject(clientId)
                .claim("client_id", clientId)
                .claim("token_use", "access")
                .claim("scope", String.join(" ", scopes))
                .claim("auth_time", now.getEpochSecond())
                .claim("version", 2)
                .issuer(POOL_ISSUER)
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plusSeconds(lifetimeSeconds)))
                .jwtID(UUID.randomUUID().toString())
                .build());
    }

    /**
     * A user's access token as Cognito issues it at sign-in: {@code sub}, {@code username} (the user's name in the
     * pool, which a refresh's SECRET_HASH is computed with), {@code client_id}, {@code token_use: access}.
     */
    public static String userAccessToken(
            String username, String clientId, List<String> scopes, Instant issuedAt, long lifetimeSeconds) {
        return sign(signedIn(username, issuedAt, lifetimeSeconds)
                .claim("username", username)
                .claim("client_id", clientId)
                .claim("token_use", "access")
                .claim("scope", String.join(" ", scopes))
                .build());
    }

    /** A user's ID token as Cognito issues it: {@code aud} the client, {@code cognito:username}, {@code token_use: id}. */
    public static String idToken(String username, String clientId, Instant issuedAt, long lifetimeSeconds) {
        return sign(signedIn(username, issuedAt, lifetimeSeconds)
                .audience(clientId)
                .claim("cognito:username", username)
                .claim("token_use", "id")
                .claim("email", "alice@example.com")
                .build());
    }

    /** The claims both tokens of a sign-in carry. */
    private static JWTClaimsSet.Builder signedIn(String username, Instant issuedAt, long lifetimeSeconds) {
        return new JWTClaimsSet.Builder()
                .subject(username)
                .claim("auth_time", issuedAt.getEpochSecond())
                .claim("origin_jti", UUID.randomUUID().toString())
                .claim("event_id", UUID.randomUUID().toString())
                .issuer(POOL_ISSUER)
                .issueTime(Date.from(issuedAt))
                .expirationTime(Date.from(issuedAt.plusSeconds(lifetimeSeconds)))
                .jwtID(UUID.randomUUID().toString());
    }

    private static String sign(JWTClaimsSet claims) {
        try {
            SignedJWT jwt = new SignedJWT(
                    new JWSHeader.Builder(JWSAlgorithm.RS256)
                            .keyID(KEY.getKeyID())
                            .build(),
                    claims);
            jwt.sign(new RSASSASigner(KEY));
            return jwt.serialize();
        } catch (JOSEException ex) {
            throw new IllegalStateException(ex);
        }
    }

    /** The public half of the signing key, for a test's JWKS. */
    public static RSAKey publicKey() {
        return KEY.toPublicJWK();
    }

    /** Cognito's {@code SECRET_HASH}: Base64 of HMAC-SHA256 over username and client id, keyed by the client secret. */
    public static String secretHash(String clientSecret, String clientId, String username) {
        try {
            javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
            mac.init(new javax.crypto.spec.SecretKeySpec(
                    clientSecret.getBytes(java.nio.charset.StandardCharsets.UTF_8), "HmacSHA256"));
            return java.util.Base64.getEncoder()
                    .encodeToString(
                            mac.doFinal((username + clientId).getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (java.security.GeneralSecurityException ex) {
            throw new IllegalStateException(ex);
        }
    }

    /** The token endpoint's success body, as Cognito sends it. */
    public static String tokenResponse(String accessToken, long expiresIn) {
        return "{\"access_token\":\"" + accessToken + "\",\"expires_in\":" + expiresIn + ",\"token_type\":\"Bearer\"}";
    }

    private static RSAKey generate() {
        try {
            return new RSAKeyGenerator(2048).keyID(UUID.randomUUID().toString()).generate();
        } catch (JOSEException ex) {
            throw new IllegalStateException(ex);
        }
    }
}
