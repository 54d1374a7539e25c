package dev.gatewaycli.stack.context;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Everything a user may change about the stack, read from CDK context with the seed's values as defaults
 * (docs/fidelity.md §3). Every value is checked here, before any construct exists, so that a bad value fails
 * synthesis with one line naming the key instead of a jsii stack trace or, worse, a failed deployment.
 * {@code stack/README.md} documents each key.
 *
 * @param stackName                  CloudFormation stack name (also the construct id, hence the template file name)
 * @param domainPrefix               Cognito prefix domain; empty: derived at deploy time, see {@link #DOMAIN_PREFIX}
 * @param resourceServerId           resource server identifier, the part before {@code /} in a scope
 * @param scopes                     scope name to description, in declaration order; never empty
 * @param methodScopes               each API method to the scope names it accepts (any one is enough)
 * @param accessTokenValidityMinutes access token lifetime, 5 minutes to 1 day as Cognito allows
 * @param stageName                  API Gateway stage name
 * @param handlerJar                 the function's code, an existing jar
 */
public record GatewayStackProps(
        String stackName,
        Optional<String> domainPrefix,
        String resourceServerId,
        Map<String, String> scopes,
        Map<MethodRoute, List<String>> methodScopes,
        int accessTokenValidityMinutes,
        String stageName,
        Path handlerJar) {

    // Context keys: stack/README.md lists each with its default and an example.
    public static final String STACK_NAME = "stackName";
    /**
     * Prefix domains are global per Region, so a fixed default (the seed's {@code learningjourney}) collides between
     * two users. Unset, the prefix is {@code <stack name, lower case>-<last 12 hex digits of the CloudFormation stack
     * id's UUID>}: unique per deployed stack, stable across updates, known to CloudFormation without a custom resource.
     */
    public static final String DOMAIN_PREFIX = "domainPrefix";

    public static final String RESOURCE_SERVER_ID = "resourceServerId";
    public static final String SCOPES = "scopes";
    public static final String SCOPE_DESCRIPTIONS = "scopeDescriptions";
    public static final String METHOD_SCOPES = "methodScopes";
    public static final String ACCESS_TOKEN_VALIDITY_MINUTES = "accessTokenValidityMinutes";
    public static final String STAGE_NAME = "stageName";
    public static final String HANDLER_JAR = "handlerJar";

    // The seed's values (docs/fidelity.md §3).
    public static final String DEFAULT_STACK_NAME = "GatewayCliStack";
    public static final String DEFAULT_RESOURCE_SERVER_ID = "users";
    public static final String DEFAULT_SCOPE = "read-only";
    public static final int DEFAULT_ACCESS_TOKEN_VALIDITY_MINUTES = 30;
    public static final String DEFAULT_STAGE_NAME = "prod";
    public static final MethodRoute DEFAULT_METHOD = new MethodRoute("GET", "/");
    /** Relative to the working directory: the repository root under the CDK CLI (cdk.json lives there). */
    public static final String DEFAULT_HANDLER_JAR = "handler/target/handler.jar";

    /** Cognito: 5 minutes to 1 day (AccessTokenValidity, docs/fidelity.md §1). */
    public static final int MIN_ACCESS_TOKEN_VALIDITY_MINUTES = 5;

    public static final int MAX_ACCESS_TOKEN_VALIDITY_MINUTES = 24 * 60;

    /** CloudFormation stack names. */
    private static final Pattern STACK_NAME_PATTERN = Pattern.compile("[A-Za-z][A-Za-z0-9-]{0,127}");
    /** Cognito prefix domains: lower-case letters, digits and inner hyphens, at most 63 characters. */
    private static final Pattern DOMAIN_PREFIX_PATTERN = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");
    /** Cognito refuses prefixes holding these words. */
    private static final List<String> RESERVED_DOMAIN_WORDS = List.of("aws", "amazon", "cognito");
    /** Cognito ResourceServer Identifier: printable ASCII except space, {@code "} and {@code \}. */
    private static final Pattern RESOURCE_SERVER_ID_PATTERN = Pattern.compile("[\\x21\\x23-\\x5B\\x5D-\\x7E]{1,256}");
    /** Cognito ScopeName: as the identifier, and without {@code /} (it separates the two in a full scope). */
    private static final Pattern SCOPE_NAME_PATTERN =
            Pattern.compile("[\\x21\\x23-\\x2E\\x30-\\x5B\\x5D-\\x7E]{1,256}");
    /** Cognito: at most 100 custom scopes per resource server. */
    private static final int MAX_SCOPES = 100;
    /** API Gateway stage names. */
    private static final Pattern STAGE_NAME_PATTERN = Pattern.compile("[A-Za-z0-9_-]{1,128}");

    public GatewayStackProps {
        Objects.requireNonNull(domainPrefix, "domainPrefix cannot be null (use Optional.empty())");
        requireMatch(
                STACK_NAME,
                stackName,
                STACK_NAME_PATTERN,
                "a letter followed by letters, digits or hyphens, at most 128 characters");
        domainPrefix.ifPresent(GatewayStackProps::requireValidDomainPrefix);
        requireMatch(
                RESOURCE_SERVER_ID,
                resourceServerId,
                RESOURCE_SERVER_ID_PATTERN,
                "1-256 printable ASCII characters without spaces, quotes or backslashes");
        scopes = Collections.unmodifiableMap(new LinkedHashMap<>(requireValidScopes(scopes)));
        methodScopes = Collections.unmodifiableMap(new LinkedHashMap<>(requireValidMethodScopes(methodScopes, scopes)));
        if (accessTokenValidityMinutes < MIN_ACCESS_TOKEN_VALIDITY_MINUTES
                || accessTokenValidityMinutes > MAX_ACCESS_TOKEN_VALIDITY_MINUTES) {
            throw new InvalidContextException(ACCESS_TOKEN_VALIDITY_MINUTES + " is " + accessTokenValidityMinutes
                    + ": Cognito allows " + MIN_ACCESS_TOKEN_VALIDITY_MINUTES + " to "
                    + MAX_ACCESS_TOKEN_VALIDITY_MINUTES
                    + " minutes (5 minutes to 1 day)");
        }
        requireMatch(STAGE_NAME, stageName, STAGE_NAME_PATTERN, "1-128 letters, digits, hyphens or underscores");
        Objects.requireNonNull(handlerJar, "handlerJar cannot be null");
        if (!Files.isRegularFile(handlerJar)) {
            throw new InvalidContextException(HANDLER_JAR + ": the function's jar "
                    + handlerJar.toAbsolutePath().normalize()
                    + " does not exist; build it first: ./mvnw -B -q -pl handler package");
        }
    }

    /** The props with every default of the seed, the function's code taken from {@code handlerJar}. */
    public static GatewayStackProps defaults(Path handlerJar) {
        return fromContext(key -> HANDLER_JAR.equals(key) ? handlerJar.toString() : null);
    }

    /**
     * Reads the props from CDK context, e.g. {@code app.getNode()::tryGetContext}. Values may be JSON values (from
     * {@code cdk.json}) or strings (from {@code cdk synth -c key=value}, which passes every value as a string).
     */
    public static GatewayStackProps fromContext(Function<String, Object> context) {
        ContextReader read = new ContextReader(context);
        List<String> scopeNames = read.stringList(SCOPES, List.of(DEFAULT_SCOPE));
        Map<String, String> descriptions = read.stringMap(SCOPE_DESCRIPTIONS);
        String resourceServerId = read.string(RESOURCE_SERVER_ID, DEFAULT_RESOURCE_SERVER_ID);

        Map<String, String> scopes = new LinkedHashMap<>();
        for (String name : scopeNames) {
            if (scopes.put(name, descriptions.getOrDefault(name, defaultDescription(name, resourceServerId))) != null) {
                throw new InvalidContextException(SCOPES + " names '" + name + "' twice");
            }
        }
        for (String described : descriptions.keySet()) {
            if (!scopes.containsKey(described)) {
                throw new InvalidContextException(SCOPE_DESCRIPTIONS + " describes '" + described
                        + "', which is not in " + SCOPES + " " + scopeNames);
            }
        }

        Map<MethodRoute, List<String>> methodScopes =
                read.methodScopes(METHOD_SCOPES, Map.of(DEFAULT_METHOD, List.copyOf(scopes.keySet())));

        String stackName = read.string(STACK_NAME, DEFAULT_STACK_NAME);
        return new GatewayStackProps(
                stackName,
                Optional.ofNullable(read.string(DOMAIN_PREFIX, null)),
                resourceServerId,
                scopes,
                methodScopes,
                read.integer(ACCESS_TOKEN_VALIDITY_MINUTES, DEFAULT_ACCESS_TOKEN_VALIDITY_MINUTES),
                read.string(STAGE_NAME, DEFAULT_STAGE_NAME),
                Path.of(read.string(HANDLER_JAR, DEFAULT_HANDLER_JAR)));
    }

    /** The full OAuth scope a token carries and a method requires: {@code <resource server id>/<scope name>}. */
    public String fullScope(String scopeName) {
        return resourceServerId + "/" + scopeName;
    }

    /** Every full scope of the resource server, in declaration order. */
    public List<String> fullScopes() {
        return scopes.keySet().stream().map(this::fullScope).toList();
    }

    /**
     * The seed's resource server name is {@code users-resource-server}: keep that shape for other identifiers, with
     * what Cognito refuses in a name ({@code [\w\s+=,.@-]+}) but allows in an identifier (an URL's {@code :/}) as
     * hyphens.
     */
    public String resourceServerName() {
        return (resourceServerId + "-resource-server").replaceAll("[^\\w\\s+=,.@-]", "-");
    }

    /**
     * The first part of the derived domain prefix: the stack name in lower case, without the words Cognito refuses,
     * short enough to leave room for {@code -} and 12 hex digits within Cognito's 63 characters.
     */
    public String derivedDomainPrefixStem() {
        String stem = stackName.toLowerCase(Locale.ROOT);
        for (String reserved : RESERVED_DOMAIN_WORDS) {
            stem = stem.replace(reserved, "");
        }
        stem = stem.replaceAll("-{2,}", "-").replaceAll("^-|-$", "");
        if (stem.length() > 50) {
            stem = stem.substring(0, 50).replaceAll("-$", "");
        }
        return stem.isEmpty() ? "gateway" : stem;
    }

    /** "read-only" on resource server "users" is described "Read-only access for users", as in the seed. */
    static String defaultDescription(String scopeName, String resourceServerId) {
        if (scopeName.isEmpty()) {
            return ""; // the scope name check reports it
        }
        return Character.toUpperCase(scopeName.charAt(0)) + scopeName.substring(1) + " access for " + resourceServerId;
    }

    private static void requireValidDomainPrefix(String prefix) {
        requireMatch(
                DOMAIN_PREFIX,
                prefix,
                DOMAIN_PREFIX_PATTERN,
                "1-63 lower-case letters, digits or hyphens, not starting or ending with a hyphen");
        for (String reserved : RESERVED_DOMAIN_WORDS) {
            if (prefix.contains(reserved)) {
                throw new InvalidContextException(DOMAIN_PREFIX + " '" + prefix + "' contains '" + reserved
                        + "', which Cognito does not allow in a domain prefix");
            }
        }
    }

    private static Map<String, String> requireValidScopes(Map<String, String> scopes) {
        Objects.requireNonNull(scopes, "scopes cannot be null");
        if (scopes.isEmpty()) {
            throw new InvalidContextException(SCOPES + " is empty: the resource server needs at least one scope, e.g. "
                    + SCOPES + "=" + DEFAULT_SCOPE);
        }
        if (scopes.size() > MAX_SCOPES) {
            throw new InvalidContextException(SCOPES + " holds " + scopes.size() + " scopes: Cognito allows at most "
                    + MAX_SCOPES + " per resource server");
        }
        scopes.forEach((name, description) -> {
            requireMatch(
                    SCOPES,
                    name,
                    SCOPE_NAME_PATTERN,
                    "scope names are 1-256 printable ASCII characters without spaces, quotes, / or \\");
            if (description == null || description.isBlank() || description.length() > 256) {
                throw new InvalidContextException(
                        SCOPE_DESCRIPTIONS + ": the description of '" + name + "' must be 1-256 characters");
            }
        });
        return scopes;
    }

    private static Map<MethodRoute, List<String>> requireValidMethodScopes(
            Map<MethodRoute, List<String>> methodScopes, Map<String, String> scopes) {
        Objects.requireNonNull(methodScopes, "methodScopes cannot be null");
        if (methodScopes.isEmpty()) {
            throw new InvalidContextException(METHOD_SCOPES + " is empty: the API needs at least one method, e.g. "
                    + "{\"GET /\": [\"" + DEFAULT_SCOPE + "\"]}");
        }
        Map<MethodRoute, List<String>> copy = new LinkedHashMap<>();
        methodScopes.forEach((route, required) -> {
            // A method without scopes would take ID tokens only (docs/fidelity.md §2): never what a machine client has.
            if (required == null || required.isEmpty()) {
                throw new InvalidContextException(METHOD_SCOPES + ": method '" + route
                        + "' requires no scope; give it at least one of " + scopes.keySet());
            }
            for (String scope : required) {
                if (!scopes.containsKey(scope)) {
                    throw new InvalidContextException(METHOD_SCOPES + ": method '" + route + "' requires scope '"
                            + scope + "', which is not in " + SCOPES + " " + scopes.keySet());
                }
            }
            copy.put(route, List.copyOf(new LinkedHashSet<>(required)));
        });
        return copy;
    }

    private static void requireMatch(String key, String value, Pattern pattern, String allowed) {
        if (value == null || !pattern.matcher(value).matches()) {
            throw new InvalidContextException(key + " '" + value + "' is not valid: " + allowed);
        }
    }

    /** Turns raw context values (JSON values or {@code -c} strings) into Java values, naming the key on error. */
    private record ContextReader(Function<String, Object> context) {

        String string(String key, String defaultValue) {
            Object value = context.apply(key);
            if (value == null) {
                return defaultValue;
            }
            if (value instanceof String s) {
                return s.trim();
            }
            throw new InvalidContextException(key + " must be a string, got " + value);
        }

        int integer(String key, int defaultValue) {
            Object value = context.apply(key);
            if (value == null) {
                return defaultValue;
            }
            if (value instanceof Number n
                    && n.doubleValue() == Math.rint(n.doubleValue())
                    && Math.abs(n.doubleValue()) < Integer.MAX_VALUE) {
                return n.intValue();
            }
            if (value instanceof String s && s.trim().matches("-?\\d{1,9}")) {
                return Integer.parseInt(s.trim());
            }
            throw new InvalidContextException(key + " must be a whole number, got '" + value + "'");
        }

        /** A JSON array of strings, or a string of names separated by commas or spaces. */
        List<String> stringList(String key, List<String> defaultValue) {
            Object value = context.apply(key);
            return value == null ? defaultValue : toStringList(key, value);
        }

        /** A JSON object of strings, or a string {@code name=text;name=text}. */
        Map<String, String> stringMap(String key) {
            Object value = context.apply(key);
            Map<String, String> result = new LinkedHashMap<>();
            if (value == null) {
                return result;
            }
            if (value instanceof Map<?, ?> map) {
                map.forEach((k, v) -> {
                    if (!(v instanceof String s)) {
                        throw new InvalidContextException(key + ": the value of '" + k + "' must be a string");
                    }
                    result.put(String.valueOf(k), s);
                });
                return result;
            }
            if (value instanceof String s) {
                for (String entry : splitEntries(s)) {
                    String[] kv = entry.split("=", 2);
                    if (kv.length != 2) {
                        throw new InvalidContextException(key + " entry '" + entry + "' must be written name=text");
                    }
                    result.put(kv[0].trim(), kv[1].trim());
                }
                return result;
            }
            throw new InvalidContextException(key + " must be an object or 'name=text;name=text', got " + value);
        }

        /** A JSON object {@code {"GET /": ["read-only"]}}, or a string {@code GET /=read-only,write;POST /x=write}. */
        Map<MethodRoute, List<String>> methodScopes(String key, Map<MethodRoute, List<String>> defaultValue) {
            Object value = context.apply(key);
            if (value == null) {
                return defaultValue;
            }
            Map<MethodRoute, List<String>> result = new LinkedHashMap<>();
            if (value instanceof Map<?, ?> map) {
                map.forEach((k, v) -> put(key, result, MethodRoute.parse(String.valueOf(k)), toStringList(key, v)));
                return result;
            }
            if (value instanceof String s) {
                for (String entry : splitEntries(s)) {
                    String[] kv = entry.split("=", 2);
                    if (kv.length != 2) {
                        throw new InvalidContextException(
                                key + " entry '" + entry + "' must be written '<METHOD> <path>=<scope>[,<scope>...]'");
                    }
                    put(key, result, MethodRoute.parse(kv[0]), toStringList(key, kv[1]));
                }
                return result;
            }
            throw new InvalidContextException(
                    key + " must be an object or 'GET /=scope,...;POST /x=scope', got " + value);
        }

        private static void put(
                String key, Map<MethodRoute, List<String>> result, MethodRoute route, List<String> scopes) {
            if (result.put(route, scopes) != null) {
                throw new InvalidContextException(key + " names method '" + route + "' twice");
            }
        }

        private static List<String> splitEntries(String text) {
            return List.of(text.split(";")).stream()
                    .map(String::trim)
                    .filter(e -> !e.isEmpty())
                    .toList();
        }

        private static List<String> toStringList(String key, Object value) {
            List<String> result = new ArrayList<>();
            if (value instanceof List<?> list) {
                for (Object item : list) {
                    if (!(item instanceof String s)) {
                        throw new InvalidContextException(key + " must list strings, got " + item);
                    }
                    result.add(s.trim());
                }
            } else if (value instanceof String s) {
                for (String item : s.split("[,\\s]+")) {
                    if (!item.isEmpty()) {
                        result.add(item);
                    }
                }
            } else {
                throw new InvalidContextException(key + " must be a list of names or 'a,b', got " + value);
            }
            return result;
        }
    }
}
