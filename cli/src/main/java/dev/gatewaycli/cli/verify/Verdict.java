package dev.gatewaycli.cli.verify;

/** What one smoke check concluded. SKIP is not a failure: the check could not be run, and says why. */
public enum Verdict {
    PASS,
    FAIL,
    SKIP
}
