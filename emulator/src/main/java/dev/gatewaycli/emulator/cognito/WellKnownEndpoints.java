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
 * so they are rendered once.
 */
public final class WellKnownEndpoints {

    private final byte[] jwks;
    private final byte[] discovery;

    /**
     * @param baseUrl  the emulator's own URL, {@code http://127.0.0.1:<port>}
     * @param tokenUrl the pool's token endpoint
     */
    public WellKnownEndpoints(EmulatedUserPool pool, String baseUrl, String tokenUrl) {
        this.jwks = pool.keys().publicJwkSet().toString(true).getBytes(StandardCharsets.UTF_8);
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
        this.discovery = Json.bytes(doc);
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
        return ServerResponse.ok()
                .header(HttpHeaders.CONTENT_TYPE, TokenEndpoint.CONTENT_TYPE)
                .bodyValue(jwks);
    }

    public Mono<ServerResponse> discovery(ServerRequest request) {
        return ServerResponse.ok()
                .header(HttpHeaders.CONTENT_TYPE, TokenEndpoint.CONTENT_TYPE)
                .bodyValue(discovery);
    }
}
