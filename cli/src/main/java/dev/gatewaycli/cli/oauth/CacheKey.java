package dev.gatewaycli.cli.oauth;

import dev.gatewaycli.cli.config.Settings;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.TreeSet;

/**
 * Names a cache entry by what decides which token the endpoint issues: token endpoint, client id and requested
 * scopes (order-free). Never the secret: rotating a secret does not invalidate tokens already issued, and a name
 * derived from the secret would leak a hash of it. The key doubles as Spring's client registration id.
 */
public record CacheKey(String tokenUrl, String clientId, List<String> scopes) {

    public static CacheKey of(Settings settings) {
        return of(settings.tokenUrl().toString(), settings);
    }

    /**
     * The settings' client and scopes, filed under {@code tokenEndpoint}: what names the endpoint from run to run
     * (an emulator started for one command has a new port every run, and is named by its pool's issuer).
     */
    public static CacheKey of(String tokenEndpoint, Settings settings) {
        return new CacheKey(tokenEndpoint, settings.clientId(), List.copyOf(new TreeSet<>(settings.scopes())));
    }

    /** A file-name-safe id: SHA-256 over the three parts, separated by a byte none of them can hold. */
    public String id() {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(tokenUrl.getBytes(StandardCharsets.UTF_8));
            digest.update((byte) 0);
            digest.update(clientId.getBytes(StandardCharsets.UTF_8));
            digest.update((byte) 0);
            digest.update(String.join(" ", scopes).getBytes(StandardCharsets.UTF_8));
            return "token-" + HexFormat.of().formatHex(digest.digest(), 0, 16);
        } catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException("SHA-256 is required of every JDK", ex);
        }
    }
}
