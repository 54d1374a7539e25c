package dev.gatewaycli.cli.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.spi.ContextAwareBase;

/**
 * The CLI's whole logging configuration, in code: Logback finds it through {@code META-INF/services} before it looks
 * for a {@code logback.xml}, and Spring Boot applies it too ({@link BootLogging}), so both wirings log alike. Code
 * rather than XML because reading XML starts Joran and the JDK's SAX parser, some 800 classes, in every command that
 * logs or whose libraries ask for a logger ({@code call}'s Reactor Netty does), to set five loggers.
 * <p>
 * stdout carries results only, so every log line goes to stderr. A {@code -Dlogback.configurationFile} given to the
 * JVM is still Logback's to read: this configurator then steps aside.
 */
public final class LogSetup extends ContextAwareBase implements Configurator {

    /** The emulator's logger for the function's CloudWatch-style lines (docs/emulator.md, "The function"). */
    public static final String FUNCTION_LOGGER = "dev.gatewaycli.emulator.function";

    /** Logback's own system property naming a configuration file. */
    static final String CONFIGURATION_FILE_PROPERTY = "logback.configurationFile";

    static final String PATTERN = "gateway-cli: %level %logger{20}: %msg%n";

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        if (System.getProperty(CONFIGURATION_FILE_PROPERTY) != null) {
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
        apply(context);
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }

    /** Configures {@code context}, which has no appenders yet (new or reset). */
    static void apply(LoggerContext context) {
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern(PATTERN);
        encoder.start();
        ConsoleAppender<ILoggingEvent> stderr = new ConsoleAppender<>();
        stderr.setContext(context);
        stderr.setName("STDERR");
        stderr.setTarget("System.err");
        stderr.setEncoder(encoder);
        stderr.start();

        // The emulated function's lines (START/END/REPORT and the function's own log), printed as they are:
        // `gateway-cli local` raises this logger to INFO; every other command keeps it at WARN. Written to stderr by
        // a thread of their own from a bounded queue, so that a request never waits for the terminal; lines dropped
        // when stderr cannot keep up are counted on stderr (FunctionLogAppender).
        FunctionLogAppender functionLines = new FunctionLogAppender();
        functionLines.setContext(context);
        functionLines.setName("FUNCTION");
        functionLines.start();
        Logger function = context.getLogger(FUNCTION_LOGGER);
        function.setLevel(Level.WARN);
        function.setAdditive(false);
        function.addAppender(functionLines);

        // Reactor Netty logs a failed connection (reset, refused) at WARN with a stack trace; every network failure is
        // reported as one line by the commands themselves (and the trace with -v), so its own reports would only
        // repeat it.
        context.getLogger("reactor.netty").setLevel(Level.OFF);
        context.getLogger("io.netty").setLevel(Level.OFF);

        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.WARN);
        root.addAppender(stderr);
    }
}
