package dev.gatewaycli.cli.local;

import dev.gatewaycli.cli.GatewayCli;
import dev.gatewaycli.cli.Timing;
import dev.gatewaycli.cli.config.EmulatedSignIn;
import dev.gatewaycli.cli.config.EmulatedStack;
import dev.gatewaycli.cli.config.LocalEmulator;
import dev.gatewaycli.cli.config.Secret;
import dev.gatewaycli.cli.config.XdgDirs;
import dev.gatewaycli.cli.process.ExitCodes;
import dev.gatewaycli.cli.process.ExitException;
import dev.gatewaycli.cli.process.HostSystem;
import dev.gatewaycli.cli.process.TerminalText;
import dev.gatewaycli.emulator.EmulatorSettings;
import dev.gatewaycli.emulator.GatewayEmulator;
import dev.gatewaycli.emulator.cognito.SigningKeys;
import dev.gatewaycli.emulator.cognito.UserRefusedException;
import dev.gatewaycli.emulator.lambda.RuntimeUnavailableException;
import dev.gatewaycli.emulator.model.AppClientModel;
import dev.gatewaycli.emulator.model.ModelException;
import dev.gatewaycli.emulator.model.StackModel;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * The emulator of {@code --local}: started at most once per process, on an ephemeral loopback port, from the
 * synthesized model of this project's own stack that the build bundles, its function in this JVM, and closed with the application context
 * when the command ends. Its pool's signing keys are kept in the user's private cache ({@link #keysCache}), so that
 * only the first {@code --local} run pays for making them. Also how {@code gateway-cli local} starts the emulator it
 * serves, so that both turn the same failures into the same exit codes.
 */
@Component
public class InProcessEmulator implements LocalEmulator, DisposableBean {

    /** The name of the app client {@code --local --user} adds when the stack has none for people. */
    static final String PEOPLE_CLIENT = "gateway-cli-local-users";

    /** Where {@code --local} keeps its pool's signing keys, under the user's cache directory. */
    static final String KEYS_CACHE = "local/signing-keys.json";

    /**
     * Netty's switch for its buffer allocator's Flight Recorder events. On, the first buffer a Netty event loop
     * allocates registers them with JFR, whose metadata repository then initialises: a tenth of a second of CPU in
     * every {@code --local} run (its token request and its emulator both run on Netty), for events only a JFR
     * recording would read. Off for {@code --local} unless the JVM is given {@code -Dio.netty.jfr.enabled}.
     */
    static final String NETTY_JFR = "io.netty.jfr.enabled";

    private final Path keysCache;

    private final HostSystem host;

    private GatewayEmulator running;

    /** The emulator {@link #prepareFor} is starting for this process's command line, until a command takes it. */
    private static final AtomicReference<Prepared> PREPARED = new AtomicReference<>();

    /** The lock of {@link #startLogging}. */
    private static final Object LOGGING = new Object();

    /** Whether this JVM started an emulator, whose shared event loops {@link #endSharedLoops} then ends. */
    private static final AtomicBoolean STARTED = new AtomicBoolean();

    public InProcessEmulator(XdgDirs dirs, HostSystem host) {
        this.keysCache = keysCache(dirs);
        this.host = host;
    }

    /**
     * The file {@code --local} keeps its pool's signing keys in: {@code $XDG_CACHE_HOME/gateway-cli/local/}, private
     * (0700 directory, 0600 file, checked before every use, {@link SigningKeys#cacheFile}). A real pool keeps its keys
     * for its whole life; the in-process emulator's pool is the same bundled stack at every run, so tokens it signed
     * in one run verify in the next, and no run but the first makes two 2048-bit RSA keys (seconds of CPU on a
     * command's JIT). {@code gateway-cli local} keeps making fresh keys unless {@code --keys} names a file.
     */
    static Path keysCache(XdgDirs dirs) {
        return dirs.cacheDir().resolve(KEYS_CACHE);
    }

    /**
     * Starts the emulator on first use (bundled model, default settings, 127.0.0.1, ephemeral port), its function
     * run as {@link StackModelSource#defaultFunctionMode()} says for the bundled stack: in this JVM, so that a
     * command's emulator is up at once and a load test measures the client rather than a child JVM per connection.
     */
    @Override
    public synchronized EmulatedStack start() {
        if (running == null) {
            Timing.mark("emulator wanted");
            running = takePrepared();
        }
        if (running == null) {
            running = startBundled(keysCache, this::warn);
        }
        return describe(running);
    }

    private void warn(String problem) {
        host.err().println("gateway-cli: warning: " + TerminalText.line(problem));
        host.err().flush();
    }

    /** The emulator of {@code --local}: the bundled stack with the signing keys cached in {@code keysCache}. */
    private static GatewayEmulator startBundled(Path keysCache, Consumer<String> warn) {
        Timing.mark("emulator starts");
        EmulatorSettings settings = EmulatorSettings.defaults();
        Optional<Path> keys = SigningKeys.cacheFile(keysCache, warn);
        Timing.mark("emulator: keys file checked");
        if (keys.isPresent()) {
            settings = settings.withKeysFile(keys.get());
        }
        return start(
                StackModelSource.BUNDLED,
                "127.0.0.1",
                0,
                settings.withFunctions(settings.functions().withMode(StackModelSource.BUNDLED.defaultFunctionMode())));
    }

    /**
     * The emulator {@link #prepareFor} began starting for the same keys cache, once it is up, its warnings printed
     * now as {@link #startBundled} would have printed them, and its failure thrown as its own; null when there is none.
     */
    private GatewayEmulator takePrepared() {
        Prepared prepared = PREPARED.get();
        if (prepared == null || !prepared.keysCache().equals(keysCache) || !PREPARED.compareAndSet(prepared, null)) {
            return null;
        }
        if (!prepared.emulator().isDone()) {
            // Nothing else to do until the emulator is up: start the logging system here, which its start thread
            // would otherwise do on the path the whole run waits for.
            startLogging();
        }
        try {
            return prepared.emulator().get();
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new ExitException(ExitCodes.FAILED, "interrupted while the emulator started", ex);
        } catch (ExecutionException ex) {
            if (ex.getCause() instanceof RuntimeException failure) {
                throw failure;
            }
            if (ex.getCause() instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(ex.getCause());
        } finally {
            prepared.warnings().forEach(this::warn);
        }
    }

    /**
     * An emulator {@link #prepareFor} started that no command took (the command line failed before it needed one):
     * waited for and closed, so that nothing it writes (the model's extraction, a new keys file) is cut short.
     */
    private static void discardPrepared() {
        Prepared prepared = PREPARED.getAndSet(null);
        if (prepared == null) {
            return;
        }
        try {
            prepared.emulator().get().close();
        } catch (ExecutionException ex) {
            // Never taken, so never reported: the command did not need it.
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * The user is created in every pool of the in-process emulator, which creates none by itself; the sign-in goes
     * through {@link #clientForPeople}.
     */
    @Override
    public synchronized EmulatedSignIn addUser(String username, Secret password) {
        start();
        try {
            running.addUser(username, password.reveal());
        } catch (UserRefusedException ex) {
            throw new ExitException(ExitCodes.USAGE, "--user " + username + ": " + ex.getMessage(), ex);
        } catch (IllegalArgumentException ex) {
            // A name Cognito's model refuses outright (blank, too long): never the password.
            throw new ExitException(ExitCodes.USAGE, "--user: " + ex.getMessage(), ex);
        }
        GatewayEmulator.Client client = clientForPeople(running);
        String userPoolId = client.userPoolId();
        String region = running.userPools().stream()
                .filter((pool) -> pool.userPoolId().equals(userPoolId))
                .findFirst()
                .map(GatewayEmulator.UserPool::region)
                .orElse(null);
        return new EmulatedSignIn(
                URI.create(running.idpUrl()), client.clientId(), client.clientSecret(), region, userPoolId);
    }

    /**
     * The app client users of the emulated stacks sign in through: the first that allows {@code USER_PASSWORD_AUTH};
     * when none does (the bundled stack's only client is a machine's), a client for people, {@value #PEOPLE_CLIENT},
     * added to the pool the endpoints name (the first client's, else the first pool) as {@code aws cognito-idp
     * create-user-pool-client --explicit-auth-flows ALLOW_USER_PASSWORD_AUTH ALLOW_REFRESH_TOKEN_AUTH} would add it,
     * since signing users in is what asking for users is for. The stack's own clients keep their flows, so a sign-in
     * through them is refused as Cognito refuses it.
     */
    static synchronized GatewayEmulator.Client clientForPeople(GatewayEmulator emulator) {
        GatewayEmulator.Client existing = passwordClient(emulator);
        if (existing != null) {
            return existing;
        }
        return emulator.createClient(
                emulator.userPoolId(),
                PEOPLE_CLIENT,
                false,
                List.of(AppClientModel.ALLOW_USER_PASSWORD_AUTH, AppClientModel.ALLOW_REFRESH_TOKEN_AUTH));
    }

    /** The first app client of the emulated stacks that allows {@code USER_PASSWORD_AUTH}; null when none does. */
    static GatewayEmulator.Client passwordClient(GatewayEmulator emulator) {
        return emulator.clients().stream()
                .filter(GatewayEmulator.Client::allowsPasswordSignIn)
                .findFirst()
                .orElse(null);
    }

    /**
     * When the command line starts an emulator that will make signing keys ({@code --local} before its keys are
     * cached, or the {@code local} command without {@code --keys}), starts making them now, on a thread of their
     * own, while the rest of the CLI starts: two 2048-bit RSA keys are most of an emulator's start, and the CLI's own
     * start-up leaves the second core idle. Such keys are fresh and stay in this process's memory
     * ({@link SigningKeys#prepare}) until the emulator takes them. For {@code --local}, the whole emulator starts
     * now too ({@link #prepare}), and Netty's JFR events are off ({@link #NETTY_JFR}). Anything else costs nothing.
     */
    public static void prepareFor(Map<String, String> env, String... args) {
        boolean value = false;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (value) {
                value = false;
            } else if (arg.equals("--")) {
                return;
            } else if (arg.equals("--local")) {
                if (System.getProperty(NETTY_JFR) == null) {
                    System.setProperty(NETTY_JFR, "false");
                }
                Path keysCache = keysCache(XdgDirs.from(env));
                if (!Files.exists(keysCache, LinkOption.NOFOLLOW_LINKS)) {
                    SigningKeys.prepare(1);
                }
                prepare(keysCache);
                return;
            } else if (arg.equals("local")) {
                for (int j = i + 1; j < args.length && !args[j].equals("--"); j++) {
                    if (args[j].equals("--keys") || args[j].startsWith("--keys=")) {
                        return;
                    }
                }
                SigningKeys.prepare(1);
                return;
            } else {
                // "--profile local" names a profile, not the emulator: skip the value of the options that take one.
                value = GatewayCli.ROOT_OPTIONS_WITH_VALUE.contains(arg);
            }
        }
    }

    /**
     * Starts the emulator of {@code --local} on a thread of its own, while the CLI parses its command line and sets
     * its command up: the emulator does not depend on the command, and its start (the model, the keys, the servers,
     * the function's preparation) is most of such a run. The first {@link #start()} with the same keys cache takes
     * it; {@link #destroy()} closes it when none did.
     */
    private static void prepare(Path keysCache) {
        List<String> warnings = new CopyOnWriteArrayList<>();
        FutureTask<GatewayEmulator> emulator = new FutureTask<>(() -> startBundled(keysCache, warnings::add));
        Prepared prepared = new Prepared(keysCache, emulator, warnings);
        if (PREPARED.compareAndSet(null, prepared)) {
            Thread thread = new Thread(emulator, "gateway-cli-local-start");
            thread.setDaemon(true);
            thread.start();
        }
    }

    /** The start {@link #prepareFor} began and no command has taken yet; null when there is none. */
    static Future<GatewayEmulator> prepared() {
        Prepared prepared = PREPARED.get();
        return prepared == null ? null : prepared.emulator();
    }

    /** An emulator being started by {@link #prepare}, and the warnings its start had for stderr. */
    private record Prepared(Path keysCache, FutureTask<GatewayEmulator> emulator, List<String> warnings) {}

    /**
     * Starts an emulator the caller owns. A model that cannot be read or modelled, or a keys file that cannot be
     * read, is a configuration error (3); an address that cannot be bound is a network error (5), the same codes as
     * the emulator's own {@code EmulatorMain}.
     */
    public static GatewayEmulator start(StackModelSource source, String host, int port, EmulatorSettings settings) {
        return start(source, host, port, settings, null);
    }

    /**
     * {@link #start(StackModelSource, String, int, EmulatorSettings)} over HTTPS with a certificate of the local CA
     * in {@code caDirectory} (null: plain HTTP). A CA directory or key that is not the user's own and private is a
     * configuration error (3).
     */
    public static GatewayEmulator start(
            StackModelSource source, String host, int port, EmulatorSettings settings, Path caDirectory) {
        STARTED.set(true);
        StackModel model;
        try {
            model = source.load();
        } catch (ModelException | UncheckedIOException | IllegalArgumentException ex) {
            throw new ExitException(ExitCodes.CONFIG, "cannot model the stack: " + ex.getMessage(), ex);
        }
        Timing.mark("emulator: model read");
        startLogging();
        try {
            GatewayEmulator emulator = GatewayEmulator.builder()
                    .model(model)
                    .host(host)
                    .port(port)
                    .settings(settings)
                    .tls(caDirectory)
                    .start();
            Timing.mark("emulator up");
            return emulator;
        } catch (UserRefusedException ex) {
            // A --user of gateway-cli local that a pool refuses: the command line's value.
            throw new ExitException(ExitCodes.USAGE, "--user: " + ex.getMessage(), ex);
        } catch (ModelException | UncheckedIOException | IllegalArgumentException ex) {
            // The template is read whole only here; the keys file and the local CA are loaded here too.
            throw new ExitException(ExitCodes.CONFIG, "cannot emulate the stack: " + ex.getMessage(), ex);
        } catch (RuntimeUnavailableException ex) {
            // A function's runtime needs an interpreter this machine lacks (node, python3): a prerequisite.
            throw new ExitException(ExitCodes.PREREQUISITE, ex.getMessage(), ex);
        } catch (IllegalStateException ex) {
            throw new ExitException(
                    ExitCodes.NETWORK, ex.getMessage() + ": pick another --port, or --port 0 for any free one", ex);
        }
    }

    /**
     * Starts the logging system once, for the first thread that asks; another that asks meanwhile waits. Its start is
     * about a tenth of a second: SLF4J finds its provider through a {@code ServiceLoader}, which opens every jar on
     * the class path, and Logback is configured ({@code LogSetup}). A thread that asked SLF4J for a logger while
     * another started it would get a substitute, whose calls SLF4J replays afterwards with a warning on stderr; the
     * emulator logs only after this.
     */
    private static void startLogging() {
        synchronized (LOGGING) {
            LoggerFactory.getILoggerFactory();
        }
    }

    /**
     * For {@code main}, once the command has closed its emulators and the process is about to exit: ends the event
     * loops they served on ({@link GatewayEmulator#disposeSharedLoops}), or the JVM's exit waits 0.3 s for their
     * threads. Nothing when this process started no emulator.
     */
    public static void endSharedLoops(Duration timeout) {
        if (STARTED.get()) {
            GatewayEmulator.disposeSharedLoops(timeout);
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
                emulator::accessToken,
                URI.create(emulator.idpUrl()),
                emulator.keysFile().isPresent());
    }

    @Override
    public synchronized void destroy() {
        if (running != null) {
            running.close();
            running = null;
        }
        discardPrepared();
    }
}
