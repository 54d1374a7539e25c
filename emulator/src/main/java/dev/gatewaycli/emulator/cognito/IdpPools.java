package dev.gatewaycli.emulator.cognito;

import dev.gatewaycli.emulator.model.AppClientModel;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The pools the Identity Provider API serves, looked up as Cognito's regional endpoint would: a pool by its id within
 * the Region the request is signed for (the emulator serves every Region on one endpoint), an app client by its id
 * across every pool (ids are unique), and the {@code SECRET_HASH} of a client with a secret.
 */
final class IdpPools {

    private final List<EmulatedUserPool> pools;
    private final Map<String, EmulatedUserPool> byId = new LinkedHashMap<>();

    /** An app client and its pool. */
    record ClientOf(EmulatedUserPool pool, AppClientModel client) {}

    IdpPools(List<EmulatedUserPool> pools) {
        this.pools = List.copyOf(pools);
        pools.forEach(p -> byId.put(p.userPoolId(), p));
    }

    List<EmulatedUserPool> all() {
        return pools;
    }

    /** The pools of {@code region}: what a regional endpoint lists. */
    List<EmulatedUserPool> inRegion(String region) {
        return pools.stream().filter(p -> p.region().equals(region)).toList();
    }

    /** The request's {@code UserPoolId}, or {@code ResourceNotFoundException} (also for a pool of another Region). */
    EmulatedUserPool pool(IdpRequest request) {
        String id = request.userPoolId();
        EmulatedUserPool pool = byId.get(id);
        if (pool == null || (request.signingRegion() != null && !pool.region().equals(request.signingRegion()))) {
            throw IdpError.poolNotFound(id);
        }
        return pool;
    }

    /** The request's {@code ClientId} in any pool, or {@code ResourceNotFoundException}. */
    ClientOf client(IdpRequest request) {
        String id = request.clientId();
        for (EmulatedUserPool pool : pools) {
            Optional<AppClientModel> client = pool.client(id);
            if (client.isPresent()) {
                return new ClientOf(pool, client.get());
            }
        }
        throw IdpError.clientNotFound(id);
    }

    /** The request's {@code ClientId} in {@code pool}, or {@code ResourceNotFoundException}. */
    static AppClientModel client(EmulatedUserPool pool, IdpRequest request) {
        String id = request.clientId();
        return pool.client(id).orElseThrow(() -> IdpError.clientNotFound(id));
    }

    /**
     * Checks {@code given}, the request's {@code SECRET_HASH}, against {@code username} when the client has a secret:
     * missing or wrong is {@code NotAuthorizedException} with Cognito's messages (docs/fidelity.md §8,
     * "SECRET_HASH"). A client without a secret ignores one.
     */
    static void checkSecretHash(AppClientModel client, String username, String given) {
        if (client.clientSecret().isEmpty()) {
            return;
        }
        if (given == null) {
            throw IdpError.notAuthorized(
                    "Client " + client.clientId() + " is configured for secret but secret was not received");
        }
        byte[] expected = secretHash(client.clientSecret().get(), username, client.clientId())
                .getBytes(StandardCharsets.UTF_8);
        if (!MessageDigest.isEqual(expected, given.getBytes(StandardCharsets.UTF_8))) {
            throw IdpError.notAuthorized("Unable to verify secret hash for client " + client.clientId());
        }
    }

    /** {@code Base64(HMAC_SHA256(key = client secret, message = user name + client id))}. */
    static String secretHash(String secret, String username, String clientId) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return Base64.getEncoder()
                    .encodeToString(mac.doFinal((username + clientId).getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is required of every JVM", e);
        }
    }
}
