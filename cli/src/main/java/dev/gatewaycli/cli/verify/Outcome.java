package dev.gatewaycli.cli.verify;

import java.util.LinkedHashMap;
import java.util.Map;

/** What a check returns before it is timed and masked: verdict, one-line summary, the facts. */
final class Outcome {

    final Verdict verdict;

    final String summary;

    final Map<String, Object> evidence = new LinkedHashMap<>();

    CheckResult.Cause cause = CheckResult.Cause.ANSWER;

    private Outcome(Verdict verdict, String summary) {
        this.verdict = verdict;
        this.summary = summary;
    }

    static Outcome pass(String summary) {
        return new Outcome(Verdict.PASS, summary);
    }

    static Outcome fail(String summary) {
        return new Outcome(Verdict.FAIL, summary);
    }

    static Outcome skip(String reason) {
        return new Outcome(Verdict.SKIP, reason);
    }

    /** Adds a fact (null values are left out, so the JSON carries no meaningless nulls). */
    Outcome with(String key, Object value) {
        if (value != null) {
            evidence.put(key, value);
        }
        return this;
    }

    Outcome because(CheckResult.Cause value) {
        this.cause = value;
        return this;
    }
}
