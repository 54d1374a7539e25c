package dev.gatewaycli.emulator.cognito;

import dev.gatewaycli.emulator.model.AppClientModel;
import dev.gatewaycli.emulator.model.ResourceServerModel;
import dev.gatewaycli.emulator.model.TokenValidity;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * App clients made at run time, as {@code CreateUserPoolClient} makes them: a new id (and secret), Cognito's defaults
 * for what the request leaves out, and its refusals of what it cannot have (docs/fidelity.md §8,
 * "CreateUserPoolClient"). The client is then the pool's like any of the template's: the token endpoint, the
 * authorizer and the Identity Provider API serve it.
 */
public final class AppClients {

    /** {@code ClientNameType}. */
    private static final Pattern CLIENT_NAME = Pattern.compile("[\\w\\s+=,.@-]{1,128}");

    private static final List<String> OAUTH_FLOWS = List.of("code", "implicit", "client_credentials");

    /** The scopes every pool has besides its resource servers' (Cognito developer guide, "Scopes"). */
    private static final Set<String> STANDARD_SCOPES =
            Set.of("phone", "email", "openid", "profile", EmulatedUserPool.USER_ADMIN_SCOPE);

    private AppClients() {}

    /**
     * A client for people added to {@code pool}: {@code name}, a secret if asked, the {@code explicitAuthFlows}
     * (Cognito's defaults when null), no OAuth flows, the default token validities.
     *
     * @throws IllegalArgumentException when Cognito would refuse the client (a bad name, an unknown flow)
     */
    public static AppClientModel create(
            EmulatedUserPool pool, String name, boolean generateSecret, List<String> explicitAuthFlows) {
        try {
            AppClientModel client = build(
                    pool,
                    new Spec(
                            name,
                            generateSecret,
                            explicitAuthFlows,
                            List.of(),
                            false,
                            List.of(),
                            null,
                            null,
                            null,
                            null,
                            List.of(),
                            List.of(),
                            List.of(),
                            false,
                            true));
            pool.addClient(client);
            return client;
        } catch (IdpError e) {
            throw new IllegalArgumentException(e.type() + ": " + e.getMessage(), e);
        }
    }

    /** {@code CreateUserPoolClient}'s request, checked and added to the pool. */
    static AppClientModel create(EmulatedUserPool pool, IdpRequest request) {
        String existence = request.string("PreventUserExistenceErrors");
        if (existence != null && !existence.equals("LEGACY") && !existence.equals("ENABLED")) {
            throw SignIns.enumValue(existence, "preventUserExistenceErrors", List.of("LEGACY", "ENABLED"));
        }
        AppClientModel client = build(
                pool,
                new Spec(
                        request.required("ClientName"),
                        Boolean.TRUE.equals(request.bool("GenerateSecret")),
                        request.strings("ExplicitAuthFlows"),
                        orEmpty(request.strings("AllowedOAuthFlows")),
                        Boolean.TRUE.equals(request.bool("AllowedOAuthFlowsUserPoolClient")),
                        orEmpty(request.strings("AllowedOAuthScopes")),
                        request.integer("AccessTokenValidity"),
                        request.integer("IdTokenValidity"),
                        request.integer("RefreshTokenValidity"),
                        request.object("TokenValidityUnits"),
                        orEmpty(request.strings("CallbackURLs")),
                        orEmpty(request.strings("LogoutURLs")),
                        orEmpty(request.strings("SupportedIdentityProviders")),
                        "ENABLED".equals(existence),
                        !Boolean.FALSE.equals(request.bool("EnableTokenRevocation"))));
        pool.addClient(client);
        return client;
    }

    /** The members of {@code CreateUserPoolClient} the emulator reads; null where the request leaves one out. */
    private record Spec(
            String name,
            boolean generateSecret,
            List<String> explicitAuthFlows,
            List<String> oauthFlows,
            boolean oauthFlowsEnabled,
            List<String> scopes,
            Integer accessValidity,
            Integer idValidity,
            Integer refreshValidity,
            JsonNode units,
            List<String> callbackUrls,
            List<String> logoutUrls,
            List<String> identityProviders,
            boolean preventUserExistenceErrors,
            boolean enableTokenRevocation) {}

    private static AppClientModel build(EmulatedUserPool pool, Spec spec) {
        String name = spec.name();
        boolean generateSecret = spec.generateSecret();
        List<String> explicitAuthFlows = spec.explicitAuthFlows();
        List<String> oauthFlows = spec.oauthFlows();
        List<String> scopes = spec.scopes();
        JsonNode units = spec.units();
        if (!CLIENT_NAME.matcher(name).matches()) {
            throw IdpError.invalidParameter("1 validation error detected: Value '" + name + "' at 'clientName' failed "
                    + "to satisfy constraint: Member must satisfy regular expression pattern: [\\w\\s+=,.@-]+");
        }
        List<String> authFlows = explicitAuthFlows == null ? AppClientModel.DEFAULT_AUTH_FLOWS : explicitAuthFlows;
        try {
            AppClientModel.allowedFlows(authFlows);
        } catch (IllegalArgumentException e) {
            throw IdpError.invalidParameter(e.getMessage());
        }
        for (String flow : oauthFlows) {
            if (!OAUTH_FLOWS.contains(flow)) {
                throw SignIns.enumValue(flow, "allowedOAuthFlows", OAUTH_FLOWS);
            }
        }
        if (oauthFlows.contains("client_credentials")) {
            if (!generateSecret) {
                throw new IdpError(
                        IdpError.INVALID_OAUTH_FLOW,
                        "client_credentials flow can not be selected if client does not have a client secret.");
            }
            if (oauthFlows.contains("code") || oauthFlows.contains("implicit")) {
                throw new IdpError(
                        IdpError.INVALID_OAUTH_FLOW,
                        "client_credentials flow can not be selected along with code flow or implicit flow.");
            }
        }
        List<String> known = new ArrayList<>(STANDARD_SCOPES);
        for (ResourceServerModel server : pool.model().resourceServers()) {
            known.addAll(server.scopes());
        }
        for (String scope : scopes) {
            if (!known.contains(scope)) {
                throw new IdpError(IdpError.SCOPE_DOES_NOT_EXIST, "Invalid scope requested: " + scope);
            }
        }
        AppClientModel.ValidityUnits defaults = AppClientModel.ValidityUnits.DEFAULT;
        AppClientModel.ValidityUnits validityUnits = new AppClientModel.ValidityUnits(
                unit(units, "AccessToken", defaults.accessToken()),
                unit(units, "IdToken", defaults.idToken()),
                unit(units, "RefreshToken", defaults.refreshToken()));
        return new AppClientModel(
                name,
                name,
                Identifiers.clientId(),
                generateSecret ? Optional.of(Identifiers.clientSecret()) : Optional.empty(),
                oauthFlows,
                spec.oauthFlowsEnabled(),
                scopes,
                validity(spec.accessValidity(), validityUnits.accessToken(), TokenValidity.ACCESS, "Access"),
                validity(spec.idValidity(), validityUnits.idToken(), TokenValidity.ID, "Id"),
                validity(spec.refreshValidity(), validityUnits.refreshToken(), TokenValidity.REFRESH, "Refresh"),
                validityUnits,
                authFlows,
                spec.preventUserExistenceErrors(),
                spec.enableTokenRevocation(),
                spec.callbackUrls(),
                spec.logoutUrls(),
                spec.identityProviders());
    }

    private static String unit(JsonNode units, String member, String absent) {
        JsonNode value = units == null ? null : units.get(member);
        if (value == null || value.isNull()) {
            return absent;
        }
        String unit = value.isString() ? value.asString().toLowerCase(Locale.ROOT) : "";
        if (!List.of("seconds", "minutes", "hours", "days").contains(unit)) {
            throw SignIns.enumValue(
                    value.toString(),
                    "tokenValidityUnits." + IdpRequest.camel(member),
                    List.of("seconds", "minutes", "hours", "days"));
        }
        return unit;
    }

    private static Duration validity(Integer amount, String unit, TokenValidity kind, String token) {
        if (amount == null) {
            return kind.absent();
        }
        Duration duration = TokenValidity.duration(amount, unit);
        if (!kind.allows(duration)) {
            throw IdpError.invalidParameter(token + " token validity must be between " + kind.min() + " and "
                    + kind.max() + ", not " + amount + " " + unit);
        }
        return duration;
    }

    private static List<String> orEmpty(List<String> values) {
        return values == null ? List.of() : values;
    }
}
