package dev.gatewaycli.cli.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

/** The cloud assemblies the {@code testapps} module synthesizes with the real CDK; the pom passes their directory. */
public final class TestAssemblies {

    private TestAssemblies() {}

    public static Path assembly(String name) {
        String property = System.getProperty("gatewaycli.testapps.dir");
        assertThat(property)
                .as("system property gatewaycli.testapps.dir (set by the cli's pom)")
                .isNotBlank();
        Path dir = Path.of(property, name).toAbsolutePath().normalize();
        assertThat(Files.isRegularFile(dir.resolve("manifest.json")))
                .as("the synthesized test app %s at %s; build it with ./mvnw -pl cli -am verify", name, dir)
                .isTrue();
        return dir;
    }
}
