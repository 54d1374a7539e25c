package dev.gatewaycli.emulator.model;

import java.util.List;

/**
 * An {@code AWS::Cognito::UserPoolResourceServer}: the identifier and the custom scopes it defines.
 *
 * @param identifier the identifier, the prefix of its scopes ({@code users})
 * @param name       the display name
 * @param scopes     full scope names, {@code identifier/scopeName} ({@code users/read-only})
 */
public record ResourceServerModel(String identifier, String name, List<String> scopes) {

    public ResourceServerModel {
        scopes = List.copyOf(scopes);
    }
}
