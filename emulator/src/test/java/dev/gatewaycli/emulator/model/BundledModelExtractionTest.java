package dev.gatewaycli.emulator.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatewaycli.emulator.files.PrivateDirectory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bundled model (and the function jar it carries) is extracted into a private directory of the user's, verified by
 * content, and never used from a directory another user made or could write to: the attack of a local user who
 * prepares the directory first and plants a same-size function jar for the next {@code call --local} to run.
 */
class BundledModelExtractionTest {

    @TempDir
    Path home;

    private static ClassLoader loader() {
        return BundledModelExtractionTest.class.getClassLoader();
    }

    private static boolean root() throws IOException {
        return ((Number) Files.getAttribute(Path.of("/proc/self"), "unix:uid")).intValue() == 0;
    }

    private static String mode(Path p) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS));
    }

    /** The one content directory under {@code cacheRoot/models}. */
    private static Path extracted(Path cacheRoot) throws IOException {
        try (Stream<Path> dirs = Files.list(cacheRoot.resolve("models"))) {
            List<Path> found = dirs.filter((p) -> !p.getFileName().toString().startsWith("."))
                    .toList();
            assertThat(found).hasSize(1);
            return found.get(0);
        }
    }

    /** The function jar of an extracted model. */
    private static Path jar(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter((p) -> p.toString().endsWith(".jar"))
                    .findFirst()
                    .orElseThrow();
        }
    }

    /** A manifest that matches the directory as it is now: what a careful attacker writes beside the planted jar. */
    private static void forgeManifest(Path dir) throws IOException {
        Map<String, Path> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.filter(Files::isRegularFile)
                    .filter((p) -> !p.getFileName().toString().equals(".manifest"))
                    .forEach((p) -> files.put(dir.relativize(p).toString(), p));
        }
        StringBuilder manifest = new StringBuilder();
        for (Map.Entry<String, Path> file : files.entrySet()) {
            manifest.append(PrivateDirectory.sha256(file.getValue()))
                    .append('\t')
                    .append(Files.size(file.getValue()))
                    .append('\t')
                    .append(file.getKey())
                    .append('\n');
        }
        Files.writeString(dir.resolve(".manifest"), manifest);
    }

    @Test
    void theModelIsExtractedIntoTheUsersCacheForTheUserAlone() throws IOException {
        StackModel.fromClasspath(loader(), home);

        Path dir = extracted(home);
        assertThat(mode(dir)).isEqualTo("rwx------");
        assertThat(mode(home.resolve("models"))).isEqualTo("rwx------");
        assertThat(StackModel.fromClasspath(loader(), home).stackName()).isEqualTo("GatewayCliStack");
        assertThat(PrivateDirectory.cacheRoot().toString())
                .as("the default root is the XDG cache, never the shared java.io.tmpdir")
                .endsWith("gateway-cli")
                .doesNotStartWith(System.getProperty("java.io.tmpdir") + "/gateway-cli-model");
    }

    @Test
    void aPlantedSameSizeJarWithAForgedManifestIsNeverUsed() throws IOException {
        Path original = home.resolve("original");
        StackModel.fromClasspath(loader(), original);
        Path genuine = extracted(original);
        byte[] genuineJar = Files.readAllBytes(jar(genuine));

        // Another user was first: the directory the next run will look for, with a same-size jar of theirs.
        Path attacked = home.resolve("attacked");
        Path planted = attacked.resolve("models").resolve(genuine.getFileName());
        Files.createDirectories(planted.getParent());
        try (Stream<Path> walk = Files.walk(genuine)) {
            for (Path source : walk.toList()) {
                Files.copy(source, planted.resolve(genuine.relativize(source).toString()));
            }
        }
        byte[] evil = new byte[genuineJar.length];
        java.util.Arrays.fill(evil, (byte) 'E');
        Files.write(jar(planted), evil);
        forgeManifest(planted);
        // Writable by everyone, as a directory another user made in a shared place would be; as root, also theirs.
        Files.setPosixFilePermissions(planted, PosixFilePermissions.fromString("rwxrwxrwx"));
        if (root()) {
            Files.setAttribute(planted, "unix:uid", 65534, LinkOption.NOFOLLOW_LINKS);
        }

        StackModel.fromClasspath(loader(), attacked);

        Path used = extracted(attacked);
        assertThat(Files.readAllBytes(jar(used)))
                .as("the genuine jar, written anew")
                .isEqualTo(genuineJar);
        assertThat(mode(used)).isEqualTo("rwx------");
        assertThat(Files.getOwner(used)).isEqualTo(Files.getOwner(home));
    }

    @Test
    void aModelsDirectoryThatIsNotTheUsersOwnIsRefused() throws IOException {
        Path models = home.resolve("models");
        String why;
        if (root()) {
            Files.createDirectory(models);
            Files.setAttribute(models, "unix:uid", 65534, LinkOption.NOFOLLOW_LINKS);
            why = "owned by";
        } else {
            // Another user cannot be given a directory; a link to one elsewhere is refused the same way.
            Files.createSymbolicLink(models, Files.createDirectory(home.resolve("elsewhere")));
            why = "symbolic link";
        }

        assertThatThrownBy(() -> StackModel.fromClasspath(loader(), home))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("Cannot extract the bundled stack model")
                .hasMessageContaining(why);
    }
}
