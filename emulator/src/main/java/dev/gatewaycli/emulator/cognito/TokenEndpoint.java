package dev.gatewaycli.emulator.cognito;

import dev.gatewaycli.emulator.EmulatorSettings.BasicCredentials;
import dev.gatewaycli.emulator.EmulatorSettings.UnknownScope;
import dev.gatewaycli.emulator.http.Bodies;
import dev.gatewaycli.emulator.http.Forms;
import dev.gatewaycli.emulator.http.Json;
import dev.gatewaycli.emulator.http.RequestIds;
import dev.gatewaycli.emulator.model.AppClientModel;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.web.reactive.function.server.HandlerFunction;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;
import tools.jackson.databind.node.ObjectNode;

/**
 * Cognito's {@code POST /oauth2/token} for the client-credentials grant, per docs/fidelity.md §1: form body and query
 * parameters, client_secret_basic and client_secret_post, scopes checked against the app client's, omitted scope
 * giving all of them, and the documented error bodies. The [open] behaviours follow {@link Options}.
 *
 * <p>One endpoint serves the pools it is given: a pool's own ({@code /<poolId>/oauth2/token}) serves that pool, the
 * shared one ({@link #PATH}) every pool, each request going to the pool whose app client has the request's client id
 * (client ids are unique across pools, as in Cognito).
 */
public final class TokenEndpoint implements HandlerFunction<ServerResponse> {

    /** The path Cognito serves on the pool's domain; here the endpoint of every pool. */
    public static final String PATH = "/oauth2/token";

    /** Cognito's success and error content type, byte for byte (fidelity.md §1, "Success"). */
    static final String CONTENT_TYPE = "application/json;charset=UTF-8";

    static final String REQUEST_ID_HEADER = "x-amz-cognito-request-id";
    static final String FORM = "application/x-www-form-urlencoded";

    /** Error codes of the token endpoint (fidelity.md §1, "Errors"; RFC 6749 §5.2). */
    static final String INVALID_REQUEST = "invalid_request";

    static final String INVALID_CLIENT = "invalid_client";
    static final String INVALID_GRANT = "invalid_grant";
    static final String UNAUTHORIZED_CLIENT = "unauthorized_client";
    static final String UNSUPPORTED_GRANT_TYPE = "unsupported_grant_type";
    static final String INVALID_SCOPE = "invalid_scope";

    /** A client-credentials form is a few hundred bytes; anything near this is not a token request. */
    static final int MAX_FORM_BYTES = 64 * 1024;

    private static final Logger LOG = LoggerFactory.getLogger(TokenEndpoint.class);

    private final List<EmulatedUserPool> pools;
    private final Options options;

    /**
     * The [open] behaviours of the token endpoint.
     *
     * @param unknownScope        a requested scope the client may not use
     * @param invalidClientStatus 400 or 401 for {@code invalid_client}
     * @param basicCredentials    how the Basic header's id and secret are read
     */
    public record Options(UnknownScope unknownScope, int invalidClientStatus, BasicCredentials basicCredentials) {}

    /** @param pools the pools whose app clients this endpoint issues tokens to (at least one) */
    public TokenEndpoint(List<EmulatedUserPool> pools, Options options) {
        if (pools.isEmpty()) {
            throw new IllegalArgumentException("a token endpoint needs a user pool");
        }
        this.pools = List.copyOf(pools);
        this.options = options;
    }

    /** {@code /<userPoolId>/oauth2/token}: the endpoint of that pool alone. */
    public static String poolPath(String userPoolId) {
        return "/" + userPoolId + PATH;
    }

    @Override
    public Mono<ServerResponse> handle(ServerRequest request) {
        String contentType = request.headers().firstHeader(HttpHeaders.CONTENT_TYPE);
        if (!isForm(contentType)) {
            // Cognito: "Content-Type must always be application/x-www-form-urlencoded".
            return error(400, INVALID_REQUEST);
        }
        return Bodies.read(request, MAX_FORM_BYTES)
                .flatMap(body -> token(request, body))
                .onErrorResume(Bodies.TooLargeException.class, e -> error(400, INVALID_REQUEST));
    }

    /** GET (or any method but POST) on the token endpoint: it only supports POST. */
    public static Mono<ServerResponse> methodNotAllowed(ServerRequest request) {
        return ServerResponse.status(405)
                .header(HttpHeaders.CONTENT_TYPE, CONTENT_TYPE)
                .header(HttpHeaders.ALLOW, "POST")
                .header(REQUEST_ID_HEADER, RequestIds.uuid())
                .bodyValue(Json.single("error", INVALID_REQUEST));
    }

    private Mono<ServerResponse> token(ServerRequest request, byte[] body) {
        Map<String, String> params = new LinkedHashMap<>();
        try {
            // Parameters may come in the query string too (fidelity.md §1); RFC 6749 §3.2 forbids repeating one.
            List<Map<String, List<String>>> sources = List.of(
                    Forms.parse(request.uri().getRawQuery()), Forms.parse(new String(body, StandardCharsets.UTF_8)));
            for (Map<String, List<String>> source : sources) {
                for (Map.Entry<String, List<String>> e : source.entrySet()) {
                    if (e.getValue().size() > 1
                            || params.putIfAbsent(e.getKey(), e.getValue().get(0)) != null) {
                        return error(400, INVALID_REQUEST);
                    }
                }
            }
        } catch (Forms.MalformedFormException e) {
            return error(400, INVALID_REQUEST);
        }

        String grantType = params.get("grant_type");
        if (grantType == null || grantType.isEmpty()) {
            return error(400, INVALID_REQUEST);
        }

        String authorization = request.headers().firstHeader(HttpHeaders.AUTHORIZATION);
        boolean basic = authorization != null;
        Authenticated who = null;
        if (basic) {
            if (params.containsKey("client_secret")) {
                // RFC 6749 §2.3: a client must not use more than one authentication method in a request.
                return error(400, INVALID_REQUEST);
            }
            String[] pair = basicCredentials(authorization);
            if (pair == null) {
                return error(options.invalidClientStatus(), INVALID_CLIENT);
            }
            List<String[]> readings = readings(pair);
            if (readings.isEmpty()) {
                return error(options.invalidClientStatus(), INVALID_CLIENT);
            }
            for (String[] reading : readings) {
                Authenticated candidate = authenticate(reading[0], reading[1]);
                if (candidate != null) {
                    who = candidate;
                }
            }
            String bodyId = params.get("client_id");
            if (who == null || (bodyId != null && !bodyId.equals(who.client().clientId()))) {
                return error(options.invalidClientStatus(), INVALID_CLIENT);
            }
        } else {
            String id = params.get("client_id");
            String secret = params.get("client_secret");
            who = id == null || secret == null ? null : authenticate(id, secret);
            if (who == null) {
                return error(options.invalidClientStatus(), INVALID_CLIENT);
            }
        }

        AppClientModel client = who.client();
        if (!grantType.equals("client_credentials")) {
            boolean knownToCognito = grantType.equals("authorization_code") || grantType.equals("refresh_token");
            return error(400, knownToCognito ? UNAUTHORIZED_CLIENT : UNSUPPORTED_GRANT_TYPE);
        }
        if (!client.allowedOAuthFlowsUserPoolClient()) {
            return error(400, INVALID_GRANT);
        }
        if (!client.allowedOAuthFlows().contains("client_credentials")) {
            return error(400, UNAUTHORIZED_CLIENT);
        }

        List<String> scopes = scopes(client, params.get("scope"));
        if (scopes == null) {
            return error(400, INVALID_SCOPE);
        }
        String token = who.pool().accessToken(client, scopes);
        ObjectNode out = Json.object()
                .put("access_token", token)
                .put("expires_in", client.accessTokenValidity().toSeconds())
                .put("token_type", "Bearer");
        LOG.debug("Issued an access token to {} with scopes {}", client.clientId(), scopes);
        return ServerResponse.ok()
                .header(HttpHeaders.CONTENT_TYPE, CONTENT_TYPE)
                .header(REQUEST_ID_HEADER, RequestIds.uuid())
                .header(HttpHeaders.CACHE_CONTROL, "no-cache, no-store, max-age=0, must-revalidate")
                .header(HttpHeaders.PRAGMA, "no-cache")
                .bodyValue(Json.bytes(out));
    }

    /** The granted scopes, or null for {@code invalid_scope}. Omitted or blank: every allowed scope. */
    private List<String> scopes(AppClientModel client, String requested) {
        List<String> allowed = client.allowedScopes();
        if (requested == null || requested.isBlank()) {
            return allowed.isEmpty() ? null : allowed;
        }
        Set<String> granted = new LinkedHashSet<>();
        for (String scope : requested.split(" ")) {
            if (scope.isEmpty()) {
                continue;
            }
            if (allowed.contains(scope)) {
                granted.add(scope);
            } else if (options.unknownScope() == UnknownScope.REJECT) {
                return null;
            }
        }
        return granted.isEmpty() ? null : List.copyOf(granted);
    }

    /** A client of one of the endpoint's pools, authenticated. */
    private record Authenticated(EmulatedUserPool pool, AppClientModel client) {}

    /** Compared against when no client has the id, so that timing does not tell which ids exist. */
    private static final byte[] NO_SECRET =
            "no-secret-no-secret-no-secret-no-secret-no-secret-0".getBytes(StandardCharsets.UTF_8);

    /**
     * The client of {@code id} if its secret is {@code secret}, else null. The secret is compared in constant time
     * whether or not a client has the id; a client without a secret cannot use client credentials.
     */
    private Authenticated authenticate(String id, String secret) {
        for (EmulatedUserPool pool : pools) {
            Optional<AppClientModel> client = pool.client(id);
            if (client.isPresent()) {
                byte[] expected = client.get()
                        .clientSecret()
                        .map(s -> s.getBytes(StandardCharsets.UTF_8))
                        .orElse(NO_SECRET);
                boolean ok = MessageDigest.isEqual(secret.getBytes(StandardCharsets.UTF_8), expected);
                return ok && client.get().generateSecret() ? new Authenticated(pool, client.get()) : null;
            }
        }
        MessageDigest.isEqual(secret.getBytes(StandardCharsets.UTF_8), NO_SECRET);
        return null;
    }

    /** The id/secret readings the {@link BasicCredentials} setting allows (one or two). */
    private List<String[]> readings(String[] raw) {
        List<String[]> out = new ArrayList<>(2);
        if (options.basicCredentials() != BasicCredentials.FORM_URL_DECODED) {
            out.add(raw);
        }
        if (options.basicCredentials() != BasicCredentials.RAW) {
            try {
                out.add(new String[] {Forms.decode(raw[0]), Forms.decode(raw[1])});
            } catch (Forms.MalformedFormException e) {
                // Not decodable: only the raw reading (if allowed) can match.
            }
        }
        return out;
    }

    /** {@code Basic base64(id:secret)} → {id, secret}, or null when malformed. */
    private static String[] basicCredentials(String header) {
        if (header.length() < 6 || !header.substring(0, 6).equalsIgnoreCase("Basic ")) {
            return null;
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return null;
        }
        int colon = decoded.indexOf(':');
        if (colon <= 0) {
            return null;
        }
        return new String[] {decoded.substring(0, colon), decoded.substring(colon + 1)};
    }

    private static boolean isForm(String contentType) {
        if (contentType == null) {
            return false;
        }
        int semicolon = contentType.indexOf(';');
        String type = (semicolon < 0 ? contentType : contentType.substring(0, semicolon))
                .trim()
                .toLowerCase(Locale.ROOT);
        return type.equals(FORM);
    }

    private Mono<ServerResponse> error(int status, String code) {
        ServerResponse.BodyBuilder builder = ServerResponse.status(status)
                .header(HttpHeaders.CONTENT_TYPE, CONTENT_TYPE)
                .header(REQUEST_ID_HEADER, RequestIds.uuid());
        if (status == 401) {
            // RFC 6749 §5.2: a 401 for invalid_client carries WWW-Authenticate with the scheme the client used.
            builder.header(
                    HttpHeaders.WWW_AUTHENTICATE,
                    "Basic realm=\"" + pools.get(0).userPoolId() + "\"");
        }
        return builder.bodyValue(Json.single("error", code));
    }
}
