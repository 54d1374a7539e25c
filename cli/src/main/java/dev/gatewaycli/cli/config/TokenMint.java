package dev.gatewaycli.cli.config;

import java.util.List;

/**
 * Issues an access token of the target's app client carrying exactly the given scopes, without asking the token
 * endpoint. Only an emulated stack can: it holds the pool's signing key. The smoke suite uses it for the token a
 * real client could only have if the pool allowed it another scope (check 8, {@code missing-scope-refused}).
 */
@FunctionalInterface
public interface TokenMint {

    String accessToken(List<String> scopes);
}
