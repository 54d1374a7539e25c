package dev.gatewaycli.emulator.cognito;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.gatewaycli.emulator.model.UserPoolModel;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * One running user pool: its id, issuer, app client credentials and signing keys, and the tokens it mints. The token
 * endpoint and {@code GatewayEmulator.idToken} mint through it; the API Gateway authorizer verifies against it.
 */
public final class EmulatedUserPool {

    /** Claim values Cognito puts in every client-credentials access token (FIDELITY.md §1, "Access token"). */
    static final String TOKEN_USE_ACCESS = "access";

    static final String TOKEN_USE_ID = "id";

    private final UserPoolModel model;
    private final String userPoolId;
    private final String region;
    private final String issuer;
    private final String clientId;
    private final String clientSecret;
    private final SigningKeys keys;
    private final Clock clock;
    private final RSASSASigner accessSigner;
    private final RSASSASigner idSigner;

    /**
     * @param issuer the {@code iss} of every token; Cognito's is {@code https://cognito-idp.<region>.amazonaws.com/<poolId>}
     */
    public EmulatedUserPool(
            UserPoolModel model,
            String region,
            String userPoolId,
            String issuer,
            String clientId,
            String clientSecret,
            SigningKeys keys,
            Clock clock) {
        this.model = Objects.requireNonNull(model, "model cannot be null");
        this.region = Objects.requireNonNull(region, "region cannot be null");
        this.userPoolId = Objects.requireNonNull(userPoolId, "userPoolId cannot be null");
        this.issuer = Objects.requireNonNull(issuer, "issuer cannot be null");
        this.clientId = Objects.requireNonNull(clientId, "clientId cannot be null");
        this.clientSecret = Objects.requireNonNull(clientSecret, "clientSecret cannot be null");
        this.keys = Objects.requireNonNull(keys, "keys cannot be null");
        this.clock = Objects.requireNonNull(clock, "clock cannot be null");
        try {
            this.accessSigner = new RSASSASigner(keys.accessKey());
            this.idSigner = new RSASSASigner(keys.idKey());
        } catch (JOSEException e) {
            throw new IllegalArgumentException("Signing keys are not usable RSA private keys: " + e.getMessage(), e);
        }
    }

    public UserPoolModel model() {
        return model;
    }

    public String userPoolId() {
        return userPoolId;
    }

    public String region() {
        return region;
    }

    public String issuer() {
        return issuer;
    }

    public String clientId() {
        return clientId;
    }

    public String clientSecret() {
        return clientSecret;
    }

    public SigningKeys keys() {
        return keys;
    }

    public Clock clock() {
        return clock;
    }

    /** The app client's allowed scopes, in template order. */
    public List<String> scopes() {
        return model.client().allowedScopes();
    }

    /** How long an access token lives: the app client's {@code AccessTokenValidity}. */
    public Duration accessTokenValidity() {
        return model.client().accessTokenValidity();
    }

    /**
     * A client-credentials access token with exactly the claims Cognito issues: {@code sub} and {@code client_id} (the
     * client id), {@code token_use}, {@code scope}, {@code auth_time}, {@code iss}, {@code exp}, {@code iat},
     * {@code version}, {@code jti}; no {@code aud}, no {@code username}.
     */
    public String accessToken(List<String> scopes) {
        Instant now = clock.instant();
        long seconds = now.getEpochSecond();
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .subject(clientId)
                .claim("token_use", TOKEN_USE_ACCESS)
                .claim("scope", String.join(" ", scopes))
                .claim("auth_time", seconds)
                .issuer(issuer)
                .expirationTime(Date.from(Instant.ofEpochSecond(seconds).plus(accessTokenValidity())))
                .issueTime(Date.from(Instant.ofEpochSecond(seconds)))
                .claim("version", 2)
                .jwtID(UUID.randomUUID().toString())
                .claim("client_id", clientId)
                .build();
        return sign(claims, keys.accessKey(), accessSigner);
    }

    /**
     * An ID token for a user of the pool, signed with the ID-token key. Cognito issues ID tokens only to users (never
     * through client credentials); the emulator mints them so that methods without scopes, which want an ID token,
     * and "ID token on a scoped method" can be exercised.
     */
    public String idToken(String username) {
        Objects.requireNonNull(username, "username cannot be null");
        Instant now = clock.instant();
        long seconds = now.getEpochSecond();
        String sub = UUID.nameUUIDFromBytes((userPoolId + "/" + username).getBytes(StandardCharsets.UTF_8))
                .toString();
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .subject(sub)
                .issuer(issuer)
                .claim("cognito:username", username)
                .claim("origin_jti", UUID.randomUUID().toString())
                .audience(clientId)
                .claim("event_id", UUID.randomUUID().toString())
                .claim("token_use", TOKEN_USE_ID)
                .claim("auth_time", seconds)
                .expirationTime(Date.from(
                        Instant.ofEpochSecond(seconds).plus(model.client().idTokenValidity())))
                .issueTime(Date.from(Instant.ofEpochSecond(seconds)))
                .jwtID(UUID.randomUUID().toString())
                .build();
        return sign(claims, keys.idKey(), idSigner);
    }

    private static String sign(JWTClaimsSet claims, RSAKey key, RSASSASigner signer) {
        // Cognito's header is exactly {"kid": ..., "alg": "RS256"}: no "typ".
        SignedJWT jwt = new SignedJWT(
                new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(), claims);
        try {
            jwt.sign(signer);
        } catch (JOSEException e) {
            throw new IllegalStateException("Cannot sign a token: " + e.getMessage(), e);
        }
        return jwt.serialize();
    }
}
