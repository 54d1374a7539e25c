package dev.gatewaycli.cli.local;

import dev.gatewaycli.cli.ExitCodes;
import dev.gatewaycli.cli.ExitException;
import dev.gatewaycli.emulator.EmulatorSettings;
import dev.gatewaycli.emulator.GatewayEmulator;
import dev.gatewaycli.emulator.model.ModelException;
import dev.gatewaycli.emulator.model.StackModel;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.List;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * The emulated stack behind {@code --local}: started at most once per process, on an ephemeral loopback port, from
 * the synthesized model of this project's own stack that the build bundles, and closed with the application
 * context when the command ends. Commands never see the emulator itself, only {@link Endpoints}.
 */
@Component
public class LocalStacks implements DisposableBean {

    /** The profile name {@code local} writes, and the name {@code --local} settings report in messages. */
    public static final String PROFILE_NAME = "local";

    private GatewayEmulator running;

    /** Where the emulator listens and who its one app client is. The secret is throw-away, but still not printed. */
    public record Endpoints(
            URI tokenUrl,
            URI apiUrl,
            URI jwksUrl,
            String issuer,
            String userPoolId,
            String region,
            String clientId,
            String clientSecret,
            List<String> scopes) {

        @Override
        public String toString() {
            return "Endpoints[tokenUrl=" + tokenUrl + ", apiUrl=" + apiUrl + ", clientId=" + clientId + "]";
        }
    }

    /** Starts the emulator on first use (bundled model, default settings, 127.0.0.1, ephemeral port). */
    public synchronized Endpoints start() {
        if (running == null) {
            running = start(StackModelSource.BUNDLED, "127.0.0.1", 0, EmulatorSettings.defaults());
        }
        return endpoints(running);
    }

    /**
     * Starts an emulator the caller owns (the {@code local} command). Failures become the CLI's exit codes: a model
     * that cannot be read or modelled is a configuration error (3), an address that cannot be bound a network
     * error (5).
     */
    public static GatewayEmulator start(StackModelSource source, String host, int port, EmulatorSettings settings) {
        StackModel model;
        try {
            model = source.load();
        } catch (ModelException | UncheckedIOException | IllegalArgumentException ex) {
            throw new ExitException(ExitCodes.CONFIG, "cannot model the stack: " + ex.getMessage(), ex);
        }
        try {
            return GatewayEmulator.builder()
                    .model(model)
                    .host(host)
                    .port(port)
                    .settings(settings)
                    .start();
        } catch (ModelException ex) {
            throw new ExitException(ExitCodes.CONFIG, "cannot emulate the stack: " + ex.getMessage(), ex);
        } catch (IllegalStateException | UncheckedIOException ex) {
            throw new ExitException(
                    ExitCodes.NETWORK, ex.getMessage() + ": pick another --port, or --port 0 for any free one", ex);
        }
    }

    public static Endpoints endpoints(GatewayEmulator emulator) {
        return new Endpoints(
                URI.create(emulator.tokenUrl()),
                URI.create(emulator.apiUrl()),
                URI.create(emulator.jwksUrl()),
                emulator.issuer(),
                emulator.userPoolId(),
                emulator.region(),
                emulator.clientId(),
                emulator.clientSecret(),
                List.copyOf(emulator.scopes()));
    }

    @Override
    public synchronized void destroy() {
        if (running != null) {
            running.close();
            running = null;
        }
    }
}
