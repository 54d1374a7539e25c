package dev.gatewaycli.emulator.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The user's own directories: created 0700, refused when they are not the user's, content verified before use. */
class PrivateDirectoryTest {

    @TempDir
    Path dir;

    static String mode(Path p) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }

    @Test
    void ensureWhenMissingThenCreatedForTheUserAlone() throws IOException {
        Path p = PrivateDirectory.ensure(dir.resolve("a/b"));
        assertThat(p).isDirectory();
        assertThat(mode(p)).isEqualTo("rwx------");
    }

    @Test
    void ensureWhenGroupOrOthersMayReadThenTheirPermissionsAreRemoved() throws IOException {
        Path p = Files.createDirectory(dir.resolve("open"));
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxrwxrwx"));
        PrivateDirectory.ensure(p);
        assertThat(mode(p)).isEqualTo("rwx------");
    }

    @Test
    void ensureWhenSymbolicLinkOrFileThenRefused() throws IOException {
        Path target = Files.createDirectory(dir.resolve("elsewhere"));
        Path link = Files.createSymbolicLink(dir.resolve("link"), target);
        assertThatThrownBy(() -> PrivateDirectory.ensure(link))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("not a directory (or a symbolic link)");
        Path file = Files.writeString(dir.resolve("file"), "x");
        assertThatThrownBy(() -> PrivateDirectory.ensure(file)).isInstanceOf(UncheckedIOException.class);
    }

    @Test
    void ensureWhenAnotherUsersDirectoryThenRefused() throws IOException {
        Path planted = Files.createDirectory(dir.resolve("planted"));
        UserPrincipal nobody =
                planted.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody");
        try {
            Files.setOwner(planted, nobody);
        } catch (IOException e) {
            // Only root can give a directory away; as another user, make one of root's the planted one.
            planted = Path.of("/");
        }
        Path p = planted;
        assertThatThrownBy(() -> PrivateDirectory.ensure(p))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("owned by");
    }

    @Test
    void contentDirectoryWhenWrittenThenReusedWithoutWritingAgain() throws IOException {
        AtomicInteger writes = new AtomicInteger();
        PrivateDirectory.Writer writer = d -> {
            writes.incrementAndGet();
            Files.writeString(d.resolve("index.js"), "exports.handler = 1;");
        };
        Path first = PrivateDirectory.contentDirectory(dir.resolve("cache"), "key1", writer);
        Path second = PrivateDirectory.contentDirectory(dir.resolve("cache"), "key1", writer);
        assertThat(second).isEqualTo(first);
        assertThat(writes).hasValue(1);
        assertThat(mode(first)).isEqualTo("rwx------");
        assertThat(first.resolve("index.js")).hasContent("exports.handler = 1;");
    }

    @Test
    void verifyWhenAlteredOrHalfWrittenThenNotUsed() throws IOException {
        Path content = PrivateDirectory.contentDirectory(
                dir.resolve("cache"), "key2", d -> Files.writeString(d.resolve("a.txt"), "original"));
        assertThat(PrivateDirectory.verify(content)).isTrue();
        Files.writeString(content.resolve("a.txt"), "altered!");
        assertThat(PrivateDirectory.verify(content))
                .as("same size, other content")
                .isFalse();
        Files.writeString(content.resolve("a.txt"), "original");
        Files.writeString(content.resolve("extra.txt"), "planted");
        assertThat(PrivateDirectory.verify(content))
                .as("a file the manifest does not list")
                .isFalse();
        Files.delete(content.resolve(PrivateDirectory.MANIFEST));
        assertThat(PrivateDirectory.verify(content))
                .as("no manifest: never finished")
                .isFalse();
    }

    @Test
    void verifyWhenOthersCouldHaveWrittenItThenNotUsedWhateverTheManifestSays() throws IOException {
        Path content = PrivateDirectory.contentDirectory(
                dir.resolve("cache"), "key3", d -> Files.writeString(d.resolve("a.txt"), "original"));
        Files.setPosixFilePermissions(content, PosixFilePermissions.fromString("rwxrwxrwx"));
        assertThat(PrivateDirectory.verify(content))
                .as("a directory everyone may write to")
                .isFalse();
        Files.setPosixFilePermissions(content, PosixFilePermissions.fromString("rwx------"));
        assertThat(PrivateDirectory.verify(content)).isTrue();
        Files.setPosixFilePermissions(content, PosixFilePermissions.fromString("rwxr-x---"));
        assertThat(PrivateDirectory.verify(content))
                .as("a directory the group may enter")
                .isFalse();
        Files.setPosixFilePermissions(content, PosixFilePermissions.fromString("rwx------"));
        Path file = content.resolve("a.txt");
        try {
            Files.setAttribute(file, "unix:uid", 65534);
        } catch (IOException e) {
            // Only root can give a file away; as another user, put a link to one elsewhere in its place.
            Files.delete(file);
            Files.createSymbolicLink(file, Files.writeString(dir.resolve("elsewhere.txt"), "original"));
        }
        assertThat(PrivateDirectory.verify(content))
                .as("a file that is not the user's own")
                .isFalse();
    }

    @Test
    void contentDirectoryWhenKeyIsAPathThenRefused() {
        assertThatThrownBy(() -> PrivateDirectory.contentDirectory(dir, "../up", d -> {}))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
