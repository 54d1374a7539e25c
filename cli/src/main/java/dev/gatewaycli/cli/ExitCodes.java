package dev.gatewaycli.cli;

/** The exit codes of CONTRACT.md, named once. Scripts depend on these numbers: change them only with the contract. */
public final class ExitCodes {

    /** Success. */
    public static final int OK = 0;

    /** The call or a check failed (non-2xx response, failed smoke check). */
    public static final int FAILED = 1;

    /** Usage error: unknown option, bad value. */
    public static final int USAGE = 2;

    /** Configuration error: missing endpoint, id or secret; unreadable profile. */
    public static final int CONFIG = 3;

    /** Authentication refused by the token endpoint ({@code invalid_client}, {@code invalid_scope}, ...). */
    public static final int AUTH = 4;

    /** Network error or timeout, or an answer that is not what the protocol promises. */
    public static final int NETWORK = 5;

    /** A prerequisite is missing (Node.js, the CDK CLI, AWS credentials). */
    public static final int PREREQUISITE = 6;

    private ExitCodes() {}
}
