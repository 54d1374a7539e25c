package dev.gatewaycli.cli.oauth;

import dev.gatewaycli.cli.HostSystem;
import dev.gatewaycli.cli.config.Settings;
import dev.gatewaycli.cli.config.XdgDirs;
import dev.gatewaycli.cli.http.HttpTrace;
import java.time.Duration;
import org.springframework.stereotype.Component;

/** Makes a {@link TokenManager} for resolved settings, with the process's clock and the XDG cache directory. */
@Component
public final class TokenManagers {

    /**
     * Renew this long before expiry: Spring Security's default, enough for clock drift and for the request in flight
     * to reach API Gateway before the token expires. Cognito's shortest validity is 5 minutes (FIDELITY.md §1).
     */
    public static final Duration CLOCK_SKEW = Duration.ofSeconds(60);

    private final HostSystem host;

    private final XdgDirs dirs;

    public TokenManagers(HostSystem host, XdgDirs dirs) {
        this.host = host;
        this.dirs = dirs;
    }

    public TokenManager create(Settings settings, boolean useCache, HttpTrace trace) {
        return new TokenManager(settings, useCache ? dirs.cacheDir() : null, host.clock(), CLOCK_SKEW, trace);
    }
}
