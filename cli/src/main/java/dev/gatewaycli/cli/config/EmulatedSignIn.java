package dev.gatewaycli.cli.config;

import java.net.URI;
import java.util.Objects;

/**
 * Where a user of the in-process emulator signs in: its Identity Provider API and the app client that allows the
 * password flow. The secret is throw-away, but {@link #toString()} still leaves it out.
 *
 * @param idpUrl the emulator's Cognito IdP API
 * @param clientId the app client the sign-in goes through
 * @param clientSecret its secret, or null for a client without one
 * @param region the client's pool's Region
 * @param userPoolId the client's pool
 */
public record EmulatedSignIn(URI idpUrl, String clientId, String clientSecret, String region, String userPoolId) {

    public EmulatedSignIn {
        Objects.requireNonNull(idpUrl, "idpUrl cannot be null");
        Objects.requireNonNull(clientId, "clientId cannot be null");
    }

    @Override
    public String toString() {
        return "EmulatedSignIn[idpUrl=" + idpUrl + ", clientId=" + clientId + ", userPoolId=" + userPoolId + "]";
    }
}
