package dev.gatewaycli.cli.deploy;

import java.net.URI;
import picocli.CommandLine.Option;

/**
 * Which AWS identity and Region a life-cycle command uses. Credentials always come from the AWS SDK's chain (the
 * same as the CDK CLI's: environment, profiles, SSO, instance roles), never from gateway-cli's own config file, so
 * {@code --aws-profile} is distinct from gateway-cli's {@code --profile}.
 */
public final class AwsOptions {

    /** Testing and private endpoints (LocalStack, WireMock): every AWS SDK call goes to this URL. */
    public static final String ENV_ENDPOINT = "GATEWAY_AWS_ENDPOINT";

    @Option(
            names = "--aws-profile",
            paramLabel = "NAME",
            description = "AWS named profile (~/.aws/config), passed to the CDK CLI as --profile (default: "
                    + "$AWS_PROFILE, else the SDK's default chain).")
    String awsProfile;

    @Option(
            names = "--region",
            paramLabel = "REGION",
            description = "AWS Region, e.g. eu-west-1 (passed to the CDK CLI as AWS_REGION; default: $AWS_REGION, "
                    + "$AWS_DEFAULT_REGION, else the profile's).")
    String region;

    @Option(
            names = "--endpoint-url",
            paramLabel = "URL",
            hidden = true,
            description = "Send every AWS SDK call to URL (env GATEWAY_AWS_ENDPOINT); for tests and emulators.")
    URI endpointUrl;

    public String awsProfile() {
        return awsProfile;
    }

    public String region() {
        return region;
    }

    public URI endpointUrl() {
        return endpointUrl;
    }
}
