package dev.gatewaycli.cli.deploy;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Finds programs on the {@code PATH} of the environment the CLI was given (not the JVM's own), so that the child
 * processes see what the user's shell would run, and tests can put fakes first.
 */
final class Executables {

    private final String path;

    Executables(String path) {
        this.path = (path == null) ? "" : path;
    }

    /** The first executable named {@code name} on the PATH, or empty. */
    Optional<Path> find(String name) {
        for (String dir : path.split(File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(dir, name);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }
}
