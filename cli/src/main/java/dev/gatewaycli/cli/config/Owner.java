package dev.gatewaycli.cli.config;

import com.sun.security.auth.module.UnixSystem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.UserPrincipal;

/**
 * Whether a file belongs to the user this process runs as. By numeric uid where the platform tells it (the JDK's
 * {@code UnixSystem} and the {@code unix:uid} attribute), which also works in containers that run under a uid with no
 * name in {@code /etc/passwd}; else by the principal of {@code user.name}.
 */
final class Owner {

    private static final long UID = uid();

    private Owner() {}

    static boolean isCurrentUser(Path file, PosixFileAttributes attributes, LinkOption... options) throws IOException {
        if (UID >= 0) {
            try {
                return ((Number) Files.getAttribute(file, "unix:uid", options)).longValue() == UID;
            } catch (UnsupportedOperationException | IllegalArgumentException ex) {
                // No "unix" attribute view here: compare principals.
            }
        }
        UserPrincipal me;
        try {
            me = file.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(currentName());
        } catch (IOException ex) {
            throw new PrivateFiles.UnsafeFileException(file, "cannot be checked: who this user is is unknown");
        }
        return attributes.owner().equals(me);
    }

    /** The user's name, for messages. */
    static String currentName() {
        return System.getProperty("user.name", "this user");
    }

    private static long uid() {
        try {
            return new UnixSystem().getUid();
        } catch (RuntimeException | LinkageError ex) {
            return -1;
        }
    }
}
