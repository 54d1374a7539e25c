package dev.gatewaycli.cli.process;

import java.util.List;

/**
 * The exit codes of the contract (docs/contract.md, "Exit codes"), named once, with what each means: the root
 * command's help footer is made from {@link #MEANINGS}. Scripts depend on these numbers: change them only with the
 * contract.
 */
public final class ExitCodes {

    public static final int OK = 0;

    public static final int FAILED = 1;

    public static final int USAGE = 2;

    public static final int CONFIG = 3;

    public static final int AUTH = 4;

    public static final int NETWORK = 5;

    public static final int PREREQUISITE = 6;

    /** Each code and its meaning, in order; each line fits the 80 columns of a help screen. */
    public static final List<Meaning> MEANINGS = List.of(
            new Meaning(OK, "success"),
            new Meaning(FAILED, "the call or a check failed (non-2xx response, failed smoke check)"),
            new Meaning(USAGE, "usage error (unknown option, bad value)"),
            new Meaning(CONFIG, "configuration error (missing endpoint, id or secret; unreadable profile)"),
            new Meaning(AUTH, "authentication refused by the token endpoint (invalid_client, ...)"),
            new Meaning(NETWORK, "network error or timeout, or an answer the protocol does not allow"),
            new Meaning(PREREQUISITE, "a prerequisite is missing (Node.js, the CDK CLI, AWS credentials)"));

    private ExitCodes() {}

    /** One exit code and what it means. */
    public record Meaning(int code, String meaning) {

        /** The help footer's line: {@code "  4  authentication refused ..."}. */
        public String helpLine() {
            // Not String.format: its number formatting loads the locale's data, and every run builds the footer.
            return "  " + code + "  " + meaning;
        }
    }
}
