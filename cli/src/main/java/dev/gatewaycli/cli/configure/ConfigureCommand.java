package dev.gatewaycli.cli.configure;

import dev.gatewaycli.cli.GatewayCli;
import dev.gatewaycli.cli.JsonText;
import dev.gatewaycli.cli.config.CognitoUrls;
import dev.gatewaycli.cli.config.Profile;
import dev.gatewaycli.cli.config.ProfileStore;
import dev.gatewaycli.cli.config.Setting;
import dev.gatewaycli.cli.config.TargetResolver;
import dev.gatewaycli.cli.config.TlsTrust;
import dev.gatewaycli.cli.deploy.AwsSession;
import dev.gatewaycli.cli.http.HttpTrace;
import dev.gatewaycli.cli.process.ExitCodes;
import dev.gatewaycli.cli.process.ExitException;
import dev.gatewaycli.cli.process.HostSystem;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Function;
import org.springframework.stereotype.Component;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import software.amazon.awssdk.services.cognitoidentityprovider.model.TimeUnitsType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.TokenValidityUnitsType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UserPoolClientType;

/**
 * {@code gateway-cli configure}: a profile for a user pool, app client and API that exist already, whoever deployed
 * them. {@link Discovery} finds them through the AWS SDK (a stack's outputs and resources, or the Region's pools and
 * the pool's clients), the profile goes through the {@link ProfileStore} (0600), and the report says what was found
 * and what the profile cannot do. The client secret is fetched with {@code DescribeUserPoolClient}, never typed.
 */
@Component
@Command(
        name = "configure",
        mixinStandardHelpOptions = true,
        header = "Write a profile for a user pool, app client and API that exist already.",
        description = {
            "",
            "Finds the pool's token endpoint (its domain), the app client's secret, scopes, flows and token validity, "
                    + "and the API's stage URL through the AWS SDK and the default credential chain, and writes them to "
                    + "the profile (--profile, default 'default') with mode 0600. From a CloudFormation stack "
                    + "(--stack: its outputs, else its resources), or from --user-pool-id and --client-id; what is not "
                    + "named is looked up, and of several candidates one is asked for at a terminal, or named with its "
                    + "option. An existing profile with other values is replaced only after a yes, or with --force.",
            "",
            "Examples:",
            "  gateway-cli configure --stack OrdersStack --region eu-west-1",
            "  gateway-cli configure --user-pool-id eu-west-1_AbCdEf123 --client-id ID \\",
            "      --api-url https://ID.execute-api.REGION.amazonaws.com/prod",
            "  gateway-cli configure --region eu-west-1   # choose among pools, clients",
            "  gateway-cli configure --endpoint-url http://127.0.0.1:8787/ \\",
            "      --user-pool-id ID --client-id ID --token-url URL   # an emulator",
            ""
        },
        sortOptions = false)
public class ConfigureCommand implements Callable<Integer> {

    @ParentCommand
    GatewayCli root;

    @Option(
            names = "--stack",
            paramLabel = "NAME",
            description = "The CloudFormation stack holding the pool, the client and the API.")
    String stack;

    @Option(
            names = "--user-pool-id",
            paramLabel = "ID",
            description = "The user pool (REGION_ID); default: the stack's, or the Region's only one.")
    String userPoolId;

    @Option(
            names = "--client-id",
            paramLabel = "ID",
            description = "The app client; default: the stack's, or the pool's only one.")
    String clientId;

    @Option(
            names = "--token-url",
            paramLabel = "URL",
            description = "The token endpoint, for a custom domain or an emulator; default: from the pool's domain.")
    String tokenUrl;

    @Option(names = "--api-url", paramLabel = "URL", description = "The API's stage URL; default: the stack's.")
    String apiUrl;

    @Option(
            names = "--aws-profile",
            paramLabel = "NAME",
            description = "AWS named profile (~/.aws/config) for the AWS calls (default: $AWS_PROFILE, else the "
                    + "SDK's default chain).")
    String awsProfile;

    @Option(
            names = "--region",
            paramLabel = "REGION",
            description = "AWS Region of the stack or the pools (default: $AWS_REGION, $AWS_DEFAULT_REGION, else the "
                    + "AWS profile's; a pool id names its own).")
    String region;

    @Option(
            names = {"--endpoint-url", "--idp-url"},
            paramLabel = "URL",
            description = "Send the Cognito IdP API calls to URL (an emulator), and record it as the profile's "
                    + "idp-url for user sign-in (env GATEWAY_IDP_URL).")
    String endpointUrl;

    @Option(
            names = "--cacert",
            paramLabel = "FILE",
            description = "Also trust the CA certificate(s) in FILE for HTTPS to --idp-url (an emulator's caFile), "
                    + "and record it as the profile's ca-file (env GATEWAY_CA_FILE).")
    Path caFile;

    @Option(
            names = {"-f", "--force"},
            description = "Replace an existing profile of that name with other values without asking.")
    boolean force;

    private final HostSystem host;

    private final ProfileStore profiles;

    private final TargetResolver resolver;

    public ConfigureCommand(HostSystem host, ProfileStore profiles, TargetResolver resolver) {
        this.host = host;
        this.profiles = profiles;
        this.resolver = resolver;
    }

    @Override
    public Integer call() {
        if (userPoolId != null
                && !CognitoUrls.POOL_ID.matcher(userPoolId.trim()).matches()) {
            throw new ExitException(
                    ExitCodes.USAGE, "--user-pool-id '" + userPoolId + "' is not " + CognitoUrls.POOL_ID_SHAPE);
        }
        if (region != null && !CognitoUrls.REGION.matcher(region.trim()).matches()) {
            throw new ExitException(ExitCodes.USAGE, "--region '" + region + "' is not an AWS Region (e.g. eu-west-1)");
        }
        URI endpoint = (endpointUrl != null)
                ? URI.create(url("--endpoint-url", endpointUrl))
                : resolver.idpUrl(null).orElse(null);
        Discovery.Selection chosen = new Discovery.Selection(
                trimmed(userPoolId),
                trimmed(clientId),
                (apiUrl == null) ? null : url("--api-url", apiUrl),
                (tokenUrl == null) ? null : url("--token-url", tokenUrl));
        String name = resolver.profileName(root.profile());
        HttpTrace trace = root.trace(host.err());
        Found found;
        TlsTrust trust = resolver.trust(caFile);
        try (AwsSession session =
                AwsSession.forConfigure(host, awsProfile, trimmed(region), endpoint, trust, trace::line)) {
            Discovery discovery = new Discovery(session, new Chooser(host), trimmed(region));
            found = (stack != null) ? discovery.fromStack(stack.trim(), chosen) : discovery.fromPools(chosen);
            String secret = found.client().clientSecret();
            trace.redactor().register(secret);
            Profile profile = new Profile(
                    found.tokenUrl(),
                    found.apiUrl(),
                    found.client().clientId(),
                    (secret == null || secret.isEmpty()) ? null : secret,
                    customScopes(found.client()),
                    null,
                    found.region(),
                    found.pool().id(),
                    null,
                    session.cognitoEndpoint().map(URI::toString).orElse(null));
            if (!trust.isDefault()) {
                profile = profile.withCaFile(trust.file().toString());
            }
            boolean changed = write(name, profile);
            report(name, found, profile, changed);
        }
        return ExitCodes.OK;
    }

    /**
     * Writes the profile unless one of that name holds other values and replacing it is not confirmed (a yes at a
     * terminal, or {@code --force}): a profile may hold settings nobody can recover, such as a secret since rotated.
     *
     * @return false when the profile was there already, the same
     */
    private boolean write(String name, Profile profile) {
        Optional<Profile> existing = profiles.read(name);
        if (existing.isPresent() && existing.get().equals(profile)) {
            return false;
        }
        if (existing.isPresent() && !force) {
            String differ = String.join(", ", differences(existing.get(), profile));
            String question = "profile '" + name + "' in " + profiles.file() + " has other values (" + differ + ")";
            Optional<Boolean> yes = new Chooser(host).confirm(question + ": replace it?");
            if (yes.isEmpty()) {
                throw new ExitException(
                        ExitCodes.USAGE, question + ": pass --force to replace it, or --profile NAME to write another");
            }
            if (!yes.get()) {
                throw new ExitException(ExitCodes.FAILED, "not replaced: profile '" + name + "' is as it was");
            }
        }
        profiles.write(name, profile);
        return true;
    }

    /** The profile keys whose values differ, never the values (one may be a secret). */
    private static List<String> differences(Profile before, Profile after) {
        List<String> keys = new ArrayList<>();
        Map<String, Function<Profile, Object>> fields = new LinkedHashMap<>();
        fields.put(Setting.TOKEN_URL.profileKey(), Profile::tokenUrl);
        fields.put(Setting.API_URL.profileKey(), Profile::apiUrl);
        fields.put(Setting.CLIENT_ID.profileKey(), Profile::clientId);
        fields.put(Setting.CLIENT_SECRET.profileKey(), Profile::clientSecret);
        fields.put(Setting.SCOPE.profileKey(), Profile::scopes);
        fields.put(Setting.CLIENT_AUTH.profileKey(), Profile::auth);
        fields.put(Setting.PROFILE_REGION, Profile::region);
        fields.put(Setting.USER_POOL_ID.profileKey(), Profile::userPoolId);
        fields.put(Setting.JWKS_URL.profileKey(), Profile::jwksUrl);
        fields.put(Setting.IDP_URL.profileKey(), Profile::idpUrl);
        fields.forEach((key, field) -> {
            if (!Objects.equals(field.apply(before), field.apply(after))) {
                keys.add(key);
            }
        });
        return keys;
    }

    /**
     * The client's resource-server scopes ({@code identifier/name}), the ones a client-credentials token can carry;
     * null when there are none. The OpenID scopes ({@code openid}, {@code email}, ...) are for users' sign-in pages.
     */
    private static List<String> customScopes(UserPoolClientType client) {
        List<String> scopes = client.allowedOAuthScopes().stream()
                .filter((scope) -> scope.contains("/"))
                .toList();
        return scopes.isEmpty() ? null : scopes;
    }

    private void report(String name, Found found, Profile profile, boolean changed) {
        UserPoolClientType client = found.client();
        Map<String, String> validity = validity(client);
        if (root.output().json()) {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("profile", name);
            json.put("file", profiles.file().toString());
            json.put("changed", changed);
            json.put("stack", found.stackName());
            json.put("region", found.region());
            json.put("userPoolId", found.pool().id());
            json.put("userPoolName", Discovery.excerpt(found.pool().name()));
            json.put("clientId", client.clientId());
            json.put("clientName", Discovery.excerpt(client.clientName()));
            json.put("clientSecret", profile.clientSecret() != null);
            json.put("tokenUrl", found.tokenUrl());
            json.put("apiUrl", found.apiUrl());
            json.put("idpUrl", profile.idpUrl());
            json.put("scopes", client.allowedOAuthScopes());
            json.put("oauthFlows", client.allowedOAuthFlowsAsStrings());
            json.put("authFlows", client.explicitAuthFlowsAsStrings());
            json.put("validity", validity);
            json.put("notes", found.notes());
            host.out().println(JsonText.compact(json));
        } else {
            PrintWriter out = host.out();
            out.println((changed ? "Profile '" + name + "' written to " : "Profile '" + name + "' is up to date in ")
                    + profiles.file() + " (mode 0600"
                    + ((profile.clientSecret() != null) ? "; the client secret is in it" : "") + "):");
            out.println(
                    "  user pool:  " + found.pool().id() + named(found.pool().name())
                            + ((found.stackName() != null) ? ", of stack " + found.stackName() : ""));
            out.println("  app client: " + client.clientId() + named(client.clientName())
                    + ((profile.clientSecret() != null) ? ", secret fetched" : ", no secret"));
            out.println("  token-url:  " + orNone(found.tokenUrl(), found.tokenUrlFrom()));
            out.println("  api-url:    " + orNone(found.apiUrl(), found.apiUrlFrom()));
            if (profile.idpUrl() != null) {
                out.println("  idp-url:    " + profile.idpUrl());
            }
            out.println("  scopes:     " + String.join(" ", client.allowedOAuthScopes()));
            out.println("  flows:      " + String.join(" ", client.allowedOAuthFlowsAsStrings())
                    + (client.allowedOAuthFlowsAsStrings().isEmpty() ? "" : "; ")
                    + String.join(" ", client.explicitAuthFlowsAsStrings()));
            out.println("  validity:   access token " + validity.get("accessToken") + ", ID token "
                    + validity.get("idToken") + ", refresh token " + validity.get("refreshToken"));
            out.println("Next: gateway-cli --profile " + name + ((found.apiUrl() != null) ? " call /" : " token"));
            for (String note : found.notes()) {
                host.err().println("gateway-cli: note: " + note);
            }
            host.err().flush();
        }
        host.out().flush();
    }

    private static String named(String name) {
        String shown = Discovery.excerpt(name);
        return shown.isEmpty() ? "" : " (" + shown + ")";
    }

    private static String orNone(String value, String from) {
        return (value == null) ? "(none)" : value + "   (" + from + ")";
    }

    /**
     * The client's token lifetimes as Cognito applies them: the value in its unit ({@code TokenValidityUnits}), with
     * Cognito's defaults where the client sets none (docs/fidelity.md, "Cognito's Identity Provider API").
     */
    static Map<String, String> validity(UserPoolClientType client) {
        TokenValidityUnitsType units = client.tokenValidityUnits();
        Map<String, String> validity = new LinkedHashMap<>();
        validity.put(
                "accessToken",
                shown(lifetime(
                        client.accessTokenValidity(),
                        (units == null) ? null : units.accessToken(),
                        TimeUnitsType.HOURS,
                        Duration.ofHours(1))));
        validity.put(
                "idToken",
                shown(lifetime(
                        client.idTokenValidity(),
                        (units == null) ? null : units.idToken(),
                        TimeUnitsType.HOURS,
                        Duration.ofHours(1))));
        validity.put(
                "refreshToken",
                shown(lifetime(
                        client.refreshTokenValidity(),
                        (units == null) ? null : units.refreshToken(),
                        TimeUnitsType.DAYS,
                        Duration.ofDays(30))));
        return validity;
    }

    private static Duration lifetime(Integer value, TimeUnitsType unit, TimeUnitsType defaultUnit, Duration fallback) {
        if (value == null || value <= 0) {
            return fallback;
        }
        TimeUnitsType in = (unit == null || unit == TimeUnitsType.UNKNOWN_TO_SDK_VERSION) ? defaultUnit : unit;
        return switch (in) {
            case SECONDS -> Duration.ofSeconds(value);
            case MINUTES -> Duration.ofMinutes(value);
            case HOURS -> Duration.ofHours(value);
            default -> Duration.ofDays(value);
        };
    }

    /** {@code 30d}, {@code 1h}, {@code 30m}, {@code 90s}: the largest unit that divides it. */
    private static String shown(Duration duration) {
        long seconds = duration.toSeconds();
        if (seconds % 86_400 == 0) {
            return seconds / 86_400 + "d";
        }
        if (seconds % 3_600 == 0) {
            return seconds / 3_600 + "h";
        }
        if (seconds % 60 == 0) {
            return seconds / 60 + "m";
        }
        return seconds + "s";
    }

    private static String trimmed(String value) {
        return (value == null || value.isBlank()) ? null : value.trim();
    }

    private static String url(String option, String value) {
        return TargetResolver.httpUrl(value)
                .map(URI::toString)
                .orElseThrow(
                        () -> new ExitException(ExitCodes.USAGE, option + " '" + value + "' is not an http(s) URL"));
    }
}
