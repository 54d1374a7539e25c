package dev.gatewaycli.emulator.model;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * An {@code AWS::Cognito::UserPoolClient} (or a client {@code CreateUserPoolClient} made at run time) as the token
 * endpoint and the Identity Provider API need it.
 *
 * @param logicalId                      the template's logical id (for a client made at run time, its name)
 * @param name                           {@code ClientName}, or the logical id when absent
 * @param clientId                       the emulated client id, 26 lowercase letters and digits
 * @param clientSecret                   the emulated secret; empty unless {@code GenerateSecret} (without a secret no
 *                                       client-credentials grant works)
 * @param allowedOAuthFlows              {@code AllowedOAuthFlows} ({@code client_credentials}, ...)
 * @param allowedOAuthFlowsUserPoolClient {@code AllowedOAuthFlowsUserPoolClient}; Cognito answers
 *                                       {@code invalid_grant} when it is false (fidelity.md §1)
 * @param allowedScopes                  {@code AllowedOAuthScopes}, full names
 * @param accessTokenValidity            {@code AccessTokenValidity} in {@code TokenValidityUnits}, 1 hour when absent
 * @param idTokenValidity                {@code IdTokenValidity} in {@code TokenValidityUnits}, 1 hour when absent
 * @param refreshTokenValidity           {@code RefreshTokenValidity} in {@code TokenValidityUnits}, 30 days when absent
 * @param validityUnits                  the units the three validities are given in (what DescribeUserPoolClient says)
 * @param explicitAuthFlows              {@code ExplicitAuthFlows} as given, Cognito's {@link #DEFAULT_AUTH_FLOWS} when
 *                                       absent
 * @param preventUserExistenceErrors     {@code PreventUserExistenceErrors} {@code ENABLED}: an unknown user is
 *                                       refused like a wrong password ({@code LEGACY}, the default, says so)
 * @param enableTokenRevocation          {@code EnableTokenRevocation}, true when absent
 * @param callbackUrls                   {@code CallbackURLs}
 * @param logoutUrls                     {@code LogoutURLs}
 * @param supportedIdentityProviders     {@code SupportedIdentityProviders}
 */
public record AppClientModel(
        String logicalId,
        String name,
        String clientId,
        Optional<String> clientSecret,
        List<String> allowedOAuthFlows,
        boolean allowedOAuthFlowsUserPoolClient,
        List<String> allowedScopes,
        Duration accessTokenValidity,
        Duration idTokenValidity,
        Duration refreshTokenValidity,
        ValidityUnits validityUnits,
        List<String> explicitAuthFlows,
        boolean preventUserExistenceErrors,
        boolean enableTokenRevocation,
        List<String> callbackUrls,
        List<String> logoutUrls,
        List<String> supportedIdentityProviders) {

    /** The password flow of {@code InitiateAuth} ({@code USER_PASSWORD_AUTH}). */
    public static final String ALLOW_USER_PASSWORD_AUTH = "ALLOW_USER_PASSWORD_AUTH";

    /** The password flow of {@code AdminInitiateAuth} ({@code ADMIN_USER_PASSWORD_AUTH}). */
    public static final String ALLOW_ADMIN_USER_PASSWORD_AUTH = "ALLOW_ADMIN_USER_PASSWORD_AUTH";

    public static final String ALLOW_REFRESH_TOKEN_AUTH = "ALLOW_REFRESH_TOKEN_AUTH";
    public static final String ALLOW_USER_SRP_AUTH = "ALLOW_USER_SRP_AUTH";
    public static final String ALLOW_CUSTOM_AUTH = "ALLOW_CUSTOM_AUTH";
    public static final String ALLOW_USER_AUTH = "ALLOW_USER_AUTH";

    /**
     * A client without {@code ExplicitAuthFlows} "supports ALLOW_REFRESH_TOKEN_AUTH, ALLOW_USER_SRP_AUTH, and
     * ALLOW_CUSTOM_AUTH" (API reference, UserPoolClientType): no password sign-in.
     */
    public static final List<String> DEFAULT_AUTH_FLOWS =
            List.of(ALLOW_REFRESH_TOKEN_AUTH, ALLOW_USER_SRP_AUTH, ALLOW_CUSTOM_AUTH);

    private static final Set<String> ALLOW_FLOWS = Set.of(
            ALLOW_USER_PASSWORD_AUTH,
            ALLOW_ADMIN_USER_PASSWORD_AUTH,
            ALLOW_REFRESH_TOKEN_AUTH,
            ALLOW_USER_SRP_AUTH,
            ALLOW_CUSTOM_AUTH,
            ALLOW_USER_AUTH);

    /** The names before the {@code ALLOW_} ones, which may not be mixed with them (API reference, same type). */
    private static final Set<String> LEGACY_FLOWS =
            Set.of("ADMIN_NO_SRP_AUTH", "USER_PASSWORD_AUTH", "CUSTOM_AUTH_FLOW_ONLY");

    /** The units of a client's three token validities, lower case. */
    public record ValidityUnits(String accessToken, String idToken, String refreshToken) {

        /** Cognito's when {@code TokenValidityUnits} is absent: hours, hours and days. */
        public static final ValidityUnits DEFAULT = new ValidityUnits("hours", "hours", "days");
    }

    public AppClientModel {
        allowedOAuthFlows = List.copyOf(allowedOAuthFlows);
        allowedScopes = List.copyOf(allowedScopes);
        explicitAuthFlows = List.copyOf(explicitAuthFlows);
        callbackUrls = List.copyOf(callbackUrls);
        logoutUrls = List.copyOf(logoutUrls);
        supportedIdentityProviders = List.copyOf(supportedIdentityProviders);
    }

    /** {@code GenerateSecret}: whether the client has a secret. */
    public boolean generateSecret() {
        return clientSecret.isPresent();
    }

    /**
     * Whether the client allows {@code flow}, one of the {@code ALLOW_} names: the refresh flow always (Cognito turns
     * it on for every client), the old names read as the {@code ALLOW_} ones they stand for.
     */
    public boolean allows(String flow) {
        return allowedFlows(explicitAuthFlows).contains(flow);
    }

    /**
     * The {@code ALLOW_} flows {@code given} stand for, or an {@link IllegalArgumentException} saying why Cognito
     * refuses them: an unknown name, or old and new names mixed.
     */
    public static Set<String> allowedFlows(List<String> given) {
        Set<String> out = new LinkedHashSet<>();
        boolean legacy = false;
        boolean modern = false;
        for (String flow : given) {
            if (ALLOW_FLOWS.contains(flow)) {
                modern = true;
                out.add(flow);
            } else if (LEGACY_FLOWS.contains(flow)) {
                legacy = true;
                out.add(
                        switch (flow) {
                            case "ADMIN_NO_SRP_AUTH" -> ALLOW_ADMIN_USER_PASSWORD_AUTH;
                            case "USER_PASSWORD_AUTH" -> ALLOW_USER_PASSWORD_AUTH;
                            default -> ALLOW_CUSTOM_AUTH;
                        });
            } else {
                throw new IllegalArgumentException("'" + flow + "' is not an ExplicitAuthFlowsType");
            }
        }
        if (legacy && modern) {
            throw new IllegalArgumentException(
                    "ExplicitAuthFlows mixes values with the ALLOW_ prefix and values without it");
        }
        if (legacy && !given.contains("CUSTOM_AUTH_FLOW_ONLY")) {
            // Before the ALLOW_ names, SRP was always on unless a client was limited to the custom flow.
            out.add(ALLOW_USER_SRP_AUTH);
        }
        out.add(ALLOW_REFRESH_TOKEN_AUTH);
        return out;
    }

    /** Never prints the secret. */
    @Override
    public String toString() {
        return "AppClientModel[" + name + ", clientId=" + clientId + ", scopes=" + allowedScopes + "]";
    }
}
