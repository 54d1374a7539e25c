package dev.gatewaycli.cli.deploy;

import dev.gatewaycli.cli.process.ExitCodes;
import dev.gatewaycli.cli.process.ExitException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.stream.Stream;

/**
 * The Lambda function's jar, {@code handler/target/handler.jar}, which the stack uploads as its asset: built with
 * the Maven wrapper when it is missing or older than the handler's sources or pom, so that a deploy never ships a
 * stale function.
 */
final class HandlerJar {

    static final List<String> BUILD = List.of("./mvnw", "-q", "-B", "-pl", "handler", "package", "-DskipTests");

    private final Path root;

    HandlerJar(Path root) {
        this.root = root;
    }

    Path jar() {
        return root.resolve("handler/target/handler.jar");
    }

    /** True when the jar is missing or a source or pom of the handler is newer. */
    boolean stale() {
        Path jar = jar();
        if (!Files.isRegularFile(jar)) {
            return true;
        }
        try {
            FileTime built = Files.getLastModifiedTime(jar);
            for (Path source : List.of(root.resolve("handler/pom.xml"), root.resolve("pom.xml"))) {
                if (Files.isRegularFile(source)
                        && Files.getLastModifiedTime(source).compareTo(built) > 0) {
                    return true;
                }
            }
            Path sources = root.resolve("handler/src/main");
            if (!Files.isDirectory(sources)) {
                return false;
            }
            try (Stream<Path> files = Files.walk(sources)) {
                return files.filter(Files::isRegularFile).anyMatch((file) -> newer(file, built));
            }
        } catch (IOException ex) {
            // Cannot tell: building again is the safe answer.
            return true;
        }
    }

    /** Builds the jar with the wrapper (output to stderr); a failed build is exit 6, as in the launcher. */
    void build(ProcessRunner runner, java.util.Map<String, String> env) {
        if (!Files.isExecutable(root.resolve("mvnw"))) {
            throw new ExitException(
                    ExitCodes.PREREQUISITE,
                    "cannot build the handler: " + root.resolve("mvnw") + " is missing or not executable");
        }
        int code = runner.run(BUILD, root, env);
        if (code != 0 || !Files.isRegularFile(jar())) {
            throw new ExitException(
                    ExitCodes.PREREQUISITE,
                    "building the handler jar failed (exit " + code
                            + "): run ./mvnw -pl handler -am package to see why");
        }
    }

    private static boolean newer(Path file, FileTime than) {
        try {
            return Files.getLastModifiedTime(file).compareTo(than) > 0;
        } catch (IOException ex) {
            return true;
        }
    }
}
