package dev.gatewaycli.emulator.model;

import java.time.Duration;
import java.util.List;

/**
 * An {@code AWS::Cognito::UserPoolClient} as the token endpoint needs it.
 *
 * @param logicalId                      the template's logical id
 * @param name                           {@code ClientName}, or the logical id when absent
 * @param allowedOAuthFlows              {@code AllowedOAuthFlows} ({@code client_credentials}, ...)
 * @param allowedOAuthFlowsUserPoolClient {@code AllowedOAuthFlowsUserPoolClient}; Cognito answers
 *                                       {@code invalid_grant} when it is false (FIDELITY.md §1)
 * @param allowedScopes                  {@code AllowedOAuthScopes}, full names
 * @param generateSecret                 {@code GenerateSecret}; without a secret no client-credentials grant works
 * @param accessTokenValidity            {@code AccessTokenValidity} in {@code TokenValidityUnits}, 1 hour when absent
 * @param idTokenValidity                {@code IdTokenValidity} in {@code TokenValidityUnits}, 1 hour when absent
 */
public record AppClientModel(
        String logicalId,
        String name,
        List<String> allowedOAuthFlows,
        boolean allowedOAuthFlowsUserPoolClient,
        List<String> allowedScopes,
        boolean generateSecret,
        Duration accessTokenValidity,
        Duration idTokenValidity) {

    public AppClientModel {
        allowedOAuthFlows = List.copyOf(allowedOAuthFlows);
        allowedScopes = List.copyOf(allowedScopes);
    }
}
