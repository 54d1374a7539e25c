package dev.gatewaycli.cli;

import dev.gatewaycli.cli.config.ProfileStore;
import dev.gatewaycli.cli.config.XdgDirs;
import dev.gatewaycli.cli.http.Redactor;
import dev.gatewaycli.cli.http.SafeStderr;
import dev.gatewaycli.cli.http.WebClients;
import dev.gatewaycli.cli.local.InProcessEmulator;
import dev.gatewaycli.cli.process.ExitCodes;
import dev.gatewaycli.cli.process.HostSystem;
import java.io.IOException;
import java.time.Duration;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.support.GenericApplicationContext;
import picocli.spring.boot.autoconfigure.PicocliAutoConfiguration;

/**
 * {@code gateway-cli}'s entry point: Spring Boot for wiring, picocli for the command line. Only picocli's
 * auto-configuration is imported, not every auto-configuration on the class path: the commands use none of them, and
 * evaluating some 150 conditions on every run is start-up time a CLI pays each time it is called.
 */
@SpringBootConfiguration(proxyBeanMethods = false)
@ComponentScan
@ImportAutoConfiguration(PicocliAutoConfiguration.class)
public class GatewayCliApplication {

    public static void main(String[] args) throws IOException {
        Timing.mark("main");
        // Before any picocli class initialises: picocli's default factory otherwise looks for Groovy's Closure class,
        // and a class not found is a search of every jar on the class path (a sixth of a cached token's CPU time).
        System.setProperty("picocli.disable.closures", "true");
        InProcessEmulator.prepareFor(System.getenv(), args);
        String training = ArchiveTraining.requested();
        if (training != null) {
            // The launcher's training run for the class-data archive: see ArchiveTraining. Its scratch directory is
            // in this user's cache (the launcher points HOME at a throw-away directory of its own).
            int code = ArchiveTraining.run(XdgDirs.from(System.getenv()).cacheDir(), training);
            WebClients.shutdown(Duration.ofSeconds(1));
            System.exit(code);
        }
        int code = run(HostSystem.real(), args);
        Timing.mark("command closed");
        // The output is flushed (CliRunner): end the HTTP event loops now (the client's, and those of an emulator
        // the command started and closed), or the JVM's exit waits 0.3 s for their threads, which wait in epoll.
        WebClients.shutdown(Duration.ofSeconds(1));
        InProcessEmulator.endSharedLoops(Duration.ofSeconds(1));
        Timing.mark("event loop ended");
        Timing.threads();
        if (code == ExitCodes.OK && onlyDaemonsLeft()) {
            // Returning ends the JVM with status 0 and the same shutdown hooks. System.exit on JDK 21+ first asks for
            // a System.Logger ("java.lang.Runtime", to log the exit), and finding the logging back-end is a service
            // lookup that opens every jar on the class path: a quarter of a cached token's main thread on JDK 25,
            // whose AOT cache otherwise spares it opening them at all.
            return;
        }
        System.exit(code);
    }

    /**
     * Whether every live thread but this one is a daemon, so that returning from {@code main} ends the JVM now: it
     * waits for threads that are not.
     */
    static boolean onlyDaemonsLeft() {
        ThreadGroup root = Thread.currentThread().getThreadGroup();
        while (root.getParent() != null) {
            root = root.getParent();
        }
        Thread[] threads = new Thread[root.activeCount() + 16];
        int count = root.enumerate(threads, true);
        if (count == threads.length) {
            return false; // more threads than the array holds: some were not seen
        }
        for (int i = 0; i < count; i++) {
            if (threads[i] != Thread.currentThread() && !threads[i].isDaemon() && threads[i].isAlive()) {
                return false;
            }
        }
        return true;
    }

    /**
     * The application as {@code main} runs it, with the process's environment, clock and streams supplied from
     * outside: tests run exactly this with a map, a fixed clock and string writers. One {@link Redactor} per run
     * masks every line on stderr ({@link SafeStderr}), and every secret and token the run meets is registered with it.
     */
    public static SpringApplication application(HostSystem host) {
        SpringApplication application = new SpringApplication(GatewayCliApplication.class);
        // Arguments belong to picocli: without this, Spring would also read "--token-url=..." as a property.
        application.setAddCommandLineProperties(false);
        Redactor redactor = new Redactor();
        HostSystem guarded = guarded(host, redactor);
        application.addInitializers((context) -> {
            GenericApplicationContext generic = (GenericApplicationContext) context;
            generic.registerBean(Redactor.class, () -> redactor);
            generic.registerBean(HostSystem.class, () -> guarded);
        });
        return application;
    }

    /** The host a run's commands see: its stderr masks every secret the run's {@code redactor} learns. */
    static HostSystem guarded(HostSystem host, Redactor redactor) {
        return host.withErr(SafeStderr.wrap(host.err(), redactor));
    }

    /**
     * Runs the CLI like {@code main} without ending the JVM; returns the exit code. {@code token}, {@code call} and
     * the root's help and version run on {@link DirectWiring}, everything else in the Spring context.
     */
    public static int run(HostSystem host, String... args) {
        return DirectWiring.serves(args) ? DirectWiring.run(host, args) : runWithContext(host, args);
    }

    /** Runs any command line in the Spring context, as {@code main} runs every command but the direct ones. */
    public static int runWithContext(HostSystem host, String... args) {
        return SpringApplication.exit(application(host).run(args));
    }

    @Bean
    XdgDirs xdgDirs(HostSystem host) {
        return xdgDirsOf(host);
    }

    @Bean
    ProfileStore profileStore(XdgDirs dirs, HostSystem host) {
        return profileStoreOf(dirs, host);
    }

    static XdgDirs xdgDirsOf(HostSystem host) {
        return XdgDirs.from(host.env());
    }

    static ProfileStore profileStoreOf(XdgDirs dirs, HostSystem host) {
        return new ProfileStore(dirs.configFile(), (warning) -> {
            host.err().println("gateway-cli: " + warning);
            host.err().flush();
        });
    }
}
