package dev.gatewaycli.emulator.model;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * An {@code AWS::Cognito::UserPoolClient} as the token endpoint needs it.
 *
 * @param logicalId                      the template's logical id
 * @param name                           {@code ClientName}, or the logical id when absent
 * @param clientId                       the emulated client id, 26 lowercase letters and digits
 * @param clientSecret                   the emulated secret; empty unless {@code GenerateSecret} (without a secret no
 *                                       client-credentials grant works)
 * @param allowedOAuthFlows              {@code AllowedOAuthFlows} ({@code client_credentials}, ...)
 * @param allowedOAuthFlowsUserPoolClient {@code AllowedOAuthFlowsUserPoolClient}; Cognito answers
 *                                       {@code invalid_grant} when it is false (FIDELITY.md §1)
 * @param allowedScopes                  {@code AllowedOAuthScopes}, full names
 * @param accessTokenValidity            {@code AccessTokenValidity} in {@code TokenValidityUnits}, 1 hour when absent
 * @param idTokenValidity                {@code IdTokenValidity} in {@code TokenValidityUnits}, 1 hour when absent
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
        Duration idTokenValidity) {

    public AppClientModel {
        allowedOAuthFlows = List.copyOf(allowedOAuthFlows);
        allowedScopes = List.copyOf(allowedScopes);
    }

    /** {@code GenerateSecret}: whether the client has a secret. */
    public boolean generateSecret() {
        return clientSecret.isPresent();
    }

    /** Never prints the secret. */
    @Override
    public String toString() {
        return "AppClientModel[" + name + ", clientId=" + clientId + ", scopes=" + allowedScopes + "]";
    }
}
