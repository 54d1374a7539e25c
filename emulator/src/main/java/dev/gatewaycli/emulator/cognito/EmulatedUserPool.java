package dev.gatewaycli.emulator.cognito;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.gatewaycli.emulator.model.AppClientModel;
import dev.gatewaycli.emulator.model.UserPoolModel;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * One running user pool: its id, issuer, app clients and signing keys, and the tokens it mints. The token endpoint and
 * {@code GatewayEmulator.idToken} mint through it; the API Gateway authorizer verifies against it.
 */
public final class EmulatedUserPool {

    /** Claim values Cognito puts in every client-credentials access token (FIDELITY.md §1, "Access token"). */
    static final String TOKEN_USE_ACCESS = "access";

    static final String TOKEN_USE_ID = "id";

    private final UserPoolModel model;
    private final String issuer;
    private final SigningKeys keys;
    private final Clock clock;
    private final Map<String, AppClientModel> clients = new LinkedHashMap<>();
    private final RSASSASigner accessSigner;
    private final RSASSASigner idSigner;

    /**
     * @param issuer the {@code iss} of every token; Cognito's is {@code https://cognito-idp.<region>.amazonaws.com/<poolId>}
     */
    public EmulatedUserPool(UserPoolModel model, String issuer, SigningKeys keys, Clock clock) {
        this.model = Objects.requireNonNull(model, "model cannot be null");
        this.issuer = Objects.requireNonNull(issuer, "issuer cannot be null");
        this.keys = Objects.requireNonNull(keys, "keys cannot be null");
        this.clock = Objects.requireNonNull(clock, "clock cannot be null");
        model.clients().forEach(c -> clients.put(c.clientId(), c));
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
        return model.userPoolId();
    }

    public String region() {
        return model.region();
    }

    public String issuer() {
        return issuer;
    }

    public SigningKeys keys() {
        return keys;
    }

    public Clock clock() {
        return clock;
    }

    /** The pool's app clients, in template order. */
    public List<AppClientModel> clients() {
        return model.clients();
    }

    /** The app client with {@code clientId}, if the pool has it. */
    public Optional<AppClientModel> client(String clientId) {
        return Optional.ofNullable(clients.get(clientId));
    }

    /**
     * A client-credentials access token of {@code client} with exactly the claims Cognito issues: {@code sub} and
     * {@code client_id} (the client id), {@code token_use}, {@code scope}, {@code auth_time}, {@code iss}, {@code exp}
     * (the client's {@code AccessTokenValidity} on), {@code iat}, {@code version}, {@code jti}; no {@code aud}, no
     * {@code username}.
     */
    public String accessToken(AppClientModel client, List<String> scopes) {
        Instant now = clock.instant();
        long seconds = now.getEpochSecond();
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .subject(client.clientId())
                .claim("token_use", TOKEN_USE_ACCESS)
                .claim("scope", String.join(" ", scopes))
                .claim("auth_time", seconds)
                .issuer(issuer)
                .expirationTime(Date.from(Instant.ofEpochSecond(seconds).plus(client.accessTokenValidity())))
                .issueTime(Date.from(Instant.ofEpochSecond(seconds)))
                .claim("version", 2)
                .jwtID(UUID.randomUUID().toString())
                .claim("client_id", client.clientId())
                .build();
        return sign(claims, keys.accessKey(), accessSigner);
    }

    /**
     * An ID token for a user of the pool signed in through {@code client} ({@code aud}), signed with the ID-token key.
     * Cognito issues ID tokens only to users (never through client credentials); the emulator mints them so that
     * methods without scopes, which want an ID token, and "ID token on a scoped method" can be exercised.
     */
    public String idToken(String username, AppClientModel client) {
        Objects.requireNonNull(username, "username cannot be null");
        Instant now = clock.instant();
        long seconds = now.getEpochSecond();
        String sub = UUID.nameUUIDFromBytes((userPoolId() + "/" + username).getBytes(StandardCharsets.UTF_8))
                .toString();
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .subject(sub)
                .issuer(issuer)
                .claim("cognito:username", username)
                .claim("origin_jti", UUID.randomUUID().toString())
                .audience(client.clientId())
                .claim("event_id", UUID.randomUUID().toString())
                .claim("token_use", TOKEN_USE_ID)
                .claim("auth_time", seconds)
                .expirationTime(Date.from(Instant.ofEpochSecond(seconds).plus(client.idTokenValidity())))
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
