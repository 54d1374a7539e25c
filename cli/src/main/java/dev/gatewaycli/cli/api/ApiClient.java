package dev.gatewaycli.cli.api;

import dev.gatewaycli.cli.config.Settings;
import dev.gatewaycli.cli.http.Deadline;
import dev.gatewaycli.cli.http.HttpTrace;
import dev.gatewaycli.cli.http.NetworkErrors;
import dev.gatewaycli.cli.process.ExitException;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import org.springframework.http.HttpStatus;

/**
 * Sends one request to the API with a token in {@code Authorization}: raw, as the aws-samples README does, or
 * {@code Bearer <token>} (both accepted by a Cognito authorizer, docs/fidelity.md §2). Never retries by itself: an API
 * call may not be idempotent, and a request that reached the function must not run twice.
 *
 * <p>Two transports behind one set of rules, chosen per request in {@link #transport}: the JDK's
 * {@code HttpURLConnection} ({@link UrlConnectionTransport}), which a one-request process starts in a fraction of the
 * time, and Spring's WebClient ({@link WebClientTransport}) for what the JDK's cannot send ({@code PATCH}, an API's
 * own methods), built only then. The {@code -v} trace and the network-error lines are this class's, the same for
 * both.
 */
public final class ApiClient {

    /** Which transport sends a request: the one {@link #transport} chooses, or one of them (tests). */
    enum Via {
        CHOSEN,
        URL_CONNECTION,
        WEB_CLIENT
    }

    private final Settings.Http http;

    private final HttpTrace trace;

    private final Via via;

    private final UrlConnectionTransport urlConnection;

    private WebClientTransport webClient;

    public ApiClient(Settings settings, HttpTrace trace) {
        this(Objects.requireNonNull(settings, "settings cannot be null").http(), trace);
    }

    public ApiClient(Settings.Http http, HttpTrace trace) {
        this(http, trace, Via.CHOSEN);
    }

    ApiClient(Settings.Http http, HttpTrace trace, Via via) {
        this.http = Objects.requireNonNull(http, "http cannot be null");
        this.trace = Objects.requireNonNull(trace, "trace cannot be null");
        this.via = Objects.requireNonNull(via, "via cannot be null");
        this.urlConnection = new UrlConnectionTransport(http);
    }

    /**
     * Sends {@code request} with the token in {@code Authorization}, unless the request already names one (then
     * {@code token} may be null), by {@code deadline}.
     */
    public ApiResponse send(ApiRequest request, String token, boolean bearer, Deadline deadline) {
        List<Map.Entry<String, String>> headers = new ArrayList<>(request.headers());
        if (!request.hasAuthorization()) {
            headers.add(Map.entry("Authorization", bearer ? "Bearer " + token : token));
        }
        return exchange(new ApiRequest(request.method(), request.uri(), headers, request.body()), "API", deadline);
    }

    /** {@link #send(ApiRequest, String, boolean, Deadline)} with a deadline of its own, {@code --max-time}. */
    public ApiResponse send(ApiRequest request, String token, boolean bearer) {
        return send(request, token, bearer, Deadline.after(http.maxTime()));
    }

    /** {@link #exchange(ApiRequest, String, Deadline)} with a deadline of its own, {@code --max-time}. */
    public ApiResponse exchange(ApiRequest request, String what) {
        return exchange(request, what, Deadline.after(http.maxTime()));
    }

    /**
     * Sends {@code request} with exactly its own headers (verify's probes send no token, a garbage one or a forged
     * one), plus {@code Accept: *}{@code /*} and {@code User-Agent: gateway-cli/VERSION} unless it names them, by
     * {@code deadline}. A network failure is an {@link ExitException} with exit code 5 naming {@code what} was
     * unreachable.
     */
    public ApiResponse exchange(ApiRequest request, String what, Deadline deadline) {
        ApiRequest sent = withDefaults(request);
        trace.request(sent.method(), sent.uri(), sent.headers());
        long start = System.nanoTime();
        try {
            ApiResponse response = transport(sent).exchange(sent, deadline);
            trace.response(response.status(), start, response.headers());
            return response;
        } catch (ExitException ex) {
            throw ex;
        } catch (Exception ex) {
            trace.failed(sent.method(), sent.uri(), ex);
            ExitException network = NetworkErrors.describe(ex, what, sent.uri(), trace.redactor());
            if (network != null) {
                throw network;
            }
            throw (ex instanceof RuntimeException runtime)
                    ? runtime
                    : new IllegalStateException(what + " request failed: " + ex, ex);
        }
    }

    /** The one place a transport is chosen: the JDK's whenever it sends the request as given, else WebClient. */
    private ApiTransport transport(ApiRequest request) {
        if ((via == Via.CHOSEN) ? UrlConnectionTransport.sends(request) : (via == Via.URL_CONNECTION)) {
            return urlConnection;
        }
        if (webClient == null) {
            webClient = new WebClientTransport(http);
        }
        return webClient;
    }

    private static ApiRequest withDefaults(ApiRequest request) {
        boolean accept = has(request, "Accept");
        boolean agent = has(request, "User-Agent");
        if (accept && agent) {
            return request;
        }
        List<Map.Entry<String, String>> headers = new ArrayList<>(request.headers());
        if (!accept) {
            headers.add(Map.entry("Accept", "*/*"));
        }
        if (!agent) {
            headers.add(Map.entry("User-Agent", UserAgent.VALUE));
        }
        return new ApiRequest(request.method(), request.uri(), headers, request.body());
    }

    private static boolean has(ApiRequest request, String name) {
        return request.headers().stream().anyMatch((h) -> h.getKey().equalsIgnoreCase(name));
    }

    /** The reason phrase of a status code, as the CLI prints it ({@code -i}, error lines), or empty. */
    static String reason(int status) {
        HttpStatus known = HttpStatus.resolve(status);
        return (known == null) ? "" : known.getReasonPhrase();
    }

    /** {@code gateway-cli/VERSION}, the version from the build's {@code META-INF/build-info.properties}. */
    private static final class UserAgent {

        static final String VALUE = "gateway-cli/" + version();

        private static String version() {
            Properties info = new Properties();
            try (InputStream in = ApiClient.class.getResourceAsStream("/META-INF/build-info.properties")) {
                if (in != null) {
                    info.load(in);
                }
            } catch (IOException ex) {
                // No version to name: the User-Agent says "dev".
            }
            return info.getProperty("build.version", "dev");
        }
    }
}
