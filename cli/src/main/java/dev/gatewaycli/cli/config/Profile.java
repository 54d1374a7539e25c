package dev.gatewaycli.cli.config;

import java.util.List;

/**
 * One named set of endpoints and credentials in {@code config.yml}. Any field may be null (not set in the file).
 * {@code deploy}, {@code local} and {@code configure} write these through {@link ProfileStore#write(String, Profile)};
 * without a JWKS URL {@code verify} derives it from the token's issuer, without an IdP URL user sign-in derives it
 * from the Region; a CA file ({@code ca-file}) is trusted for HTTPS beside the JDK's certificate authorities.
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
        String idpUrl,
        String caFile) {

    public Profile {
        scopes = (scopes == null) ? null : List.copyOf(scopes);
    }

    /** A profile without a CA file: HTTPS endpoints trusted by the JDK's certificate authorities. */
    public Profile(
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
        this(tokenUrl, apiUrl, clientId, clientSecret, scopes, auth, region, userPoolId, jwksUrl, idpUrl, null);
    }

    /** The same profile trusting {@code file} (a CA certificate) for HTTPS. */
    public Profile withCaFile(String file) {
        return new Profile(
                tokenUrl, apiUrl, clientId, clientSecret, scopes, auth, region, userPoolId, jwksUrl, idpUrl, file);
    }

    public static Profile empty() {
        return new Profile(null, null, null, null, null, null, null, null, null, null, null);
    }
}
