package dev.gatewaycli.cli.config;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Files only their owner may read: directories 0700, files 0600, written atomically (a temporary file in the same
 * directory, then a rename) so that a reader in another process sees the old content or the new, never half of it.
 * The permissions are set at creation, not after, so there is no moment when a secret or a token is world-readable.
 */
public final class PrivateFiles {

    private static final boolean POSIX =
            FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

    private static final Set<PosixFilePermission> DIR = PosixFilePermissions.fromString("rwx------");

    private static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");

    private PrivateFiles() {}

    /** Creates the directory (and parents) if needed and makes it 0700. */
    public static Path directory(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            Files.createDirectories(dir, attributes(DIR));
        }
        if (POSIX && !Files.getPosixFilePermissions(dir).equals(DIR)) {
            Files.setPosixFilePermissions(dir, DIR);
        }
        return dir;
    }

    /** Replaces {@code target} with {@code content}, mode 0600, atomically. */
    public static void write(Path target, byte[] content) throws IOException {
        Path dir = directory(target.toAbsolutePath().getParent());
        Path temp = Files.createTempFile(dir, "." + target.getFileName(), ".tmp", attributes(FILE));
        try {
            Files.write(temp, content);
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException ex) {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** Creates an empty 0600 file if it does not exist (lock files). */
    public static Path file(Path target) throws IOException {
        directory(target.toAbsolutePath().getParent());
        try {
            Files.createFile(target, attributes(FILE));
        } catch (java.nio.file.FileAlreadyExistsException ex) {
            // Another process created it first: fine, it was created 0600 too.
        }
        return target;
    }

    /** True when group or others may read or write the file (a profile holding a secret should not be). */
    public static boolean isLooserThanOwnerOnly(Path file) throws IOException {
        if (!POSIX) {
            return false;
        }
        Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
        return permissions.stream()
                .anyMatch((p) -> p.name().startsWith("GROUP_") || p.name().startsWith("OTHERS_"));
    }

    private static FileAttribute<?>[] attributes(Set<PosixFilePermission> permissions) {
        return POSIX
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(permissions)}
                : new FileAttribute<?>[0];
    }
}
