package dev.gatewaycli.cli.config;

import dev.gatewaycli.cli.process.ExitCodes;
import dev.gatewaycli.cli.process.ExitException;
import dev.gatewaycli.cli.process.HostSystem;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;

/**
 * The one place that decides what a command talks to. From the options, the environment and the profile, first
 * wins, exactly in the contract's order (command-line option, environment variable, the profile: {@code --profile},
 * else {@code GATEWAY_PROFILE}, else {@code default}; built-in default), or from the {@link LocalEmulator} for
 * {@code --local}, it builds a {@link Target}: endpoints, client, scopes, network settings, JWKS URL and pool id.
 * A bad value given as an option is a usage error (exit 2); a bad value from the environment or the profile, or a
 * missing one, is a configuration error (exit 3). The secret, which may need a prompt, is read last.
 */
@Component
public final class TargetResolver {

    /** Retries above this would hammer a struggling endpoint and bill the 150 requests/s account quota. */
    static final int MAX_RETRIES = 10;

    /**
     * A client id: printable ASCII (RFC 6749 A.1, {@code *VSCHAR}) without a space, and without the colon that would
     * make {@code base64(id:secret)} ambiguous (RFC 7617 §2: a user-id cannot hold one). Cognito's are {@code [\w+]+}.
     */
    private static final Pattern CLIENT_ID = Pattern.compile("[\\x21-\\x39\\x3B-\\x7E]+");

    private static final String CLIENT_ID_SHAPE = "a client id (printable ASCII, no ':' and no spaces)";

    /** RFC 6749 §3.3: {@code scope-token = 1*( %x21 / %x23-5B / %x5D-7E )}. */
    private static final Pattern SCOPE = Pattern.compile("[\\x21\\x23-\\x5B\\x5D-\\x7E]+");

    private static final String SCOPE_SHAPE = "a scope (RFC 6749 3.3: printable ASCII without spaces, \" or \\)";

    private final HostSystem host;

    private final ProfileStore profiles;

    private final LocalEmulator local;

    public TargetResolver(HostSystem host, ProfileStore profiles, LocalEmulator local) {
        this.host = host;
        this.profiles = profiles;
        this.local = local;
    }

    /** The profile name in force: {@code --profile}, else {@code GATEWAY_PROFILE}, else {@code default}. */
    public String profileName(String profileOption) {
        if (profileOption != null && !profileOption.isBlank()) {
            return profileOption;
        }
        return host.getenv(Setting.ENV_PROFILE).orElse("default");
    }

    /** The target of a command without pool options ({@code token}, {@code call}, {@code load}). */
    public Target resolve(ConnectionOptions connection, String profileOption, Reach reach) {
        return resolve(connection, new PoolOptions(), profileOption, reach);
    }

    /**
     * Resolves every setting; fails with exit 3 when the token endpoint, the client id, the secret or (for
     * {@link Reach#API}) the API URL is missing.
     */
    public Target resolve(ConnectionOptions connection, PoolOptions pool, String profileOption, Reach reach) {
        if (connection.local()) {
            return resolveLocal(connection, pool, profileOption);
        }
        Sources from = sources(profileOption);
        String profileName = from.name;
        URI tokenUrl = required(from.url(Setting.TOKEN_URL, connection.tokenUrl()), Setting.TOKEN_URL, from);
        URI apiUrl = apiUrl(connection, from, reach);
        String clientId = clientId(connection, from);
        List<String> scopes = from.scopes(connection.scopes());
        ClientAuth auth = from.find(Setting.CLIENT_AUTH, connection.auth())
                .map((value) -> value.parse(ClientAuth.class))
                .orElse(ClientAuth.basic);
        BasicEncoding encoding = from.find(Setting.BASIC_ENCODING, connection.basicEncoding())
                .map((value) -> value.parse(BasicEncoding.class))
                .orElse(BasicEncoding.raw);
        Settings.Http http = http(connection, from);
        URI jwksUrl = from.url(Setting.JWKS_URL, pool.jwksUrl());
        String userPoolId = from.find(Setting.USER_POOL_ID, pool.userPoolId())
                .map((value) -> value.matching(CognitoUrls.POOL_ID, CognitoUrls.POOL_ID_SHAPE))
                .orElse(null);
        Secret secret = secret(connection, from, clientId);
        Settings settings = new Settings(profileName, tokenUrl, apiUrl, clientId, secret, scopes, auth, encoding, http);
        return new Target(settings, jwksUrl, userPoolId, !connection.noCache());
    }

    /** {@code text} as an http or https URL with a host, or empty when it is none. */
    public static Optional<URI> httpUrl(String text) {
        try {
            URI uri = new URI(text.trim());
            String scheme = (uri.getScheme() == null) ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if ((scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null) {
                return Optional.of(uri);
            }
        } catch (URISyntaxException ex) {
            // not a URL at all
        }
        return Optional.empty();
    }

    /**
     * Whether the command signs a user in: {@code --user}, or {@code GATEWAY_USER} in the environment; with
     * {@code --local} only {@code --user}, since the environment describes a deployed stack.
     */
    public boolean signsIn(ConnectionOptions connection, UserOptions user) {
        boolean option = user.user() != null && !user.user().isBlank();
        return option || (!connection.local() && host.getenv(Setting.USER.env()).isPresent());
    }

    /**
     * Resolves a user's sign-in ({@link #signsIn} is true): the user, the app client (and its secret, if it has one:
     * never asked for, since a client for people usually has none), the IdP API and, for {@link Reach#API}, the API
     * URL. The token endpoint is not needed; options that only shape a client-credentials request are a usage error.
     */
    public SignInTarget resolveSignIn(
            ConnectionOptions connection, UserOptions user, String profileOption, Reach reach) {
        if (connection.local()) {
            return resolveLocalSignIn(connection, user, profileOption);
        }
        refuseClientCredentialsOptions(connection);
        Sources from = sources(profileOption);
        String name = required(
                from.find(Setting.USER, user.user())
                        .map((value) -> value.matching(CognitoUrls.USER_NAME, CognitoUrls.USER_NAME_SHAPE)),
                Setting.USER,
                from);
        URI apiUrl = apiUrl(connection, from, reach);
        String clientId = clientId(connection, from);
        String userPoolId = from.find(Setting.USER_POOL_ID, null)
                .map((value) -> value.matching(CognitoUrls.POOL_ID, CognitoUrls.POOL_ID_SHAPE))
                .orElse(null);
        String region = region(userPoolId, from, connection);
        URI idpUrl = from.url(Setting.IDP_URL, user.idpUrl());
        if (idpUrl == null && region == null) {
            throw new ExitException(
                    ExitCodes.CONFIG,
                    "no " + Setting.IDP_URL.what() + " to sign in at: " + Setting.IDP_URL.howToSet(from.where)
                            + "; or name the user pool (" + Setting.USER_POOL_ID.env() + " or "
                            + Setting.USER_POOL_ID.profileKey() + "), whose id starts with its Region");
        }
        if (idpUrl == null) {
            idpUrl = CognitoUrls.idpEndpoint(region);
        }
        Secret clientSecret = configuredSecret(connection, from).orElse(null);
        PasswordSource password = new PasswordSource(
                name, user.passwordFile(), host.getenv(Setting.PASSWORD.env()).orElse(null), host.prompt());
        SignIn signIn = new SignIn(idpUrl, region, userPoolId, clientId, clientSecret, name, password);
        return new SignInTarget(
                from.name, signIn, apiUrl, http(connection, from), !connection.noCache(), user.idToken());
    }

    /**
     * The Cognito IdP API that {@code configure} talks to: the option, else {@code GATEWAY_IDP_URL}; no profile is
     * read, since {@code configure} writes the profile. Empty: Cognito in the Region.
     */
    public Optional<URI> idpUrl(String option) {
        return Optional.ofNullable(noProfile().url(Setting.IDP_URL, option));
    }

    /**
     * The trust of a command that reads no profile ({@code configure} writes one): the CA file of the option, else
     * of {@code GATEWAY_CA_FILE}, added to the JDK's; the JDK's alone without either.
     */
    public TlsTrust trust(java.nio.file.Path caFileOption) {
        return caFile(noProfile(), caFileOption);
    }

    /** Refuses the sign-in options of a command that does not sign in (no {@code --user}, no {@code GATEWAY_USER}). */
    public void requireNoSignInOptions(UserOptions user) {
        List<String> given = user.signInOptionsGiven();
        if (!given.isEmpty()) {
            throw new ExitException(
                    ExitCodes.USAGE,
                    String.join(", ", given) + " only apply to a user's sign-in: add --user NAME (or set "
                            + Setting.USER.env() + ")");
        }
    }

    /**
     * The pool's Region: the prefix of its id, else the profile's {@code region}, else the Region in a Cognito
     * prefix domain's token URL ({@code <prefix>.auth.<region>.amazoncognito.com}); null when none says.
     */
    private String region(String userPoolId, Sources from, ConnectionOptions connection) {
        if (userPoolId != null) {
            return CognitoUrls.regionOfPool(userPoolId).orElseThrow();
        }
        if (from.profile.region() != null
                && CognitoUrls.REGION.matcher(from.profile.region().trim()).matches()) {
            return from.profile.region().trim();
        }
        Optional<Value> tokenUrl = from.find(Setting.TOKEN_URL, connection.tokenUrl());
        if (tokenUrl.isPresent()) {
            try {
                String host = new URI(tokenUrl.get().text().trim()).getHost();
                if (host != null) {
                    return CognitoUrls.regionOfDomain(host).orElse(null);
                }
            } catch (URISyntaxException ex) {
                // Not a URL: it names no Region.
            }
        }
        return null;
    }

    /**
     * {@code --local}: endpoints, credentials and pool from an emulator started in this process. Only command-line
     * options apply beside it (scopes, client authentication, timeouts): the environment and profiles describe a
     * deployed stack, and mixing one of their endpoints with the emulator's credentials would only fail in confusing
     * ways.
     */
    private Target resolveLocal(ConnectionOptions connection, PoolOptions pool, String profileOption) {
        refuseBesideLocal(connection, pool.given(), profileOption);
        EmulatedStack stack = local.start();
        Settings settings = new Settings(
                LocalEmulator.PROFILE,
                stack.tokenUrl(),
                stack.apiUrl(),
                stack.clientId(),
                new Secret(stack.clientSecret(), "the in-process emulator"),
                checkScopes(splitScopes(connection.scopes()), Setting.SCOPE.option() + " ", ExitCodes.USAGE),
                (connection.auth() != null) ? connection.auth() : ClientAuth.basic,
                (connection.basicEncoding() != null) ? connection.basicEncoding() : BasicEncoding.raw,
                http(connection, noProfile()));
        // A pool that keeps its keys and ids (the keys cache) issues tokens valid in the next run too: they are
        // cached as any endpoint's, filed under its issuer rather than its token URL, whose port is new every run.
        return new Target(
                settings,
                stack.jwksUrl(),
                stack.userPoolId(),
                stack.lasting() && !connection.noCache(),
                stack.mint(),
                stack.issuer());
    }

    /**
     * {@code --local --user NAME}: the in-process emulator creates the user, with the password from the usual sources
     * ({@code --password-file}, {@code GATEWAY_PASSWORD}, a prompt), in its pool, and the user signs in at its IdP API
     * through an app client that allows the password flow. As for {@link #resolveLocal}, options that name another
     * stack are a usage error.
     */
    private SignInTarget resolveLocalSignIn(ConnectionOptions connection, UserOptions user, String profileOption) {
        refuseBesideLocal(
                connection, (user.idpUrl() == null) ? List.of() : List.of(Setting.IDP_URL.option()), profileOption);
        refuseClientCredentialsOptions(connection);
        String name = user.user().strip();
        PasswordSource password = new PasswordSource(
                name, user.passwordFile(), host.getenv(Setting.PASSWORD.env()).orElse(null), host.prompt());
        EmulatedStack stack = local.start();
        EmulatedSignIn where = local.addUser(name, password.get());
        SignIn signIn = new SignIn(
                where.idpUrl(),
                where.region(),
                where.userPoolId(),
                where.clientId(),
                (where.clientSecret() == null) ? null : new Secret(where.clientSecret(), "the in-process emulator"),
                name,
                password);
        return new SignInTarget(
                LocalEmulator.PROFILE, signIn, stack.apiUrl(), http(connection, noProfile()), false, user.idToken());
    }

    /** {@code --scope}, {@code --auth}, {@code --basic-encoding}: exit 2 beside a user's sign-in. */
    private static void refuseClientCredentialsOptions(ConnectionOptions connection) {
        List<String> notForUsers = connection.clientCredentialsOptionsGiven();
        if (!notForUsers.isEmpty()) {
            throw new ExitException(
                    ExitCodes.USAGE,
                    String.join(", ", notForUsers) + " shape client-credentials requests only; a user's access token "
                            + "carries the scopes the app client allows: drop "
                            + String.join(", ", notForUsers));
        }
    }

    /** The options that name another stack than the in-process one, and {@code --profile}: exit 2 beside it. */
    private static void refuseBesideLocal(ConnectionOptions connection, List<String> more, String profileOption) {
        List<String> conflicting = new ArrayList<>(connection.endpointOptionsGiven());
        conflicting.addAll(more);
        if (profileOption != null) {
            conflicting.add("--profile");
        }
        if (!conflicting.isEmpty()) {
            throw new ExitException(
                    ExitCodes.USAGE,
                    "--local supplies the endpoints and credentials itself: drop " + String.join(", ", conflicting));
        }
    }

    /** Option, environment and the profile in force; a profile named but missing is exit 3. */
    private Sources sources(String profileOption) {
        String profileName = profileName(profileOption);
        boolean named =
                profileOption != null || host.getenv(Setting.ENV_PROFILE).isPresent();
        Optional<Profile> found = profiles.read(profileName);
        if (found.isEmpty() && named) {
            throw new ExitException(
                    ExitCodes.CONFIG,
                    "profile '" + profileName + "' not found in " + profiles.file()
                            + ": check the name, or create it (gateway-cli deploy / local / configure write one)");
        }
        return new Sources(found.orElseGet(Profile::empty), profileName);
    }

    /** The API URL, which {@link Reach#API} cannot do without. */
    private static URI apiUrl(ConnectionOptions connection, Sources from, Reach reach) {
        URI apiUrl = from.url(Setting.API_URL, connection.apiUrl());
        if (reach == Reach.API) {
            required(apiUrl, Setting.API_URL, from);
        }
        return apiUrl;
    }

    private static String clientId(ConnectionOptions connection, Sources from) {
        return required(
                from.find(Setting.CLIENT_ID, connection.clientId())
                        .map((value) -> value.matching(CLIENT_ID, CLIENT_ID_SHAPE)),
                Setting.CLIENT_ID,
                from);
    }

    private Secret secret(ConnectionOptions connection, Sources from, String clientId) {
        return configuredSecret(connection, from)
                .or(() -> Secret.typed(host.prompt(), "Client secret for " + clientId + ": ")
                        .map(TargetResolver::checked))
                .orElseThrow(() -> new ExitException(
                        ExitCodes.CONFIG,
                        "no client secret: " + Setting.CLIENT_SECRET.howToSet(from.where)
                                + ", or type it at a terminal"));
    }

    /** The client secret from {@code --client-secret-file}, the environment or the profile; never a prompt. */
    private static Optional<Secret> configuredSecret(ConnectionOptions connection, Sources from) {
        if (connection.clientSecretFile() != null) {
            Path file = connection.clientSecretFile();
            return Optional.of(checked(new Secret(
                    Secret.readFile(file, Setting.CLIENT_SECRET.what()), Setting.CLIENT_SECRET.option() + " " + file)));
        }
        return from.find(Setting.CLIENT_SECRET, null).map((value) -> checked(new Secret(value.text(), value.source())));
    }

    /**
     * RFC 6749 A.2: {@code client-secret = *VSCHAR}, printable ASCII. Anything else (a control character, a second
     * line, what bytes that are not UTF-8 decode to) cannot be sent as it was meant; the message names where the
     * secret came from, never the secret.
     */
    private static Secret checked(Secret secret) {
        String value = secret.reveal();
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x20 || c > 0x7e) {
                throw new ExitException(
                        ExitCodes.CONFIG,
                        "the client secret from " + secret.source() + " holds a control or non-ASCII character, "
                                + "which no client secret has (RFC 6749 A.2): check it");
            }
        }
        return secret;
    }

    /** Timeouts and retries from the option, then the environment; the CA file from those or {@code profile}. */
    private Settings.Http http(ConnectionOptions connection, Sources profile) {
        Settings.Http defaults = Settings.Http.DEFAULTS;
        // No profile holds these: the option, then the environment.
        Sources from = noProfile();
        Duration connect = from.find(Setting.CONNECT_TIMEOUT, connection.connectTimeout())
                .map(Value::duration)
                .orElse(defaults.connectTimeout());
        Duration read = from.find(Setting.READ_TIMEOUT, connection.readTimeout())
                .map(Value::duration)
                .orElse(defaults.readTimeout());
        int retries = from.find(Setting.RETRIES, connection.retries())
                .map((value) -> value.number(0, MAX_RETRIES))
                .orElse(defaults.retries());
        Duration maxTime = from.find(Setting.MAX_TIME, connection.maxTime())
                .map(Value::duration)
                .orElse(defaults.maxTime());
        TlsTrust trust = caFile(profile, connection.caFile());
        return new Settings.Http(connect, read, retries, defaults.maxResponseBytes(), maxTime, trust);
    }

    private static TlsTrust caFile(Sources from, java.nio.file.Path option) {
        return from.find(Setting.CA_FILE, option)
                .map((value) -> TlsTrust.withCaFile(value.path(), value.source()))
                .orElse(TlsTrust.DEFAULT);
    }

    /** Each scope a scope-token of RFC 6749 §3.3, or the exit code of its source. */
    private static List<String> checkScopes(List<String> scopes, String prefix, int badExit) {
        for (String scope : scopes) {
            if (!SCOPE.matcher(scope).matches()) {
                throw new ExitException(badExit, prefix + "'" + scope + "' is not " + SCOPE_SHAPE);
            }
        }
        return scopes;
    }

    /** Scopes as typed: repeatable, each value possibly several space-separated ones; duplicates dropped. */
    private static List<String> splitScopes(List<String> values) {
        return values.stream()
                .flatMap((s) -> Arrays.stream(s.trim().split("\\s+")))
                .filter((s) -> !s.isEmpty())
                .distinct()
                .toList();
    }

    private static <T> T required(T value, Setting setting, Sources from) {
        if (value == null) {
            throw new ExitException(ExitCodes.CONFIG, "no " + setting.what() + ": " + setting.howToSet(from.where));
        }
        return value;
    }

    private static <T> T required(Optional<T> value, Setting setting, Sources from) {
        return required(value.orElse(null), setting, from);
    }

    /** Option, environment and one profile, asked in that order; {@code where} names the profile in messages. */
    /** Option and environment only: what no profile holds, and the in-process emulator, which needs none. */
    private Sources noProfile() {
        return new Sources(Profile.empty(), null);
    }

    private final class Sources {

        private final Profile profile;

        /** The profile's name, for messages and the {@link Settings}. */
        private final String name;

        /** "profile 'NAME'", or null when no profile is asked. */
        private final String profileName;

        /** "profile 'NAME' in FILE", for messages that say where to add a value. */
        private final String where;

        Sources(Profile profile, String name) {
            this.profile = profile;
            this.name = name;
            this.profileName = (name == null) ? null : "profile '" + name + "'";
            this.where = (name == null) ? "" : profileName + " in " + profiles.file();
        }

        /** The first of option, environment variable and profile value that is set, with where it came from. */
        Optional<Value> find(Setting setting, Object option) {
            if (option != null && !String.valueOf(option).isBlank()) {
                return Optional.of(new Value(
                        String.valueOf(option), option, setting.option(), setting.option() + " ", ExitCodes.USAGE));
            }
            Optional<String> env = host.getenv(setting.env());
            if (env.isPresent()) {
                return Optional.of(new Value(env.get(), null, setting.env(), setting.env() + "=", ExitCodes.CONFIG));
            }
            String value = (profileName == null) ? null : setting.from(profile);
            if (value != null && !value.isBlank()) {
                return Optional.of(new Value(
                        value, null, profileName, where + ": " + setting.profileKey() + " ", ExitCodes.CONFIG));
            }
            return Optional.empty();
        }

        URI url(Setting setting, String option) {
            return find(setting, option).map(Value::url).orElse(null);
        }

        List<String> scopes(List<String> option) {
            if (!option.isEmpty()) {
                return checkScopes(splitScopes(option), Setting.SCOPE.option() + " ", ExitCodes.USAGE);
            }
            Optional<String> env = host.getenv(Setting.SCOPE.env());
            if (env.isPresent()) {
                return checkScopes(splitScopes(List.of(env.get())), Setting.SCOPE.env() + "=", ExitCodes.CONFIG);
            }
            return (profile.scopes() == null)
                    ? List.of()
                    : checkScopes(
                            profile.scopes().stream().distinct().toList(),
                            where + ": " + Setting.SCOPE.profileKey() + " ",
                            ExitCodes.CONFIG);
        }
    }

    /**
     * One value and where it came from.
     *
     * @param text the value as given
     * @param typed the option's own value when picocli converted it already, else null
     * @param source where it came from, safe to print: the option, the variable or the profile
     * @param prefix what a message puts before the quoted value: {@code --retries }, {@code GATEWAY_RETRIES=}, or
     *     {@code profile 'NAME' in FILE: auth }
     * @param badExit the exit code of a bad value: 2 for an option, 3 for the environment or a profile
     */
    private record Value(String text, Object typed, String source, String prefix, int badExit) {

        ExitException bad(String expected) {
            return new ExitException(badExit, prefix + "'" + text + "' is not " + expected);
        }

        /** Never the text: it may be the secret. */
        @Override
        public String toString() {
            return "Value[" + source + "]";
        }

        URI url() {
            return httpUrl(text).orElseThrow(() -> bad("an http(s) URL"));
        }

        <E extends Enum<E>> E parse(Class<E> type) {
            if (type.isInstance(typed)) {
                return type.cast(typed);
            }
            for (E constant : type.getEnumConstants()) {
                if (constant.name().equalsIgnoreCase(text.trim())) {
                    return constant;
                }
            }
            throw bad("one of "
                    + Arrays.stream(type.getEnumConstants()).map(Enum::name).collect(Collectors.joining(", ")));
        }

        /** A file name; a relative one is relative to the working directory. */
        java.nio.file.Path path() {
            if (typed instanceof java.nio.file.Path given) {
                return given;
            }
            try {
                return java.nio.file.Path.of(text.trim());
            } catch (java.nio.file.InvalidPathException ex) {
                throw bad("a file name");
            }
        }

        Duration duration() {
            if (typed instanceof Duration given) {
                return given;
            }
            Duration parsed = DurationConverter.parse(text);
            if (parsed == null) {
                throw bad("a duration (examples: 5s, 500ms, 2m, 10)");
            }
            return parsed;
        }

        int number(int min, int max) {
            try {
                int n = Integer.parseInt(text.trim());
                if (n >= min && n <= max) {
                    return n;
                }
            } catch (NumberFormatException ex) {
                // reported below
            }
            throw bad("a number between " + min + " and " + max);
        }

        String matching(Pattern shape, String expected) {
            if (!shape.matcher(text.trim()).matches()) {
                throw bad(expected);
            }
            return text.trim();
        }
    }
}
