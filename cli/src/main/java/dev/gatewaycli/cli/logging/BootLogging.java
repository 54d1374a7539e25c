package dev.gatewaycli.cli.logging;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.jul.LevelChangePropagator;
import org.jspecify.annotations.Nullable;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;
import org.springframework.boot.logging.LogFile;
import org.springframework.boot.logging.LoggingInitializationContext;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.boot.logging.LoggingSystemFactory;
import org.springframework.boot.logging.logback.LogbackLoggingSystem;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;

/**
 * Spring Boot's Logback system with {@link LogSetup} as its defaults. With no {@code logback.xml} on the class path,
 * Boot would otherwise apply its own defaults (INFO, to stdout) when a context starts; everything else of Boot's
 * system stays: its shutdown handler stops the context at exit (so {@link FunctionLogAppender} writes what is
 * queued), {@code setLogLevel} (how {@code gateway-cli local} shows the function's lines) and the JDK logging bridge.
 */
public final class BootLogging extends LogbackLoggingSystem {

    public BootLogging(ClassLoader classLoader) {
        super(classLoader);
    }

    @Override
    protected void loadDefaults(LoggingInitializationContext initializationContext, @Nullable LogFile logFile) {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        // As Boot resets before it loads a configuration: a context started earlier in this JVM starts afresh.
        context.stop();
        context.reset();
        if (SLF4JBridgeHandler.isInstalled()) {
            // As Boot does with the bridge: JDK loggers follow Logback's levels, so they make no records for nothing.
            LevelChangePropagator propagator = new LevelChangePropagator();
            propagator.setResetJUL(true);
            propagator.setContext(context);
            context.addListener(propagator);
        }
        LogSetup.apply(context);
    }

    /** Registered in {@code META-INF/spring.factories}, ahead of Boot's own Logback factory. */
    @Order(Ordered.HIGHEST_PRECEDENCE)
    public static final class Factory implements LoggingSystemFactory {

        @Override
        public @Nullable LoggingSystem getLoggingSystem(ClassLoader classLoader) {
            return new BootLogging(classLoader);
        }
    }
}
