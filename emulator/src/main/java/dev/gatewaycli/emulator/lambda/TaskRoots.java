package dev.gatewaycli.emulator.lambda;

import dev.gatewaycli.emulator.files.PrivateDirectory;
import dev.gatewaycli.emulator.model.FunctionModel;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * A function's code as a directory, Lambda's {@code /var/task}: a directory asset as it is; a zip or jar deployment
 * package unpacked (with its files' permissions, so that a {@code bootstrap} stays executable) into a private content
 * directory of the cache, once per content; inline {@code Code.ZipFile} written as {@code index.js} or
 * {@code index.py}, as Lambda writes it.
 */
final class TaskRoots {

    /** Lambda's limit on a deployment package's unzipped size. */
    static final long MAX_UNZIPPED_BYTES = 262_144_000L;

    private TaskRoots() {}

    /** Why the code cannot be used; the invocation fails with {@link #errorType()}. */
    static final class CodeException extends Exception {
        private static final long serialVersionUID = 1L;
        private final String errorType;

        CodeException(String errorType, String message) {
            super(message, null, false, false);
            this.errorType = errorType;
        }

        String errorType() {
            return errorType;
        }
    }

    static Path of(FunctionModel model, RuntimeFamily family, Path cacheRoot) throws CodeException {
        if (model.code() instanceof FunctionModel.Inline inline) {
            String file = family == RuntimeFamily.PYTHON ? "index.py" : "index.js";
            byte[] source = inline.source().getBytes(StandardCharsets.UTF_8);
            String key = PrivateDirectory.sha256(
                    ("inline\0" + file + "\0" + inline.source()).getBytes(StandardCharsets.UTF_8));
            try {
                return PrivateDirectory.contentDirectory(
                        cacheRoot.resolve("code"), key, dir -> Files.write(dir.resolve(file), source));
            } catch (RuntimeException e) {
                throw new CodeException("Runtime.InvalidCode", e.getMessage());
            }
        }
        Path asset =
                ((FunctionModel.Asset) model.code()).path().toAbsolutePath().normalize();
        if (Files.isDirectory(asset)) {
            return asset;
        }
        try {
            String key = PrivateDirectory.sha256(asset);
            return PrivateDirectory.contentDirectory(cacheRoot.resolve("code"), key, dir -> unzip(asset, dir));
        } catch (IOException | RuntimeException e) {
            throw new CodeException(
                    "Runtime.InvalidCode", "Cannot unpack the code asset " + asset + ": " + e.getMessage());
        }
    }

    /** Unpacks {@code zip} into {@code target}; an entry that would land outside it, or too much in all, fails. */
    static void unzip(Path zip, Path target) throws IOException {
        long total = 0;
        try (FileSystem fs = FileSystems.newFileSystem(zip, Map.of("enablePosixFileAttributes", "true"))) {
            Path root = fs.getPath("/");
            List<Path> entries;
            try (Stream<Path> walk = Files.walk(root)) {
                entries = walk.toList();
            }
            for (Path entry : entries) {
                String name = root.relativize(entry).toString();
                if (name.isEmpty()) {
                    continue;
                }
                Path out = target.resolve(name).normalize();
                if (!out.startsWith(target)) {
                    throw new IOException("entry '" + name + "' leaves the package");
                }
                if (Files.isDirectory(entry)) {
                    Files.createDirectories(out);
                    continue;
                }
                Files.createDirectories(out.getParent());
                try (InputStream in = Files.newInputStream(entry)) {
                    total += Files.copy(in, out);
                }
                if (total > MAX_UNZIPPED_BYTES) {
                    throw new IOException("unzipped it is larger than Lambda's " + MAX_UNZIPPED_BYTES + " bytes");
                }
                Files.setPosixFilePermissions(out, permissions(entry));
            }
        }
    }

    /** The entry's owner permissions, readable at least; never any for group or others (the cache is private). */
    private static Set<PosixFilePermission> permissions(Path entry) {
        Set<PosixFilePermission> out = EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
        try {
            Set<PosixFilePermission> stored = Files.getPosixFilePermissions(entry, LinkOption.NOFOLLOW_LINKS);
            if (stored.contains(PosixFilePermission.OWNER_EXECUTE)
                    || stored.contains(PosixFilePermission.GROUP_EXECUTE)
                    || stored.contains(PosixFilePermission.OTHERS_EXECUTE)) {
                out.add(PosixFilePermission.OWNER_EXECUTE);
            }
        } catch (IOException | UnsupportedOperationException e) {
            // a zip without Unix permissions: plain files
        }
        return out;
    }
}
