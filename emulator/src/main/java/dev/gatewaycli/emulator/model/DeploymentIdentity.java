package dev.gatewaycli.emulator.model;

import java.util.Objects;

/**
 * The physical names a deployment would give the stack's resources, chosen by the emulator at start (generated in
 * Cognito's and API Gateway's shapes, or fixed by settings). {@code Ref}, {@code Fn::GetAtt} and the pseudo parameters
 * of the template resolve to these, so an environment variable holding {@code {"Ref": "UserPool"}} sees the emulated
 * pool id.
 *
 * @param region     {@code AWS::Region}
 * @param accountId  {@code AWS::AccountId}
 * @param userPoolId the pool id, {@code <region>_<9 letters/digits>}
 * @param clientId   the app client id, 26 lowercase letters and digits
 * @param apiId      the REST API id, 10 lowercase letters and digits
 */
public record DeploymentIdentity(String region, String accountId, String userPoolId, String clientId, String apiId) {

    public DeploymentIdentity {
        Objects.requireNonNull(region, "region cannot be null");
        Objects.requireNonNull(accountId, "accountId cannot be null");
        Objects.requireNonNull(userPoolId, "userPoolId cannot be null");
        Objects.requireNonNull(clientId, "clientId cannot be null");
        Objects.requireNonNull(apiId, "apiId cannot be null");
    }

    /** Placeholder identity used to validate a model when it is loaded, before any emulator has chosen its ids. */
    static DeploymentIdentity placeholder() {
        return new DeploymentIdentity(
                "us-east-1", "123456789012", "us-east-1_AbCdEf123", "placeholderclientid0000000", "abcdef1234");
    }
}
