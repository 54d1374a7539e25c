package dev.gatewaycli.cli.oauth;

import dev.gatewaycli.cli.config.SignInTarget;
import dev.gatewaycli.cli.config.XdgDirs;
import dev.gatewaycli.cli.http.HttpTrace;
import dev.gatewaycli.cli.process.HostSystem;
import org.springframework.stereotype.Component;

/**
 * Makes the {@link UserTokens} of a sign-in, with the process's clock, the token cache's directory and its renewal
 * margin: those of client-credentials tokens.
 */
@Component
public final class UserTokensFactory {

    private final HostSystem host;

    private final XdgDirs dirs;

    public UserTokensFactory(HostSystem host, XdgDirs dirs) {
        this.host = host;
        this.dirs = dirs;
    }

    public UserTokens create(SignInTarget target, HttpTrace trace) {
        return new UserTokens(
                target,
                target.cacheTokens() ? dirs.cacheDir() : null,
                host.clock(),
                TokenManagerFactory.CLOCK_SKEW,
                trace);
    }
}
