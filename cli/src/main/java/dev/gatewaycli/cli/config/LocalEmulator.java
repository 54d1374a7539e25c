package dev.gatewaycli.cli.config;

/**
 * Where {@code --local} gets its target: an emulated stack in this process. The {@code local} package provides the
 * implementation (a Spring bean), so the configuration layer resolves {@code --local} without depending on it.
 */
public interface LocalEmulator {

    /** The profile name {@code gateway-cli local} writes by default, and the one {@code --local} targets report. */
    String PROFILE = "local";

    /** The emulated stack, started on first use and stopped with the application. */
    EmulatedStack start();

    /**
     * Creates {@code username}, confirmed, with {@code password} in every pool of the emulated stack (starting it on
     * first use), and says where the user signs in: the first app client that allows the password flow, or one added
     * for people when the stack has none. A pool that refuses the name or the password is exit 2, saying why.
     */
    EmulatedSignIn addUser(String username, Secret password);
}
