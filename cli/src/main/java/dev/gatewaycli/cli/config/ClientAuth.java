package dev.gatewaycli.cli.config;

import org.springframework.security.oauth2.core.ClientAuthenticationMethod;

/**
 * How the client authenticates at the token endpoint. Cognito accepts both (docs/fidelity.md §1); {@code post} is the
 * unambiguous one when a secret holds characters that the Basic header's encoding question affects.
 */
public enum ClientAuth {

    /** {@code Authorization: Basic base64(id:secret)} (client_secret_basic, RFC 6749 §2.3.1). */
    basic(ClientAuthenticationMethod.CLIENT_SECRET_BASIC),

    /** {@code client_id} and {@code client_secret} in the form body (client_secret_post). */
    post(ClientAuthenticationMethod.CLIENT_SECRET_POST);

    private final ClientAuthenticationMethod method;

    ClientAuth(ClientAuthenticationMethod method) {
        this.method = method;
    }

    public ClientAuthenticationMethod method() {
        return method;
    }
}
