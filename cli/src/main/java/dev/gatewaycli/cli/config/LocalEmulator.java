package dev.gatewaycli.cli.config;

/**
 * Where {@code --local} gets its target: an emulated stack in this process. The {@code local} package provides the
 * implementation (a Spring bean), so the configuration layer resolves {@code --local} without depending on it.
 */
@FunctionalInterface
public interface LocalEmulator {

    /** The profile name {@code gateway-cli local} writes by default, and the one {@code --local} targets report. */
    String PROFILE = "local";

    /** The emulated stack, started on first use and stopped with the application. */
    EmulatedStack start();
}
