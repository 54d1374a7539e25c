package dev.gatewaycli.emulator.cognito;

/**
 * A user the settings ({@code EmulatorSettings.withUsers}, {@code --user}) ask for that a pool refuses, as Cognito
 * would: a name it does not accept or a password its policy refuses. The message names the pool, the user, Cognito's
 * error and what the pool needs; never the password.
 */
public final class UserRefusedException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    public UserRefusedException(String message) {
        super(message);
    }
}
