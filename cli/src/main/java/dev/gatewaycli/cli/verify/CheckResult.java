package dev.gatewaycli.cli.verify;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The outcome of one check: its number and name (as docs/verify.md lists them), the verdict, one line that says what was
 * seen (the table's evidence column, the JUnit failure message) and the facts behind it (status, body excerpt,
 * claim values; never the secret, never a whole token), and how long it took.
 *
 * @param number 1 to 11, the order of docs/verify.md
 * @param name stable kebab-case name (scripts and CI match on it)
 * @param title what the check proves, in words
 * @param verdict pass, fail or skip
 * @param summary one line of evidence, or the reason for a skip
 * @param evidence the facts, in a stable order
 * @param duration wall-clock time of the check
 * @param cause why a failure happened, which decides the exit code
 */
public record CheckResult(
        int number,
        String name,
        String title,
        Verdict verdict,
        String summary,
        Map<String, Object> evidence,
        Duration duration,
        Cause cause) {

    /** What kind of failure: a check that saw the wrong answer, or one that could not talk to the service at all. */
    public enum Cause {

        /** Passed, skipped, or failed on what the service answered. */
        ANSWER,

        /** The token endpoint refused the real credentials (exit 4). */
        REFUSED,

        /** Network error or timeout (exit 5). */
        NETWORK
    }

    public CheckResult {
        Objects.requireNonNull(name, "name cannot be null");
        Objects.requireNonNull(verdict, "verdict cannot be null");
        Objects.requireNonNull(summary, "summary cannot be null");
        evidence = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(evidence));
        Objects.requireNonNull(duration, "duration cannot be null");
        Objects.requireNonNull(cause, "cause cannot be null");
    }
}
