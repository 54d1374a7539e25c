package dev.gatewaycli.cli.config;

import java.nio.file.Path;
import java.util.Map;

/**
 * Where configuration and cache live, by the XDG Base Directory specification: {@code $XDG_CONFIG_HOME/gateway-cli}
 * (default {@code ~/.config/gateway-cli}) and {@code $XDG_CACHE_HOME/gateway-cli} (default
 * {@code ~/.cache/gateway-cli}). The spec says a relative value is invalid and must be ignored.
 */
public record XdgDirs(Path configDir, Path cacheDir) {

    static final String APP = "gateway-cli";

    public static XdgDirs from(Map<String, String> env) {
        String homeValue = env.get("HOME");
        Path home = Path.of((homeValue == null || homeValue.isEmpty()) ? System.getProperty("user.home") : homeValue);
        return new XdgDirs(
                base(env.get("XDG_CONFIG_HOME"), home.resolve(".config")).resolve(APP),
                base(env.get("XDG_CACHE_HOME"), home.resolve(".cache")).resolve(APP));
    }

    private static Path base(String value, Path fallback) {
        if (value == null || value.isEmpty() || !Path.of(value).isAbsolute()) {
            return fallback;
        }
        return Path.of(value);
    }

    public Path configFile() {
        return configDir.resolve("config.yml");
    }
}
