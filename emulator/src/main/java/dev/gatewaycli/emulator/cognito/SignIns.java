package dev.gatewaycli.emulator.cognito;

import com.nimbusds.jwt.JWTClaimsSet;
import dev.gatewaycli.emulator.http.Json;
import dev.gatewaycli.emulator.model.AppClientModel;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import tools.jackson.databind.node.ObjectNode;

/**
 * The sign-in operations of the Identity Provider API: {@code InitiateAuth} and {@code AdminInitiateAuth} with the
 * password flows and the refresh flow, {@code RespondToAuthChallenge} for {@code NEW_PASSWORD_REQUIRED},
 * {@code RevokeToken}, {@code GetUser} and {@code AdminUserGlobalSignOut} (docs/fidelity.md §8; docs/emulator.md,
 * "The Identity Provider API"). Every refusal is Cognito's error type and message.
 */
final class SignIns {

    static final String USER_PASSWORD_AUTH = "USER_PASSWORD_AUTH";
    static final String ADMIN_USER_PASSWORD_AUTH = "ADMIN_USER_PASSWORD_AUTH";
    static final String NEW_PASSWORD_REQUIRED = "NEW_PASSWORD_REQUIRED";

    /** {@code AuthFlowType} (API reference). */
    private static final List<String> AUTH_FLOWS = List.of(
            "USER_SRP_AUTH",
            "REFRESH_TOKEN_AUTH",
            "REFRESH_TOKEN",
            "CUSTOM_AUTH",
            "ADMIN_NO_SRP_AUTH",
            USER_PASSWORD_AUTH,
            ADMIN_USER_PASSWORD_AUTH,
            "USER_AUTH");

    /** {@code ChallengeNameType} (API reference). */
    private static final List<String> CHALLENGES = List.of(
            "SMS_MFA",
            "EMAIL_OTP",
            "SOFTWARE_TOKEN_MFA",
            "SELECT_MFA_TYPE",
            "MFA_SETUP",
            "PASSWORD_VERIFIER",
            "CUSTOM_CHALLENGE",
            "SELECT_CHALLENGE",
            "DEVICE_SRP_AUTH",
            "DEVICE_PASSWORD_VERIFIER",
            "ADMIN_NO_SRP_AUTH",
            NEW_PASSWORD_REQUIRED,
            "SMS_OTP",
            "PASSWORD",
            "WEB_AUTHN",
            "PASSWORD_SRP");

    /** A challenge's session lasts the client's {@code AuthSessionValidity}, 3 minutes by default. */
    static final Duration SESSION_VALIDITY = Duration.ofMinutes(3);

    private final IdpPools pools;

    SignIns(IdpPools pools) {
        this.pools = pools;
    }

    /** {@code InitiateAuth}: public, unsigned; the client names the pool. */
    ObjectNode initiateAuth(IdpRequest request) {
        IdpPools.ClientOf of = pools.client(request);
        String flow = authFlow(request);
        Map<String, String> parameters = request.map("AuthParameters");
        return switch (flow) {
            case USER_PASSWORD_AUTH -> {
                requireFlow(
                        of.client(),
                        AppClientModel.ALLOW_USER_PASSWORD_AUTH,
                        flow + " flow not enabled for this client");
                yield password(of.pool(), of.client(), parameters);
            }
            case "REFRESH_TOKEN_AUTH", "REFRESH_TOKEN" -> refresh(of.pool(), of.client(), parameters);
            case ADMIN_USER_PASSWORD_AUTH, "ADMIN_NO_SRP_AUTH" ->
                throw IdpError.invalidParameter("Initiate Auth method not supported.");
            default -> notEmulated(of.client(), flow);
        };
    }

    /** {@code AdminInitiateAuth}: signed; the request names the pool and the client. */
    ObjectNode adminInitiateAuth(IdpRequest request) {
        EmulatedUserPool pool = pools.pool(request);
        AppClientModel client = IdpPools.client(pool, request);
        String flow = authFlow(request);
        Map<String, String> parameters = request.map("AuthParameters");
        return switch (flow) {
            case ADMIN_USER_PASSWORD_AUTH, "ADMIN_NO_SRP_AUTH" -> {
                requireFlow(
                        client, AppClientModel.ALLOW_ADMIN_USER_PASSWORD_AUTH, "Auth flow not enabled for this client");
                yield password(pool, client, parameters);
            }
            case "REFRESH_TOKEN_AUTH", "REFRESH_TOKEN" -> refresh(pool, client, parameters);
            case USER_PASSWORD_AUTH -> throw IdpError.invalidParameter("Initiate Auth method not supported.");
            default -> notEmulated(client, flow);
        };
    }

    /** {@code RespondToAuthChallenge}: the answer to {@code NEW_PASSWORD_REQUIRED}, the one challenge it asks. */
    ObjectNode respondToAuthChallenge(IdpRequest request) {
        IdpPools.ClientOf of = pools.client(request);
        String name = request.required("ChallengeName");
        if (!CHALLENGES.contains(name)) {
            throw enumValue(name, "challengeName", CHALLENGES);
        }
        EmulatedUserPool pool = of.pool();
        Instant now = pool.clock().instant();
        String session = request.string("Session");
        Optional<AuthSessions.Challenge> pending = pool.sessions().pending(session, now);
        if (pending.isEmpty()
                || !pending.get().name().equals(name)
                || !pending.get().clientId().equals(of.client().clientId())) {
            throw IdpError.notAuthorized("Invalid session for the user, session is expired.");
        }
        if (!name.equals(NEW_PASSWORD_REQUIRED)) {
            throw IdpError.invalidParameter(name + " challenges are not emulated: the emulator has no multi-factor "
                    + "authentication (docs/emulator.md)");
        }
        Map<String, String> responses = request.map("ChallengeResponses");
        String username = parameter(responses, "USERNAME");
        PoolUser user = pool.users().find(username).orElseThrow(IdpError::userNotFound);
        if (!user.username().equals(pending.get().username())) {
            throw IdpError.notAuthorized("Invalid session for the user, session is expired.");
        }
        IdpPools.checkSecretHash(of.client(), username, responses.get("SECRET_HASH"));
        String newPassword = parameter(responses, "NEW_PASSWORD");
        pool.users().checkPassword(newPassword, "NEW_PASSWORD");
        user = pool.users()
                .replace(user.withPassword(Passwords.Digest.of(newPassword), PoolUser.Status.CONFIRMED, null, now));
        pool.sessions().answered(session);
        return signedIn(pool, of.client(), user);
    }

    /**
     * {@code RevokeToken}: revokes a refresh token of the client and every token of its sign-in (for Cognito's own
     * operations: API Gateway's authorizer checks signatures, not revocation). A token that is not one of the
     * client's refresh tokens is answered like a revoked one, as RFC 7009 asks.
     */
    ObjectNode revokeToken(IdpRequest request) {
        String token = request.required("Token");
        IdpPools.ClientOf of = pools.client(request);
        AppClientModel client = of.client();
        if (client.clientSecret().isPresent()) {
            String given = request.string("ClientSecret");
            if (given == null
                    || !MessageDigest.isEqual(
                            client.clientSecret().get().getBytes(StandardCharsets.UTF_8),
                            given.getBytes(StandardCharsets.UTF_8))) {
                throw new IdpError(IdpError.UNAUTHORIZED, "Invalid client secret for client " + client.clientId());
            }
        }
        if (!client.enableTokenRevocation()) {
            throw new IdpError(
                    IdpError.UNSUPPORTED_OPERATION, "Token revocation is not enabled for client " + client.clientId());
        }
        if (token.chars().filter(c -> c == '.').count() == 2) {
            throw new IdpError(IdpError.UNSUPPORTED_TOKEN_TYPE, "Only refresh tokens can be revoked");
        }
        Optional<AuthSessions.Grant> grant = of.pool().sessions().grant(token);
        if (grant.isPresent() && grant.get().clientId().equals(client.clientId())) {
            of.pool().sessions().revoke(token);
        }
        return Json.object();
    }

    /** {@code GetUser}: the user of an access token, which must carry {@code aws.cognito.signin.user.admin}. */
    ObjectNode getUser(IdpRequest request) {
        String token = request.required("AccessToken");
        for (EmulatedUserPool pool : pools.all()) {
            Optional<JWTClaimsSet> claims = pool.verifiedAccessToken(token);
            if (claims.isEmpty()) {
                continue;
            }
            Date exp = claims.get().getExpirationTime();
            if (!pool.clock().instant().isBefore(exp.toInstant())) {
                throw IdpError.notAuthorized("Access Token has expired");
            }
            if (pool.sessions().revokedOrigin(stringClaim(claims.get(), "origin_jti"))) {
                throw IdpError.notAuthorized("Access Token has been revoked");
            }
            String scope = stringClaim(claims.get(), "scope");
            String username = stringClaim(claims.get(), "username");
            if (scope == null
                    || !Arrays.asList(scope.split(" ")).contains(EmulatedUserPool.USER_ADMIN_SCOPE)
                    || username == null) {
                throw IdpError.notAuthorized("Access Token does not have required scopes");
            }
            PoolUser user = pool.users().find(username).orElseThrow(IdpError::userNotFound);
            if (!user.enabled()) {
                throw IdpError.notAuthorized("User is disabled.");
            }
            ObjectNode out = Json.object().put("Username", user.username());
            IdpShapes.attributes(out.putArray("UserAttributes"), user.attributes());
            return out;
        }
        throw IdpError.notAuthorized("Invalid Access Token");
    }

    /** {@code AdminUserGlobalSignOut}: every refresh token of the user revoked. */
    ObjectNode adminUserGlobalSignOut(IdpRequest request) {
        EmulatedUserPool pool = pools.pool(request);
        PoolUser user = pool.users().require(request.required("Username"));
        pool.sessions().revokeUser(user.username());
        return Json.object();
    }

    /**
     * The password flows: the user name (or an alias) and password, the {@code SECRET_HASH} of what was typed, then
     * the user's state, in Cognito's order: unknown, disabled, wrong password, unconfirmed, a temporary password.
     */
    private ObjectNode password(EmulatedUserPool pool, AppClientModel client, Map<String, String> parameters) {
        String username = parameter(parameters, "USERNAME");
        String password = parameter(parameters, "PASSWORD");
        IdpPools.checkSecretHash(client, username, parameters.get("SECRET_HASH"));
        Optional<PoolUser> found = pool.users().find(username);
        if (found.isEmpty()) {
            throw client.preventUserExistenceErrors()
                    ? IdpError.notAuthorized("Incorrect username or password.")
                    : IdpError.userNotFound();
        }
        PoolUser user = found.get();
        if (!user.enabled()) {
            throw IdpError.notAuthorized("User is disabled.");
        }
        if (!user.password().matches(password)) {
            throw IdpError.notAuthorized("Incorrect username or password.");
        }
        Instant now = pool.clock().instant();
        switch (user.status()) {
            case UNCONFIRMED -> throw new IdpError(IdpError.USER_NOT_CONFIRMED, "User is not confirmed.");
            case RESET_REQUIRED ->
                throw new IdpError(IdpError.PASSWORD_RESET_REQUIRED, "Password reset required for the user");
            case FORCE_CHANGE_PASSWORD -> {
                if (user.temporaryUntil() != null && !now.isBefore(user.temporaryUntil())) {
                    throw IdpError.notAuthorized(
                            "Temporary password has expired and must be reset by an administrator.");
                }
                Map<String, String> shown = new LinkedHashMap<>(user.attributes());
                shown.remove("sub");
                Map<String, String> challenge = new LinkedHashMap<>();
                challenge.put("USER_ID_FOR_SRP", user.username());
                challenge.put("requiredAttributes", "[]");
                challenge.put("userAttributes", Json.MAPPER.writeValueAsString(shown));
                String session = pool.sessions()
                        .challenge(
                                new AuthSessions.Challenge(
                                        NEW_PASSWORD_REQUIRED,
                                        client.clientId(),
                                        user.username(),
                                        now.plus(SESSION_VALIDITY)),
                                now);
                return IdpShapes.challenge(NEW_PASSWORD_REQUIRED, challenge, session);
            }
            case CONFIRMED -> {
                // fall through to the pool's MFA, then the tokens
            }
        }
        if (pool.model().config().mfaConfiguration().equals("ON")) {
            // MFA required and no user of the emulator has a factor: Cognito asks to set one up.
            String session = pool.sessions()
                    .challenge(
                            new AuthSessions.Challenge(
                                    "MFA_SETUP", client.clientId(), user.username(), now.plus(SESSION_VALIDITY)),
                            now);
            return IdpShapes.challenge("MFA_SETUP", Map.of("MFAS_CAN_SETUP", "[\"SOFTWARE_TOKEN_MFA\"]"), session);
        }
        return signedIn(pool, client, user);
    }

    /** A new sign-in of {@code user}: its tokens and a refresh token for the client's refresh-token validity. */
    private static ObjectNode signedIn(EmulatedUserPool pool, AppClientModel client, PoolUser user) {
        Instant now = pool.clock().instant();
        AuthSessions.Grant grant = new AuthSessions.Grant(
                client.clientId(),
                user.username(),
                UUID.randomUUID().toString(),
                UUID.randomUUID().toString(),
                now,
                now.plus(client.refreshTokenValidity()),
                false);
        String refreshToken = pool.sessions().issue(grant, now);
        return IdpShapes.authenticated(pool.userTokens(user, client, grant), refreshToken);
    }

    /**
     * {@code REFRESH_TOKEN_AUTH}: new ID and access tokens of the refresh token's sign-in, and no new refresh token.
     * Its {@code SECRET_HASH} is of the user's name in the pool, not of an alias (fidelity.md §8).
     */
    private static ObjectNode refresh(EmulatedUserPool pool, AppClientModel client, Map<String, String> parameters) {
        String token = parameter(parameters, "REFRESH_TOKEN");
        Optional<AuthSessions.Grant> found = pool.sessions().grant(token);
        if (found.isEmpty() || !found.get().clientId().equals(client.clientId())) {
            throw IdpError.notAuthorized("Invalid Refresh Token");
        }
        AuthSessions.Grant grant = found.get();
        IdpPools.checkSecretHash(client, grant.username(), parameters.get("SECRET_HASH"));
        if (grant.revoked()) {
            throw IdpError.notAuthorized("Refresh Token has been revoked");
        }
        if (!pool.clock().instant().isBefore(grant.expires())) {
            throw IdpError.notAuthorized("Refresh Token has expired");
        }
        PoolUser user =
                pool.users().find(grant.username()).orElseThrow(() -> IdpError.notAuthorized("User does not exist."));
        if (!user.enabled()) {
            throw IdpError.notAuthorized("User is disabled.");
        }
        return IdpShapes.authenticated(pool.userTokens(user, client, grant), null);
    }

    /** A flow of the model that the emulator does not play: refused as Cognito refuses it when not enabled. */
    private static ObjectNode notEmulated(AppClientModel client, String flow) {
        String allow = flow.equals("USER_SRP_AUTH") ? AppClientModel.ALLOW_USER_SRP_AUTH : "ALLOW_" + flow;
        if (!client.allows(allow)) {
            throw IdpError.invalidParameter(flow + " flow not enabled for this client");
        }
        throw IdpError.invalidParameter(flow + " is not emulated: sign in with USER_PASSWORD_AUTH or "
                + "ADMIN_USER_PASSWORD_AUTH (docs/emulator.md)");
    }

    private static String authFlow(IdpRequest request) {
        String flow = request.required("AuthFlow");
        if (!AUTH_FLOWS.contains(flow)) {
            throw enumValue(flow, "authFlow", AUTH_FLOWS);
        }
        return flow;
    }

    private static void requireFlow(AppClientModel client, String allow, String message) {
        if (!client.allows(allow)) {
            throw IdpError.invalidParameter(message);
        }
    }

    private static String parameter(Map<String, String> parameters, String name) {
        String value = parameters.get(name);
        if (value == null) {
            throw IdpError.invalidParameter("Missing required parameter " + name);
        }
        return value;
    }

    private static String stringClaim(JWTClaimsSet claims, String name) {
        return claims.getClaim(name) instanceof String s ? s : null;
    }

    static IdpError enumValue(String value, String member, List<String> values) {
        return IdpError.invalidParameter("1 validation error detected: Value '" + value + "' at '" + member
                + "' failed to satisfy constraint: Member must satisfy enum value set: " + values);
    }
}
