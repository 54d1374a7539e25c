package dev.gatewaycli.testapps;

import java.nio.file.Path;
import software.amazon.awscdk.App;

/**
 * One CDK app of a shape people write, defined the way its authors would (L2 constructs, no hand-written template).
 * {@link SynthesizeAll} synthesizes each into {@code target/assemblies/<name>/}.
 */
public interface TestApp {

    /** What an app may build its functions from. */
    record Sources(Path functions, Path handlerJar) {

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
     * @param sources the functions' code: {@code src/main/functions}, one directory per function, and the seed's Java
     *     handler jar (the {@code handler} module's), for apps whose functions are Java
     */
    void define(App app, Sources sources);
}
