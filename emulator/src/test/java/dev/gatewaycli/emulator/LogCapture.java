package dev.gatewaycli.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.slf4j.LoggerFactory;

/**
 * The log lines of the functions ({@code dev.gatewaycli.emulator.function.*}) as the tests read them. Lines of a
 * process's output and a function's {@code END}/{@code REPORT} arrive after its HTTP answer, so a test waits for the
 * line it needs: {@link #await} blocks on the appender's monitor until it is there (no sleeping; the timeout is only a
 * hang guard).
 */
public final class LogCapture extends AppenderBase<ILoggingEvent> implements AutoCloseable {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private final List<ILoggingEvent> events = new ArrayList<>();
    private final Logger logger;

    private LogCapture(String loggerName) {
        this.logger = (Logger) LoggerFactory.getLogger(loggerName);
        setContext(logger.getLoggerContext());
        start();
        logger.addAppender(this);
    }

    /** Captures every function's log until {@link #close()}. */
    public static LogCapture functions() {
        return new LogCapture("dev.gatewaycli.emulator.function");
    }

    /** Captures what {@code source}'s logger logs until {@link #close()}. */
    public static LogCapture of(Class<?> source) {
        return new LogCapture(source.getName());
    }

    @Override
    protected synchronized void append(ILoggingEvent event) {
        events.add(event);
        notifyAll();
    }

    /** The lines so far. */
    public synchronized List<ILoggingEvent> events() {
        return List.copyOf(events);
    }

    /** Waits until a line matches {@code condition}; fails the test (naming {@code what}) if none does in 30 s. */
    public synchronized ILoggingEvent await(String what, Predicate<ILoggingEvent> condition) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            for (ILoggingEvent e : events) {
                if (condition.test(e)) {
                    return e;
                }
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("no log line " + what + " in " + messages(events));
            }
            try {
                wait(Math.max(1, left / 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    /** Waits for {@code REPORT RequestId: <id>} and returns every line of that invocation, {@code START} to {@code REPORT}. */
    public List<ILoggingEvent> invocation(String requestId) {
        await(
                "REPORT RequestId: " + requestId,
                e -> e.getFormattedMessage().startsWith("REPORT RequestId: " + requestId));
        synchronized (this) {
            int start = -1;
            for (int i = 0; i < events.size(); i++) {
                String m = events.get(i).getFormattedMessage();
                if (m.equals("START RequestId: " + requestId + " Version: $LATEST")) {
                    start = i;
                }
                if (m.startsWith("REPORT RequestId: " + requestId)) {
                    assertThat(start)
                            .as("START before REPORT of %s in %s", requestId, messages(events))
                            .isNotNegative();
                    String logger = events.get(i).getLoggerName();
                    return events.subList(start, i + 1).stream()
                            .filter(e -> e.getLoggerName().equals(logger))
                            .toList();
                }
            }
            throw new AssertionError("no REPORT of " + requestId);
        }
    }

    /** The messages of {@code lines}. */
    public static List<String> messages(List<ILoggingEvent> lines) {
        return lines.stream().map(ILoggingEvent::getFormattedMessage).toList();
    }

    /** Whether a line is {@code text} logged at {@code level}. */
    public static Predicate<ILoggingEvent> line(Level level, Predicate<String> text) {
        return e -> e.getLevel().equals(level) && text.test(e.getFormattedMessage());
    }

    @Override
    public void close() {
        logger.detachAppender(this);
        stop();
    }
}
