package dev.gatewaycli.cli.oauth;

import com.nimbusds.jwt.JWTParser;
import dev.gatewaycli.cli.GatewayCli;
import dev.gatewaycli.cli.JsonText;
import dev.gatewaycli.cli.config.ConnectionOptions;
import dev.gatewaycli.cli.config.Reach;
import dev.gatewaycli.cli.config.Target;
import dev.gatewaycli.cli.config.TargetResolver;
import dev.gatewaycli.cli.process.ExitCodes;
import dev.gatewaycli.cli.process.ExitException;
import dev.gatewaycli.cli.process.HostSystem;
import java.text.ParseException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.stereotype.Component;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code gateway-cli token}: a client-credentials access token, from the cache while it is valid. The target comes
 * from {@link TargetResolver}, the token from {@link TokenManager}.
 */
@Component
@Command(
        name = "token",
        mixinStandardHelpOptions = true,
        header = "Print a client-credentials access token (cached across runs until 60 s before it expires).",
        description = {
            "",
            "Prints the raw access token and a newline, so that $(gateway-cli token) works.",
            "",
            "Examples:",
            "  gateway-cli token",
            "  curl -H \"Authorization: $(gateway-cli token)\" https://ID.execute-api.REGION.amazonaws.com/prod/",
            "  gateway-cli token --scope users/read-only --scope users/write",
            "  gateway-cli token --decode                 # header and claims as JSON",
            "  gateway-cli token --refresh -o json        # a new token, with its expiry",
            ""
        },
        sortOptions = false)
public class TokenCommand implements Callable<Integer> {

    @ParentCommand
    GatewayCli root;

    @Mixin
    ConnectionOptions connection;

    @Option(names = "--refresh", description = "Fetch a new token even if the cached one is valid.")
    boolean refresh;

    @Option(names = "--decode", description = "Print the token's JOSE header and claims as JSON (not verified).")
    boolean decode;

    private final TargetResolver resolver;

    private final TokenManagerFactory tokenManagers;

    private final HostSystem host;

    public TokenCommand(TargetResolver resolver, TokenManagerFactory tokenManagers, HostSystem host) {
        this.resolver = resolver;
        this.tokenManagers = tokenManagers;
        this.host = host;
    }

    @Override
    public Integer call() {
        Target target = resolver.resolve(connection, root.profile(), Reach.TOKEN_ENDPOINT);
        IssuedToken token = tokenManagers.create(target, root.trace(host.err())).token(refresh);
        if (decode) {
            host.out().println(JsonText.pretty(decode(token.value())));
        } else if (root.output().json()) {
            host.out().println(JsonText.compact(describe(token)));
        } else {
            host.out().println(token.value());
        }
        host.out().flush();
        return ExitCodes.OK;
    }

    private Map<String, Object> describe(IssuedToken token) {
        OAuth2AccessToken access = token.accessToken();
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("access_token", access.getTokenValue());
        json.put("token_type", "Bearer");
        // Null when the endpoint said nothing of the lifetime (then the token is used for this run, not cached).
        json.put(
                "expires_at",
                (access.getExpiresAt() == null) ? null : access.getExpiresAt().toString());
        json.put(
                "expires_in",
                (access.getExpiresAt() == null)
                        ? null
                        : Math.max(
                                0,
                                Duration.between(host.clock().instant(), access.getExpiresAt())
                                        .toSeconds()));
        json.put("scope", List.copyOf(access.getScopes()));
        json.put("from_cache", token.fromCache());
        return json;
    }

    /** Header and claims of a JWT, without verifying it: this shows what the token says, not that it is genuine. */
    static Map<String, Object> decode(String token) {
        try {
            var jwt = JWTParser.parse(token);
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("header", jwt.getHeader().toJSONObject());
            json.put("claims", jwt.getJWTClaimsSet().toJSONObject());
            return json;
        } catch (ParseException ex) {
            throw new ExitException(ExitCodes.FAILED, "the access token is not a JWT, so there is nothing to decode");
        }
    }
}
