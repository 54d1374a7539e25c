package dev.gatewaycli.cli.oauth;

import dev.gatewaycli.cli.config.PrivateFiles;
import dev.gatewaycli.cli.http.Deadline;
import dev.gatewaycli.cli.http.HttpTrace;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The token cache directory as an optimisation that can never fail a command: every file operation of a store (the
 * client-credentials tokens, or any other) goes through here, with {@link PrivateFiles} for reads and atomic writes
 * and {@link EntryLock} for exclusive use of an entry. The first I/O problem (a directory that cannot be created or
 * belongs to another user, a file where the directory should be, a lock file that is a FIFO or a dangling link, a
 * lock held past the wait) prints one warning line and turns the cache off for the rest of the run: reads find
 * nothing, writes and deletes do nothing. An entry that fails its own checks (another user's file, one writable by
 * others, one too large) is ignored with a warning, and the next save replaces it.
 */
public final class TokenCache {

    /** No entry is larger: a token, its times and scopes. A larger file is not one of ours. */
    public static final int MAX_ENTRY_BYTES = 64 * 1024;

    private final Path directory;

    private final HttpTrace trace;

    /** Off after the first I/O problem of this run (and then nothing more is tried or said). */
    private boolean off;

    public TokenCache(Path directory, HttpTrace trace) {
        this.directory = Objects.requireNonNull(directory, "directory cannot be null");
        this.trace = Objects.requireNonNull(trace, "trace cannot be null");
    }

    public Path directory() {
        return directory;
    }

    /** False once an I/O problem turned the cache off for this run. */
    public synchronized boolean usable() {
        return !off;
    }

    /**
     * Runs {@code action} holding {@code entry}'s lock ({@code entry.lock} in the directory). The wait for another
     * run's lock takes at most half of what is left of {@code deadline}, so that there is time left to fetch a token
     * without the cache; if the lock cannot be had, the cache is turned off and {@code action} runs without it.
     */
    public <T> T locked(String entry, Deadline deadline, Supplier<T> action) {
        EntryLock lock = null;
        if (usable()) {
            // Not Duration.dividedBy: it divides as a BigDecimal, and BigDecimal's initialisation is a tenth of a
            // cached token's main thread on JDK 25.
            Duration wait = Duration.ofNanos(deadline.remaining().toNanos() / 2);
            try {
                lock = EntryLock.acquire(directory.resolve(entry + ".lock"), wait);
            } catch (EntryLock.TimeoutException ex) {
                turnOff("another run holds " + entry + ".lock longer than " + Deadline.format(wait));
            } catch (IOException | RuntimeException ex) {
                turnOff(ex);
            }
        }
        try {
            return action.get();
        } finally {
            if (lock != null) {
                try {
                    lock.close();
                } catch (IOException ex) {
                    trace.line("* token cache: releasing " + entry + ".lock failed: " + describe(ex));
                }
            }
        }
    }

    /** The content of {@code fileName}, or empty when there is none, it is not usable, or the cache is off. */
    public Optional<byte[]> read(String fileName) {
        if (!usable()) {
            return Optional.empty();
        }
        Path file = directory.resolve(fileName);
        try {
            if (!Files.isDirectory(directory)) {
                // Nothing was ever cached (or it was deleted): a miss, not a problem. A save will create it.
                trace.line("* token cache: no entry " + fileName);
                return Optional.empty();
            }
            PrivateFiles.directory(directory);
            Optional<byte[]> content = PrivateFiles.read(file, MAX_ENTRY_BYTES);
            if (content.isEmpty()) {
                trace.line("* token cache: no entry " + fileName);
            }
            return content;
        } catch (PrivateFiles.UnsafeFileException ex) {
            if (file.toString().equals(ex.getFile())) {
                trace.warning("ignoring the cached token " + ex.getMessage() + "; the next one replaces it");
                return Optional.empty();
            }
            turnOff(ex);
        } catch (IOException | RuntimeException ex) {
            turnOff(ex);
        }
        return Optional.empty();
    }

    /** Replaces {@code fileName} atomically (0600); an I/O problem turns the cache off. */
    public void write(String fileName, byte[] content) {
        if (!usable()) {
            return;
        }
        try {
            PrivateFiles.write(directory.resolve(fileName), content);
        } catch (IOException | RuntimeException ex) {
            turnOff(ex);
        }
    }

    /** Deletes {@code fileName} if it exists; true when it did. */
    public boolean delete(String fileName) {
        if (!usable()) {
            return false;
        }
        try {
            return Files.deleteIfExists(directory.resolve(fileName));
        } catch (IOException | RuntimeException ex) {
            turnOff(ex);
            return false;
        }
    }

    private void turnOff(Exception ex) {
        turnOff(describe(ex));
    }

    private void turnOff(String why) {
        synchronized (this) {
            if (off) {
                return;
            }
            off = true;
        }
        trace.warning("the token cache in " + directory + " is not usable (" + why + "): continuing without it");
    }

    /** What went wrong, in words: the path and the reason, never an exception's class name alone. */
    static String describe(Exception ex) {
        if (ex instanceof PrivateFiles.UnsafeFileException unsafe) {
            return unsafe.getMessage();
        }
        if (ex instanceof java.nio.file.AccessDeniedException denied) {
            return denied.getFile() + ": permission denied";
        }
        if (ex instanceof java.nio.file.FileSystemException fs) {
            return fs.getFile() + ": " + ((fs.getReason() == null) ? "cannot be used" : fs.getReason());
        }
        return (ex.getMessage() == null) ? ex.getClass().getSimpleName() : ex.getMessage();
    }
}
