package dev.gatewaycli.cli.config;

/**
 * One row of the contract's configuration table (docs/contract.md, "Configuration"): what the setting is called in
 * messages, its command-line option, its environment variable and its key in a profile. {@link TargetResolver}
 * reads every setting through these names, so a message that says where to set a value can never name the wrong
 * place, and a new setting is one constant here (with its case in {@link #from} when profiles hold it) and one line
 * in the resolver.
 */
public enum Setting {
    TOKEN_URL("token endpoint", "--token-url", "URL", "GATEWAY_TOKEN_URL", "token-url"),
    API_URL("API URL", "--api-url", "URL", "GATEWAY_API_URL", "api-url"),
    CLIENT_ID("client id", "--client-id", "ID", "GATEWAY_CLIENT_ID", "client-id"),
    CLIENT_SECRET("client secret", "--client-secret-file", "FILE", "GATEWAY_CLIENT_SECRET", "client-secret"),
    /** Space-separated in the environment, a list (or one space-separated string) in the profile. */
    SCOPE("scopes", "--scope", "SCOPE", "GATEWAY_SCOPE", "scopes"),
    CLIENT_AUTH("client authentication", "--auth", "METHOD", "GATEWAY_CLIENT_AUTH", "auth"),
    BASIC_ENCODING("Basic encoding", "--basic-encoding", "ENCODING", "GATEWAY_BASIC_ENCODING", null),
    CONNECT_TIMEOUT("connect timeout", "--connect-timeout", "DURATION", "GATEWAY_CONNECT_TIMEOUT", null),
    READ_TIMEOUT("read timeout", "--read-timeout", "DURATION", "GATEWAY_READ_TIMEOUT", null),
    RETRIES("token request retries", "--retries", "N", "GATEWAY_RETRIES", null),
    MAX_TIME("deadline of an exchange", "--max-time", "DURATION", "GATEWAY_MAX_TIME", null),
    JWKS_URL("JWKS URL", "--jwks-url", "URL", "GATEWAY_JWKS_URL", "jwks-url"),
    USER_POOL_ID("user pool id", "--user-pool-id", "ID", "GATEWAY_USER_POOL_ID", "user-pool-id"),
    /** Cognito's Identity Provider API, where users sign in ({@code InitiateAuth}). */
    IDP_URL("Cognito IdP API", "--idp-url", "URL", "GATEWAY_IDP_URL", "idp-url"),
    /**
     * The user who signs in. No profile key: a profile that named a user would turn every {@code token} and
     * {@code call} of that profile into a sign-in, with no way back to client credentials but another profile.
     */
    USER("user", "--user", "NAME", "GATEWAY_USER", null),
    /** The user's password: a file or the environment, never an option's value (it would show in {@code ps}). */
    PASSWORD("password", "--password-file", "FILE", "GATEWAY_PASSWORD", null),
    /** A CA certificate file trusted for HTTPS beside the JDK's (the emulator's {@code caFile}). */
    CA_FILE("trusted CA file", "--cacert", "FILE", "GATEWAY_CA_FILE", "ca-file");

    /** Which profile is read when {@code --profile} is not given. */
    public static final String ENV_PROFILE = "GATEWAY_PROFILE";

    /** The profile key of the Region, which {@code deploy} and {@code local} write and nothing reads as a setting. */
    public static final String PROFILE_REGION = "region";

    private final String what;

    private final String option;

    private final String label;

    private final String env;

    private final String profileKey;

    Setting(String what, String option, String label, String env, String profileKey) {
        this.what = what;
        this.option = option;
        this.label = label;
        this.env = env;
        this.profileKey = profileKey;
    }

    /** How messages name the setting, e.g. "token endpoint". */
    public String what() {
        return what;
    }

    /** The command-line option, e.g. {@code --token-url}. */
    public String option() {
        return option;
    }

    /** The environment variable, e.g. {@code GATEWAY_TOKEN_URL}. */
    public String env() {
        return env;
    }

    /** The key in a profile of {@code config.yml}, or null when profiles do not hold the setting. */
    public String profileKey() {
        return profileKey;
    }

    /** The profile's single value of the setting, or null (also for settings profiles do not hold as one value). */
    String from(Profile profile) {
        return switch (this) {
            case TOKEN_URL -> profile.tokenUrl();
            case API_URL -> profile.apiUrl();
            case CLIENT_ID -> profile.clientId();
            case CLIENT_SECRET -> profile.clientSecret();
            case CLIENT_AUTH -> profile.auth();
            case JWKS_URL -> profile.jwksUrl();
            case USER_POOL_ID -> profile.userPoolId();
            case IDP_URL -> profile.idpUrl();
            case CA_FILE -> profile.caFile();
            default -> null;
        };
    }

    /** "pass --token-url URL, set GATEWAY_TOKEN_URL, or add token-url to {@code where}": every place it can be set. */
    String howToSet(String where) {
        String pass = "pass " + option + " " + label;
        return (profileKey == null)
                ? pass + " or set " + env
                : pass + ", set " + env + ", or add " + profileKey + " to " + where;
    }
}
