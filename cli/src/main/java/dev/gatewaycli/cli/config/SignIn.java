package dev.gatewaycli.cli.config;

import java.net.URI;
import java.util.Objects;

/**
 * Who signs in where: a user of a Cognito user pool, through an app client, at the pool's Identity Provider API.
 * Resolved by {@link TargetResolver}; the password is read only when Cognito needs it ({@link PasswordSource}).
 *
 * @param idpUrl the Cognito IdP API, e.g. {@code https://cognito-idp.eu-west-1.amazonaws.com/}
 * @param region the pool's Region, or null when only {@code idpUrl} is known (an emulator, a proxy)
 * @param userPoolId the pool id, or null: {@code InitiateAuth} names only the client, so the pool is optional
 * @param clientId the app client id
 * @param clientSecret the app client's secret, or null for a client without one (no {@code SECRET_HASH} is sent)
 * @param user the user name as typed: a user name or an alias (email, phone number) the pool allows
 * @param password where the password comes from
 */
public record SignIn(
        URI idpUrl,
        String region,
        String userPoolId,
        String clientId,
        Secret clientSecret,
        String user,
        PasswordSource password) {

    public SignIn {
        Objects.requireNonNull(idpUrl, "idpUrl cannot be null");
        Objects.requireNonNull(clientId, "clientId cannot be null");
        Objects.requireNonNull(user, "user cannot be null");
        Objects.requireNonNull(password, "password cannot be null");
    }
}
