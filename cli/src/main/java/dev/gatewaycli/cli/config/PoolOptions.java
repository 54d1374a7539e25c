package dev.gatewaycli.cli.config;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * The options that name the user pool behind the token endpoint, for the commands that check what the pool issues
 * ({@code verify}). Values are only collected here; {@link TargetResolver} applies the contract's order and checks
 * them, and {@code --local} takes both from the emulator.
 */
public final class PoolOptions {

    @Option(
            names = "--jwks-url",
            paramLabel = "URL",
            description = "The pool's JWKS (env GATEWAY_JWKS_URL, profile jwks-url; default: "
                    + "<iss>/.well-known/jwks.json of the token).")
    String jwksUrl;

    @Option(
            names = "--user-pool-id",
            paramLabel = "ID",
            description = "The user pool id, REGION_ID, so the token's iss is compared exactly (env "
                    + "GATEWAY_USER_POOL_ID, profile user-pool-id; default: iss is checked for Cognito's shape).")
    String userPoolId;

    public String jwksUrl() {
        return jwksUrl;
    }

    public String userPoolId() {
        return userPoolId;
    }

    /** The options given, for refusing them beside {@code --local}. */
    List<String> given() {
        List<String> given = new ArrayList<>();
        if (jwksUrl != null) {
            given.add(Setting.JWKS_URL.option());
        }
        if (userPoolId != null) {
            given.add(Setting.USER_POOL_ID.option());
        }
        return given;
    }
}
