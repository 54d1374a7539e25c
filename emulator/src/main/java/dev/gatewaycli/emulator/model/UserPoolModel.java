package dev.gatewaycli.emulator.model;

import java.util.List;
import java.util.Optional;

/**
 * An {@code AWS::Cognito::UserPool} with what hangs off it: resource servers, app clients and the domain.
 *
 * @param stackName       the stack that defines it
 * @param logicalId       the template's logical id
 * @param name            {@code UserPoolName}, or the logical id when absent
 * @param userPoolId      the emulated pool id, {@code <region>_<9 letters/digits>}
 * @param region          the stack's Region, the one in the pool id, its ARN and its issuer
 * @param accountId       the stack's account
 * @param resourceServers the pool's resource servers and their scopes
 * @param clients         the pool's app clients, in template order (a pool may have none)
 * @param domainPrefix    {@code AWS::Cognito::UserPoolDomain} {@code Domain}, when the assembly has one
 * @param config          how its users sign in, their passwords and attributes
 */
public record UserPoolModel(
        String stackName,
        String logicalId,
        String name,
        String userPoolId,
        String region,
        String accountId,
        List<ResourceServerModel> resourceServers,
        List<AppClientModel> clients,
        Optional<String> domainPrefix,
        UserPoolConfig config) {

    public UserPoolModel {
        resourceServers = List.copyOf(resourceServers);
        clients = List.copyOf(clients);
    }

    /** {@code arn:aws:cognito-idp:<region>:<account>:userpool/<poolId>}, what an authorizer's ProviderARNs name. */
    public String arn() {
        return "arn:" + Partitions.partition(region) + ":cognito-idp:" + region + ":" + accountId + ":userpool/"
                + userPoolId;
    }
}
