package dev.gatewaycli.emulator.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import java.net.URL;

/**
 * The parent of every function's class loader: the JDK, plus exactly the classes of {@code aws-lambda-java-core}
 * ({@code com.amazonaws.services.lambda.runtime.Context}, {@code RequestHandler}, ...), as the real Java runtime
 * provides them. Sharing those classes with the emulator is what makes the emulator's {@link Context} usable by the
 * function; hiding everything else (Jackson, Netty, Spring, the emulator, the CLI) keeps the function from seeing,
 * or depending by accident on, anything the real runtime would not give it.
 */
final class RuntimeApiClassLoader extends ClassLoader {

    private static final String API_PACKAGE = "com.amazonaws.services.lambda.runtime.";
    private static final String CONTEXT_RESOURCE = "com/amazonaws/services/lambda/runtime/Context.class";

    static {
        registerAsParallelCapable();
    }

    private final ClassLoader source;
    private final String coreRoot;

    RuntimeApiClassLoader(ClassLoader source) {
        super("lambda-runtime-api", ClassLoader.getPlatformClassLoader());
        this.source = source;
        URL context = source.getResource(CONTEXT_RESOURCE);
        if (context == null) {
            throw new IllegalStateException("aws-lambda-java-core is not on the emulator's class path");
        }
        String url = context.toString();
        // The root of the jar (or directory) aws-lambda-java-core was loaded from; works for nested fat-jar URLs too.
        this.coreRoot = url.substring(0, url.length() - CONTEXT_RESOURCE.length());
    }

    @Override
    protected Class<?> findClass(String name) throws ClassNotFoundException {
        // Only classes from aws-lambda-java-core itself: aws-lambda-java-serialization and -events share the package
        // prefix but are not part of the runtime API a function may rely on.
        if (name.startsWith(API_PACKAGE)) {
            URL resource = source.getResource(name.replace('.', '/') + ".class");
            if (resource != null && resource.toString().startsWith(coreRoot)) {
                return source.loadClass(name);
            }
        }
        throw new ClassNotFoundException(name);
    }

    @Override
    protected URL findResource(String name) {
        return null; // the runtime API's resources are of no use to a function
    }
}
