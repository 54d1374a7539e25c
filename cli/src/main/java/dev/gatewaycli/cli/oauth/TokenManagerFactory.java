package dev.gatewaycli.cli.oauth;

import dev.gatewaycli.cli.config.Settings;
import dev.gatewaycli.cli.config.Target;
import dev.gatewaycli.cli.config.XdgDirs;
import dev.gatewaycli.cli.http.HttpTrace;
import dev.gatewaycli.cli.process.HostSystem;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * Makes the {@link TokenManager} of a target, with the process's clock and the XDG cache directory, and forgets the
 * cached tokens of a client: the one place that knows where the token cache is.
 */
@Component
public final class TokenManagerFactory {

    /**
     * Renew this long before expiry: Spring Security's default, enough for clock drift and for the request in flight
     * to reach API Gateway before the token expires. Cognito's shortest validity is 5 minutes (docs/fidelity.md §1).
     */
    public static final Duration CLOCK_SKEW = Duration.ofSeconds(60);

    private final HostSystem host;

    private final XdgDirs dirs;

    public TokenManagerFactory(HostSystem host, XdgDirs dirs) {
        this.host = host;
        this.dirs = dirs;
    }

    /** The target's tokens, cached (under {@link Target#cachedAs}) when the target allows it. */
    public TokenManager create(Target target, HttpTrace trace) {
        Settings settings = target.settings();
        return new TokenManager(
                settings,
                CacheKey.of(target.cachedAs(), settings),
                target.cacheTokens() ? dirs.cacheDir() : null,
                host.clock(),
                CLOCK_SKEW,
                trace);
    }

    /** Tokens for these settings; {@code useCache} false for tokens that must never land in the cache. */
    public TokenManager create(Settings settings, boolean useCache, HttpTrace trace) {
        return new TokenManager(settings, useCache ? dirs.cacheDir() : null, host.clock(), CLOCK_SKEW, trace);
    }

    /**
     * Deletes every cached token issued by {@code tokenUrl} to {@code clientId}, whatever scopes it was requested with,
     * and their lock files; returns the token files deleted.
     */
    public List<Path> forget(String tokenUrl, String clientId) throws IOException {
        return ClientTokenStore.forget(dirs.cacheDir(), tokenUrl, clientId);
    }
}
