package dev.gatewaycli.emulator.model;

import java.util.Map;
import java.util.Objects;

/**
 * What reading a model for one run needs besides the templates: the account and Region of stacks whose cloud assembly
 * does not pin them, the values of template parameters, and the physical ids.
 *
 * @param region             {@code AWS::Region} of environment-agnostic stacks
 * @param accountId          {@code AWS::AccountId} of environment-agnostic stacks
 * @param parameterOverrides template parameter values by name, for every stack that declares the name; each must
 *                           name a parameter of some stack
 * @param ids                the physical ids of pools, clients, APIs and keys
 * @param sharedParameters   values for template parameters of these names where a stack declares one, beneath the
 *                           overrides; names no stack declares are not an error (the {@code Parameters} object of an
 *                           {@code --env-vars} file, which also holds every function's environment variables)
 */
public record Deployment(
        String region,
        String accountId,
        Map<String, String> parameterOverrides,
        PhysicalIds ids,
        Map<String, String> sharedParameters) {

    public Deployment {
        Objects.requireNonNull(region, "region cannot be null");
        Objects.requireNonNull(accountId, "accountId cannot be null");
        parameterOverrides =
                Map.copyOf(Objects.requireNonNull(parameterOverrides, "parameterOverrides cannot be null"));
        Objects.requireNonNull(ids, "ids cannot be null");
        sharedParameters = Map.copyOf(Objects.requireNonNull(sharedParameters, "sharedParameters cannot be null"));
    }

    /** No shared parameters. */
    public Deployment(String region, String accountId, Map<String, String> parameterOverrides, PhysicalIds ids) {
        this(region, accountId, parameterOverrides, ids, Map.of());
    }

    /** The value a parameter of this name gets from the deployment, or null: an override, else a shared value. */
    String parameterValue(String name) {
        String value = parameterOverrides.get(name);
        return value != null ? value : sharedParameters.get(name);
    }

    /** {@code region} and {@code accountId}, no overrides, ids derived from a fixed seed. */
    public static Deployment of(String region, String accountId) {
        return new Deployment(region, accountId, Map.of(), PhysicalIds.derived("gateway-cli"));
    }
}
