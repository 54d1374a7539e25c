package dev.gatewaycli.cli.oauth;

import com.nimbusds.jwt.JWTParser;
import dev.gatewaycli.cli.GatewayCli;
import dev.gatewaycli.cli.JsonText;
import dev.gatewaycli.cli.config.ConnectionOptions;
import dev.gatewaycli.cli.config.Reach;
import dev.gatewaycli.cli.config.SignInTarget;
import dev.gatewaycli.cli.config.Target;
import dev.gatewaycli.cli.config.TargetResolver;
import dev.gatewaycli.cli.config.UserOptions;
import dev.gatewaycli.cli.http.Deadline;
import dev.gatewaycli.cli.process.ExitCodes;
import dev.gatewaycli.cli.process.ExitException;
import dev.gatewaycli.cli.process.HostSystem;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
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
 * {@code gateway-cli token}: a client-credentials access token, or with {@code --user} a user's access or ID token,
 * from the cache while it is valid. The target comes from {@link TargetResolver}, the token from
 * {@link TokenManager} or {@link UserTokens}.
 */
@Component
@Command(
        name = "token",
        mixinStandardHelpOptions = true,
        header = "Print an access token: a client's, or a user's with --user (cached until 60 s before it expires).",
        description = {
            "",
            "Prints the raw token and a newline, so that $(gateway-cli token) works. With --user (or GATEWAY_USER) "
                    + "the user signs in at Cognito's IdP API; an expired token is renewed with the refresh token, "
                    + "and the password (--password-file, GATEWAY_PASSWORD or a prompt) is read only when needed.",
            "",
            "Examples:",
            "  gateway-cli token",
            "  curl -H \"Authorization: $(gateway-cli token)\" https://ID.execute-api.REGION.amazonaws.com/prod/",
            "  gateway-cli token --scope users/read-only --scope users/write",
            "  gateway-cli token --decode                 # header and claims as JSON",
            "  gateway-cli token --refresh -o json        # a new token, with its expiry",
            "  gateway-cli token --user alice --id-token  # a user's ID token",
            ""
        },
        sortOptions = false)
public class TokenCommand implements Callable<Integer> {

    @ParentCommand
    GatewayCli root;

    @Mixin
    ConnectionOptions connection;

    @Mixin
    UserOptions user;

    @Option(names = "--refresh", description = "Fetch a new token even if the cached one is valid.")
    boolean refresh;

    @Option(names = "--decode", description = "Print the token's JOSE header and claims as JSON (not verified).")
    boolean decode;

    private final TargetResolver resolver;

    private final TokenManagerFactory tokenManagers;

    private final UserTokensFactory userTokens;

    private final HostSystem host;

    public TokenCommand(
            TargetResolver resolver, TokenManagerFactory tokenManagers, UserTokensFactory userTokens, HostSystem host) {
        this.resolver = resolver;
        this.tokenManagers = tokenManagers;
        this.userTokens = userTokens;
        this.host = host;
    }

    @Override
    public Integer call() {
        if (resolver.signsIn(user)) {
            return signIn(resolver.resolveSignIn(connection, user, root.profile(), Reach.TOKEN_ENDPOINT));
        }
        resolver.requireNoSignInOptions(user);
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

    private int signIn(SignInTarget target) {
        CachedTokenSource.Served<UserSession> served = userTokens
                .create(target, root.trace(host.err()))
                .session(refresh, Deadline.after(target.http().maxTime()));
        UserSession session = served.tokens();
        String token = session.token(target.idToken());
        if (decode) {
            host.out().println(JsonText.pretty(decode(token)));
        } else if (root.output().json()) {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("access_token", session.accessToken());
            json.put("id_token", session.idToken());
            json.put("token_type", "Bearer");
            putExpiry(json, session.expiresAt(target.idToken()));
            json.put("scope", session.scopes());
            json.put("from_cache", served.fromCache());
            json.put("username", session.username());
            host.out().println(JsonText.compact(json));
        } else {
            host.out().println(token);
        }
        host.out().flush();
        return ExitCodes.OK;
    }

    /**
     * {@code expires_at} and {@code expires_in}; null when nothing said how long the token lives (then it is used for
     * this run, not cached).
     */
    private void putExpiry(Map<String, Object> json, Instant expiresAt) {
        json.put("expires_at", (expiresAt == null) ? null : expiresAt.toString());
        json.put("expires_in", (expiresAt == null) ? null : secondsLeft(expiresAt));
    }

    private long secondsLeft(Instant expiresAt) {
        return Math.max(0, Duration.between(host.clock().instant(), expiresAt).toSeconds());
    }

    private Map<String, Object> describe(IssuedToken token) {
        OAuth2AccessToken access = token.accessToken();
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("access_token", access.getTokenValue());
        json.put("token_type", "Bearer");
        putExpiry(json, access.getExpiresAt());
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
            throw new ExitException(ExitCodes.FAILED, "the token is not a JWT, so there is nothing to decode");
        }
    }
}
