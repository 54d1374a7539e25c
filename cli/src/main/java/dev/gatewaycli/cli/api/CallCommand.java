package dev.gatewaycli.cli.api;

import dev.gatewaycli.cli.GatewayCli;
import dev.gatewaycli.cli.JsonText;
import dev.gatewaycli.cli.Timing;
import dev.gatewaycli.cli.config.ConnectionOptions;
import dev.gatewaycli.cli.config.Reach;
import dev.gatewaycli.cli.config.SignInTarget;
import dev.gatewaycli.cli.config.Target;
import dev.gatewaycli.cli.config.TargetResolver;
import dev.gatewaycli.cli.config.UserOptions;
import dev.gatewaycli.cli.http.HttpTrace;
import dev.gatewaycli.cli.oauth.IssuedToken;
import dev.gatewaycli.cli.oauth.TokenManager;
import dev.gatewaycli.cli.oauth.TokenManagerFactory;
import dev.gatewaycli.cli.oauth.TokenSource;
import dev.gatewaycli.cli.oauth.UserTokens;
import dev.gatewaycli.cli.oauth.UserTokensFactory;
import dev.gatewaycli.cli.process.ExitCodes;
import dev.gatewaycli.cli.process.HostSystem;
import dev.gatewaycli.emulator.apigateway.GatewayResponses;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.springframework.stereotype.Component;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code gateway-cli call [PATH]}: one request to the API with a (cached) token, a client's or with {@code --user} a
 * user's; the response body on stdout. The target comes from {@link TargetResolver}, the token from
 * {@link TokenManager} or {@link UserTokens}, the answer from {@link ApiClient}.
 */
@Component
@Command(
        name = "call",
        mixinStandardHelpOptions = true,
        header = "Call the API with a client-credentials token, or a user's with --user; print the response body.",
        description = {
            "",
            "PATH is relative to the API URL (--api-url / GATEWAY_API_URL / the profile), or a full URL under it.",
            "A non-2xx answer prints its body, one line on stderr, and exits 1. If the API answers 401 to a "
                    + "cached token, the token is dropped, a new one fetched and the request sent once more.",
            "",
            "Examples:",
            "  gateway-cli call                           # GET the API's root",
            "  gateway-cli call /users?limit=10 -i        # with status line and headers",
            "  gateway-cli call -X POST -H 'Content-Type: application/json' -d '{\"name\":\"x\"}' /users",
            "  gateway-cli call -d @payload.json /users   # body from a file (POST by default)",
            "  gateway-cli call --bearer /                # send 'Bearer <token>' instead of the raw token",
            "  gateway-cli call --user alice --id-token / # a method without scopes",
            ""
        },
        sortOptions = false)
public class CallCommand implements Callable<Integer> {

    @ParentCommand
    GatewayCli root;

    @Mixin
    ConnectionOptions connection;

    @Mixin
    UserOptions user;

    @Mixin
    RequestOptions requestOptions;

    @Option(
            names = {"-i", "--include"},
            description = "Print the status line and response headers first.")
    boolean include;

    @Option(names = "--refresh", description = "Fetch a new token even if the cached one is valid.")
    boolean refresh;

    private final TargetResolver resolver;

    private final TokenManagerFactory tokenManagers;

    private final UserTokensFactory userTokens;

    private final HostSystem host;

    public CallCommand(
            TargetResolver resolver, TokenManagerFactory tokenManagers, UserTokensFactory userTokens, HostSystem host) {
        this.resolver = resolver;
        this.tokenManagers = tokenManagers;
        this.userTokens = userTokens;
        this.host = host;
    }

    @Override
    public Integer call() {
        requestOptions.validate();
        HttpTrace trace = root.trace(host.err());
        ApiRequest request;
        TokenSource tokens;
        ApiClient api;
        if (resolver.signsIn(connection, user)) {
            SignInTarget target = resolver.resolveSignIn(connection, user, root.profile(), Reach.API);
            request = requestOptions.request(target.apiUrl());
            tokens = userTokens.create(target, trace);
            api = new ApiClient(target.http(), trace);
        } else {
            resolver.requireNoSignInOptions(user);
            Target target = resolver.resolve(connection, root.profile(), Reach.API);
            request = requestOptions.request(target.settings().apiUrl());
            tokens = tokenManagers.create(target, trace);
            api = new ApiClient(target.settings(), trace);
        }

        IssuedToken token = tokens.token(refresh);
        Timing.mark("token ready");
        ApiResponse response = api.send(request, token.value(), requestOptions.bearer());
        Timing.mark("API response read");
        // isSuccess() first: a call that succeeds never loads the emulator's GatewayResponses (start-up time).
        if (!response.isSuccess() && response.status() == GatewayResponses.UNAUTHORIZED.status() && token.fromCache()) {
            // The cached token may have been revoked, or the pool recreated: one fresh token, one more try. The
            // authorizer refused the request before the function ran, so sending it again cannot run it twice.
            token = tokens.renewAfterRejection(token);
            response = api.send(request, token.value(), requestOptions.bearer());
        }
        print(response);
        if (!response.isSuccess()) {
            host.err()
                    .println("gateway-cli: the API answered " + response.status() + " " + response.reason()
                            + response.gatewayMessage()
                                    .map((message) -> ": " + message)
                                    .orElse("")
                            + hint(response.status()));
            host.err().flush();
            return ExitCodes.FAILED;
        }
        return ExitCodes.OK;
    }

    private void print(ApiResponse response) {
        if (root.output().json()) {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("status", response.status());
            Map<String, Object> headerMap = new LinkedHashMap<>();
            response.headers()
                    .forEach((name, values) -> headerMap.put(name, values.size() == 1 ? values.get(0) : values));
            json.put("headers", headerMap);
            json.put("body", response.bodyText());
            host.out().println(JsonText.compact(json));
        } else {
            if (include) {
                host.out().print("HTTP/1.1 " + response.status() + " " + response.reason() + "\r\n");
                response.headers()
                        .forEach((name, values) ->
                                values.forEach((value) -> host.out().print(name + ": " + value + "\r\n")));
                host.out().print("\r\n");
            }
            host.out().print(response.bodyText());
        }
        host.out().flush();
    }

    /** What API Gateway means by its own answers (docs/fidelity.md §2), and what to try. */
    private static String hint(int status) {
        if (status == GatewayResponses.UNAUTHORIZED.status()) {
            return " (the token was refused: check the scopes the method requires, or try --bearer; a method "
                    + "without scopes takes only a user's ID token: --user NAME --id-token)";
        }
        if (status == GatewayResponses.MISSING_AUTHENTICATION_TOKEN.status()) {
            return " (API Gateway says this for an unknown path, method or stage: check PATH and --api-url)";
        }
        if (status == GatewayResponses.THROTTLED.status()) {
            return " (throttled: try again later)";
        }
        return "";
    }
}
