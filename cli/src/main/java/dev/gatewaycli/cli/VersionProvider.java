package dev.gatewaycli.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/**
 * {@code --version} from the build: Spring Boot's {@code build-info} goal writes
 * {@code META-INF/build-info.properties} with the Maven version and build time.
 */
public final class VersionProvider implements IVersionProvider {

    @Override
    public String[] getVersion() throws IOException {
        Properties info = new Properties();
        try (InputStream in = VersionProvider.class.getResourceAsStream("/META-INF/build-info.properties")) {
            if (in != null) {
                info.load(in);
            }
        }
        return new String[] {
            "gateway-cli " + info.getProperty("build.version", "(development build)"),
            "built " + info.getProperty("build.time", "from source"),
            "JVM " + System.getProperty("java.vm.name") + " " + Runtime.version()
        };
    }
}
