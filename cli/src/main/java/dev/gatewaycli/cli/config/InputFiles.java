package dev.gatewaycli.cli.config;

import dev.gatewaycli.cli.process.ExitException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Files the user names on the command line ({@code -d @FILE}, {@code --client-secret-file}, {@code --expect-body
 * @FILE}), read with a limit, so that {@code /dev/zero} or a huge file is one line, not an {@code OutOfMemoryError};
 * and every reason a file cannot be read said in words ("no such file", "permission denied", "is a directory"), not
 * as an exception's class name.
 */
public final class InputFiles {

    private InputFiles() {}

    /**
     * The content of {@code file}, at most {@code maxBytes}.
     *
     * @param what how the message names the file, e.g. {@code -d @body.json}
     * @param limit what the limit is, for the message, e.g. {@code API Gateway's 10 MB payload limit}
     * @param exitCode the exit code when it cannot be read or is too large
     */
    public static byte[] read(Path file, int maxBytes, String what, String limit, int exitCode) {
        if (Files.isDirectory(file)) {
            throw new ExitException(exitCode, what + ": is a directory, not a file");
        }
        byte[] content;
        try (InputStream in = Files.newInputStream(file)) {
            content = in.readNBytes(maxBytes + 1);
        } catch (IOException | RuntimeException ex) {
            throw new ExitException(exitCode, what + ": cannot read the file (" + reason(ex) + ")", ex);
        }
        if (content.length > maxBytes) {
            throw new ExitException(exitCode, what + ": the file is larger than " + limit);
        }
        return content;
    }

    /** Why a file cannot be read, in words. */
    public static String reason(Exception ex) {
        if (ex instanceof NoSuchFileException) {
            return "no such file";
        }
        if (ex instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (ex instanceof NotDirectoryException) {
            return "a part of the path is not a directory";
        }
        if (ex instanceof FileSystemLoopException) {
            return "too many symbolic links";
        }
        if (ex instanceof FileSystemException fs && fs.getReason() != null) {
            return fs.getReason().toLowerCase(Locale.ROOT);
        }
        if (ex instanceof java.nio.file.InvalidPathException invalid) {
            return "not a valid path: " + invalid.getReason();
        }
        return (ex.getMessage() == null) ? "an I/O error" : ex.getMessage();
    }
}
