package dev.gatewaycli.cli.deploy;

import dev.gatewaycli.cli.http.BoundedResponses;
import dev.gatewaycli.cli.http.SdkFailures;
import dev.gatewaycli.cli.process.ExitCodes;
import dev.gatewaycli.cli.process.ExitException;
import java.util.Locale;
import java.util.Set;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Turns AWS SDK failures into one line and an exit code (docs/cli.md, the life cycle's and {@code configure}'s exit
 * codes): credentials that are missing, expired or rejected are a missing prerequisite (6), like a missing Node.js; a
 * throttled or unreachable service is 5 (try again later); access denied, a stack, pool or app client that does not
 * exist and any other refusal are 1 (the operation failed; the line names the IAM action or the resource and what to
 * check).
 */
final class AwsErrors {

    /** Error codes of expired credentials: STS and CloudFormation (Query) and Cognito (JSON) spell them apart. */
    private static final Set<String> EXPIRED =
            Set.of("ExpiredToken", "ExpiredTokenException", "RequestExpired", "TokenRefreshRequired");

    /** Credentials AWS does not know or cannot verify. */
    private static final Set<String> REJECTED = Set.of(
            "InvalidClientTokenId",
            "UnrecognizedClientException",
            "SignatureDoesNotMatch",
            "IncompleteSignature",
            "AuthFailure",
            "MissingAuthenticationToken",
            "InvalidSignatureException");

    private static final Set<String> DENIED = Set.of("AccessDenied", "AccessDeniedException", "UnauthorizedOperation");

    private static final Set<String> THROTTLED = Set.of(
            "Throttling",
            "ThrottlingException",
            "TooManyRequestsException",
            "RequestLimitExceeded",
            "LimitExceededException");

    private AwsErrors() {}

    /** As {@link #map(SdkException, String, String, String)}, for a call about something that always exists. */
    static ExitException map(SdkException ex, String call, String subject) {
        return map(ex, call, subject, "check --region and --aws-profile");
    }

    /**
     * @param ex what the SDK threw
     * @param call the AWS call in IAM terms, e.g. {@code cloudformation:DescribeStacks}
     * @param subject what the call was about, e.g. {@code stack GatewayCliStack in eu-west-1}
     * @param missingHint what to do when the subject does not exist, e.g. "check --stack and --region"
     */
    static ExitException map(SdkException ex, String call, String subject, String missingHint) {
        if (ex instanceof AwsServiceException service && service.awsErrorDetails() != null) {
            String code = String.valueOf(service.awsErrorDetails().errorCode());
            String message = String.valueOf(service.awsErrorDetails().errorMessage());
            if (EXPIRED.contains(code)) {
                return new ExitException(
                        ExitCodes.PREREQUISITE,
                        "the AWS credentials have expired (" + code + " from " + call
                                + "): renew them (e.g. aws sso login, or new keys) and run again",
                        ex);
            }
            if (REJECTED.contains(code)) {
                return new ExitException(
                        ExitCodes.PREREQUISITE,
                        "AWS rejected the credentials (" + code + " from " + call
                                + "): check --aws-profile, AWS_PROFILE or the AWS_* keys in the environment",
                        ex);
            }
            if (DENIED.contains(code)) {
                return new ExitException(
                        ExitCodes.FAILED,
                        "access denied to " + call + " for " + subject + ": allow " + call
                                + " to the AWS identity in use (IAM permissions: docs/deploy.md, docs/cli.md)",
                        ex);
            }
            if (service.isThrottlingException() || THROTTLED.contains(code)) {
                return new ExitException(
                        ExitCodes.NETWORK,
                        "AWS throttled " + call + " (" + code
                                + ") and the SDK's retries did not get through: wait a minute and run again",
                        ex);
            }
            if ("ValidationError".equals(code)
                    && message.toLowerCase(Locale.ROOT).contains("does not exist")) {
                return new ExitException(ExitCodes.FAILED, subject + " does not exist: " + missingHint, ex);
            }
            if ("ResourceNotFoundException".equals(code)) {
                return new ExitException(
                        ExitCodes.FAILED, subject + " was not found (" + call + "): " + missingHint, ex);
            }
            if (service.statusCode() >= 500) {
                return new ExitException(
                        ExitCodes.NETWORK,
                        "AWS answered " + call + " with " + service.statusCode() + " (" + code + "): try again later",
                        ex);
            }
            return new ExitException(
                    ExitCodes.FAILED,
                    "AWS refused " + call + " for " + subject + ": " + code + ": " + firstLine(message),
                    ex);
        }
        if (SdkFailures.hasCause(ex, BoundedResponses.TooLargeException.class)) {
            return new ExitException(
                    ExitCodes.NETWORK,
                    "the answer to " + call + " was larger than any answer of AWS: check --endpoint-url and "
                            + AwsOptions.ENV_ENDPOINT,
                    ex);
        }
        if (SdkFailures.isTransport(ex)) {
            return new ExitException(
                    ExitCodes.NETWORK,
                    "cannot reach AWS for " + call + ": " + firstLine(SdkFailures.rootMessage(ex))
                            + ": check the network",
                    ex);
        }
        if (ex instanceof software.amazon.awssdk.core.exception.SdkClientException && ex.getCause() != null) {
            // The SDK could not read the answer: not AWS's protocol (a proxy's page, another service).
            return new ExitException(
                    ExitCodes.NETWORK,
                    "the answer to " + call + " is not AWS's (" + firstLine(ex.getMessage())
                            + "): check --endpoint-url " + "and " + AwsOptions.ENV_ENDPOINT,
                    ex);
        }
        return new ExitException(ExitCodes.FAILED, call + " failed: " + firstLine(ex.getMessage()), ex);
    }

    private static String firstLine(String text) {
        if (text == null) {
            return "";
        }
        int newline = text.indexOf('\n');
        return (newline < 0) ? text : text.substring(0, newline);
    }
}
