package dev.gatewaycli.emulator.model;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A model with every intrinsic resolved for one deployment: what the emulator serves, the resources of every stack
 * it emulates, each kind in stack order and then template order.
 *
 * @param stackNames the CloudFormation names of the emulated stacks
 * @param userPools  the user pools (maybe none)
 * @param apis       the REST APIs (maybe none)
 * @param functions  the functions that methods and authorizers invoke, by ARN
 * @param apiKeys    the API keys
 * @param usagePlans the usage plans
 */
public record ResolvedModel(
        List<String> stackNames,
        List<UserPoolModel> userPools,
        List<RestApiModel> apis,
        Map<String, FunctionModel> functions,
        List<ApiKeyModel> apiKeys,
        List<UsagePlanModel> usagePlans) {

    public ResolvedModel {
        stackNames = List.copyOf(stackNames);
        userPools = List.copyOf(userPools);
        apis = List.copyOf(apis);
        functions = Collections.unmodifiableMap(new LinkedHashMap<>(functions));
        apiKeys = List.copyOf(apiKeys);
        usagePlans = List.copyOf(usagePlans);
    }

    /** The first emulated stack's name. */
    public String stackName() {
        return stackNames.get(0);
    }
}
