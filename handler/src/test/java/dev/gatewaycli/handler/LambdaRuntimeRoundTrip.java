package dev.gatewaycli.handler;

import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import com.amazonaws.services.lambda.runtime.serialization.factories.JacksonFactory;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Invokes the handler the way the Lambda Java runtime does: it loads the handler and the event classes from the
 * function's class loader, turns the event JSON into an {@code APIGatewayProxyRequestEvent} with
 * aws-lambda-java-serialization's {@link LambdaEventSerializers}, calls {@code handleRequest} reflectively and writes
 * the returned {@code APIGatewayProxyResponseEvent} back to JSON. Given a class loader that sees only
 * {@code handler.jar}, it proves the minimized jar holds every class that path touches.
 */
final class LambdaRuntimeRoundTrip {

    static final String HANDLER_CLASS = "dev.gatewaycli.handler.HelloHandler";
    private static final String REQUEST_CLASS =
            "com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent";
    private static final String RESPONSE_CLASS =
            "com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent";
    private static final String CONTEXT_CLASS = "com.amazonaws.services.lambda.runtime.Context";

    private final Object handler;
    private final Method handleRequest;
    private final PojoSerializer<Object> requestSerializer;
    private final PojoSerializer<Object> responseSerializer;

    LambdaRuntimeRoundTrip(ClassLoader functionLoader) throws ReflectiveOperationException {
        Class<?> handlerClass = Class.forName(HANDLER_CLASS, true, functionLoader);
        Class<?> requestClass = Class.forName(REQUEST_CLASS, true, functionLoader);
        Class<?> responseClass = Class.forName(RESPONSE_CLASS, true, functionLoader);
        Class<?> contextClass = Class.forName(CONTEXT_CLASS, true, functionLoader);
        // The runtime creates the handler through its public no-argument constructor.
        this.handler = handlerClass.getConstructor().newInstance();
        this.handleRequest = handlerClass.getMethod("handleRequest", requestClass, contextClass);
        this.requestSerializer = serializerFor(requestClass, functionLoader);
        this.responseSerializer = serializerFor(responseClass, functionLoader);
    }

    /** Event JSON in, response JSON out; the context is null as the classes of a test's context are not the jar's. */
    String invoke(byte[] eventJson) throws ReflectiveOperationException {
        Object event = requestSerializer.fromJson(new ByteArrayInputStream(eventJson));
        Object response;
        try {
            response = handleRequest.invoke(handler, event, null);
        } catch (InvocationTargetException e) {
            throw new AssertionError("handler threw on a valid event", e.getCause());
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        responseSerializer.toJson(response, out);
        return out.toString(StandardCharsets.UTF_8);
    }

    /** Parses JSON into nested maps and lists with the runtime's own Jackson, so comparisons ignore key order. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> parse(String json) {
        return (Map<String, Object>)
                JacksonFactory.getInstance().getSerializer(Map.class).fromJson(json);
    }

    /** The names of the files in a test-resources folder, sorted, as aws-lambda-java-tests pairs them. */
    static List<String> resourceFiles(String folder) {
        URL url = LambdaRuntimeRoundTrip.class.getClassLoader().getResource(folder);
        if (url == null) {
            throw new IllegalStateException("test resource folder '" + folder + "' is not on the classpath");
        }
        try (Stream<Path> files = Files.list(Path.of(url.toURI()))) {
            return files.map(path -> path.getFileName().toString()).sorted().collect(Collectors.toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] resource(String path) {
        try (var in = LambdaRuntimeRoundTrip.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("test resource '" + path + "' is not on the classpath");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @SuppressWarnings("unchecked")
    private static PojoSerializer<Object> serializerFor(Class<?> eventClass, ClassLoader functionLoader) {
        return (PojoSerializer<Object>) LambdaEventSerializers.serializerFor(eventClass, functionLoader);
    }
}
