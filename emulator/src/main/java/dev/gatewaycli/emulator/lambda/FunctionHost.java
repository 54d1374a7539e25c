package dev.gatewaycli.emulator.lambda;

import dev.gatewaycli.emulator.files.PrivateDirectory;
import dev.gatewaycli.emulator.model.FunctionModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the functions of one emulator share: the timer of their timeouts, their settings, the private cache their code and runtime clients are unpacked into, a thread pool that
 * starts execution environments (never an event loop), and one housekeeping thread that reads what idle environments
 * print and stops those idle for longer than the idle timeout.
 */
public final class FunctionHost implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(FunctionHost.class);
    private static final long HOUSEKEEPING_MILLIS = 250;

    private final Clock clock;
    private final int defaultConcurrency;
    private final FunctionSettings settings;
    private final Watchdog watchdog;
    private final Set<ProcessFunction> functions = new CopyOnWriteArraySet<>();
    private final ExecutorService launcher;
    private final ScheduledExecutorService housekeeping;
    private volatile Path cacheRoot;
    private volatile Path environments;
    private volatile JavaHomes javaHomes;
    private final Set<String> javaWarnings = ConcurrentHashMap.newKeySet();

    /**
     * @param defaultConcurrency execution environments per function when its template sets no
     *                           {@code ReservedConcurrentExecutions}
     * @param watchdog           enforces the functions' timeouts (shared with API Gateway's)
     */
    public FunctionHost(Clock clock, int defaultConcurrency, FunctionSettings settings, Watchdog watchdog) {
        this.clock = Objects.requireNonNull(clock, "clock cannot be null");
        if (defaultConcurrency < 1) {
            throw new IllegalArgumentException("defaultConcurrency must be at least 1");
        }
        this.defaultConcurrency = defaultConcurrency;
        this.settings = Objects.requireNonNull(settings, "settings cannot be null");
        this.watchdog = Objects.requireNonNull(watchdog, "watchdog cannot be null");
        AtomicInteger threads = new AtomicInteger();
        this.launcher = Executors.newCachedThreadPool(task -> {
            Thread t = new Thread(task, "lambda-launcher-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.housekeeping = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread t = new Thread(task, "lambda-housekeeping");
            t.setDaemon(true);
            return t;
        });
        housekeeping.scheduleWithFixedDelay(
                this::housekeep, HOUSEKEEPING_MILLIS, HOUSEKEEPING_MILLIS, TimeUnit.MILLISECONDS);
    }

    Clock clock() {
        return clock;
    }

    int defaultConcurrency() {
        return defaultConcurrency;
    }

    FunctionSettings settings() {
        return settings;
    }

    Watchdog watchdog() {
        return watchdog;
    }

    ExecutorService launcher() {
        return launcher;
    }

    void register(ProcessFunction function) {
        functions.add(function);
    }

    void unregister(ProcessFunction function) {
        functions.remove(function);
    }

    /** The private cache: {@link FunctionSettings#cacheDirectory()} or the XDG one. Created at first use. */
    Path cacheRoot() {
        Path root = cacheRoot;
        if (root == null) {
            synchronized (this) {
                if (cacheRoot == null) {
                    cacheRoot = settings.cacheDirectory()
                            .map(PrivateDirectory::ensure)
                            .orElseGet(PrivateDirectory::cacheRoot);
                }
                root = cacheRoot;
            }
        }
        return root;
    }

    /** The JDKs of this machine, found at the first Java function of this emulator, without starting a JVM. */
    JavaHomes javaHomes() {
        JavaHomes homes = javaHomes;
        if (homes == null) {
            synchronized (this) {
                if (javaHomes == null) {
                    javaHomes = JavaHomes.discover();
                }
                homes = javaHomes;
            }
        }
        return homes;
    }

    /**
     * The {@code java} that functions of {@code runtime} ({@code javaNN}) run on ({@link JavaHomes#choose}); when it is
     * the emulator's own JVM for want of a JDK of that version or later, one warning per runtime.
     */
    Path java(String runtime) {
        JavaHomes.Choice choice = javaHomes().choose(runtime);
        choice.warning().ifPresent(warning -> {
            if (javaWarnings.add(runtime)) {
                LOG.warn(warning);
            }
        });
        return choice.jdk().java();
    }

    /**
     * Where environments get their private directories, {@code <cache>/env/<pid>-<random>}; those of emulator
     * processes that no longer run are removed the first time.
     */
    Path environments() {
        Path dir = environments;
        if (dir == null) {
            synchronized (this) {
                if (environments == null) {
                    Path env = PrivateDirectory.ensure(cacheRoot().resolve("env"));
                    removeStale(env);
                    environments = env;
                }
                dir = environments;
            }
        }
        return dir;
    }

    private static void removeStale(Path env) {
        List<Path> entries;
        try (Stream<Path> list = Files.list(env)) {
            entries = list.toList();
        } catch (IOException e) {
            return;
        }
        for (Path entry : entries) {
            String name = entry.getFileName().toString();
            int dash = name.indexOf('-');
            try {
                long pid = Long.parseLong(dash < 0 ? name : name.substring(0, dash));
                if (ProcessHandle.of(pid).isEmpty()) {
                    PrivateDirectory.deleteRecursively(entry);
                }
            } catch (NumberFormatException e) {
                // not one of ours
            }
        }
    }

    private void housekeep() {
        for (ProcessFunction f : functions) {
            try {
                f.housekeep();
            } catch (RuntimeException e) {
                LOG.warn("Housekeeping of function {} failed", f, e);
            }
        }
    }

    /**
     * Warns of each {@code --env-vars} entry that names none of {@code functions}: most likely a typo, which SAM CLI
     * would ignore just as silently.
     */
    public void checkOverrides(Collection<FunctionModel> functions) {
        EnvironmentOverrides overrides = settings.environmentOverrides();
        for (String key : overrides.functions().keySet()) {
            boolean known = functions.stream()
                    .anyMatch(f -> overrides.names(key, f.logicalId(), f.functionName(), f.constructPath()));
            if (!known) {
                LOG.warn(
                        "--env-vars names '{}', which is no function of the stack (by logical id, function name or "
                                + "construct id); its variables go nowhere",
                        key);
            }
        }
    }

    /** Stops the housekeeping and the launcher threads; the functions stop their environments themselves. */
    @Override
    public void close() {
        housekeeping.shutdownNow();
        launcher.shutdown();
    }
}
