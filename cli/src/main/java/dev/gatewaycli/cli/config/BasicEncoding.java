package dev.gatewaycli.cli.config;

/**
 * What the Basic header carries for {@code --auth basic}. RFC 6749 §2.3.1 says to form-urlencode the id and secret
 * before Base64, and Spring Security does so by default (spring-security #9610), which sends a {@code +} as
 * {@code %2B}. AWS's documentation shows the plain {@code base64(client_id:client_secret)} and whether Cognito
 * decodes the form encoding is open (docs/fidelity.md §1), so the default is what AWS documents and the RFC form is one
 * switch away.
 */
public enum BasicEncoding {

    /** {@code base64(id:secret)} with the characters as they are: what AWS's token endpoint page shows. */
    raw,

    /** {@code base64(urlencode(id):urlencode(secret))}: RFC 6749 §2.3.1, Spring Security's default. */
    form
}
