package dev.gatewaycli.emulator.cognito;

import dev.gatewaycli.emulator.http.Json;
import java.nio.charset.StandardCharsets;
import org.springframework.http.HttpHeaders;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;
import tools.jackson.databind.node.ObjectNode;

/**
 * The pool's {@code /.well-known/jwks.json} (both public keys, {@code use: "sig"}) and
 * {@code /.well-known/openid-configuration}, served under the issuer path {@code /<userPoolId>} as Cognito serves them
 * under {@code https://cognito-idp.<region>.amazonaws.com/<userPoolId>}. Both bodies are fixed for the pool's life,
 * so each is rendered once, at its first request: not while the emulator starts, for clients that never ask (a
 * {@code call --local} does not).
 */
public final class WellKnownEndpoints {

    private final EmulatedUserPool pool;
    private final String baseUrl;
    private final String tokenUrl;

    /** Rendered at the first request; two first requests at once render the same bytes twice. */
    private volatile byte[] jwks;

    private volatile byte[] discovery;

    /**
     * @param baseUrl  the emulator's own URL, {@code http://127.0.0.1:<port>}
     * @param tokenUrl the pool's token endpoint
     */
    public WellKnownEndpoints(EmulatedUserPool pool, String baseUrl, String tokenUrl) {
        this.pool = pool;
        this.baseUrl = baseUrl;
        this.tokenUrl = tokenUrl;
    }

    private static byte[] jwks(EmulatedUserPool pool) {
        return pool.keys().publicJwkSet().toString(true).getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] discovery(EmulatedUserPool pool, String baseUrl, String tokenUrl) {
        ObjectNode doc = Json.object();
        doc.put("issuer", pool.issuer());
        doc.put("jwks_uri", jwksUrl(baseUrl, pool.userPoolId()));
        doc.put("token_endpoint", tokenUrl);
        doc.putArray("token_endpoint_auth_methods_supported")
                .add("client_secret_basic")
                .add("client_secret_post");
        doc.putArray("grant_types_supported").add("client_credentials");
        doc.putArray("id_token_signing_alg_values_supported").add("RS256");
        doc.putArray("response_types_supported").add("token");
        doc.putArray("subject_types_supported").add("public");
        // The scopes of the pool's resource servers: what its app clients can be granted.
        doc.putArray("scopes_supported")
                .addAll(pool.model().resourceServers().stream()
                        .flatMap(rs -> rs.scopes().stream())
                        .distinct()
                        .map(tools.jackson.databind.node.StringNode::valueOf)
                        .toList());
        return Json.bytes(doc);
    }

    /** {@code <baseUrl>/<userPoolId>/.well-known/jwks.json} */
    public static String jwksUrl(String baseUrl, String userPoolId) {
        return baseUrl + "/" + userPoolId + "/.well-known/jwks.json";
    }

    public static String jwksPath(String userPoolId) {
        return "/" + userPoolId + "/.well-known/jwks.json";
    }

    public static String discoveryPath(String userPoolId) {
        return "/" + userPoolId + "/.well-known/openid-configuration";
    }

    public Mono<ServerResponse> jwks(ServerRequest request) {
        byte[] jwks = this.jwks;
        if (jwks == null) {
            jwks = jwks(pool);
            this.jwks = jwks;
        }
        return ServerResponse.ok()
                .header(HttpHeaders.CONTENT_TYPE, TokenEndpoint.CONTENT_TYPE)
                .bodyValue(jwks);
    }

    public Mono<ServerResponse> discovery(ServerRequest request) {
        byte[] discovery = this.discovery;
        if (discovery == null) {
            discovery = discovery(pool, baseUrl, tokenUrl);
            this.discovery = discovery;
        }
        return ServerResponse.ok()
                .header(HttpHeaders.CONTENT_TYPE, TokenEndpoint.CONTENT_TYPE)
                .bodyValue(discovery);
    }
}
