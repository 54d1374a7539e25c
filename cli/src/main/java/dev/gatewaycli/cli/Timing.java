package dev.gatewaycli.cli;

import java.lang.management.ManagementFactory;

/**
 * {@code -Dgateway-cli.timing=true}: prints on stderr the JVM uptime at each phase of a run and, before exit, the
 * threads still running, so that start-up and shutdown costs can be measured on the real launcher
 * (docs/performance.md). Off, it costs one boolean check.
 */
public final class Timing {

    private static final boolean ENABLED = Boolean.getBoolean("gateway-cli.timing");

    private Timing() {}

    public static void mark(String phase) {
        if (ENABLED) {
            System.err.printf(
                    "gateway-cli timing: %5d ms %s%n",
                    ManagementFactory.getRuntimeMXBean().getUptime(), phase);
        }
    }

    /** The live threads with their state and top frame: one in a native method (epoll) delays the JVM's exit. */
    public static void threads() {
        if (ENABLED) {
            Thread.getAllStackTraces()
                    .forEach((thread, stack) -> System.err.printf(
                            "gateway-cli timing: thread %-40s %-13s daemon=%-5s %s%n",
                            thread.getName(),
                            thread.getState(),
                            thread.isDaemon(),
                            (stack.length > 0) ? stack[0] : ""));
        }
    }
}
