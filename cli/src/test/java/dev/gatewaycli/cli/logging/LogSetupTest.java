package dev.gatewaycli.cli.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator.ExecutionStatus;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.util.ContextInitializer;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.status.Status;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.logging.LoggingSystem;

/** The logging configuration both wirings get: every line on stderr, WARN and up, Netty silent, function lines apart. */
class LogSetupTest {

    private final LoggerContext context = new LoggerContext();

    @AfterEach
    void tearDown() {
        context.stop();
    }

    @Test
    void autoConfigWhenLogbackStartsThenLogSetupConfiguresItThroughItsServiceFile() throws Exception {
        new ContextInitializer(context).autoConfig();

        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        assertThat(root.getLevel()).isEqualTo(Level.WARN);
        List<Appender<ILoggingEvent>> rootAppenders = appenders(root);
        assertThat(rootAppenders).hasSize(1);
        ConsoleAppender<ILoggingEvent> stderr = (ConsoleAppender<ILoggingEvent>) rootAppenders.get(0);
        assertThat(stderr.getName()).isEqualTo("STDERR");
        assertThat(stderr.getTarget()).isEqualTo("System.err");
        assertThat(stderr.isStarted()).isTrue();
        assertThat(((PatternLayoutEncoder) stderr.getEncoder()).getPattern())
                .isEqualTo("gateway-cli: %level %logger{20}: %msg%n");

        Logger function = context.getLogger(LogSetup.FUNCTION_LOGGER);
        assertThat(function.getLevel()).isEqualTo(Level.WARN);
        assertThat(function.isAdditive()).isFalse();
        assertThat(appenders(function)).singleElement().isInstanceOf(FunctionLogAppender.class);
        assertThat(appenders(function).get(0).isStarted()).isTrue();
        assertThat(context.getLogger("dev.gatewaycli.emulator.function.hello").getEffectiveLevel())
                .isEqualTo(Level.WARN);

        assertThat(context.getLogger("reactor.netty.http.client").getEffectiveLevel())
                .isEqualTo(Level.OFF);
        assertThat(context.getLogger("io.netty.channel").getEffectiveLevel()).isEqualTo(Level.OFF);
        assertThat(context.getLogger("org.springframework").getEffectiveLevel()).isEqualTo(Level.WARN);
        assertThat(context.getStatusManager().getCopyOfStatusList())
                .as("no warnings or errors while configuring")
                .allMatch((status) -> status.getLevel() == Status.INFO);
    }

    @Test
    void configureWhenTheJvmNamesAConfigurationFileThenStepsAsideForLogback() {
        String before = System.getProperty(LogSetup.CONFIGURATION_FILE_PROPERTY);
        System.setProperty(LogSetup.CONFIGURATION_FILE_PROPERTY, "elsewhere.xml");
        try {
            LogSetup setup = new LogSetup();
            setup.setContext(context);

            assertThat(setup.configure(context)).isEqualTo(ExecutionStatus.INVOKE_NEXT_IF_ANY);
            assertThat(appenders(context.getLogger(Logger.ROOT_LOGGER_NAME))).isEmpty();
        } finally {
            if (before == null) {
                System.clearProperty(LogSetup.CONFIGURATION_FILE_PROPERTY);
            } else {
                System.setProperty(LogSetup.CONFIGURATION_FILE_PROPERTY, before);
            }
        }
    }

    @Test
    void loggingSystemWhenSpringBootAsksThenBootLogging() {
        assertThat(LoggingSystem.get(getClass().getClassLoader())).isInstanceOf(BootLogging.class);
    }

    private static List<Appender<ILoggingEvent>> appenders(Logger logger) {
        List<Appender<ILoggingEvent>> appenders = new ArrayList<>();
        for (Iterator<Appender<ILoggingEvent>> it = logger.iteratorForAppenders(); it.hasNext(); ) {
            appenders.add(it.next());
        }
        return appenders;
    }
}
