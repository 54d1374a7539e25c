package dev.gatewaycli.cli.verify;

import java.net.URI;
import java.util.List;
import java.util.Objects;

/**
 * What verify needs beyond the connection {@code Settings}: where the pool's keys are, which pool issued the token,
 * which API path to call and what it must answer. {@code --local} fills the first two from the emulator
 * ({@code jwksUrl()}, {@code userPoolId()}).
 *
 * @param jwksUrl the pool's JWKS, or null to derive {@code <iss>/.well-known/jwks.json} from the token
 * @param userPoolId the pool id ({@code <region>_<id>}), or null: then {@code iss} is checked for Cognito's shape
 *     only, not for equality
 * @param path the path under the API URL that the authorised checks call ({@code /} for the seed's {@code GET /})
 * @param methodScopes the scopes the method accepts; empty means "the configured scopes"
 * @param expectation what the authorised call must answer
 * @param calls how many authorised calls check 11 times
 */
public record VerifyTarget(
        URI jwksUrl,
        String userPoolId,
        String path,
        List<String> methodScopes,
        BodyExpectation expectation,
        int calls) {

    public VerifyTarget {
        Objects.requireNonNull(path, "path cannot be null");
        methodScopes = List.copyOf(methodScopes);
        Objects.requireNonNull(expectation, "expectation cannot be null");
        if (calls < 1) {
            throw new IllegalArgumentException("calls must be at least 1");
        }
    }

    /** Cognito's issuer for the pool: {@code https://cognito-idp.<region>.amazonaws.com/<poolId>} (FIDELITY.md §1). */
    public String expectedIssuer() {
        if (userPoolId == null) {
            return null;
        }
        int underscore = userPoolId.indexOf('_');
        String region = (underscore > 0) ? userPoolId.substring(0, underscore) : "";
        return "https://cognito-idp." + region + ".amazonaws.com/" + userPoolId;
    }
}
