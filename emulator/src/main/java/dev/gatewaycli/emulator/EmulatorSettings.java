package dev.gatewaycli.emulator;

import dev.gatewaycli.emulator.lambda.FunctionSettings;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * How the emulator behaves where the real services leave a choice: the behaviours docs/fidelity.md marks
 * <b>[open]</b>, the Region and identifiers, the signing keys, the clock and the limits. Immutable; start from
 * {@link #defaults()} and change what you need with the {@code with...} methods.
 *
 * @param region               {@code AWS::Region} of the stacks whose cloud assembly does not pin one, and the Region in
 *                             their issuers, ARNs and pool ids ({@code us-east-1})
 * @param accountId            {@code AWS::AccountId} ({@code 123456789012})
 * @param parameterOverrides   template parameter values by name, for every stack that declares the name (as
 *                             {@code --parameter-overrides KEY=VALUE} gives them); each must name a parameter
 * @param userPoolId           a fixed id of the first pool (stack order, then template order),
 *                             {@code <its region>_<letters/digits>}; empty: generated at start,
 *                             {@code <region>_<9 letters/digits>}, as are the ids of every other pool
 * @param clientId             a fixed id of the first app client (stack order, then template order), the one the
 *                             emulator's single-valued accessors then name; empty: generated at start, 26 lowercase
 *                             letters and digits, as are the ids of every other client
 * @param clientSecret         a fixed secret of the first app client; empty: generated at start, 51 lowercase letters
 *                             and digits
 * @param keysFile             a JWK set with two RSA private keys (access tokens, then ID tokens) of the first pool, for
 *                             reproducible runs; created with fresh keys when the file does not exist; empty: keys
 *                             generated at start (every other pool's keys are)
 * @param clock                the clock tokens are issued and checked with, throttles refilled, quotas counted and
 *                             authorizer results cached by
 * @param integrationTimeout   API Gateway's integration timeout, 29 s (504 beyond it)
 * @param authorizerCacheTtl   the authorizer result cache; empty: the template's
 *                             {@code AuthorizerResultTtlInSeconds}, else API Gateway's default 300 s; zero disables it
 * @param unknownScope         [open] a requested scope the client may not use: {@code invalid_scope} or ignored
 * @param invalidClientStatus  [open] status of {@code invalid_client}: 400 (Cognito's docs) or 401 (RFC 6749 §5.2)
 * @param basicCredentials     [open] whether the Basic header's id and secret are form-URL-decoded (RFC 6749 §2.3.1)
 * @param issuerStyle          {@code iss} as Cognito writes it, or the emulator's own URL (for OIDC discovery clients)
 * @param maxPayloadBytes      API Gateway's payload limit, 10 MB (413 beyond it)
 * @param maxHeaderBytes       API Gateway's limit on the request line and headers together, 10240 bytes (431 beyond)
 * @param functionConcurrency  how many invocations of one function run at once (its execution environments) when its
 *                             template sets no {@code ReservedConcurrentExecutions}; more wait their turn
 * @param functions            how functions run: in processes or in the emulator's JVM, {@code --env-vars}, ...
 * @param users                users created at start in every pool, confirmed, with a permanent password (as
 *                             {@code --user NAME:PASSWORD} gives them); a pool that refuses one fails the start with a
 *                             {@code UserRefusedException}
 */
public record EmulatorSettings(
        String region,
        String accountId,
        Map<String, String> parameterOverrides,
        Optional<String> userPoolId,
        Optional<String> clientId,
        Optional<String> clientSecret,
        Optional<Path> keysFile,
        Clock clock,
        Duration integrationTimeout,
        Optional<Duration> authorizerCacheTtl,
        UnknownScope unknownScope,
        int invalidClientStatus,
        BasicCredentials basicCredentials,
        IssuerStyle issuerStyle,
        long maxPayloadBytes,
        int maxHeaderBytes,
        int functionConcurrency,
        FunctionSettings functions,
        List<User> users) {

    private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d");
    private static final Pattern CLIENT_ID = Pattern.compile("[\\w+]{1,128}");
    private static final Pattern CLIENT_SECRET = Pattern.compile("[\\w+]{24,64}");
    private static final Pattern POOL_ID_SUFFIX = Pattern.compile("[0-9a-zA-Z]+");

    /** [open] A requested scope the app client is not allowed (fidelity.md §1, "scope"). */
    public enum UnknownScope {
        /** {@code 400 {"error":"invalid_scope"}}, as users report of the real service. The default. */
        REJECT,
        /** Dropped from the token, as Cognito's documentation says; {@code invalid_scope} if nothing is left. */
        IGNORE
    }

    /** [open] How the id and secret in {@code Authorization: Basic} are read (fidelity.md §1, "Client secret"). */
    public enum BasicCredentials {
        /** Taken as sent: {@code %2B} stays {@code %2B}. The default. */
        RAW,
        /** Form-URL-decoded first, as RFC 6749 §2.3.1 says and Spring Security sends ({@code %2B} becomes {@code +}). */
        FORM_URL_DECODED,
        /** Either reading matches: accepts clients of both habits. */
        EITHER
    }

    /**
     * A user to create in every pool at start: a name (or the email or phone number, where a pool's users sign in with
     * it) and a permanent password. Throw-away test users: the password is never printed.
     */
    public record User(String username, String password) {

        public User {
            Objects.requireNonNull(username, "username cannot be null");
            Objects.requireNonNull(password, "password cannot be null");
            if (username.isBlank()) {
                throw new IllegalArgumentException("a user's name cannot be blank");
            }
        }

        /** Never the password. */
        @Override
        public String toString() {
            return "User[" + username + "]";
        }
    }

    /** The {@code iss} claim of issued tokens. */
    public enum IssuerStyle {
        /** {@code https://cognito-idp.<region>.amazonaws.com/<poolId>}, exactly as Cognito. The default. */
        COGNITO,
        /**
         * {@code http://<host>:<port>/<poolId>}: the issuer is also where the discovery document is served, which
         * OIDC discovery clients (Spring's {@code JwtDecoders.fromIssuerLocation}) require.
         */
        LOCAL
    }

    public EmulatorSettings {
        Objects.requireNonNull(region, "region cannot be null");
        if (!REGION.matcher(region).matches()) {
            throw new IllegalArgumentException("region '" + region + "' is not an AWS Region name like us-east-1");
        }
        Objects.requireNonNull(accountId, "accountId cannot be null");
        if (!accountId.matches("\\d{12}")) {
            throw new IllegalArgumentException("accountId must be 12 digits");
        }
        Objects.requireNonNull(parameterOverrides, "parameterOverrides cannot be null");
        parameterOverrides = Map.copyOf(parameterOverrides);
        Objects.requireNonNull(userPoolId, "userPoolId cannot be null");
        userPoolId.ifPresent(id -> {
            // The Region is the first pool's, which a stack pinned to another Region sets: checked at start.
            int underscore = id.indexOf('_');
            if (underscore < 0
                    || !REGION.matcher(id.substring(0, underscore)).matches()
                    || !POOL_ID_SUFFIX.matcher(id.substring(underscore + 1)).matches()) {
                throw new IllegalArgumentException(
                        "userPoolId '" + id + "' is not of the form <region>_<letters and digits>");
            }
        });
        Objects.requireNonNull(clientId, "clientId cannot be null");
        clientId.ifPresent(id -> {
            if (!CLIENT_ID.matcher(id).matches()) {
                throw new IllegalArgumentException("clientId must be 1 to 128 characters of [\\w+]");
            }
        });
        Objects.requireNonNull(clientSecret, "clientSecret cannot be null");
        clientSecret.ifPresent(secret -> {
            if (!CLIENT_SECRET.matcher(secret).matches()) {
                // The secret itself is never put in a message.
                throw new IllegalArgumentException("clientSecret must be 24 to 64 characters of [\\w+]");
            }
        });
        Objects.requireNonNull(keysFile, "keysFile cannot be null");
        Objects.requireNonNull(clock, "clock cannot be null");
        Objects.requireNonNull(integrationTimeout, "integrationTimeout cannot be null");
        if (integrationTimeout.isNegative() || integrationTimeout.isZero()) {
            throw new IllegalArgumentException("integrationTimeout must be positive");
        }
        Objects.requireNonNull(authorizerCacheTtl, "authorizerCacheTtl cannot be null");
        authorizerCacheTtl.ifPresent(ttl -> {
            if (ttl.isNegative() || ttl.compareTo(Duration.ofHours(1)) > 0) {
                throw new IllegalArgumentException("authorizerCacheTtl must be between 0 and 3600 s");
            }
        });
        Objects.requireNonNull(unknownScope, "unknownScope cannot be null");
        if (invalidClientStatus != 400 && invalidClientStatus != 401) {
            throw new IllegalArgumentException("invalidClientStatus must be 400 or 401");
        }
        Objects.requireNonNull(basicCredentials, "basicCredentials cannot be null");
        Objects.requireNonNull(issuerStyle, "issuerStyle cannot be null");
        if (maxPayloadBytes < 1) {
            throw new IllegalArgumentException("maxPayloadBytes must be positive");
        }
        if (maxHeaderBytes < 1024) {
            throw new IllegalArgumentException("maxHeaderBytes must be at least 1024");
        }
        if (functionConcurrency < 1) {
            throw new IllegalArgumentException("functionConcurrency must be at least 1");
        }
        Objects.requireNonNull(functions, "functions cannot be null");
        Objects.requireNonNull(users, "users cannot be null");
        users = List.copyOf(users);
        Set<String> names = new HashSet<>();
        for (User user : users) {
            if (!names.add(user.username())) {
                throw new IllegalArgumentException("user '" + user.username() + "' is given twice");
            }
        }
    }

    /** The defaults: us-east-1, generated ids and keys, the system clock, and API Gateway's and Cognito's limits. */
    public static EmulatorSettings defaults() {
        return new EmulatorSettings(
                "us-east-1",
                "123456789012",
                Map.of(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Clock.systemUTC(),
                Duration.ofSeconds(29),
                Optional.empty(),
                UnknownScope.REJECT,
                400,
                BasicCredentials.RAW,
                IssuerStyle.COGNITO,
                10L * 1024 * 1024,
                10240,
                32,
                FunctionSettings.defaults(),
                List.of());
    }

    public EmulatorSettings withRegion(String value) {
        Copy c = new Copy(this);
        c.region = value;
        return c.build();
    }

    public EmulatorSettings withAccountId(String value) {
        Copy c = new Copy(this);
        c.accountId = value;
        return c.build();
    }

    /** Template parameter values by name, replacing any given before. */
    public EmulatorSettings withParameterOverrides(Map<String, String> value) {
        Copy c = new Copy(this);
        c.parameterOverrides = value;
        return c.build();
    }

    public EmulatorSettings withUserPoolId(String value) {
        Copy c = new Copy(this);
        c.userPoolId = Optional.of(value);
        return c.build();
    }

    /** A fixed client id and secret instead of throw-away ones. */
    public EmulatorSettings withClient(String id, String secret) {
        Copy c = new Copy(this);
        c.clientId = Optional.of(id);
        c.clientSecret = Optional.of(secret);
        return c.build();
    }

    public EmulatorSettings withKeysFile(Path value) {
        Copy c = new Copy(this);
        c.keysFile = Optional.of(value);
        return c.build();
    }

    public EmulatorSettings withClock(Clock value) {
        Copy c = new Copy(this);
        c.clock = value;
        return c.build();
    }

    public EmulatorSettings withIntegrationTimeout(Duration value) {
        Copy c = new Copy(this);
        c.integrationTimeout = value;
        return c.build();
    }

    public EmulatorSettings withAuthorizerCacheTtl(Duration value) {
        Copy c = new Copy(this);
        c.authorizerCacheTtl = Optional.of(value);
        return c.build();
    }

    public EmulatorSettings withUnknownScope(UnknownScope value) {
        Copy c = new Copy(this);
        c.unknownScope = value;
        return c.build();
    }

    public EmulatorSettings withInvalidClientStatus(int value) {
        Copy c = new Copy(this);
        c.invalidClientStatus = value;
        return c.build();
    }

    public EmulatorSettings withBasicCredentials(BasicCredentials value) {
        Copy c = new Copy(this);
        c.basicCredentials = value;
        return c.build();
    }

    public EmulatorSettings withIssuerStyle(IssuerStyle value) {
        Copy c = new Copy(this);
        c.issuerStyle = value;
        return c.build();
    }

    public EmulatorSettings withMaxPayloadBytes(long value) {
        Copy c = new Copy(this);
        c.maxPayloadBytes = value;
        return c.build();
    }

    public EmulatorSettings withMaxHeaderBytes(int value) {
        Copy c = new Copy(this);
        c.maxHeaderBytes = value;
        return c.build();
    }

    public EmulatorSettings withFunctionConcurrency(int value) {
        Copy c = new Copy(this);
        c.functionConcurrency = value;
        return c.build();
    }

    /** How functions run: {@link FunctionSettings}. */
    public EmulatorSettings withFunctions(FunctionSettings value) {
        Copy c = new Copy(this);
        c.functions = value;
        return c.build();
    }

    /** The users to create in every pool at start, replacing any given before. */
    public EmulatorSettings withUsers(List<User> value) {
        Copy c = new Copy(this);
        c.users = value;
        return c.build();
    }

    /** One more user to create in every pool at start. */
    public EmulatorSettings withUser(String username, String password) {
        Copy c = new Copy(this);
        List<User> more = new ArrayList<>(users);
        more.add(new User(username, password));
        c.users = more;
        return c.build();
    }

    /** A mutable copy, so that each {@code with...} method names only what it changes. */
    private static final class Copy {
        String region;
        String accountId;
        Map<String, String> parameterOverrides;
        Optional<String> userPoolId;
        Optional<String> clientId;
        Optional<String> clientSecret;
        Optional<Path> keysFile;
        Clock clock;
        Duration integrationTimeout;
        Optional<Duration> authorizerCacheTtl;
        UnknownScope unknownScope;
        int invalidClientStatus;
        BasicCredentials basicCredentials;
        IssuerStyle issuerStyle;
        long maxPayloadBytes;
        int maxHeaderBytes;
        int functionConcurrency;
        FunctionSettings functions;
        List<User> users;

        Copy(EmulatorSettings s) {
            region = s.region;
            accountId = s.accountId;
            parameterOverrides = s.parameterOverrides;
            userPoolId = s.userPoolId;
            clientId = s.clientId;
            clientSecret = s.clientSecret;
            keysFile = s.keysFile;
            clock = s.clock;
            integrationTimeout = s.integrationTimeout;
            authorizerCacheTtl = s.authorizerCacheTtl;
            unknownScope = s.unknownScope;
            invalidClientStatus = s.invalidClientStatus;
            basicCredentials = s.basicCredentials;
            issuerStyle = s.issuerStyle;
            maxPayloadBytes = s.maxPayloadBytes;
            maxHeaderBytes = s.maxHeaderBytes;
            functionConcurrency = s.functionConcurrency;
            functions = s.functions;
            users = s.users;
        }

        EmulatorSettings build() {
            return new EmulatorSettings(
                    region,
                    accountId,
                    parameterOverrides,
                    userPoolId,
                    clientId,
                    clientSecret,
                    keysFile,
                    clock,
                    integrationTimeout,
                    authorizerCacheTtl,
                    unknownScope,
                    invalidClientStatus,
                    basicCredentials,
                    issuerStyle,
                    maxPayloadBytes,
                    maxHeaderBytes,
                    functionConcurrency,
                    functions,
                    users);
        }
    }

    /** Never prints the secret: settings end up in logs and test failure messages. */
    @Override
    public String toString() {
        return "EmulatorSettings[region=" + region + ", accountId=" + accountId + ", parameterOverrides="
                + parameterOverrides.keySet() + ", userPoolId=" + userPoolId
                + ", clientId=" + clientId + ", clientSecret=" + clientSecret.map(s -> "****") + ", keysFile="
                + keysFile
                + ", integrationTimeout=" + integrationTimeout + ", authorizerCacheTtl=" + authorizerCacheTtl
                + ", unknownScope=" + unknownScope + ", invalidClientStatus=" + invalidClientStatus
                + ", basicCredentials=" + basicCredentials + ", issuerStyle=" + issuerStyle + ", users=" + users + "]";
    }
}
