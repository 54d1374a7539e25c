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
 * functions must see no CDK class. A class removed from the package stays in the asset until {@code mvn clean}.
 */
final class JavaFunctionsAsset {

    static final String PACKAGE = "dev/gatewaycli/testapps/functions";

    private JavaFunctionsAsset() {}

    static void write(Path asset) {
        try {
            Path classes = location(JavaFunctionsAsset.class);
            Path source = classes.resolve(PACKAGE);
            Path target = asset.resolve(PACKAGE);
            Files.createDirectories(target);
            if (Files.isDirectory(source)) {
                try (Stream<Path> files = Files.list(source)) {
                    for (Path file : files.filter(
                                    f -> !f.getFileName().toString().equals("package-info.class"))
                            .toList()) {
                        Files.copy(
                                file,
                                target.resolve(file.getFileName().toString()),
                                StandardCopyOption.REPLACE_EXISTING);
                    }
                }
            }
            Path lib = Files.createDirectories(asset.resolve("lib"));
            Files.copy(
                    location(APIGatewayProxyRequestEvent.class),
                    lib.resolve("aws-lambda-java-events.jar"),
                    StandardCopyOption.REPLACE_EXISTING);
            Files.copy(
                    location(org.joda.time.DateTime.class),
                    lib.resolve("joda-time.jar"),
                    StandardCopyOption.REPLACE_EXISTING);
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
