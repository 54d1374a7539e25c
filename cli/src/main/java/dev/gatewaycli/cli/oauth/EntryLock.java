package dev.gatewaycli.cli.oauth;

import dev.gatewaycli.cli.config.PrivateFiles;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Exclusive access to one cache entry across threads and processes, so that several {@code gateway-cli} runs started
 * together with an empty cache make one token request between them: the first fetches and writes, the others wait,
 * then find the fresh token. Two layers because a JVM holds a file lock for the whole process ({@code FileChannel.lock}
 * from a second thread throws {@code OverlappingFileLockException}): an in-JVM lock orders the threads, the OS file
 * lock orders the processes, and the OS releases it if a process dies holding it.
 *
 * <p>Never waits for good: {@link #acquire(Path, Duration)} gives up after {@code maxWait} with a
 * {@link TimeoutException}, and the lock file must be the user's own regular file ({@link PrivateFiles#openOwnFile}):
 * a FIFO put there would block the open forever, a link would lock a file elsewhere. Every failure is an
 * {@link IOException}; a cache treats it as "no cache this time".
 */
public final class EntryLock implements AutoCloseable {

    /** How long {@link #acquire(Path)} waits: the default {@code --max-time}. */
    public static final Duration DEFAULT_WAIT = Duration.ofSeconds(60);

    private static final ConcurrentHashMap<Path, ReentrantLock> IN_JVM = new ConcurrentHashMap<>();

    private final ReentrantLock threadLock;

    private final FileChannel channel;

    private final FileLock fileLock;

    private EntryLock(ReentrantLock threadLock, FileChannel channel, FileLock fileLock) {
        this.threadLock = threadLock;
        this.channel = channel;
        this.fileLock = fileLock;
    }

    /** {@link #acquire(Path, Duration)} waiting at most {@link #DEFAULT_WAIT}. */
    public static EntryLock acquire(Path lockFile) throws IOException {
        return acquire(lockFile, DEFAULT_WAIT);
    }

    /**
     * Holds {@code lockFile} (created 0600 if missing) for this thread and process, waiting at most {@code maxWait}
     * for a holder to let go.
     *
     * @throws TimeoutException when another thread or process held it for all of {@code maxWait}
     * @throws IOException when the lock file cannot be used (not the user's own regular file, no directory for it)
     */
    public static EntryLock acquire(Path lockFile, Duration maxWait) throws IOException {
        Path normalized = lockFile.toAbsolutePath().normalize();
        long end = System.nanoTime() + Math.max(0, maxWait.toNanos());
        ReentrantLock threadLock = IN_JVM.computeIfAbsent(normalized, (p) -> new ReentrantLock());
        try {
            if (!threadLock.tryLock(Math.max(0, end - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                throw new TimeoutException(normalized, maxWait);
            }
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted waiting for " + normalized);
        }
        FileChannel channel = null;
        try {
            channel = PrivateFiles.openOwnFile(normalized);
            FileLock fileLock = channel.tryLock();
            if (fileLock == null) {
                fileLock = waitFor(channel, normalized, maxWait, end);
            }
            return new EntryLock(threadLock, channel, fileLock);
        } catch (IOException | RuntimeException ex) {
            if (channel != null) {
                channel.close();
            }
            threadLock.unlock();
            throw ex;
        }
    }

    /**
     * Blocks in {@code FileChannel.lock} (no polling) until the holder lets go, or until {@code end}, when a timer
     * closes the channel, which ends the wait.
     */
    private static FileLock waitFor(FileChannel channel, Path file, Duration maxWait, long end) throws IOException {
        Object state = new Object();
        boolean[] acquired = {false};
        boolean[] timedOut = {false};
        CompletableFuture<Void> timer = CompletableFuture.runAsync(
                () -> {
                    synchronized (state) {
                        if (!acquired[0]) {
                            timedOut[0] = true;
                            try {
                                channel.close();
                            } catch (IOException ex) {
                                // closing is all it was for
                            }
                        }
                    }
                },
                CompletableFuture.delayedExecutor(Math.max(0, end - System.nanoTime()), TimeUnit.NANOSECONDS));
        try {
            FileLock lock = channel.lock();
            synchronized (state) {
                if (timedOut[0]) {
                    throw new TimeoutException(file, maxWait);
                }
                acquired[0] = true;
                return lock;
            }
        } catch (ClosedChannelException ex) {
            throw new TimeoutException(file, maxWait);
        } finally {
            timer.cancel(false);
        }
    }

    @Override
    public void close() throws IOException {
        try {
            fileLock.release();
            channel.close();
        } finally {
            threadLock.unlock();
        }
    }

    /** Another thread or process held the lock for the whole wait. */
    public static final class TimeoutException extends IOException {

        private static final long serialVersionUID = 1L;

        TimeoutException(Path file, Duration waited) {
            super(file + " was held by another run for " + waited.toMillis() + " ms");
        }
    }
}
