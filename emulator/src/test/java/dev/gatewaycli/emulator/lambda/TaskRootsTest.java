package dev.gatewaycli.emulator.lambda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatewaycli.emulator.model.FunctionModel;
import java.io.IOException;
import java.net.URI;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A function's code as Lambda's task root: directories in place, packages unpacked privately, inline code written. */
class TaskRootsTest {

    @TempDir
    Path dir;

    static FunctionModel function(FunctionModel.Code code, String runtime) {
        return new FunctionModel(
                "Fn",
                "fn",
                "index.handler",
                runtime,
                128,
                Duration.ofSeconds(3),
                Map.of(),
                code,
                OptionalInt.empty(),
                "x86_64",
                "");
    }

    /** A zip with a {@code bootstrap} marked executable and a data file, as {@code zip} on Linux writes them. */
    Path zip(String... entries) throws IOException {
        Path zip = dir.resolve("code.zip");
        URI uri = URI.create("jar:" + zip.toUri());
        try (FileSystem fs =
                FileSystems.newFileSystem(uri, Map.of("create", "true", "enablePosixFileAttributes", "true"))) {
            for (String entry : entries) {
                Path p = fs.getPath(entry);
                if (p.getParent() != null) {
                    Files.createDirectories(p.getParent());
                }
                Files.writeString(p, "content of " + entry);
                Files.setPosixFilePermissions(
                        p, PosixFilePermissions.fromString(entry.endsWith("bootstrap") ? "rwxr-xr-x" : "rw-r--r--"));
            }
        }
        return zip;
    }

    @Test
    void ofWhenZipPackageThenUnpackedPrivatelyWithExecutableBitsKept() throws Exception {
        Path zip = zip("bootstrap", "lib/data.txt");
        Path root = TaskRoots.of(
                function(new FunctionModel.Asset(zip), "provided.al2023"),
                RuntimeFamily.PROVIDED,
                dir.resolve("cache"));
        assertThat(root).startsWith(dir.resolve("cache/code"));
        assertThat(Files.isExecutable(root.resolve("bootstrap"))).isTrue();
        assertThat(Files.isExecutable(root.resolve("lib/data.txt"))).isFalse();
        assertThat(root.resolve("lib/data.txt")).hasContent("content of lib/data.txt");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(root)))
                .isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(root.resolve("bootstrap"))))
                .as("nothing for group or others in the private cache")
                .isEqualTo("rwx------");
        Path again = TaskRoots.of(
                function(new FunctionModel.Asset(zip), "provided.al2023"),
                RuntimeFamily.PROVIDED,
                dir.resolve("cache"));
        assertThat(again).as("unpacked once per content").isEqualTo(root);
    }

    @Test
    void ofWhenDirectoryAssetThenUsedInPlace() throws Exception {
        Path code = Files.createDirectory(dir.resolve("asset"));
        assertThat(TaskRoots.of(function(new FunctionModel.Asset(code), "nodejs22.x"), RuntimeFamily.NODEJS, dir))
                .isEqualTo(code);
    }

    @Test
    void ofWhenInlineThenIndexFileOfTheRuntime() throws Exception {
        Path node = TaskRoots.of(
                function(new FunctionModel.Inline("exports.handler = 1"), "nodejs22.x"), RuntimeFamily.NODEJS, dir);
        assertThat(node.resolve("index.js")).hasContent("exports.handler = 1");
        Path python = TaskRoots.of(
                function(new FunctionModel.Inline("def handler(e, c): pass"), "python3.12"), RuntimeFamily.PYTHON, dir);
        assertThat(python.resolve("index.py")).hasContent("def handler(e, c): pass");
    }

    @Test
    void unzipWhenAnEntryLeavesThePackageThenRefused() throws IOException {
        // zipfs normalises "../" in names it writes, so the hostile entry is written by java.util.zip directly.
        Path zip = dir.resolve("slip.zip");
        try (java.util.zip.ZipOutputStream out = new java.util.zip.ZipOutputStream(Files.newOutputStream(zip))) {
            out.putNextEntry(new java.util.zip.ZipEntry("../../escaped.txt"));
            out.write("planted".getBytes(java.nio.charset.StandardCharsets.UTF_8));
            out.closeEntry();
        }
        Path target = Files.createDirectories(dir.resolve("target/inner"));
        assertThatThrownBy(() -> TaskRoots.unzip(zip, target)).isInstanceOf(IOException.class);
        assertThat(dir.resolve("escaped.txt")).doesNotExist();
        assertThat(dir.resolve("target/escaped.txt")).doesNotExist();
    }

    @Test
    void ofWhenNotAZipThenInvalidCode() throws IOException {
        Path bogus = Files.writeString(dir.resolve("code.jar"), "not a zip");
        assertThatThrownBy(
                        () -> TaskRoots.of(function(new FunctionModel.Asset(bogus), "java21"), RuntimeFamily.JAVA, dir))
                .isInstanceOf(TaskRoots.CodeException.class)
                .hasMessageContaining("Cannot unpack the code asset")
                .satisfies(e ->
                        assertThat(((TaskRoots.CodeException) e).errorType()).isEqualTo("Runtime.InvalidCode"));
    }
}
