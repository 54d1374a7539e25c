package dev.gatewaycli.emulator.files;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * Directories only the current user can read or write, for whatever the emulator unpacks or hands to a function: under
 * the user's XDG cache ({@code $XDG_CACHE_HOME/gateway-cli}, else {@code ~/.cache/gateway-cli}), never under a shared
 * {@code /tmp}. Every directory it returns is the user's own, mode 0700, and not a symbolic link; one that is not is
 * refused rather than used. Content directories are named by the hash of what they hold, written under a temporary
 * name and moved into place atomically, and verified against their manifest before each first use in a process, so a
 * half-written or altered copy is never run.
 */
public final class PrivateDirectory {

    /** The file in a content directory that lists every file with its size and SHA-256. */
    static final String MANIFEST = ".manifest";

    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> OWNER_FILE = PosixFilePermissions.fromString("rw-------");
    private static final FileAttribute<Set<PosixFilePermission>> OWNER_ONLY_ATTRIBUTE =
            PosixFilePermissions.asFileAttribute(OWNER_ONLY);
    /** Every permission bit but the owner's: what a private file or directory has none of. */
    public static final Set<PosixFilePermission> GROUP_OR_OTHER = EnumSet.of(
            PosixFilePermission.GROUP_READ,
            PosixFilePermission.GROUP_WRITE,
            PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.OTHERS_READ,
            PosixFilePermission.OTHERS_WRITE,
            PosixFilePermission.OTHERS_EXECUTE);
    /** Content directories already verified by this process: verifying hashes every file once, not once per use. */
    private static final Map<Path, Boolean> VERIFIED = new ConcurrentHashMap<>();

    /** Writes a content directory's files into the (empty, private) directory it is given. */
    @FunctionalInterface
    public interface Writer {
        void write(Path directory) throws IOException;
    }

    private PrivateDirectory() {}

    /**
     * {@code $XDG_CACHE_HOME/gateway-cli} (when that variable is an absolute path, as the XDG specification requires),
     * else {@code ~/.cache/gateway-cli}; created private when missing.
     */
    public static Path cacheRoot() {
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute()
                ? Path.of(xdg)
                : Path.of(System.getProperty("user.home"), ".cache");
        return ensure(base.resolve("gateway-cli"));
    }

    /**
     * {@code dir}, created with mode 0700 when missing (its parents as the user's umask makes them). An existing one
     * must be a directory of the current user's, not a symbolic link; group and other permissions are removed.
     *
     * @throws UncheckedIOException when it cannot be created or is not the user's own
     */
    public static Path ensure(Path dir) {
        try {
            Path parent = dir.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            try {
                Files.createDirectory(dir, OWNER_ONLY_ATTRIBUTE);
            } catch (FileAlreadyExistsException e) {
                // checked below
            }
            check(dir);
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot use " + dir + " as a private directory: " + e.getMessage(), e);
        }
    }

    private static void check(Path dir) throws IOException {
        BasicFileAttributes attributes =
                Files.readAttributes(dir, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        if (!attributes.isDirectory()) {
            throw new FileSystemException(dir.toString(), null, "not a directory (or a symbolic link)");
        }
        UserPrincipal owner = Files.getOwner(dir, LinkOption.NOFOLLOW_LINKS);
        UserPrincipal me = dir.getFileSystem()
                .getUserPrincipalLookupService()
                .lookupPrincipalByName(System.getProperty("user.name"));
        if (!owner.equals(me)) {
            throw new FileSystemException(dir.toString(), null, "owned by " + owner.getName() + ", not by " + me);
        }
        Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(dir, LinkOption.NOFOLLOW_LINKS);
        if (permissions.stream().anyMatch(GROUP_OR_OTHER::contains)) {
            Files.setPosixFilePermissions(dir, OWNER_ONLY);
        }
    }

    /**
     * Checks that {@code file} is one only the current user could have written: a regular file (not a symbolic
     * link), the user's own, not writable by group or others; read permissions of group and others are removed. For
     * a file whose content is trusted, e.g. private keys: one another user planted or could change is refused.
     *
     * @throws FileSystemException when it is not such a file (the message says why)
     */
    public static void checkOwnFile(Path file) throws IOException {
        BasicFileAttributes attributes =
                Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        if (!attributes.isRegularFile()) {
            throw new FileSystemException(file.toString(), null, "not a regular file (or a symbolic link)");
        }
        UserPrincipal owner = Files.getOwner(file, LinkOption.NOFOLLOW_LINKS);
        UserPrincipal me = file.getFileSystem()
                .getUserPrincipalLookupService()
                .lookupPrincipalByName(System.getProperty("user.name"));
        if (!owner.equals(me)) {
            throw new FileSystemException(file.toString(), null, "owned by " + owner.getName() + ", not by " + me);
        }
        Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file, LinkOption.NOFOLLOW_LINKS);
        if (permissions.contains(PosixFilePermission.GROUP_WRITE)
                || permissions.contains(PosixFilePermission.OTHERS_WRITE)) {
            throw new FileSystemException(file.toString(), null, "writable by other users");
        }
        if (permissions.stream().anyMatch(GROUP_OR_OTHER::contains)) {
            Set<PosixFilePermission> own = EnumSet.copyOf(permissions);
            own.removeAll(GROUP_OR_OTHER);
            Files.setPosixFilePermissions(file, own);
        }
    }

    /**
     * Writes {@code content} to {@code file} unless it exists, readable and writable by the user alone from its first
     * byte (0600): written under a temporary name in the same directory, then moved into place. Returns false when
     * the file existed already (another process may have written it first); the caller reads it then.
     */
    public static boolean createOwnFile(Path file, byte[] content) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        Files.createDirectories(parent, OWNER_ONLY_ATTRIBUTE);
        Path work = Files.createTempFile(
                parent, "." + file.getFileName() + ".", ".part", PosixFilePermissions.asFileAttribute(OWNER_FILE));
        try {
            Files.write(work, content);
            try {
                Files.createLink(file, work);
                return true;
            } catch (FileAlreadyExistsException e) {
                return false;
            }
        } finally {
            Files.deleteIfExists(work);
        }
    }

    /**
     * A new, empty private directory under {@code parent} (itself made private first), named {@code prefix} and a
     * random suffix. The caller deletes it ({@link #deleteRecursively}).
     */
    public static Path newTemporary(Path parent, String prefix) {
        ensure(parent);
        try {
            return Files.createTempDirectory(parent, prefix, OWNER_ONLY_ATTRIBUTE);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create a directory in " + parent + ": " + e.getMessage(), e);
        }
    }

    /**
     * The directory {@code parent/key} holding what {@code writer} writes, written once: when it exists and matches its
     * manifest it is used as it is; otherwise it is written anew under a temporary name and moved into place.
     *
     * @param key a name derived from the content (e.g. {@link #sha256}), so that different content never shares it
     */
    public static Path contentDirectory(Path parent, String key, Writer writer) {
        if (key.isEmpty() || key.contains("/") || key.startsWith(".")) {
            throw new IllegalArgumentException("key must be a plain name: " + key);
        }
        ensure(parent);
        Path target = parent.resolve(key);
        try {
            if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
                if (VERIFIED.containsKey(target) || verify(target)) {
                    VERIFIED.put(target, Boolean.TRUE);
                    return target;
                }
                // Half-written by a process that died, or altered: set it aside and write it again.
                Path stale = Files.createTempDirectory(parent, ".stale-", OWNER_ONLY_ATTRIBUTE);
                Files.move(target, stale.resolve(key), StandardCopyOption.ATOMIC_MOVE);
                deleteRecursively(stale);
            }
            Path work = Files.createTempDirectory(parent, ".part-", OWNER_ONLY_ATTRIBUTE);
            try {
                writer.write(work);
                writeManifest(work);
                try {
                    Files.move(work, target, StandardCopyOption.ATOMIC_MOVE);
                } catch (FileSystemException e) {
                    // Another process wrote the same content first (rename(2) fails with EEXIST or ENOTEMPTY, which
                    // the JDK reports as a plain FileSystemException): use theirs if it is whole.
                    if (!Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
                        throw e;
                    }
                    if (!verify(target)) {
                        throw new FileSystemException(
                                target.toString(), null, "exists but does not match its manifest");
                    }
                }
            } finally {
                deleteRecursively(work);
            }
            check(target);
            VERIFIED.put(target, Boolean.TRUE);
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot prepare " + target + ": " + e.getMessage(), e);
        }
    }

    /**
     * The content directory {@code parent/key} when it exists, is private and matches its manifest (checked once per
     * process, as {@link #contentDirectory} does); empty otherwise, without writing anything. For content made off the
     * request path: the caller uses it when it is ready and makes it elsewhere when it is not.
     */
    public static Optional<Path> verified(Path parent, String key) {
        Path target = parent.resolve(key);
        if (VERIFIED.containsKey(target)) {
            return Optional.of(target);
        }
        if (!Files.exists(target, LinkOption.NOFOLLOW_LINKS) || !verify(target)) {
            return Optional.empty();
        }
        VERIFIED.put(target, Boolean.TRUE);
        return Optional.of(target);
    }

    /** Hex SHA-256 of {@code bytes}: a content key. */
    public static String sha256(byte[] bytes) {
        return HexFormat.of().formatHex(digest().digest(bytes));
    }

    /** Hex SHA-256 of a file's content. */
    public static String sha256(Path file) throws IOException {
        MessageDigest digest = digest();
        byte[] buffer = new byte[64 * 1024];
        try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
            for (int n; (n = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /** Deletes {@code dir} and everything in it, never following a symbolic link out of it; a missing one is fine. */
    public static void deleteRecursively(Path dir) {
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                try {
                    Files.deleteIfExists(p);
                } catch (NoSuchFileException e) {
                    // gone already
                }
            }
        } catch (IOException | UncheckedIOException e) {
            // Best effort: what is left is private and is removed with the cache.
        }
    }

    private static void writeManifest(Path dir) throws IOException {
        StringBuilder out = new StringBuilder();
        for (Map.Entry<String, Path> e : files(dir).entrySet()) {
            out.append(sha256(e.getValue()))
                    .append('\t')
                    .append(Files.size(e.getValue()))
                    .append('\t')
                    .append(e.getKey())
                    .append('\n');
        }
        Files.writeString(dir.resolve(MANIFEST), out, StandardCharsets.UTF_8);
    }

    /**
     * Whether {@code dir} is private and holds exactly the files of its manifest, each with its size and hash. A
     * directory that is not the user's, or that others could enter (a content directory is made 0700 and moved into
     * place whole), or a file that is not the user's, proves nothing whatever the manifest says: another user could
     * have written both.
     */
    static boolean verify(Path dir) {
        try {
            if (!mine(dir)
                    || !Files.getPosixFilePermissions(dir, LinkOption.NOFOLLOW_LINKS)
                            .equals(OWNER_ONLY)) {
                return false;
            }
            check(dir);
            Path manifest = dir.resolve(MANIFEST);
            if (!Files.isRegularFile(manifest, LinkOption.NOFOLLOW_LINKS)) {
                return false;
            }
            Map<String, Path> files = files(dir);
            List<String> lines = Files.readAllLines(manifest, StandardCharsets.UTF_8);
            if (lines.size() != files.size()) {
                return false;
            }
            for (String line : lines) {
                String[] parts = line.split("\t", 3);
                Path file = parts.length == 3 ? files.get(parts[2]) : null;
                if (file == null
                        || !mine(file)
                        || Files.size(file) != Long.parseLong(parts[1])
                        || !sha256(file).equals(parts[0])) {
                    return false;
                }
            }
            return true;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** The user's own (not following a link). */
    private static boolean mine(Path p) throws IOException {
        UserPrincipal me = p.getFileSystem()
                .getUserPrincipalLookupService()
                .lookupPrincipalByName(System.getProperty("user.name"));
        return Files.getOwner(p, LinkOption.NOFOLLOW_LINKS).equals(me);
    }

    /** Every regular file under {@code dir} but the manifest, by relative path; a symbolic link fails the whole. */
    private static Map<String, Path> files(Path dir) throws IOException {
        Map<String, Path> out = new TreeMap<>();
        List<Path> all = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.forEach(all::add);
        }
        for (Path p : all) {
            if (Files.isSymbolicLink(p)) {
                throw new FileSystemException(p.toString(), null, "symbolic link in a content directory");
            }
            String relative = dir.relativize(p).toString();
            if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS) && !relative.equals(MANIFEST)) {
                out.put(relative, p);
            }
        }
        return out;
    }

    private static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }
}
