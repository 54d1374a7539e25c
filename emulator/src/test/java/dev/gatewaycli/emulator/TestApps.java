package dev.gatewaycli.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

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
}
