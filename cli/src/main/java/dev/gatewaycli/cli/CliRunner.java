package dev.gatewaycli.cli;

import dev.gatewaycli.cli.process.HostSystem;
import org.springframework.boot.CommandLineRunner;
import org.springframework.boot.ExitCodeGenerator;
import org.springframework.stereotype.Component;
import picocli.CommandLine.IFactory;

/** All the glue between Spring Boot and picocli: run the command line, hand its exit code to SpringApplication. */
@Component
class CliRunner implements CommandLineRunner, ExitCodeGenerator {

    private final IFactory factory;

    private final HostSystem host;

    private int exitCode;

    CliRunner(IFactory factory, HostSystem host) {
        this.factory = factory;
        this.host = host;
    }

    @Override
    public void run(String... args) {
        exitCode = execute(factory, host, args);
    }

    /**
     * The command line on {@code factory}'s objects, as both wirings run it, built with only the command {@code args}
     * names ({@link GatewayCli#commandLineFor}); returns the exit code.
     */
    static int execute(IFactory factory, HostSystem host, String... args) {
        Timing.mark("wired, command starts");
        int code = GatewayCli.commandLineFor(factory, host, args).execute(args);
        host.out().flush();
        host.err().flush();
        Timing.mark("command done, output flushed");
        return code;
    }

    @Override
    public int getExitCode() {
        return exitCode;
    }
}
