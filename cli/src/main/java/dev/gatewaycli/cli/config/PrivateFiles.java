package dev.gatewaycli.cli.config;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * Files only their owner may read: directories 0700, files 0600, written atomically (a temporary file in the same
 * directory, then a rename) so that a reader in another process sees the old content or the new, never half of it.
 * The permissions are set at creation, not after, so there is no moment when a secret or a token is world-readable.
 *
 * <p>What already exists is checked before it is used, because another local user may have made it first: a
 * directory must be the current user's (then it is made 0700 if it is looser); a file read back must be the user's own
 * regular file (not a link, a FIFO that would block the read, or a device), writable by nobody else, and no larger
 * than its caller expects. What fails a check is an {@link UnsafeFileException} saying what is wrong; callers that
 * treat the files as a cache degrade on any {@link IOException}.
 */
public final class PrivateFiles {

    private static final boolean POSIX =
            FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

    private static final Set<PosixFilePermission> DIR = PosixFilePermissions.fromString("rwx------");

    private static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");

    private static final Set<PosixFilePermission> WRITABLE_BY_OTHERS =
            EnumSet.of(PosixFilePermission.GROUP_WRITE, PosixFilePermission.OTHERS_WRITE);

    private PrivateFiles() {}

    /**
     * Creates the directory (and parents) if needed and makes it 0700. An existing one (a symbolic link to one is
     * fine: its target is checked) must belong to the current user: one that belongs to another could hold files
     * they planted.
     */
    public static Path directory(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            try {
                Files.createDirectories(dir, attributes(DIR));
            } catch (FileAlreadyExistsException ex) {
                throw new UnsafeFileException(dir, "exists and is not a directory");
            }
        }
        if (POSIX) {
            PosixFileAttributes attributes = Files.readAttributes(dir, PosixFileAttributes.class);
            if (!Owner.isCurrentUser(dir, attributes)) {
                throw new UnsafeFileException(
                        dir, "belongs to " + attributes.owner().getName() + ", not to " + Owner.currentName());
            }
            if (!attributes.permissions().equals(DIR)) {
                Files.setPosixFilePermissions(dir, DIR);
            }
        }
        return dir;
    }

    /** Replaces {@code target} with {@code content}, mode 0600, atomically, in a directory checked as above. */
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

    /**
     * The content of {@code file}, or empty when there is none. It must be the current user's own regular file,
     * writable by no one else, and at most {@code maxBytes} long; it is opened without following a link.
     */
    public static Optional<byte[]> read(Path file, int maxBytes) throws IOException {
        PosixFileAttributes attributes = ownRegularFile(file).orElse(null);
        if (attributes == null && !Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            return Optional.empty();
        }
        long size = Files.size(file);
        if (size > maxBytes) {
            throw new UnsafeFileException(file, "is larger (" + size + " bytes) than such a file can be");
        }
        try (InputStream in = Files.newInputStream(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
            byte[] content = in.readNBytes(maxBytes + 1);
            if (content.length > maxBytes) {
                throw new UnsafeFileException(file, "grew past " + maxBytes + " bytes while it was read");
            }
            return Optional.of(content);
        } catch (NoSuchFileException ex) {
            // Removed since it was checked (another run replaced or forgot it): absent.
            return Optional.empty();
        }
    }

    /**
     * Opens {@code target} for writing (a lock file), creating it 0600 if it does not exist. An existing one must be
     * the user's own regular file: a FIFO would block the open, a symbolic link would lock or create a file
     * elsewhere.
     */
    public static FileChannel openOwnFile(Path target) throws IOException {
        directory(target.toAbsolutePath().getParent());
        ownRegularFile(target);
        Set<OpenOption> options =
                Set.of(StandardOpenOption.WRITE, StandardOpenOption.CREATE, LinkOption.NOFOLLOW_LINKS);
        try {
            return FileChannel.open(target, options, attributes(FILE));
        } catch (FileSystemException ex) {
            if (Files.isSymbolicLink(target)) {
                throw new UnsafeFileException(target, "is a symbolic link");
            }
            throw ex;
        }
    }

    /** Creates an empty 0600 file if it does not exist; an existing one is checked as by {@link #openOwnFile}. */
    public static Path file(Path target) throws IOException {
        openOwnFile(target).close();
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

    /**
     * The attributes of {@code file} (not following a link) when it exists and passes the checks, empty when it does
     * not exist; {@link UnsafeFileException} when it exists and fails them.
     */
    private static Optional<PosixFileAttributes> ownRegularFile(Path file) throws IOException {
        if (!POSIX) {
            if (Files.exists(file, LinkOption.NOFOLLOW_LINKS)
                    && !Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
                throw new UnsafeFileException(file, "is not a regular file");
            }
            return Optional.empty();
        }
        PosixFileAttributes attributes;
        try {
            attributes = Files.readAttributes(file, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException ex) {
            return Optional.empty();
        }
        if (attributes.isSymbolicLink()) {
            throw new UnsafeFileException(file, "is a symbolic link");
        }
        if (!attributes.isRegularFile()) {
            throw new UnsafeFileException(file, "is not a regular file (a directory, FIFO or device)");
        }
        if (!Owner.isCurrentUser(file, attributes, LinkOption.NOFOLLOW_LINKS)) {
            throw new UnsafeFileException(
                    file, "belongs to " + attributes.owner().getName() + ", not to " + Owner.currentName());
        }
        if (attributes.permissions().stream().anyMatch(WRITABLE_BY_OTHERS::contains)) {
            throw new UnsafeFileException(file, "is writable by other users");
        }
        return Optional.of(attributes);
    }

    private static FileAttribute<?>[] attributes(Set<PosixFilePermission> permissions) {
        return POSIX
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(permissions)}
                : new FileAttribute<?>[0];
    }

    /** A file or directory that exists but must not be used: its message says why, naming the path. */
    public static final class UnsafeFileException extends FileSystemException {

        private static final long serialVersionUID = 1L;

        UnsafeFileException(Path file, String why) {
            super(file.toString(), null, why);
        }

        /** {@code PATH WHY}, e.g. {@code /home/me/.cache/gateway-cli belongs to mallory, not to me}. */
        @Override
        public String getMessage() {
            return getFile() + " " + getReason();
        }
    }
}
