package dev.gatewaycli.cli.config;

import java.util.List;

/**
 * One named set of endpoints and credentials in {@code config.yml}. Any field may be null (not set in the file).
 * {@code deploy}, {@code local} and {@code configure} write these through {@link ProfileStore#write(String, Profile)};
 * without a JWKS URL {@code verify} derives it from the token's issuer, without an IdP URL user sign-in derives it
 * from the Region.
 */
public record Profile(
        String tokenUrl,
        String apiUrl,
        String clientId,
        String clientSecret,
        List<String> scopes,
        String auth,
        String region,
        String userPoolId,
        String jwksUrl,
        String idpUrl) {

    public Profile {
        scopes = (scopes == null) ? null : List.copyOf(scopes);
    }

    public static Profile empty() {
        return new Profile(null, null, null, null, null, null, null, null, null, null);
    }
}
