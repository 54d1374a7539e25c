package dev.gatewaycli.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import dev.gatewaycli.emulator.model.StackModel;
import dev.gatewaycli.emulator.testfunctions.EchoStreamHandler;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.stream.Stream;

/** Builds the test stacks: the templates under {@code src/test/resources/templates} and their code assets. */
public final class TestStacks {

    private TestStacks() {}

    /** The real function jar the handler module builds (the reactor builds it before these tests). */
    public static Path handlerJar() {
        String property = System.getProperty("gatewaycli.handler.jar");
        assertThat(property)
                .as("system property gatewaycli.handler.jar (set by the emulator's pom)")
                .isNotBlank();
        Path jar = Path.of(property).toAbsolutePath().normalize();
        assertThat(jar)
                .as("the handler module's jar; build it with ./mvnw -pl emulator -am verify")
                .isRegularFile();
        return jar;
    }

    public static Path template(String name) {
        try {
            return Path.of(TestStacks.class
                    .getResource("/templates/" + name + ".template.json")
                    .toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The seed's shape with the real handler jar as its asset. */
    public static StackModel seed(Path dir) {
        copy(handlerJar(), dir.resolve("asset.hello.jar"));
        return StackModel.fromTemplate(template("Seed"), dir);
    }

    /** A template whose functions are the test functions of {@code dev.gatewaycli.emulator.testfunctions}. */
    public static StackModel withTestFunctions(String templateName, Path dir) {
        testFunctionsAsset(dir.resolve("asset.testfunctions"));
        return StackModel.fromTemplate(template(templateName), dir);
    }

    /**
     * A Lambda-style directory asset: the test functions' classes, and the events library (with joda-time) in {@code lib/} as a
     * function's deployment package would bundle it. Nothing else: the functions must not see the test class path.
     */
    public static void testFunctionsAsset(Path asset) {
        try {
            Path classes = Path.of(EchoStreamHandler.class
                    .getProtectionDomain()
                    .getCodeSource()
                    .getLocation()
                    .toURI());
            Path pkg = classes.resolve("dev/gatewaycli/emulator/testfunctions");
            Path target = asset.resolve("dev/gatewaycli/emulator/testfunctions");
            Files.createDirectories(target);
            try (Stream<Path> files = Files.list(pkg)) {
                for (Path f : files.toList()) {
                    copy(f, target.resolve(f.getFileName().toString()));
                }
            }
            Path events = Path.of(APIGatewayProxyRequestEvent.class
                    .getProtectionDomain()
                    .getCodeSource()
                    .getLocation()
                    .toURI());
            Files.createDirectories(asset.resolve("lib"));
            copy(events, asset.resolve("lib/aws-lambda-java-events.jar"));
            // The events library's own dependency, which its serializers load from the function's class loader.
            Path joda = Path.of(org.joda.time.DateTime.class
                    .getProtectionDomain()
                    .getCodeSource()
                    .getLocation()
                    .toURI());
            copy(joda, asset.resolve("lib/joda-time.jar"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static void copy(Path from, Path to) {
        try {
            Files.createDirectories(to.getParent());
            Files.copy(from, to, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
