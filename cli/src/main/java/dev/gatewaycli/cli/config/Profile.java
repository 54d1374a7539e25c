package dev.gatewaycli.cli.config;

import java.util.List;

/**
 * One named set of endpoints and credentials in {@code config.yml}. Any field may be null (not set in the file).
 * {@code deploy} and {@code local} write these through {@link ProfileStore#write(String, Profile)}.
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
        String jwksUrl) {

    public Profile {
        scopes = (scopes == null) ? null : List.copyOf(scopes);
    }

    /** A profile without a JWKS URL ({@code verify} then derives it from the token's issuer). */
    public Profile(
            String tokenUrl,
            String apiUrl,
            String clientId,
            String clientSecret,
            List<String> scopes,
            String auth,
            String region,
            String userPoolId) {
        this(tokenUrl, apiUrl, clientId, clientSecret, scopes, auth, region, userPoolId, null);
    }

    public static Profile empty() {
        return new Profile(null, null, null, null, null, null, null, null, null);
    }
}
