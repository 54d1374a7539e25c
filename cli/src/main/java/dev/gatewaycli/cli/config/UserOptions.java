package dev.gatewaycli.cli.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * The options of a user's sign-in, for the commands that can send a user's token instead of a client's
 * ({@code token}, {@code call}). Values are only collected here; {@link TargetResolver} decides whether the command
 * signs in ({@code --user} or {@code GATEWAY_USER}) and applies the contract's order. There is deliberately no option
 * that takes the password's value: it would show in {@code ps}.
 */
public final class UserOptions {

    @Option(
            names = "--user",
            paramLabel = "NAME",
            description = "Sign in as this user of the pool (Cognito InitiateAuth, USER_PASSWORD_AUTH) and use the "
                    + "user's token instead of a client-credentials one (env GATEWAY_USER).")
    String user;

    @Option(
            names = "--password-file",
            paramLabel = "FILE",
            description = "Read the user's password from FILE (env GATEWAY_PASSWORD holds the value itself; else a "
                    + "prompt when interactive). Read only when Cognito needs it: not while a cached or refreshed "
                    + "token serves.")
    Path passwordFile;

    @Option(
            names = "--id-token",
            description = "Use the user's ID token instead of the access token: an authorizer without scopes "
                    + "accepts only ID tokens.")
    boolean idToken;

    @Option(
            names = "--idp-url",
            paramLabel = "URL",
            description = "Cognito's IdP API for the sign-in (env GATEWAY_IDP_URL, profile idp-url; default "
                    + "https://cognito-idp.REGION.amazonaws.com/, REGION from the pool id, the profile's region or "
                    + "the token URL).")
    String idpUrl;

    public String user() {
        return user;
    }

    public Path passwordFile() {
        return passwordFile;
    }

    public boolean idToken() {
        return idToken;
    }

    public String idpUrl() {
        return idpUrl;
    }

    /** The options that only mean something with a user, for refusing them without one. */
    List<String> signInOptionsGiven() {
        List<String> given = new ArrayList<>();
        if (passwordFile != null) {
            given.add(Setting.PASSWORD.option());
        }
        if (idToken) {
            given.add("--id-token");
        }
        if (idpUrl != null) {
            given.add(Setting.IDP_URL.option());
        }
        return given;
    }
}
