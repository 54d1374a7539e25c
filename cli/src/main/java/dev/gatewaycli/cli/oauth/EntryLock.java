package dev.gatewaycli.cli.oauth;

import dev.gatewaycli.cli.config.PrivateFiles;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Exclusive access to one cache entry across threads and processes, so that several {@code gateway-cli} runs started
 * together with an empty cache make one token request between them: the first fetches and writes, the others wait,
 * then find the fresh token. Two layers because a JVM holds a file lock for the whole process ({@code FileChannel.lock}
 * from a second thread throws {@code OverlappingFileLockException}): an in-JVM lock orders the threads, the OS file
 * lock orders the processes, and the OS releases it if a process dies holding it.
 */
final class EntryLock implements AutoCloseable {

    private static final ConcurrentHashMap<Path, ReentrantLock> IN_JVM = new ConcurrentHashMap<>();

    private final ReentrantLock threadLock;

    private final FileChannel channel;

    private final FileLock fileLock;

    private EntryLock(ReentrantLock threadLock, FileChannel channel, FileLock fileLock) {
        this.threadLock = threadLock;
        this.channel = channel;
        this.fileLock = fileLock;
    }

    static EntryLock acquire(Path lockFile) throws IOException {
        Path normalized = lockFile.toAbsolutePath().normalize();
        ReentrantLock threadLock = IN_JVM.computeIfAbsent(normalized, (p) -> new ReentrantLock());
        threadLock.lock();
        FileChannel channel = null;
        try {
            PrivateFiles.file(normalized);
            channel = FileChannel.open(normalized, StandardOpenOption.WRITE);
            FileLock fileLock = channel.lock();
            return new EntryLock(threadLock, channel, fileLock);
        } catch (IOException | RuntimeException ex) {
            if (channel != null) {
                channel.close();
            }
            threadLock.unlock();
            throw ex;
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
}
