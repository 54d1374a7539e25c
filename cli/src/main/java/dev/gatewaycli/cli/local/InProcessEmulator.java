package dev.gatewaycli.cli.local;

import dev.gatewaycli.cli.config.EmulatedStack;
import dev.gatewaycli.cli.config.LocalEmulator;
import dev.gatewaycli.cli.process.ExitCodes;
import dev.gatewaycli.cli.process.ExitException;
import dev.gatewaycli.emulator.EmulatorSettings;
import dev.gatewaycli.emulator.GatewayEmulator;
import dev.gatewaycli.emulator.cognito.SigningKeys;
import dev.gatewaycli.emulator.lambda.FunctionSettings;
import dev.gatewaycli.emulator.lambda.RuntimeUnavailableException;
import dev.gatewaycli.emulator.model.ModelException;
import dev.gatewaycli.emulator.model.StackModel;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.List;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * The emulator of {@code --local}: started at most once per process, on an ephemeral loopback port, from the
 * synthesized model of this project's own stack that the build bundles, its function in this JVM, and closed with the application context
 * when the command ends. Also how {@code gateway-cli local} starts the emulator it serves, so that both turn the
 * same failures into the same exit codes.
 */
@Component
public class InProcessEmulator implements LocalEmulator, DisposableBean {

    private GatewayEmulator running;

    /**
     * Starts the emulator on first use (bundled model, default settings, 127.0.0.1, ephemeral port). The bundled
     * stack's one function is this project's own Java handler, which reads no environment variable: it runs in this
     * JVM ({@link FunctionSettings.Mode#IN_PROCESS}), so that a command's emulator is up at once and a load test
     * measures the client rather than a child JVM per connection. {@code gateway-cli local} runs functions in their
     * own processes.
     */
    @Override
    public synchronized EmulatedStack start() {
        if (running == null) {
            EmulatorSettings settings = EmulatorSettings.defaults();
            running = start(
                    StackModelSource.BUNDLED,
                    "127.0.0.1",
                    0,
                    settings.withFunctions(settings.functions().withMode(FunctionSettings.Mode.IN_PROCESS)));
        }
        return describe(running);
    }

    /**
     * When the command line starts an emulator ({@code --local}, or the {@code local} command), starts making its
     * signing keys now, on a thread of their own, while the rest of the CLI starts: two 2048-bit RSA keys are most
     * of an emulator's start, and the CLI's own start-up leaves the second core idle. The keys are fresh for this
     * run and stay in its memory ({@link SigningKeys#prepare}). Anything else costs nothing.
     */
    public static void prepareFor(String... args) {
        boolean value = false;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (value) {
                value = false;
            } else if (arg.equals("--")) {
                return;
            } else if (arg.equals("--local") || arg.equals("local")) {
                SigningKeys.prepare(1);
                return;
            } else {
                // "--profile local" names a profile, not the emulator: skip the value of the options that take one.
                value = arg.equals("--profile") || arg.equals("-o") || arg.equals("--output");
            }
        }
    }

    /**
     * Starts an emulator the caller owns. A model that cannot be read or modelled, or a keys file that cannot be
     * read, is a configuration error (3); an address that cannot be bound is a network error (5), the same codes as
     * the emulator's own {@code EmulatorMain}.
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
        } catch (ModelException | UncheckedIOException | IllegalArgumentException ex) {
            // The template is read whole only here, and the keys file is loaded here too.
            throw new ExitException(ExitCodes.CONFIG, "cannot emulate the stack: " + ex.getMessage(), ex);
        } catch (RuntimeUnavailableException ex) {
            // A function's runtime needs an interpreter this machine lacks (node, python3): a prerequisite.
            throw new ExitException(ExitCodes.PREREQUISITE, ex.getMessage(), ex);
        } catch (IllegalStateException ex) {
            throw new ExitException(
                    ExitCodes.NETWORK, ex.getMessage() + ": pick another --port, or --port 0 for any free one", ex);
        }
    }

    /** What the commands see of a running emulator: its endpoints, its one app client, and its signing key. */
    public static EmulatedStack describe(GatewayEmulator emulator) {
        return new EmulatedStack(
                URI.create(emulator.tokenUrl()),
                URI.create(emulator.apiUrl()),
                URI.create(emulator.jwksUrl()),
                emulator.issuer(),
                emulator.userPoolId(),
                emulator.region(),
                emulator.clientId(),
                emulator.clientSecret(),
                List.copyOf(emulator.scopes()),
                emulator::accessToken);
    }

    @Override
    public synchronized void destroy() {
        if (running != null) {
            running.close();
            running = null;
        }
    }
}
