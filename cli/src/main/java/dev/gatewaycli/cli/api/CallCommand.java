package dev.gatewaycli.cli.api;

import dev.gatewaycli.cli.GatewayCli;
import dev.gatewaycli.cli.JsonText;
import dev.gatewaycli.cli.Timing;
import dev.gatewaycli.cli.config.ConnectionOptions;
import dev.gatewaycli.cli.config.Reach;
import dev.gatewaycli.cli.config.Settings;
import dev.gatewaycli.cli.config.SignInTarget;
import dev.gatewaycli.cli.config.Target;
import dev.gatewaycli.cli.config.TargetResolver;
import dev.gatewaycli.cli.config.UserOptions;
import dev.gatewaycli.cli.http.Deadline;
import dev.gatewaycli.cli.http.HttpTrace;
import dev.gatewaycli.cli.oauth.IssuedToken;
import dev.gatewaycli.cli.oauth.TokenManager;
import dev.gatewaycli.cli.oauth.TokenManagerFactory;
import dev.gatewaycli.cli.oauth.TokenSource;
import dev.gatewaycli.cli.oauth.UserTokens;
import dev.gatewaycli.cli.oauth.UserTokensFactory;
import dev.gatewaycli.cli.process.ExitCodes;
import dev.gatewaycli.cli.process.HostSystem;
import dev.gatewaycli.cli.process.TerminalText;
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
            "A non-2xx answer prints its body, one line on stderr, and exits 1. If API Gateway's authorizer refuses "
                    + "a cached token (401, x-amzn-errortype UnauthorizedException), the token is dropped, a new one "
                    + "fetched and the request sent once more; nothing else is ever sent twice.",
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
        Settings.Http http;
        if (resolver.signsIn(connection, user)) {
            SignInTarget target = resolver.resolveSignIn(connection, user, root.profile(), Reach.API);
            request = requestOptions.request(target.apiUrl());
            tokens = userTokens.create(target, trace);
            http = target.http();
        } else {
            resolver.requireNoSignInOptions(user);
            Target target = resolver.resolve(connection, root.profile(), Reach.API);
            request = requestOptions.request(target.settings().apiUrl());
            tokens = tokenManagers.create(target, trace);
            http = target.settings().http();
        }
        ApiClient api = new ApiClient(http, trace);
        // One deadline for the whole exchange: the cache lock, the token request, the call (and its one renewal).
        Deadline deadline = Deadline.after(http.maxTime());

        if (request.hasAuthorization()) {
            // -H 'Authorization: ...' replaces the token: none is fetched, and the cache is not touched.
            ApiResponse response = api.send(request, null, requestOptions.bearer(), deadline);
            return finish(response);
        }
        IssuedToken token = tokens.token(refresh, deadline);
        Timing.mark("token ready");
        ApiResponse response = api.send(request, token.value(), requestOptions.bearer(), deadline);
        Timing.mark("API response read");
        // isSuccess() first: a call that succeeds never loads the emulator's GatewayResponses (start-up time).
        if (!response.isSuccess() && token.fromCache() && refusedByAuthorizer(response)) {
            // The cached token may have been revoked, or the pool recreated: one fresh token, one more try. API
            // Gateway's authorizer refused the request before the function ran, so it cannot run twice; a 401 the
            // function sent itself has no such header and is never sent again.
            token = tokens.renewAfterRejection(token, deadline);
            response = api.send(request, token.value(), requestOptions.bearer(), deadline);
        }
        return finish(response);
    }

    /**
     * API Gateway's own 401 (docs/fidelity.md §2): its Cognito authorizer refused the token, and says so in
     * {@code x-amzn-errortype}. A function's 401 carries no such header.
     */
    static boolean refusedByAuthorizer(ApiResponse response) {
        GatewayResponses unauthorized = GatewayResponses.UNAUTHORIZED;
        String type = response.headers().getFirst(GatewayResponses.ERROR_TYPE_HEADER);
        return response.status() == unauthorized.status()
                && type != null
                && unauthorized.errorType().equals(type.strip());
    }

    private int finish(ApiResponse response) {
        print(response);
        if (!response.isSuccess()) {
            host.err()
                    .println("gateway-cli: the API answered " + response.status() + " " + response.reason()
                            + response.gatewayMessage()
                                    .map((message) -> ": " + TerminalText.line(message))
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
                // The server's header lines, each kept on its line and free of what a terminal would act on.
                response.headers()
                        .forEach((name, values) -> values.forEach((value) ->
                                host.out().print(TerminalText.line(name) + ": " + TerminalText.line(value) + "\r\n")));
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
