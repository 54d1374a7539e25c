package dev.gatewaycli.cli.config;

import dev.gatewaycli.cli.ExitCodes;
import dev.gatewaycli.cli.ExitException;
import dev.gatewaycli.cli.HostSystem;
import dev.gatewaycli.cli.local.LocalStacks;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * Turns options, environment variables and the profile into {@link Settings}, first wins, exactly in CONTRACT.md's
 * order: command-line option, environment variable, the profile ({@code --profile}, else {@code GATEWAY_PROFILE},
 * else {@code default}), built-in default. A bad value given as an option is a usage error (exit 2); a bad value
 * from the environment or the profile, or a missing one, is a configuration error (exit 3).
 */
@Component
public final class SettingsResolver {

    public static final String ENV_PROFILE = "GATEWAY_PROFILE";

    public static final String ENV_TOKEN_URL = "GATEWAY_TOKEN_URL";

    public static final String ENV_API_URL = "GATEWAY_API_URL";

    public static final String ENV_CLIENT_ID = "GATEWAY_CLIENT_ID";

    public static final String ENV_CLIENT_SECRET = "GATEWAY_CLIENT_SECRET";

    public static final String ENV_SCOPE = "GATEWAY_SCOPE";

    public static final String ENV_CLIENT_AUTH = "GATEWAY_CLIENT_AUTH";

    public static final String ENV_BASIC_ENCODING = "GATEWAY_BASIC_ENCODING";

    public static final String ENV_CONNECT_TIMEOUT = "GATEWAY_CONNECT_TIMEOUT";

    public static final String ENV_READ_TIMEOUT = "GATEWAY_READ_TIMEOUT";

    public static final String ENV_RETRIES = "GATEWAY_RETRIES";

    /** Retries above this would hammer a struggling endpoint and bill the 150 requests/s account quota. */
    static final int MAX_RETRIES = 10;

    private final HostSystem host;

    private final ProfileStore profiles;

    private final LocalStacks localStacks;

    public SettingsResolver(HostSystem host, ProfileStore profiles, LocalStacks localStacks) {
        this.host = host;
        this.profiles = profiles;
        this.localStacks = localStacks;
    }

    /** The profile name in force: {@code --profile}, else {@code GATEWAY_PROFILE}, else {@code default}. */
    public String profileName(String profileOption) {
        if (profileOption != null && !profileOption.isBlank()) {
            return profileOption;
        }
        return host.getenv(ENV_PROFILE).orElse("default");
    }

    /** Resolves every setting; fails with exit 3 when the token endpoint, client id or secret is missing. */
    public Settings resolve(ConnectionOptions options, String profileOption) {
        if (options.local()) {
            return resolveLocal(options, profileOption);
        }
        String profileName = profileName(profileOption);
        boolean named = profileOption != null || host.getenv(ENV_PROFILE).isPresent();
        Optional<Profile> found = profiles.read(profileName);
        if (found.isEmpty() && named) {
            throw new ExitException(
                    ExitCodes.CONFIG,
                    "profile '" + profileName + "' not found in " + profiles.file()
                            + ": check the name, or create it (gateway-cli deploy / local write one)");
        }
        Profile profile = found.orElseGet(Profile::empty);
        String where = "profile '" + profileName + "' in " + profiles.file();

        URI tokenUrl = url(
                "token endpoint",
                options.tokenUrl(),
                "--token-url",
                ENV_TOKEN_URL,
                profile.tokenUrl(),
                "token-url",
                where);
        if (tokenUrl == null) {
            throw missing("token endpoint", "--token-url URL", ENV_TOKEN_URL, "token-url", where);
        }
        URI apiUrl = url("API URL", options.apiUrl(), "--api-url", ENV_API_URL, profile.apiUrl(), "api-url", where);
        String clientId = first(options.clientId(), host.getenv(ENV_CLIENT_ID).orElse(null), profile.clientId());
        if (clientId == null || clientId.isBlank()) {
            throw missing("client id", "--client-id ID", ENV_CLIENT_ID, "client-id", where);
        }
        List<String> scopes = scopes(options, profile);
        ClientAuth auth = enumValue(
                ClientAuth.class,
                "client authentication",
                options.auth(),
                ENV_CLIENT_AUTH,
                profile.auth(),
                where,
                ClientAuth.basic);
        BasicEncoding encoding = enumValue(
                BasicEncoding.class,
                "Basic encoding",
                options.basicEncoding(),
                ENV_BASIC_ENCODING,
                null,
                where,
                BasicEncoding.raw);
        Settings.Http http = http(options);
        Secret secret = secret(options, profile, profileName, clientId);
        return new Settings(profileName, tokenUrl, apiUrl, clientId.trim(), secret, scopes, auth, encoding, http);
    }

    /**
     * {@code --local}: endpoints and credentials from an emulator started in this process. Only command-line options
     * apply beside it (scopes, client authentication, timeouts): the environment and profiles describe a deployed
     * stack, and mixing one of their endpoints with the emulator's credentials would only fail in confusing ways.
     */
    private Settings resolveLocal(ConnectionOptions options, String profileOption) {
        List<String> conflicting = new java.util.ArrayList<>(options.endpointOptionsGiven());
        if (profileOption != null) {
            conflicting.add("--profile");
        }
        if (!conflicting.isEmpty()) {
            throw new ExitException(
                    ExitCodes.USAGE,
                    "--local supplies the endpoints and credentials itself: drop " + String.join(", ", conflicting));
        }
        LocalStacks.Endpoints local = localStacks.start();
        List<String> scopes = options.scopes().isEmpty() ? List.of() : scopes(options, Profile.empty());
        ClientAuth auth = (options.auth() != null) ? options.auth() : ClientAuth.basic;
        BasicEncoding encoding = (options.basicEncoding() != null) ? options.basicEncoding() : BasicEncoding.raw;
        return new Settings(
                LocalStacks.PROFILE_NAME,
                local.tokenUrl(),
                local.apiUrl(),
                local.clientId(),
                new Secret(local.clientSecret(), "the in-process emulator"),
                scopes,
                auth,
                encoding,
                http(options));
    }

    private Secret secret(ConnectionOptions options, Profile profile, String profileName, String clientId) {
        if (options.clientSecretFile() != null) {
            return new Secret(readSecretFile(options.clientSecretFile()), "--client-secret-file");
        }
        Optional<String> env = host.getenv(ENV_CLIENT_SECRET);
        if (env.isPresent()) {
            return new Secret(env.get(), ENV_CLIENT_SECRET);
        }
        if (profile.clientSecret() != null && !profile.clientSecret().isEmpty()) {
            return new Secret(profile.clientSecret(), "profile '" + profileName + "'");
        }
        Optional<char[]> typed = host.prompt().apply("Client secret for " + clientId + ": ");
        if (typed.isPresent() && typed.get().length > 0) {
            char[] chars = typed.get();
            String value = new String(chars);
            Arrays.fill(chars, '\0');
            return new Secret(value, "prompt");
        }
        throw new ExitException(
                ExitCodes.CONFIG,
                "no client secret: set " + ENV_CLIENT_SECRET
                        + ", pass --client-secret-file FILE, or add client-secret to " + "profile '" + profileName
                        + "' in " + profiles.file());
    }

    private static String readSecretFile(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException ex) {
            // Exception text names the file, never its content.
            throw new ExitException(
                    ExitCodes.CONFIG,
                    "cannot read the client secret file " + file + ": "
                            + ex.getClass().getSimpleName(),
                    ex);
        }
        // A trailing newline is what editors and `echo` add; it is never part of a Cognito secret ([\w+]+).
        String secret = text.strip();
        if (secret.isEmpty()) {
            throw new ExitException(ExitCodes.CONFIG, "the client secret file " + file + " is empty");
        }
        return secret;
    }

    private List<String> scopes(ConnectionOptions options, Profile profile) {
        if (!options.scopes().isEmpty()) {
            return options.scopes().stream()
                    .flatMap((s) -> Arrays.stream(s.trim().split("\\s+")))
                    .filter((s) -> !s.isEmpty())
                    .distinct()
                    .toList();
        }
        Optional<String> env = host.getenv(ENV_SCOPE);
        if (env.isPresent()) {
            return Arrays.stream(env.get().trim().split("\\s+"))
                    .filter((s) -> !s.isEmpty())
                    .distinct()
                    .toList();
        }
        return (profile.scopes() == null)
                ? List.of()
                : profile.scopes().stream().distinct().toList();
    }

    private Settings.Http http(ConnectionOptions options) {
        Settings.Http defaults = Settings.Http.DEFAULTS;
        Duration connect = (options.connectTimeout() != null)
                ? options.connectTimeout()
                : envDuration(ENV_CONNECT_TIMEOUT, defaults.connectTimeout());
        Duration read = (options.readTimeout() != null)
                ? options.readTimeout()
                : envDuration(ENV_READ_TIMEOUT, defaults.readTimeout());
        int retries;
        if (options.retries() != null) {
            retries = options.retries();
            if (retries < 0 || retries > MAX_RETRIES) {
                throw new ExitException(ExitCodes.USAGE, "--retries must be between 0 and " + MAX_RETRIES);
            }
        } else {
            retries = host.getenv(ENV_RETRIES)
                    .map((v) -> {
                        try {
                            int n = Integer.parseInt(v.trim());
                            if (n >= 0 && n <= MAX_RETRIES) {
                                return n;
                            }
                        } catch (NumberFormatException ex) {
                            // reported below
                        }
                        throw new ExitException(
                                ExitCodes.CONFIG,
                                ENV_RETRIES + "='" + v + "' is not a number between 0 and " + MAX_RETRIES);
                    })
                    .orElse(defaults.retries());
        }
        return new Settings.Http(connect, read, retries, defaults.maxResponseBytes());
    }

    private Duration envDuration(String name, Duration fallback) {
        return host.getenv(name)
                .map((v) -> {
                    Duration d = DurationConverter.parse(v);
                    if (d == null) {
                        throw new ExitException(
                                ExitCodes.CONFIG,
                                name + "='" + v + "' is not a duration (examples: 5s, 500ms, 2m, 10)");
                    }
                    return d;
                })
                .orElse(fallback);
    }

    private URI url(
            String what,
            String option,
            String optionName,
            String envName,
            String profileValue,
            String profileKey,
            String where) {
        if (option != null) {
            return parseUrl(option, ExitCodes.USAGE, optionName);
        }
        Optional<String> env = host.getenv(envName);
        if (env.isPresent()) {
            return parseUrl(env.get(), ExitCodes.CONFIG, envName);
        }
        if (profileValue != null && !profileValue.isBlank()) {
            return parseUrl(profileValue, ExitCodes.CONFIG, "'" + profileKey + "' of " + where);
        }
        return null;
    }

    private static URI parseUrl(String value, int exitCode, String source) {
        try {
            URI uri = new URI(value.trim());
            String scheme = (uri.getScheme() == null) ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if ((scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null) {
                return uri;
            }
        } catch (URISyntaxException ex) {
            // reported below
        }
        throw new ExitException(exitCode, source + ": '" + value + "' is not an http(s) URL");
    }

    private <E extends Enum<E>> E enumValue(
            Class<E> type, String what, E option, String envName, String profileValue, String where, E fallback) {
        if (option != null) {
            return option;
        }
        Optional<String> env = host.getenv(envName);
        if (env.isPresent()) {
            return parseEnum(type, env.get(), envName);
        }
        if (profileValue != null && !profileValue.isBlank()) {
            return parseEnum(type, profileValue, "'auth' of " + where);
        }
        return fallback;
    }

    private static <E extends Enum<E>> E parseEnum(Class<E> type, String value, String source) {
        for (E constant : type.getEnumConstants()) {
            if (constant.name().equalsIgnoreCase(value.trim())) {
                return constant;
            }
        }
        throw new ExitException(
                ExitCodes.CONFIG,
                source + "='" + value + "' is not one of "
                        + Arrays.toString(type.getEnumConstants()).replaceAll("[\\[\\]]", ""));
    }

    private static String first(String... values) {
        for (String value : values) {
            if (value != null && !value.isBlank()) {
                return value;
            }
        }
        return null;
    }

    private static ExitException missing(String what, String option, String env, String profileKey, String where) {
        return new ExitException(
                ExitCodes.CONFIG,
                "no " + what + ": pass " + option + ", set " + env + ", or add " + profileKey + " to " + where);
    }
}
