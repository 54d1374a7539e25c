package dev.gatewaycli.cli;

import dev.gatewaycli.cli.api.CallCommand;
import dev.gatewaycli.cli.config.ProfileStore;
import dev.gatewaycli.cli.config.TargetResolver;
import dev.gatewaycli.cli.config.XdgDirs;
import dev.gatewaycli.cli.http.Redactor;
import dev.gatewaycli.cli.local.InProcessEmulator;
import dev.gatewaycli.cli.oauth.TokenCommand;
import dev.gatewaycli.cli.oauth.TokenManagerFactory;
import dev.gatewaycli.cli.oauth.UserTokensFactory;
import dev.gatewaycli.cli.process.HostSystem;
import java.lang.reflect.Constructor;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IFactory;

/**
 * The commands a user runs most often, in a loop or in {@code $(...)}, wired by hand instead of by a Spring context:
 * {@code token}, {@code call}, and the root's help, version and usage. They are the same command classes, built by
 * the same {@link GatewayCli#commandLine}, with the same objects Spring would give them (the same constructors, the
 * same guarded stderr and redactor of {@link GatewayCliApplication#guarded}, the same profile store), so their
 * options, output, exit codes, cache and warnings are the same; only the Spring context's own start-up, most of such
 * a run, is not paid. Tokens are still obtained through Spring Security's client-credentials manager
 * ({@code TokenManager}); a token served from the cache builds none of it. Every other command needs the context.
 */
final class DirectWiring implements IFactory {

    /** The commands this wiring serves. */
    private static final Set<String> COMMANDS = Set.of("token", "call");

    private final HostSystem host;

    private final Redactor redactor;

    private final InProcessEmulator local;

    private final TargetResolver resolver;

    private final TokenManagerFactory tokenManagers;

    private final UserTokensFactory userTokens;

    DirectWiring(HostSystem host, Redactor redactor) {
        this.host = host;
        this.redactor = redactor;
        XdgDirs dirs = GatewayCliApplication.xdgDirsOf(host);
        ProfileStore profiles = GatewayCliApplication.profileStoreOf(dirs, host);
        this.local = new InProcessEmulator(dirs, host);
        this.resolver = new TargetResolver(host, profiles, local);
        this.tokenManagers = new TokenManagerFactory(host, dirs);
        this.userTokens = new UserTokensFactory(host, dirs);
    }

    /**
     * Whether this wiring serves {@code args}: the command (the first argument that is neither an option nor the
     * value of a root option) is {@code token} or {@code call}, or there is none ({@code --help}, {@code --version},
     * the usage).
     */
    static boolean serves(String... args) {
        boolean value = false;
        for (String arg : args) {
            if (value) {
                value = false;
            } else if (GatewayCli.ROOT_OPTIONS_WITH_VALUE.contains(arg)) {
                value = true;
            } else if (!arg.startsWith("-")) {
                return COMMANDS.contains(arg);
            } else if (arg.equals("--")) {
                return false;
            }
        }
        return true;
    }

    /** Runs the command line as {@link GatewayCliApplication#runWithContext} would; returns the exit code. */
    static int run(HostSystem host, String... args) {
        Redactor redactor = new Redactor();
        HostSystem guarded = GatewayCliApplication.guarded(host, redactor);
        DirectWiring wiring = new DirectWiring(guarded, redactor);
        try {
            return CliRunner.execute(wiring, guarded, args);
        } finally {
            // What the context's close does: the emulator of --local stops with the command.
            wiring.local.destroy();
        }
    }

    @Override
    public <K> K create(Class<K> type) throws Exception {
        Object made;
        if (type == GatewayCli.class) {
            made = new GatewayCli(redactor);
        } else if (type == TokenCommand.class) {
            made = new TokenCommand(resolver, tokenManagers, userTokens, host);
        } else if (type == CallCommand.class) {
            made = new CallCommand(resolver, tokenManagers, userTokens, host);
        } else if (type.isAnnotationPresent(Command.class)) {
            made = unwired(type);
        } else {
            // Mixins, converters, the version provider: what picocli makes itself under Spring too.
            return CommandLine.defaultFactory().create(type);
        }
        return type.cast(made);
    }

    /**
     * Another command, which this run never executes ({@link #serves}): the whole tree (the root's help, an unknown
     * word) holds every subcommand's model, and picocli reads the option mixins from an instance, so it gets one
     * whose collaborators are not there (its constructor's arguments are null). Only its annotated fields are used.
     */
    private static Object unwired(Class<?> type) throws ReflectiveOperationException {
        Constructor<?>[] constructors = type.getDeclaredConstructors();
        if (constructors.length != 1) {
            throw new IllegalStateException(type.getName() + " has " + constructors.length + " constructors, not one");
        }
        Constructor<?> constructor = constructors[0];
        Class<?>[] parameters = constructor.getParameterTypes();
        Object[] none = new Object[parameters.length];
        for (int i = 0; i < parameters.length; i++) {
            if (parameters[i].isPrimitive()) {
                throw new IllegalStateException(type.getName() + " takes a " + parameters[i] + ": not a collaborator");
            }
        }
        constructor.setAccessible(true);
        return constructor.newInstance(none);
    }
}
