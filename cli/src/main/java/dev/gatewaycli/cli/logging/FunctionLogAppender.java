package dev.gatewaycli.cli.logging;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.UnsynchronizedAppenderBase;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The emulated functions' CloudWatch-style lines ({@code START}, {@code END}, {@code REPORT} and what the function
 * logs) on stderr, written by a thread of their own so that the emulator's event loops and function threads never
 * wait for the terminal. Each line is its formatted message, as the real log stream shows it.
 * <p>
 * The queue is bounded ({@link #setQueueSize}): when stderr cannot keep up (a slow terminal under a load test),
 * new lines are dropped rather than held in memory or making a request wait, and a line on stderr says how many,
 * right after the lines that got through. Lines keep the order they were logged in (one queue, one writer), so a
 * function's lines stay in order; {@link #stop()} writes what is queued before the JVM exits. Writes are batched: the
 * writer drains every queued line into one buffer and writes it in one call, which is what makes the lines cheap
 * under load (a write per line costs a system call and the stream's lock).
 */
public final class FunctionLogAppender extends UnsynchronizedAppenderBase<ILoggingEvent> {

    /** Enough for several seconds of a load test's lines at tens of thousands of requests a second. */
    static final int DEFAULT_QUEUE_SIZE = 64 * 1024;

    /** How long {@link #stop()} waits for the writer to empty the queue. */
    static final long STOP_WAIT_MILLIS = 5_000;

    private static final String STOP = new String("stop");

    private int queueSize = DEFAULT_QUEUE_SIZE;

    private PrintStream target;

    /** Null until the first line: a command that logs none (every one but {@code local}) starts no thread. */
    private volatile BlockingQueue<String> queue;

    private Thread writer;

    private final AtomicLong dropped = new AtomicLong();

    /** Bounded queue of lines waiting for stderr. */
    public void setQueueSize(int queueSize) {
        if (queueSize < 1) {
            throw new IllegalArgumentException("queueSize must be positive");
        }
        this.queueSize = queueSize;
    }

    /** Where the lines go; {@code System.err} (as it is when the appender starts) unless set. */
    public void setTarget(PrintStream target) {
        this.target = target;
    }

    @Override
    public void start() {
        if (isStarted()) {
            return;
        }
        if (target == null) {
            target = System.err;
        }
        super.start();
    }

    @Override
    protected void append(ILoggingEvent event) {
        BlockingQueue<String> lines = queue;
        if (lines == null) {
            lines = startWriter();
        }
        // Formatted here, on the logging thread: the event's arguments may change once the call returns.
        if (!lines.offer(event.getFormattedMessage())) {
            dropped.incrementAndGet();
        }
    }

    private synchronized BlockingQueue<String> startWriter() {
        if (queue == null) {
            BlockingQueue<String> lines = new ArrayBlockingQueue<>(queueSize);
            Thread thread = new Thread(() -> write(lines), "gateway-cli-function-logs");
            thread.setDaemon(true);
            thread.start();
            writer = thread;
            queue = lines;
        }
        return queue;
    }

    /** Lines dropped because the queue was full, since the writer last reported them. */
    public long dropped() {
        return dropped.get();
    }

    private void write(BlockingQueue<String> lines) {
        List<String> batch = new ArrayList<>(1024);
        ByteArrayOutputStream buffer = new ByteArrayOutputStream(64 * 1024);
        boolean stopping = false;
        while (!stopping) {
            try {
                String first = lines.poll(1, TimeUnit.SECONDS);
                if (first == null) {
                    reportDropped(buffer);
                    continue;
                }
                batch.add(first);
            } catch (InterruptedException ex) {
                stopping = true;
            }
            lines.drainTo(batch);
            for (String line : batch) {
                if (line == STOP) {
                    stopping = true;
                } else {
                    buffer.writeBytes(line.getBytes(StandardCharsets.UTF_8));
                    buffer.write('\n');
                }
            }
            batch.clear();
            reportDropped(buffer);
        }
        // What is still queued behind the stop (never more than the queue holds).
        lines.drainTo(batch);
        for (String line : batch) {
            if (line != STOP) {
                buffer.writeBytes(line.getBytes(StandardCharsets.UTF_8));
                buffer.write('\n');
            }
        }
        reportDropped(buffer);
    }

    /** Writes the buffer in one call, then the drop count since the last report, if any. */
    private void reportDropped(ByteArrayOutputStream buffer) {
        long lost = dropped.getAndSet(0);
        if (lost > 0) {
            buffer.writeBytes(("gateway-cli local: " + lost + " function log line" + (lost == 1 ? "" : "s")
                            + " dropped: stderr could not keep up (--no-function-logs turns them off)\n")
                    .getBytes(StandardCharsets.UTF_8));
        }
        if (buffer.size() > 0) {
            target.write(buffer.toByteArray(), 0, buffer.size());
            target.flush();
            buffer.reset();
        }
    }

    /** Writes every queued line, then stops the writer (waiting at most {@link #STOP_WAIT_MILLIS}). */
    @Override
    public void stop() {
        if (!isStarted()) {
            return;
        }
        super.stop();
        BlockingQueue<String> lines;
        Thread thread;
        synchronized (this) {
            lines = queue;
            thread = writer;
        }
        if (lines == null) {
            return; // nothing was ever logged
        }
        try {
            // The stop marker may wait for room: the writer is emptying the queue meanwhile.
            if (lines.offer(STOP, STOP_WAIT_MILLIS, TimeUnit.MILLISECONDS)) {
                thread.join(STOP_WAIT_MILLIS);
            } else {
                thread.interrupt();
                thread.join(STOP_WAIT_MILLIS);
            }
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }
}
