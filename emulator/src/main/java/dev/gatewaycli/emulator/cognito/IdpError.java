package dev.gatewaycli.emulator.cognito;

/**
 * A refusal of the Identity Provider API in Cognito's shape: an error type ({@code __type} and
 * {@code x-amzn-ErrorType}), a message and an HTTP status, 400 for every refusal and 500 for
 * {@code InternalErrorException} (docs/fidelity.md §8, "Errors").
 */
final class IdpError extends RuntimeException {

    private static final long serialVersionUID = 1L;

    static final String NOT_AUTHORIZED = "NotAuthorizedException";
    static final String USER_NOT_FOUND = "UserNotFoundException";
    static final String RESOURCE_NOT_FOUND = "ResourceNotFoundException";
    static final String INVALID_PARAMETER = "InvalidParameterException";
    static final String USERNAME_EXISTS = "UsernameExistsException";
    static final String INVALID_PASSWORD = "InvalidPasswordException";
    static final String USER_NOT_CONFIRMED = "UserNotConfirmedException";
    static final String PASSWORD_RESET_REQUIRED = "PasswordResetRequiredException";
    static final String INVALID_OAUTH_FLOW = "InvalidOAuthFlowException";
    static final String SCOPE_DOES_NOT_EXIST = "ScopeDoesNotExistException";
    static final String UNSUPPORTED_OPERATION = "UnsupportedOperationException";
    static final String UNSUPPORTED_TOKEN_TYPE = "UnsupportedTokenTypeException";
    static final String UNAUTHORIZED = "UnauthorizedException";

    /** The JSON 1.1 protocol's own refusals, before Cognito reads the request. */
    static final String UNKNOWN_OPERATION = "UnknownOperationException";

    static final String SERIALIZATION = "SerializationException";
    static final String MISSING_AUTHENTICATION_TOKEN = "MissingAuthenticationTokenException";
    static final String INCOMPLETE_SIGNATURE = "IncompleteSignatureException";
    static final String INVALID_SIGNATURE = "InvalidSignatureException";

    private final String type;
    private final int status;

    IdpError(String type, String message) {
        this(type, message, 400);
    }

    IdpError(String type, String message, int status) {
        super(message, null, false, false);
        this.type = type;
        this.status = status;
    }

    String type() {
        return type;
    }

    int status() {
        return status;
    }

    static IdpError notAuthorized(String message) {
        return new IdpError(NOT_AUTHORIZED, message);
    }

    static IdpError invalidParameter(String message) {
        return new IdpError(INVALID_PARAMETER, message);
    }

    static IdpError poolNotFound(String userPoolId) {
        return new IdpError(RESOURCE_NOT_FOUND, "User pool " + userPoolId + " does not exist.");
    }

    static IdpError clientNotFound(String clientId) {
        return new IdpError(RESOURCE_NOT_FOUND, "User pool client " + clientId + " does not exist.");
    }

    static IdpError userNotFound() {
        return new IdpError(USER_NOT_FOUND, "User does not exist.");
    }
}
