package dev.gatewaycli.emulator.model;

/**
 * An {@code AWS::ApiGateway::ApiKey}.
 *
 * @param stackName the stack that defines it
 * @param logicalId the template's logical id
 * @param name      {@code Name}, or {@code <stack>-<logicalId>} as CloudFormation would generate one
 * @param id        the emulated key id, 10 lowercase letters and digits
 * @param value     {@code Value}, or one generated in API Gateway's shape (40 letters and digits)
 * @param enabled   {@code Enabled} (false when absent, as in CloudFormation): a disabled key is valid nowhere
 */
public record ApiKeyModel(String stackName, String logicalId, String name, String id, String value, boolean enabled) {

    /** Never prints the value. */
    @Override
    public String toString() {
        return "ApiKeyModel[" + name + ", id=" + id + ", enabled=" + enabled + "]";
    }
}
