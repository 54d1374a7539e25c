package dev.gatewaycli.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatewaycli.emulator.http.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;
import java.util.stream.Stream;
import tools.jackson.databind.node.ObjectNode;

/**
 * The cloud assemblies of the {@code testapps} module: CDK apps synthesized by the real CDK once per build, into
 * {@code testapps/target/assemblies/<app>/}. The emulator's pom passes their directory as a system property.
 */
public final class TestApps {

    private TestApps() {}

    /** The cloud assembly ({@code cdk.out}) of the test app {@code name}. */
    public static Path assembly(String name) {
        String property = System.getProperty("gatewaycli.testapps.dir");
        assertThat(property)
                .as("system property gatewaycli.testapps.dir (set by the emulator's pom)")
                .isNotBlank();
        Path dir = Path.of(property, name).toAbsolutePath().normalize();
        assertThat(Files.isRegularFile(dir.resolve("manifest.json")))
                .as("the synthesized test app %s at %s; build it with ./mvnw -pl emulator -am verify", name, dir)
                .isTrue();
        return dir;
    }

    /**
     * A copy of the test app {@code name}'s cloud assembly in {@code dir}, for a test that changes its templates: the
     * manifest and templates copied, the assets (never changed) linked.
     */
    public static Path copy(String name, Path dir) {
        Path source = assembly(name);
        Path target = dir.resolve(name);
        try (Stream<Path> files = Files.list(source)) {
            Files.createDirectories(target);
            for (Path file : files.toList()) {
                Path to = target.resolve(file.getFileName().toString());
                if (file.getFileName().toString().startsWith("asset.")) {
                    Files.createSymbolicLink(to, file);
                } else if (!Files.isDirectory(file)) {
                    Files.copy(file, to);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return target;
    }

    /** Changes the template of {@code stack} in the copied assembly {@code assembly}. */
    public static void edit(Path assembly, String stack, Consumer<ObjectNode> change) {
        Path file = assembly.resolve(stack + ".template.json");
        try {
            ObjectNode template = (ObjectNode) Json.MAPPER.readTree(file.toFile());
            change.accept(template);
            Files.write(file, Json.bytes(template));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
