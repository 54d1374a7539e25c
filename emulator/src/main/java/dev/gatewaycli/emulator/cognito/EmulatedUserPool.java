package dev.gatewaycli.emulator.cognito;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.crypto.RSASSAVerifier;
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
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * One running user pool: its id, issuer, app clients (the template's and those {@code CreateUserPoolClient} adds),
 * signing keys, users and their sign-ins, and the tokens it mints. The token endpoint, the Identity Provider API and
 * {@code GatewayEmulator.idToken} mint through it; the API Gateway authorizer verifies against it.
 */
public final class EmulatedUserPool {

    /** Claim values Cognito puts in every client-credentials access token (fidelity.md §1, "Access token"). */
    static final String TOKEN_USE_ACCESS = "access";

    static final String TOKEN_USE_ID = "id";

    /** The one scope of every access token of a sign-in through the Identity Provider API (fidelity.md §8). */
    public static final String USER_ADMIN_SCOPE = "aws.cognito.signin.user.admin";

    private final UserPoolModel model;
    private final String issuer;
    private final SigningKeys keys;
    private final Clock clock;
    private final Map<String, AppClientModel> clients = new ConcurrentHashMap<>();
    private final List<AppClientModel> clientOrder = new CopyOnWriteArrayList<>();
    private final Map<String, Instant> clientCreated = new ConcurrentHashMap<>();
    private final RSASSASigner accessSigner;
    private final RSASSASigner idSigner;
    private final RSASSAVerifier accessVerifier;
    private final PoolUsers users;
    private final AuthSessions sessions = new AuthSessions();
    private final Instant created;

    /**
     * @param issuer the {@code iss} of every token; Cognito's is {@code https://cognito-idp.<region>.amazonaws.com/<poolId>}
     */
    public EmulatedUserPool(UserPoolModel model, String issuer, SigningKeys keys, Clock clock) {
        this.model = Objects.requireNonNull(model, "model cannot be null");
        this.issuer = Objects.requireNonNull(issuer, "issuer cannot be null");
        this.keys = Objects.requireNonNull(keys, "keys cannot be null");
        this.clock = Objects.requireNonNull(clock, "clock cannot be null");
        this.created = clock.instant();
        model.clients().forEach(this::addClient);
        this.users = new PoolUsers(model.config());
        try {
            this.accessSigner = new RSASSASigner(keys.accessKey());
            this.idSigner = new RSASSASigner(keys.idKey());
            this.accessVerifier = new RSASSAVerifier(keys.accessKey().toRSAPublicKey());
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

    /** The pool's app clients: the template's in template order, then those created at run time. */
    public List<AppClientModel> clients() {
        return List.copyOf(clientOrder);
    }

    /** When the emulator made the pool: its {@code CreationDate}. */
    Instant created() {
        return created;
    }

    PoolUsers users() {
        return users;
    }

    AuthSessions sessions() {
        return sessions;
    }

    /** Adds a client made at run time; its id must be new (ids are unique across pools). */
    void addClient(AppClientModel client) {
        if (clients.putIfAbsent(client.clientId(), client) != null) {
            throw new IllegalStateException("client id " + client.clientId() + " exists already");
        }
        clientCreated.put(client.clientId(), clock.instant());
        clientOrder.add(client);
    }

    /** When the client was made: with the pool for the template's, when {@code CreateUserPoolClient} ran otherwise. */
    Instant created(AppClientModel client) {
        return clientCreated.getOrDefault(client.clientId(), created);
    }

    /**
     * Adds {@code username} as a confirmed user with a permanent {@code password}, as an administrator creates one and
     * sets its password ({@code AdminCreateUser}, then {@code AdminSetUserPassword --permanent}); where users sign in
     * with their email or phone number, that attribute counts as verified.
     *
     * @throws UserRefusedException when the pool refuses the name or the password, saying why and what the pool needs
     */
    public void addConfirmedUser(String username, String password) {
        confirmedUser(username, password, true);
    }

    /**
     * Refuses, as {@link #addConfirmedUser} would, a user the pool does not accept; adds nothing.
     *
     * @throws UserRefusedException when the pool refuses the name or the password
     */
    public void checkNewUser(String username, String password) {
        confirmedUser(username, password, false);
    }

    private void confirmedUser(String username, String password, boolean add) {
        Instant now = clock.instant();
        Map<String, String> attributes = new LinkedHashMap<>();
        if (model.config().attributesAsUsername()) {
            // The name is the email (or phone number) the user signs in with: an administrator's user has it verified.
            attributes.put(username.contains("@") ? "email_verified" : "phone_number_verified", "true");
        }
        PoolUsers.NewUser user = new PoolUsers.NewUser(username, attributes, password, PoolUser.Status.CONFIRMED, null);
        try {
            if (add) {
                users.create(user, now);
            } else {
                users.prepare(user, now);
            }
        } catch (IdpError e) {
            String need = e.type().equals(IdpError.INVALID_PASSWORD)
                    ? " (the pool's policy: "
                            + Passwords.describe(model.config().passwordPolicy()) + ")"
                    : "";
            throw new UserRefusedException("user pool " + model.name() + " (" + userPoolId() + ") refuses user '"
                    + username + "': " + e.type() + ": " + e.getMessage() + need);
        }
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

    /** A user's tokens from a sign-in or a refresh, and the access token's lifetime in seconds. */
    record UserTokens(String accessToken, String idToken, long expiresIn) {

        /** Never the tokens. */
        @Override
        public String toString() {
            return "UserTokens[****]";
        }
    }

    /**
     * The ID and access tokens of {@code user} signed in through {@code client}, with the claims Cognito puts in them
     * (docs/fidelity.md §8, "Tokens from a sign-in"): the ID token {@code sub}, the user's attributes
     * ({@code email_verified} and {@code phone_number_verified} as booleans), {@code iss}, {@code cognito:username},
     * {@code origin_jti}, {@code aud}, {@code event_id}, {@code token_use}, {@code auth_time}, {@code exp}, {@code iat},
     * {@code jti}; the access token {@code sub}, {@code iss}, {@code client_id}, {@code origin_jti}, {@code event_id},
     * {@code token_use}, {@code scope} ({@code aws.cognito.signin.user.admin}: sign-ins through this API never carry
     * the client's OAuth scopes), {@code auth_time}, {@code exp}, {@code iat}, {@code jti}, {@code username}.
     */
    UserTokens userTokens(PoolUser user, AppClientModel client, AuthSessions.Grant grant) {
        long seconds = clock.instant().getEpochSecond();
        Date issued = Date.from(Instant.ofEpochSecond(seconds));
        long authTime = grant.authTime().getEpochSecond();
        JWTClaimsSet.Builder id = new JWTClaimsSet.Builder().subject(user.sub());
        user.attributes().forEach((name, value) -> {
            if (name.endsWith("_verified")) {
                id.claim(name, Boolean.parseBoolean(value));
            }
        });
        id.issuer(issuer)
                .claim("cognito:username", user.username())
                .claim("origin_jti", grant.originJti())
                .audience(client.clientId())
                .claim("event_id", grant.eventId())
                .claim("token_use", TOKEN_USE_ID)
                .claim("auth_time", authTime)
                .expirationTime(Date.from(issued.toInstant().plus(client.idTokenValidity())))
                .issueTime(issued)
                .jwtID(UUID.randomUUID().toString());
        user.attributes().forEach((name, value) -> {
            if (!name.equals("sub") && !name.endsWith("_verified")) {
                id.claim(name, value);
            }
        });
        JWTClaimsSet access = new JWTClaimsSet.Builder()
                .subject(user.sub())
                .issuer(issuer)
                .claim("client_id", client.clientId())
                .claim("origin_jti", grant.originJti())
                .claim("event_id", grant.eventId())
                .claim("token_use", TOKEN_USE_ACCESS)
                .claim("scope", USER_ADMIN_SCOPE)
                .claim("auth_time", authTime)
                .expirationTime(Date.from(issued.toInstant().plus(client.accessTokenValidity())))
                .issueTime(issued)
                .jwtID(UUID.randomUUID().toString())
                .claim("username", user.username())
                .build();
        return new UserTokens(
                sign(access, keys.accessKey(), accessSigner),
                sign(id.build(), keys.idKey(), idSigner),
                client.accessTokenValidity().toSeconds());
    }

    /**
     * The claims of an access token this pool signed; empty for anything else (another pool's, an ID token, a forged
     * one). Expiry and revocation are the caller's to check, so that it can say which.
     */
    Optional<JWTClaimsSet> verifiedAccessToken(String token) {
        try {
            SignedJWT jwt = SignedJWT.parse(token);
            if (!JWSAlgorithm.RS256.equals(jwt.getHeader().getAlgorithm())
                    || !keys.accessKey().getKeyID().equals(jwt.getHeader().getKeyID())
                    || !jwt.verify(accessVerifier)) {
                return Optional.empty();
            }
            JWTClaimsSet claims = jwt.getJWTClaimsSet();
            Date exp = claims.getExpirationTime();
            if (!issuer.equals(claims.getIssuer())
                    || exp == null
                    || !TOKEN_USE_ACCESS.equals(claims.getClaim("token_use"))) {
                return Optional.empty();
            }
            return Optional.of(claims);
        } catch (java.text.ParseException | JOSEException | RuntimeException e) {
            return Optional.empty();
        }
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
