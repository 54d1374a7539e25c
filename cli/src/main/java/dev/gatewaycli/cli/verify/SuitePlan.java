package dev.gatewaycli.cli.verify;

import java.util.List;
import java.util.Objects;

/**
 * What the suite calls and expects, beyond the target it runs against: the API path of the authorised checks, the
 * scopes its method takes, the body it must answer and how many calls check 11 makes.
 *
 * @param path the path under the API URL that the authorised checks call ({@code /} for the seed's {@code GET /})
 * @param methodScopes the scopes the method accepts; empty means "the configured scopes"
 * @param expectation what the authorised call must answer
 * @param calls how many authorised calls check 11 times
 */
public record SuitePlan(String path, List<String> methodScopes, BodyExpectation expectation, int calls) {

    public SuitePlan {
        Objects.requireNonNull(path, "path cannot be null");
        methodScopes = List.copyOf(methodScopes);
        Objects.requireNonNull(expectation, "expectation cannot be null");
        if (calls < 1) {
            throw new IllegalArgumentException("calls must be at least 1");
        }
    }
}
