package dev.gatewaycli.emulator;

import dev.gatewaycli.emulator.model.ModelException;
import dev.gatewaycli.emulator.model.StackModel;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * Runs the emulator standalone (for benchmarks and for users without the CLI) and prints, once it is ready, the one
 * JSON line {@code gateway-cli local -o json} prints. Stops on Ctrl-C / SIGTERM.
 *
 * <pre>
 * java -cp ... dev.gatewaycli.emulator.EmulatorMain [--host H] [--port N] [--keys FILE]
 *      [--cloud-assembly DIR [--stack NAME] | --template FILE --assets DIR]
 * </pre>
 * Without a model option it serves the bundled model of this project's stack. Exit codes follow CONTRACT.md:
 * 2 for a usage error, 3 for a model (configuration) error.
 */
public final class EmulatorMain {

    private EmulatorMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        String host = "127.0.0.1";
        int port = 0;
        Path keys = null;
        Path cloudAssembly = null;
        String stackName = null;
        Path template = null;
        Path assets = null;
        try {
            for (int i = 0; i < args.length; i++) {
                String option = args[i];
                if (option.equals("-h") || option.equals("--help")) {
                    System.out.println("Usage: EmulatorMain [--host H] [--port N] [--keys FILE] "
                            + "[--cloud-assembly DIR [--stack NAME] | --template FILE --assets DIR]");
                    return;
                }
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException("option " + option + " needs a value");
                }
                String value = args[++i];
                switch (option) {
                    case "--host" -> host = value;
                    case "--port" -> port = Integer.parseInt(value);
                    case "--keys" -> keys = Path.of(value);
                    case "--cloud-assembly" -> cloudAssembly = Path.of(value);
                    case "--stack" -> stackName = value;
                    case "--template" -> template = Path.of(value);
                    case "--assets" -> assets = Path.of(value);
                    default -> throw new IllegalArgumentException("unknown option " + option + " (try --help)");
                }
            }
            if ((template == null) != (assets == null)) {
                throw new IllegalArgumentException("--template and --assets go together");
            }
        } catch (NumberFormatException e) {
            System.err.println("emulator: --port needs a number");
            System.exit(2);
            return;
        } catch (IllegalArgumentException e) {
            System.err.println("emulator: " + e.getMessage());
            System.exit(2);
            return;
        }

        GatewayEmulator emulator;
        try {
            StackModel model = template != null ? StackModel.fromTemplate(template, assets)
                    : cloudAssembly != null ? StackModel.fromCloudAssembly(cloudAssembly, stackName)
                    : StackModel.bundled();
            EmulatorSettings settings = EmulatorSettings.defaults();
            if (keys != null) {
                settings = settings.withKeysFile(keys);
            }
            emulator = GatewayEmulator.builder().model(model).host(host).port(port).settings(settings).start();
        } catch (ModelException | IllegalArgumentException e) {
            System.err.println("emulator: " + e.getMessage());
            System.exit(3);
            return;
        } catch (IllegalStateException | java.io.UncheckedIOException e) {
            System.err.println("emulator: " + e.getMessage());
            System.exit(1);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        GatewayEmulator running = emulator;
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            running.close();
            stopped.countDown();
        }, "emulator-shutdown"));
        System.out.println(emulator.endpointsJson());
        System.out.flush();
        stopped.await();
    }
}
