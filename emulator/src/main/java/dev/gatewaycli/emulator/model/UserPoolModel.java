package dev.gatewaycli.emulator.model;

import java.util.List;
import java.util.Optional;

/**
 * The {@code AWS::Cognito::UserPool} with what hangs off it: resource servers, the one app client and the domain.
 *
 * @param logicalId       the template's logical id
 * @param name            {@code UserPoolName}, or the logical id when absent
 * @param resourceServers the pool's resource servers and their scopes
 * @param client          the app client the emulator issues tokens for
 * @param domainPrefix    {@code AWS::Cognito::UserPoolDomain} {@code Domain}, when the template has one
 */
public record UserPoolModel(
        String logicalId,
        String name,
        List<ResourceServerModel> resourceServers,
        AppClientModel client,
        Optional<String> domainPrefix) {

    public UserPoolModel {
        resourceServers = List.copyOf(resourceServers);
    }
}
