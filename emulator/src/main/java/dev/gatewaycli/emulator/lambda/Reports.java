package dev.gatewaycli.emulator.lambda;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * The platform's own lines of a function's log, as CloudWatch shows them ({@code START}, {@code END}, {@code REPORT},
 * {@code INIT_REPORT}), built by hand: {@code String.format} per request is a measurable share of a fast function's
 * cost.
 */
final class Reports {

    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern(
                    "yyyy-MM-dd'T'HH:mm:ss.SSS'Z'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    private Reports() {}

    /** Now as the platform's lines start: {@code 2024-01-31T12:00:00.123Z}. */
    static String timestamp() {
        return TIMESTAMP.format(Instant.now());
    }

    static String start(String requestId) {
        return "START RequestId: " + requestId + " Version: $LATEST";
    }

    static String end(String requestId) {
        return "END RequestId: " + requestId;
    }

    /**
     * {@code REPORT RequestId: … Duration: … ms Billed Duration: … ms Memory Size: … MB Max Memory Used: … MB}, then
     * {@code Init Duration} on a cold start and the status of an invocation the platform ended.
     *
     * @param maxMemoryMb negative when unknown (then left out)
     * @param initNanos   negative on a warm start
     * @param status      null, or {@code timeout} / {@code error} with its error type
     */
    static String report(
            String requestId,
            long nanos,
            int memoryMb,
            long maxMemoryMb,
            long initNanos,
            String status,
            String errorType) {
        StringBuilder out = new StringBuilder(160)
                .append("REPORT RequestId: ")
                .append(requestId)
                .append("\tDuration: ")
                .append(millis(nanos))
                .append(" ms\tBilled Duration: ")
                .append((nanos + 999_999) / 1_000_000)
                .append(" ms\tMemory Size: ")
                .append(memoryMb)
                .append(" MB");
        if (maxMemoryMb >= 0) {
            out.append("\tMax Memory Used: ").append(maxMemoryMb).append(" MB");
        }
        if (initNanos >= 0) {
            out.append("\tInit Duration: ").append(millis(initNanos)).append(" ms");
        }
        if (status != null) {
            out.append("\tStatus: ").append(status);
            if (errorType != null) {
                out.append("\tError Type: ").append(errorType);
            }
        }
        return out.toString();
    }

    /** {@code INIT_REPORT Init Duration: … ms Phase: init Status: error Error Type: …}: an environment that failed to start. */
    static String initError(long initNanos, String errorType) {
        return "INIT_REPORT Init Duration: " + millis(Math.max(0, initNanos))
                + " ms\tPhase: init\tStatus: error\tError Type: " + errorType;
    }

    /** {@code nanos} as milliseconds with two decimals, as REPORT lines show them. */
    static String millis(long nanos) {
        long hundredths = (nanos + 5_000) / 10_000;
        long fraction = hundredths % 100;
        return (hundredths / 100) + (fraction < 10 ? ".0" : ".") + fraction;
    }

    /** How Lambda words a runtime's exit: {@code exit status 1}, {@code signal: killed}. */
    static String exit(int exitValue) {
        if (exitValue > 128 && exitValue < 160) {
            int signal = exitValue - 128;
            String name = switch (signal) {
                case 9 -> "killed";
                case 15 -> "terminated";
                case 11 -> "segmentation fault";
                case 6 -> "aborted";
                case 2 -> "interrupt";
                default -> Integer.toString(signal);
            };
            return "signal: " + name;
        }
        return "exit status " + exitValue;
    }
}
