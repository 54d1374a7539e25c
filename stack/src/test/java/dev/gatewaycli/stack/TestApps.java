package dev.gatewaycli.stack;

import dev.gatewaycli.stack.context.GatewayStackProps;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import software.amazon.awscdk.App;

/** Builds apps the way production does ({@link GatewayApp}), with the handler jar the reactor built. */
public final class TestApps {

    private TestApps() {}

    /** The jar the handler module built; surefire passes its path (see stack/pom.xml). */
    public static Path handlerJar() {
        Path jar = Path.of(System.getProperty("gateway.handler.jar", "../handler/target/handler.jar"));
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("the handler jar " + jar.toAbsolutePath()
                    + " is missing: build with ./mvnw -pl stack -am verify so the handler module packages it first");
        }
        return jar;
    }

    /** A production app (metadata, cdk-nag) with {@code context} on top of the handler jar. */
    public static App app(Map<String, Object> context) {
        Map<String, Object> all = new HashMap<>(context);
        all.putIfAbsent(GatewayStackProps.HANDLER_JAR, handlerJar().toString());
        return GatewayApp.newApp(null, all);
    }
}
