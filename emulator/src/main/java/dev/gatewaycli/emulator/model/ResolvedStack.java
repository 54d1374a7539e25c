package dev.gatewaycli.emulator.model;

import java.util.Map;

/**
 * A stack model with every intrinsic resolved against one {@link DeploymentIdentity}: what the emulator serves.
 *
 * @param stackName the CloudFormation stack name
 * @param userPool  the Cognito side
 * @param api       the API Gateway side
 * @param functions the functions the API's methods invoke, by logical id
 */
public record ResolvedStack(
        String stackName, UserPoolModel userPool, RestApiModel api, Map<String, FunctionModel> functions) {

    public ResolvedStack {
        functions = Map.copyOf(functions);
    }
}
