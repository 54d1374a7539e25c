package dev.gatewaycli.cli.api;

import com.nimbusds.jose.util.JSONObjectUtils;
import dev.gatewaycli.cli.ExitCodes;
import dev.gatewaycli.cli.ExitException;
import dev.gatewaycli.cli.GatewayCli;
import dev.gatewaycli.cli.HostSystem;
import dev.gatewaycli.cli.Json;
import dev.gatewaycli.cli.Timing;
import dev.gatewaycli.cli.config.ConnectionOptions;
import dev.gatewaycli.cli.config.Settings;
import dev.gatewaycli.cli.config.SettingsResolver;
import dev.gatewaycli.cli.http.HttpTrace;
import dev.gatewaycli.cli.http.Redactor;
import dev.gatewaycli.cli.oauth.IssuedToken;
import dev.gatewaycli.cli.oauth.TokenManager;
import dev.gatewaycli.cli.oauth.TokenManagers;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.springframework.stereotype.Component;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code gateway-cli call [PATH]}: one request to the API with a (cached) token; the response body on stdout. */
@Component
@Command(
        name = "call",
        mixinStandardHelpOptions = true,
        header = "Call the API with a client-credentials token; print the response body.",
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
            ""
        },
        sortOptions = false)
public class CallCommand implements Callable<Integer> {

    @ParentCommand
    GatewayCli root;

    @Mixin
    ConnectionOptions connection;

    @Parameters(index = "0", arity = "0..1", paramLabel = "PATH", description = "Path under the API URL (default /).")
    String path;

    @Option(
            names = {"-X", "--request"},
            paramLabel = "METHOD",
            description = "HTTP method (default GET, or POST with -d).")
    String method;

    @Option(
            names = {"-H", "--header"},
            paramLabel = "'Name: value'",
            description = "Extra header; repeatable.")
    List<String> headers = new ArrayList<>();

    @Option(
            names = {"-d", "--data"},
            paramLabel = "DATA",
            description = "Request body; @FILE reads it from a file. Content-Type defaults to application/json.")
    String data;

    @Option(
            names = {"-i", "--include"},
            description = "Print the status line and response headers first.")
    boolean include;

    @Option(names = "--bearer", description = "Send 'Authorization: Bearer <token>' instead of the raw token.")
    boolean bearer;

    @Option(names = "--refresh", description = "Fetch a new token even if the cached one is valid.")
    boolean refresh;

    private final SettingsResolver resolver;

    private final TokenManagers tokenManagers;

    private final HostSystem host;

    public CallCommand(SettingsResolver resolver, TokenManagers tokenManagers, HostSystem host) {
        this.resolver = resolver;
        this.tokenManagers = tokenManagers;
        this.host = host;
    }

    @Override
    public Integer call() {
        // Validate what the user typed before any network traffic.
        List<Map.Entry<String, String>> parsedHeaders = RequestParts.headers(headers);
        byte[] body = RequestParts.body(data);
        String verb = RequestParts.verb(method, body);
        RequestParts.defaultContentType(parsedHeaders, body);

        Settings settings = resolver.resolve(connection, root.profile());
        if (settings.apiUrl() == null) {
            throw new ExitException(
                    ExitCodes.CONFIG,
                    "no API URL: pass --api-url URL, set " + SettingsResolver.ENV_API_URL
                            + ", or add api-url to profile '" + settings.profile() + "'");
        }
        ApiRequest request = new ApiRequest(verb, RequestParts.target(path, settings.apiUrl()), parsedHeaders, body);
        HttpTrace trace = new HttpTrace(host.err(), new Redactor(), root.verbose());
        TokenManager tokens = tokenManagers.create(settings, !connection.noCache(), trace);
        ApiClient api = new ApiClient(settings, trace);

        IssuedToken token = tokens.token(refresh);
        Timing.mark("token ready");
        ApiResponse response = api.send(request, token.value(), bearer);
        Timing.mark("API response read");
        if (response.status() == 401 && token.fromCache()) {
            // The cached token may have been revoked, or the pool recreated: one fresh token, one more try. The
            // authorizer refused the request before the function ran, so sending it again cannot run it twice.
            token = tokens.renewAfterRejection(token);
            response = api.send(request, token.value(), bearer);
        }
        print(response);
        if (!response.isSuccess()) {
            host.err()
                    .println("gateway-cli: the API answered " + response.status() + " " + response.reason()
                            + message(response) + hint(response.status()));
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
            host.out().println(Json.compact(json));
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

    /** API Gateway's error bodies are {@code {"message": "..."}} (FIDELITY.md §2): show the message. */
    private static String message(ApiResponse response) {
        try {
            Object message = JSONObjectUtils.parse(response.bodyText()).get("message");
            return (message instanceof String text) ? ": " + text : "";
        } catch (java.text.ParseException | RuntimeException ex) {
            return "";
        }
    }

    private static String hint(int status) {
        return switch (status) {
            case 401 -> " (the token was refused: check the scopes the method requires, or try --bearer)";
            case 403 -> " (API Gateway says this for an unknown path, method or stage: check PATH and --api-url)";
            case 429 -> " (throttled: try again later)";
            default -> "";
        };
    }
}
