package dev.gatewaycli.cli.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The function log lines' own writer: order kept, nothing held up, drops counted, everything out at stop. */
@Timeout(30)
class FunctionLogAppenderTest {

    LoggerContext context;

    @BeforeEach
    void setUp() {
        context = new LoggerContext();
    }

    @AfterEach
    void tearDown() {
        context.stop();
    }

    private FunctionLogAppender appender(PrintStream target, int queueSize, String... loggers) {
        FunctionLogAppender appender = new FunctionLogAppender();
        appender.setContext(context);
        appender.setTarget(target);
        appender.setQueueSize(queueSize);
        appender.start();
        for (String name : loggers) {
            Logger logger = context.getLogger(name);
            logger.setLevel(Level.INFO);
            logger.setAdditive(false);
            logger.addAppender(appender);
        }
        return appender;
    }

    @Test
    void linesWhenTwoFunctionsLogFromTheirOwnThreadsThenEachFunctionsLinesKeepTheirOrderAndAllArriveAtStop()
            throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        FunctionLogAppender appender =
                appender(new PrintStream(out, false, StandardCharsets.UTF_8), 100_000, "fn.a", "fn.b");
        List<Thread> threads = new ArrayList<>();
        for (String name : List.of("a", "b")) {
            Logger logger = context.getLogger("fn." + name);
            Thread t = new Thread(() -> {
                for (int i = 0; i < 5_000; i++) {
                    logger.info("{} line {}", name, i);
                }
            });
            threads.add(t);
            t.start();
        }
        for (Thread t : threads) {
            t.join();
        }

        appender.stop();

        List<String> lines = out.toString(StandardCharsets.UTF_8).lines().toList();
        assertThat(lines).hasSize(10_000);
        for (String name : List.of("a", "b")) {
            List<String> own =
                    lines.stream().filter(l -> l.startsWith(name + " ")).toList();
            assertThat(own).hasSize(5_000);
            for (int i = 0; i < own.size(); i++) {
                assertThat(own.get(i)).isEqualTo(name + " line " + i);
            }
        }
        assertThat(appender.dropped()).isZero();
    }

    @Test
    void appendWhenStderrIsStuckThenNeverWaitsDropsAndSaysHowManyOnceItMovesAgain() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch firstWrite = new CountDownLatch(1);
        ByteArrayOutputStream written = new ByteArrayOutputStream();
        OutputStream stuck = new OutputStream() {
            @Override
            public void write(int b) {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                firstWrite.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                written.write(b, off, len);
            }
        };
        FunctionLogAppender appender = appender(new PrintStream(stuck, false, StandardCharsets.UTF_8), 10, "fn");
        Logger logger = context.getLogger("fn");
        logger.info("first");
        assertThat(firstWrite.await(10, TimeUnit.SECONDS))
                .as("the writer took the first line")
                .isTrue();

        // The writer is stuck in its write: 10 lines fit in the queue, the other 90 are dropped, none waits.
        for (int i = 0; i < 100; i++) {
            logger.info("line {}", i);
        }
        assertThat(appender.dropped()).isEqualTo(90);
        release.countDown();
        appender.stop();

        List<String> lines = written.toString(StandardCharsets.UTF_8).lines().toList();
        assertThat(lines.get(0)).isEqualTo("first");
        assertThat(lines.subList(1, 11))
                .containsExactly(
                        "line 0", "line 1", "line 2", "line 3", "line 4", "line 5", "line 6", "line 7", "line 8",
                        "line 9");
        assertThat(lines)
                .contains("gateway-cli local: 90 function log lines dropped: stderr could not keep up "
                        + "(--no-function-logs turns them off)");
    }
}
