package dev.gatewaycli.testapps;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.stream.Stream;

/**
 * Writes the Java test functions as a Lambda deployment package in directory form: the compiled classes of
 * {@code dev.gatewaycli.testapps.functions} and, in {@code lib/}, the events library with its Joda-Time, which a
 * function bundles because Lambda's Java runtime provides only {@code aws-lambda-java-core}. Nothing else: the
 * functions must see no CDK class.
 */
final class JavaFunctionsAsset {

    static final String PACKAGE = "dev/gatewaycli/testapps/functions";

    private JavaFunctionsAsset() {}

    static void write(Path asset) {
        SynthesizeAll.deleteRecursively(asset);
        try {
            Path classes = location(JavaFunctionsAsset.class);
            Path source = classes.resolve(PACKAGE);
            Path target = asset.resolve(PACKAGE);
            Files.createDirectories(target);
            if (Files.isDirectory(source)) {
                try (Stream<Path> files = Files.list(source)) {
                    for (Path file : files.toList()) {
                        Files.copy(
                                file,
                                target.resolve(file.getFileName().toString()),
                                StandardCopyOption.REPLACE_EXISTING);
                    }
                }
            }
            Path lib = Files.createDirectories(asset.resolve("lib"));
            Files.copy(location(APIGatewayProxyRequestEvent.class), lib.resolve("aws-lambda-java-events.jar"));
            Files.copy(location(org.joda.time.DateTime.class), lib.resolve("joda-time.jar"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the Java functions' asset " + asset, e);
        }
    }

    private static Path location(Class<?> type) {
        try {
            return Path.of(
                    type.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
