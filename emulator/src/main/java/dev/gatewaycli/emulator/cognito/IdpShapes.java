package dev.gatewaycli.emulator.cognito;

import dev.gatewaycli.emulator.http.Json;
import dev.gatewaycli.emulator.model.AppClientModel;
import dev.gatewaycli.emulator.model.TokenValidity;
import dev.gatewaycli.emulator.model.UserPoolConfig;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The Identity Provider API's answers in the service model's shapes ({@code UserType}, {@code UserPoolType},
 * {@code UserPoolClientType}, {@code AuthenticationResultType}, ...): members in PascalCase, dates as epoch seconds,
 * absent members left out rather than null (docs/fidelity.md §8).
 */
final class IdpShapes {

    private IdpShapes() {}

    /** Epoch seconds with a fraction, as the JSON 1.1 protocol writes a timestamp. */
    static double date(Instant instant) {
        return instant.getEpochSecond() + instant.getNano() / 1e9;
    }

    static ArrayNode attributes(ArrayNode into, Map<String, String> attributes) {
        attributes.forEach((name, value) -> into.addObject().put("Name", name).put("Value", value));
        return into;
    }

    /** {@code UserType}, what {@code AdminCreateUser} answers. */
    static ObjectNode user(PoolUser user) {
        ObjectNode out = Json.object().put("Username", user.username());
        attributes(out.putArray("Attributes"), user.attributes());
        return out.put("UserCreateDate", date(user.created()))
                .put("UserLastModifiedDate", date(user.modified()))
                .put("Enabled", user.enabled())
                .put("UserStatus", user.status().name());
    }

    /** {@code AdminGetUser}'s answer: the user, its attributes as {@code UserAttributes}. */
    static ObjectNode adminGetUser(PoolUser user) {
        ObjectNode out = Json.object().put("Username", user.username());
        attributes(out.putArray("UserAttributes"), user.attributes());
        return out.put("UserCreateDate", date(user.created()))
                .put("UserLastModifiedDate", date(user.modified()))
                .put("Enabled", user.enabled())
                .put("UserStatus", user.status().name());
    }

    /** {@code UserPoolType}. */
    static ObjectNode pool(EmulatedUserPool pool) {
        UserPoolConfig config = pool.model().config();
        UserPoolConfig.PasswordPolicy policy = config.passwordPolicy();
        ObjectNode out = Json.object()
                .put("Id", pool.userPoolId())
                .put("Name", pool.model().name());
        out.putObject("Policies")
                .putObject("PasswordPolicy")
                .put("MinimumLength", policy.minimumLength())
                .put("RequireUppercase", policy.requireUppercase())
                .put("RequireLowercase", policy.requireLowercase())
                .put("RequireNumbers", policy.requireNumbers())
                .put("RequireSymbols", policy.requireSymbols())
                .put("TemporaryPasswordValidityDays", policy.temporaryPasswordValidityDays());
        out.put("DeletionProtection", "INACTIVE");
        out.putObject("LambdaConfig");
        out.put("LastModifiedDate", date(pool.created())).put("CreationDate", date(pool.created()));
        strings(out, "AutoVerifiedAttributes", config.autoVerifiedAttributes());
        strings(out, "UsernameAttributes", config.usernameAttributes());
        strings(out, "AliasAttributes", config.aliasAttributes());
        out.put("MfaConfiguration", config.mfaConfiguration())
                .put("EstimatedNumberOfUsers", pool.users().size());
        out.putObject("AdminCreateUserConfig")
                .put("AllowAdminCreateUserOnly", config.allowAdminCreateUserOnly())
                .put("UnusedAccountValidityDays", policy.temporaryPasswordValidityDays());
        out.putObject("UsernameConfiguration").put("CaseSensitive", config.caseSensitive());
        pool.model().domainPrefix().ifPresent(domain -> out.put("Domain", domain));
        return out.put("Arn", pool.model().arn());
    }

    /** {@code UserPoolDescriptionType}, an entry of {@code ListUserPools}. */
    static ObjectNode poolDescription(EmulatedUserPool pool) {
        ObjectNode out = Json.object()
                .put("Id", pool.userPoolId())
                .put("Name", pool.model().name());
        out.putObject("LambdaConfig");
        return out.put("LastModifiedDate", date(pool.created())).put("CreationDate", date(pool.created()));
    }

    /** {@code UserPoolClientType}, with the secret: what {@code DescribeUserPoolClient} answers. */
    static ObjectNode client(EmulatedUserPool pool, AppClientModel client) {
        ObjectNode out = Json.object()
                .put("UserPoolId", pool.userPoolId())
                .put("ClientName", client.name())
                .put("ClientId", client.clientId());
        client.clientSecret().ifPresent(secret -> out.put("ClientSecret", secret));
        Instant created = pool.created(client);
        AppClientModel.ValidityUnits units = client.validityUnits();
        out.put("LastModifiedDate", date(created))
                .put("CreationDate", date(created))
                .put("RefreshTokenValidity", TokenValidity.in(client.refreshTokenValidity(), units.refreshToken()))
                .put("AccessTokenValidity", TokenValidity.in(client.accessTokenValidity(), units.accessToken()))
                .put("IdTokenValidity", TokenValidity.in(client.idTokenValidity(), units.idToken()));
        out.putObject("TokenValidityUnits")
                .put("AccessToken", units.accessToken())
                .put("IdToken", units.idToken())
                .put("RefreshToken", units.refreshToken());
        strings(out, "ExplicitAuthFlows", client.explicitAuthFlows());
        strings(out, "SupportedIdentityProviders", client.supportedIdentityProviders());
        strings(out, "CallbackURLs", client.callbackUrls());
        strings(out, "LogoutURLs", client.logoutUrls());
        strings(out, "AllowedOAuthFlows", client.allowedOAuthFlows());
        strings(out, "AllowedOAuthScopes", client.allowedScopes());
        return out.put("AllowedOAuthFlowsUserPoolClient", client.allowedOAuthFlowsUserPoolClient())
                .put("PreventUserExistenceErrors", client.preventUserExistenceErrors() ? "ENABLED" : "LEGACY")
                .put("EnableTokenRevocation", client.enableTokenRevocation())
                .put("EnablePropagateAdditionalUserContextData", false)
                .put("AuthSessionValidity", 3);
    }

    /** {@code UserPoolClientDescription}, an entry of {@code ListUserPoolClients}. */
    static ObjectNode clientDescription(EmulatedUserPool pool, AppClientModel client) {
        return Json.object()
                .put("ClientId", client.clientId())
                .put("UserPoolId", pool.userPoolId())
                .put("ClientName", client.name());
    }

    /** {@code {"AuthenticationResult":{…},"ChallengeParameters":{}}}; no refresh token after a refresh. */
    static ObjectNode authenticated(EmulatedUserPool.UserTokens tokens, String refreshToken) {
        ObjectNode out = Json.object();
        ObjectNode result = out.putObject("AuthenticationResult")
                .put("AccessToken", tokens.accessToken())
                .put("ExpiresIn", tokens.expiresIn())
                .put("IdToken", tokens.idToken());
        if (refreshToken != null) {
            result.put("RefreshToken", refreshToken);
        }
        result.put("TokenType", "Bearer");
        out.putObject("ChallengeParameters");
        return out;
    }

    /** A challenge instead of tokens: its name, parameters and the session that answers it. */
    static ObjectNode challenge(String name, Map<String, String> parameters, String session) {
        ObjectNode out = Json.object().put("ChallengeName", name).put("Session", session);
        ObjectNode params = out.putObject("ChallengeParameters");
        parameters.forEach(params::put);
        return out;
    }

    private static void strings(ObjectNode out, String member, List<String> values) {
        if (!values.isEmpty()) {
            values.forEach(out.putArray(member)::add);
        }
    }
}
