package dev.gatewaycli.cli.oauth;

import dev.gatewaycli.cli.config.Setting;
import dev.gatewaycli.cli.config.SignIn;
import dev.gatewaycli.cli.http.BoundedResponses;
import dev.gatewaycli.cli.http.NetworkErrors;
import dev.gatewaycli.cli.http.Redactor;
import dev.gatewaycli.cli.http.SdkFailures;
import dev.gatewaycli.cli.process.ExitCodes;
import dev.gatewaycli.cli.process.ExitException;
import java.net.SocketTimeoutException;
import java.util.Locale;
import java.util.regex.Pattern;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.CognitoIdentityProviderException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.ForbiddenException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.InternalErrorException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.InvalidLambdaResponseException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.InvalidParameterException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.InvalidUserPoolConfigurationException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.LimitExceededException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.NotAuthorizedException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.PasswordResetRequiredException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.ResourceNotFoundException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.TooManyFailedAttemptsException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.TooManyRequestsException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UnexpectedLambdaException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UserLambdaValidationException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UserNotConfirmedException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UserNotFoundException;

/**
 * Turns what {@code InitiateAuth} fails with into one line and the contract's exit code: Cognito refusing the
 * user, the client or the request is 4 (like a refusing token endpoint), a client secret the sign-in needs but was
 * not given is 3, throttling, a failing service, an unreachable or wrong endpoint are 5. The SDK's exception classes
 * are Cognito's error types ({@code __type}), so they are matched by class. Cognito's {@code message} is shown as an
 * excerpt masked before it is cut ({@link Redactor#excerpt}), like the token endpoint's: a server is free to echo
 * anything, the password included. Everything else (masking the whole line, escaping what a terminal acts on) is done
 * where every line is written, {@code SafeStderr}, the stack traces of {@code -v} included.
 */
final class IdpErrors {

    private static final Pattern CHALLENGE = Pattern.compile("[A-Z][A-Z0-9_]{0,63}");

    private final SignIn signIn;

    private final Redactor redactor;

    IdpErrors(SignIn signIn, Redactor redactor) {
        this.signIn = signIn;
        this.redactor = redactor;
    }

    /**
     * True when Cognito refused the request itself (a 4xx answer in Cognito's shape, not throttling): for a refresh
     * token, a reason to sign in with the password instead.
     */
    boolean isRefusal(SdkException ex) {
        return ex instanceof CognitoIdentityProviderException cognito
                && cognito.awsErrorDetails() != null
                && cognito.awsErrorDetails().errorCode() != null
                && cognito.statusCode() >= 400
                && cognito.statusCode() < 500
                && !isThrottling(cognito);
    }

    /** Cognito's error type and message, for a {@code -v} line. */
    String describe(SdkException ex) {
        if (ex instanceof AwsServiceException service && service.awsErrorDetails() != null) {
            return service.awsErrorDetails().errorCode() + ": "
                    + redactor.excerpt(service.awsErrorDetails().errorMessage());
        }
        return redactor.excerpt(ex.getMessage());
    }

    ExitException signIn(SdkException ex) {
        if (ex instanceof CognitoIdentityProviderException cognito
                && cognito.awsErrorDetails() != null
                && cognito.awsErrorDetails().errorCode() != null) {
            return refused(cognito);
        }
        if (ex instanceof AwsServiceException service) {
            // An HTTP answer without Cognito's error shape: not Cognito's API at all.
            return new ExitException(
                    ExitCodes.NETWORK,
                    "the " + Setting.IDP_URL.what() + " at " + signIn.idpUrl() + " answered " + service.statusCode()
                            + " with something that is not Cognito's API: check " + Setting.IDP_URL.option(),
                    ex);
        }
        return clientSide(ex);
    }

    private ExitException refused(CognitoIdentityProviderException ex) {
        String code = ex.awsErrorDetails().errorCode();
        String message = redactor.excerpt(ex.awsErrorDetails().errorMessage());
        if (isThrottling(ex)) {
            return new ExitException(
                    ExitCodes.NETWORK,
                    "Cognito throttled the sign-in of " + signIn.user() + " (" + code
                            + ") and the retries did not get through: wait a minute and try again",
                    ex);
        }
        if (ex instanceof InternalErrorException
                || ex instanceof UnexpectedLambdaException
                || ex instanceof InvalidLambdaResponseException
                || ex.statusCode() >= 500) {
            return new ExitException(
                    ExitCodes.NETWORK,
                    "Cognito failed to sign in " + signIn.user() + " (" + code + ": " + message + "): try again later",
                    ex);
        }
        if (ex instanceof NotAuthorizedException
                && signIn.clientSecret() == null
                && message.toLowerCase(Locale.ROOT).contains("secret")) {
            return new ExitException(
                    ExitCodes.CONFIG,
                    "app client " + signIn.clientId() + " has a secret, and the sign-in needs it (" + message + "): "
                            + "pass " + Setting.CLIENT_SECRET.option() + " FILE, set " + Setting.CLIENT_SECRET.env()
                            + ", or add " + Setting.CLIENT_SECRET.profileKey() + " to the profile",
                    ex);
        }
        return new ExitException(
                ExitCodes.AUTH,
                "Cognito refused the sign-in of " + signIn.user() + ": " + code + ": " + message + " (" + hint(ex)
                        + ")",
                ex);
    }

    private String hint(CognitoIdentityProviderException ex) {
        if (ex instanceof NotAuthorizedException) {
            return (signIn.clientSecret() != null)
                    ? "check the user name, the password and the app client's secret"
                    : "check the user name and the password";
        }
        if (ex instanceof UserNotFoundException) {
            return "check the user name (" + Setting.USER.option() + ", " + Setting.USER.env() + ")";
        }
        if (ex instanceof PasswordResetRequiredException) {
            return "the user must reset the password first (forgot password, or an administrator's "
                    + "aws cognito-idp admin-set-user-password)";
        }
        if (ex instanceof UserNotConfirmedException) {
            return "confirm the user first (the code sent at sign-up, or aws cognito-idp admin-confirm-sign-up)";
        }
        if (ex instanceof InvalidParameterException) {
            return "the app client must allow USER_PASSWORD_AUTH (ExplicitAuthFlows ALLOW_USER_PASSWORD_AUTH), "
                    + "and the user name must be one the pool accepts";
        }
        if (ex instanceof ResourceNotFoundException) {
            return "check the client id (" + Setting.CLIENT_ID.option() + ") and that " + signIn.idpUrl()
                    + " is the pool's Region";
        }
        if (ex instanceof TooManyFailedAttemptsException) {
            return "too many failed attempts: wait before trying again";
        }
        if (ex instanceof UserLambdaValidationException) {
            return "a Lambda trigger of the user pool refused the sign-in";
        }
        if (ex instanceof InvalidUserPoolConfigurationException) {
            return "the user pool's configuration does not allow this sign-in";
        }
        if (ex instanceof ForbiddenException) {
            return "a web ACL of the user pool blocked the request";
        }
        return "check the app client's settings";
    }

    /** Cognito answered a challenge the CLI does not answer: exit 4, saying what would let the user in. */
    ExitException challenge(String name) {
        String shown = CHALLENGE.matcher(name).matches() ? name : "an unknown challenge";
        String hint = switch (shown) {
            case "NEW_PASSWORD_REQUIRED" ->
                "the user has a temporary password: set a permanent one (aws cognito-idp admin-set-user-password "
                        + "--permanent, or sign in once in the pool's sign-in pages)";
            case "SMS_MFA", "SOFTWARE_TOKEN_MFA", "EMAIL_OTP", "SMS_OTP", "SELECT_MFA_TYPE", "MFA_SETUP" ->
                "the user must pass multi-factor authentication, which gateway-cli does not do: use a user or a pool "
                        + "without MFA for scripts";
            case "CUSTOM_CHALLENGE" ->
                "the pool's custom authentication flow asks a question gateway-cli cannot answer";
            case "DEVICE_SRP_AUTH", "DEVICE_PASSWORD_VERIFIER" ->
                "the pool remembers devices, which gateway-cli does not do: turn device tracking off for this client";
            default -> "gateway-cli answers no challenges: sign the user in once elsewhere";
        };
        return new ExitException(
                ExitCodes.AUTH, "Cognito asks " + signIn.user() + " for " + shown + " before signing in: " + hint);
    }

    private ExitException clientSide(SdkException ex) {
        if (SdkFailures.hasCause(ex, BoundedResponses.TooLargeException.class)) {
            return new ExitException(
                    ExitCodes.NETWORK,
                    "the " + Setting.IDP_URL.what() + " at " + signIn.idpUrl()
                            + " answered with more than any answer of Cognito: check " + Setting.IDP_URL.option(),
                    ex);
        }
        ExitException network = NetworkErrors.describe(ex, Setting.IDP_URL.what(), signIn.idpUrl(), redactor);
        if (network != null) {
            return network;
        }
        if (SdkFailures.hasCause(ex, SocketTimeoutException.class)) {
            return new ExitException(
                    ExitCodes.NETWORK,
                    "the " + Setting.IDP_URL.what() + " at " + signIn.idpUrl()
                            + " did not answer in time: try again, or raise --connect-timeout / --read-timeout",
                    ex);
        }
        if (SdkFailures.isTransport(ex)) {
            return new ExitException(
                    ExitCodes.NETWORK,
                    "cannot reach the " + Setting.IDP_URL.what() + " at " + signIn.idpUrl() + ": "
                            + redactor.excerpt(SdkFailures.rootMessage(ex)) + ": check " + Setting.IDP_URL.option()
                            + " and the network",
                    ex);
        }
        // The SDK could not read the answer as Cognito's JSON: an HTML page, a proxy, another service.
        return new ExitException(
                ExitCodes.NETWORK,
                "the " + Setting.IDP_URL.what() + " at " + signIn.idpUrl()
                        + " answered something that is not Cognito's API (" + redactor.excerpt(ex.getMessage())
                        + "): check "
                        + Setting.IDP_URL.option(),
                ex);
    }

    private static boolean isThrottling(AwsServiceException ex) {
        return ex.isThrottlingException()
                || ex instanceof TooManyRequestsException
                || ex instanceof LimitExceededException;
    }
}
