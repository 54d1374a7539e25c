package dev.gatewaycli.cli;

import dev.gatewaycli.cli.process.ExitCodes;
import dev.gatewaycli.cli.process.ExitException;
import dev.gatewaycli.cli.process.TerminalText;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IExitCodeExceptionMapper;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * Every failure becomes one plain line on stderr and an exit code from {@link ExitCodes}; a stack trace only with
 * {@code -v}. Usage errors name the problem and point at {@code --help} instead of printing the whole usage. A
 * message that quotes a server or a file is kept on one line ({@link TerminalText#line}); the stream itself masks
 * secrets and makes the rest safe for a terminal ({@code SafeStderr}), the stack trace included.
 */
final class ErrorHandler implements IParameterExceptionHandler, IExecutionExceptionHandler, IExitCodeExceptionMapper {

    private final PrintWriter err;

    ErrorHandler(PrintWriter err) {
        this.err = err;
    }

    @Override
    public int handleParseException(ParameterException ex, String[] args) {
        CommandLine cmd = ex.getCommandLine();
        String command = cmd.getCommandSpec().qualifiedName();
        err.println("gateway-cli: " + TerminalText.line(ex.getMessage()) + " (see '" + command + " --help')");
        err.flush();
        return ExitCodes.USAGE;
    }

    @Override
    public int handleExecutionException(Exception ex, CommandLine commandLine, ParseResult parseResult) {
        boolean verbose = isVerbose(commandLine);
        int status = getExitCode(ex);
        String message = (ex instanceof ExitException)
                ? ex.getMessage()
                : "unexpected " + ex.getClass().getSimpleName() + " (run with -v for details, and report it)";
        if (ex instanceof ParameterException parameter) {
            return handleParseException(parameter, new String[0]);
        }
        err.println("gateway-cli: " + TerminalText.line(message));
        if (verbose) {
            // Library messages quote what servers sent: the stream masks and sanitises them like every other line.
            ex.printStackTrace(err);
        }
        err.flush();
        return status;
    }

    @Override
    public int getExitCode(Throwable ex) {
        if (ex instanceof ExitException exit) {
            return exit.getStatus();
        }
        if (ex instanceof ParameterException) {
            return ExitCodes.USAGE;
        }
        return ExitCodes.FAILED;
    }

    private static boolean isVerbose(CommandLine commandLine) {
        Object root = commandLine.getCommandSpec().root().userObject();
        return (root instanceof GatewayCli cli) && cli.verbose();
    }
}
