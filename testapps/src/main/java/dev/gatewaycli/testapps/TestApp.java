package dev.gatewaycli.testapps;

import java.nio.file.Path;
import software.amazon.awscdk.App;

/**
 * One CDK app of a shape people write, defined the way its authors would (L2 constructs, no hand-written template).
 * {@link SynthesizeAll} synthesizes each into {@code target/assemblies/<name>/}.
 */
public interface TestApp {

    /**
     * What an app may build its functions from.
     *
     * @param functions {@code src/main/functions}, one directory per function (Node.js, Python, a bootstrap, ...)
     * @param handlerJar the seed's Java handler jar, the {@code handler} module's
     * @param javaFunctions a directory asset of the classes in {@code dev.gatewaycli.testapps.functions} with the
     *     events library in {@code lib/}, as a Java function's deployment package holds them; handlers are
     *     {@code dev.gatewaycli.testapps.functions.<Class>::handleRequest}
     */
    record Sources(Path functions, Path handlerJar, Path javaFunctions) {

        /** {@code src/main/functions/<name>}: the code of one function (Node.js, Python, a bootstrap, ...). */
        public String function(String name) {
            return functions.resolve(name).toString();
        }
    }

    /** The directory name of the app's cloud assembly under {@code target/assemblies}. */
    String name();

    /**
     * Adds the app's stacks to {@code app}.
     *
     * @param sources the functions' code
     */
    void define(App app, Sources sources);
}
