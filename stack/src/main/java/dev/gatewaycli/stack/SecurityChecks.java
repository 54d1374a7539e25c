package dev.gatewaycli.stack;

import io.github.cdklabs.cdknag.AwsSolutionsChecks;
import io.github.cdklabs.cdknag.NagPackProps;
import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import java.util.List;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Aspects;
import software.constructs.IConstruct;

/**
 * cdk-nag's AwsSolutions pack on every synthesis, and the findings this stack accepts, each with its reason. What was
 * worth fixing is fixed in {@link GatewayStack} instead: password policy (COG1), request validation (APIG2), stage
 * access logs (APIG1), execution logging (APIG6), a function role scoped to its own log group (IAM4).
 */
final class SecurityChecks {

    private SecurityChecks() {}

    /** Errors fail {@code cdk synth} and the build (see ModelExport); warnings are printed. */
    static void applyTo(App app) {
        Aspects.of(app)
                .add(new AwsSolutionsChecks(NagPackProps.builder().verbose(true).build()));
    }

    static void acceptFindings(GatewayStack stack) {
        accept(
                stack.userPool(),
                suppression(
                        "AwsSolutions-COG2",
                        "No person signs in to this pool: its only client uses the OAuth2 "
                                + "client-credentials grant, where MFA does not apply."),
                suppression(
                        "AwsSolutions-COG3",
                        "Threat protection (advanced security) watches user sign-ins; the pool "
                                + "has no users, only a client-credentials app client, and the feature needs the paid Plus tier."));
        accept(
                stack.function(),
                suppression(
                        "AwsSolutions-L1",
                        "java21 is the runtime this project deploys and tests the handler on "
                                + "(docs/fidelity.md §3); moving to a newer Java runtime is a deliberate, tested change."));
        accept(
                stack.api().getNode().findChild("CloudWatchRole"),
                NagPackSuppression.builder()
                        .id("AwsSolutions-IAM4")
                        .reason("The account-wide role API Gateway writes execution logs with: AWS documents this "
                                + "managed policy for it, and API Gateway creates the log groups itself, so their "
                                + "names are not known to scope a policy to.")
                        .appliesTo(
                                List.of(
                                        "Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs"))
                        .build());
        accept(
                stack.api().getDeploymentStage(),
                suppression(
                        "AwsSolutions-APIG3",
                        "Every method needs a Cognito access token with a custom scope, and "
                                + "API Gateway throttles per account; a WAF web ACL costs more than this sample API is worth. "
                                + "Attach one to the stage when the API carries real traffic."));
    }

    private static NagPackSuppression suppression(String id, String reason) {
        return NagPackSuppression.builder().id(id).reason(reason).build();
    }

    private static void accept(IConstruct construct, NagPackSuppression... suppressions) {
        NagSuppressions.addResourceSuppressions(construct, List.of(suppressions), true);
    }
}
