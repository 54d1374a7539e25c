package dev.gatewaycli.emulator.lambda;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The peak resident memory of one execution environment's process, for its {@code REPORT} line's {@code Max Memory
 * Used}: {@code VmHWM} of {@code /proc/<pid>/status}, what Lambda reports. The file stays open for the process's life
 * and is read again from its start at each call, into one buffer, the number parsed from the bytes: one {@code pread}
 * per invocation instead of an open, reads and a close, and no strings. Where there is no such file (not Linux) or the
 * process is gone, -1: unknown.
 */
final class ProcessMemory implements AutoCloseable {

    private static final byte[] KEY = "VmHWM:".getBytes(StandardCharsets.US_ASCII);

    private final FileChannel status;
    private final ByteBuffer buffer = ByteBuffer.allocate(4096);

    private ProcessMemory(FileChannel status) {
        this.status = status;
    }

    /** The reader for process {@code pid}, or one that always answers -1 when its status cannot be opened. */
    static ProcessMemory of(long pid) {
        try {
            return new ProcessMemory(
                    FileChannel.open(Path.of("/proc", Long.toString(pid), "status"), StandardOpenOption.READ));
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return new ProcessMemory(null);
        }
    }

    /** {@code VmHWM} in MB, rounded up; -1 when unknown. */
    synchronized long maxMemoryMb() {
        if (status == null) {
            return -1;
        }
        try {
            buffer.clear();
            long at = 0;
            int n;
            // The kernel renders the whole file at offset 0; it is about 1.5 KB, read in one call.
            while (buffer.hasRemaining() && (n = status.read(buffer, at)) > 0) {
                at += n;
            }
            return parse(buffer.array(), buffer.position());
        } catch (IOException e) {
            return -1;
        }
    }

    /** The kB number after {@code VmHWM:} in {@code bytes}, as MB rounded up; -1 when it is not there. */
    static long parse(byte[] bytes, int length) {
        outer:
        for (int i = 0; i + KEY.length <= length; i++) {
            for (int k = 0; k < KEY.length; k++) {
                if (bytes[i + k] != KEY[k]) {
                    continue outer;
                }
            }
            int p = i + KEY.length;
            while (p < length && (bytes[p] == ' ' || bytes[p] == '\t')) {
                p++;
            }
            long kb = 0;
            int digits = 0;
            while (p < length && bytes[p] >= '0' && bytes[p] <= '9') {
                kb = kb * 10 + (bytes[p++] - '0');
                digits++;
            }
            return digits == 0 ? -1 : (kb + 1023) / 1024;
        }
        return -1;
    }

    @Override
    public synchronized void close() {
        if (status != null) {
            try {
                status.close();
            } catch (IOException e) {
                // nothing left to read
            }
        }
    }
}
