package dev.gatewaycli.cli.oauth;

import org.springframework.security.oauth2.core.OAuth2AccessToken;

/**
 * An access token and whether it came from the cache (then a 401 from the API may mean it was revoked or the pool
 * was recreated, and one retry with a fresh token is worth it).
 */
public record IssuedToken(OAuth2AccessToken accessToken, boolean fromCache) {

    public String value() {
        return accessToken.getTokenValue();
    }
}
