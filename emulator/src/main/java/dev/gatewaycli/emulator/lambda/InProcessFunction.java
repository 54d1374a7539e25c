package dev.gatewaycli.emulator.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import com.amazonaws.services.lambda.runtime.serialization.factories.JacksonFactory;
import dev.gatewaycli.emulator.http.Json;
import dev.gatewaycli.emulator.model.FunctionModel;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Type;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.slf4j.Logger;

/**
 * A Java function in the emulator's own JVM ({@link FunctionSettings.Mode#IN_PROCESS}), run the way the Java managed
 * runtime runs it: the code (Lambda's task root: classes plus {@code lib/*.jar}) in its own class loader whose parent
 * offers only {@code aws-lambda-java-core}, the handler class instantiated once, events deserialized into the
 * handler's parameter type with {@code aws-lambda-java-serialization}, a {@link Context} per invocation, the function's
 * own timeout enforced, and {@code START}/{@code END}/{@code REPORT} lines in the log as CloudWatch shows them.
 *
 * <p>Its differences from Lambda (docs/emulator.md): all invocations share one class loader and one handler instance;
 * the template's environment variables are not visible through {@code System.getenv} (a JVM cannot change its own
 * environment); a function that outruns its timeout is interrupted, which a function that ignores interrupts survives;
 * {@code Max Memory Used} is not reported.
 */
final class InProcessFunction implements Invoker {

    private static final DateTimeFormatter STREAM_DATE = DateTimeFormatter.ofPattern("yyyy/MM/dd", Locale.ROOT);

    private final FunctionModel model;
    private final String arn;
    private final Clock clock;
    private final Logger log;
    private final ExecutorService executor;
    private final Watchdog watchdog;
    private final FunctionHost host;
    private final String logStream;

    private volatile Handler handler;
    private URLClassLoader loader;
    private boolean environmentLogged;

    /** The input serializer {@link #prepare} built for the handler's event type, for the first invocation to take. */
    private volatile Map.Entry<Type, PojoSerializer<Object>> preparedInput;

    InProcessFunction(FunctionModel model, FunctionHost host, String arn, Logger log) {
        this.watchdog = host.watchdog();
        this.host = host;
        this.model = model;
        this.arn = arn;
        this.clock = host.clock();
        this.log = log;
        int concurrency = model.reservedConcurrency().orElse(host.defaultConcurrency());
        AtomicInteger threads = new AtomicInteger();
        this.executor = new ThreadPoolExecutor(
                Math.max(1, concurrency),
                Math.max(1, concurrency),
                60,
                TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(),
                task -> {
                    Thread t = new Thread(task, "lambda-" + model.functionName() + "-" + threads.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        ((ThreadPoolExecutor) executor).allowCoreThreadTimeOut(true);
        this.logStream = LocalDate.now(clock.withZone(ZoneOffset.UTC)).format(STREAM_DATE) + "/[$LATEST]"
                + UUID.randomUUID().toString().replace("-", "");
        Thread preparing = new Thread(this::prepare, "lambda-" + model.functionName() + "-prepare");
        preparing.setDaemon(true);
        preparing.start();
    }

    /**
     * Before the first invocation, on a thread of its own: what the runtime does before it can call the handler and
     * what runs none of the function's code, so that the first request does not wait for it: the task root and its
     * class loader, the handler class loaded but not initialised (its static initialiser and constructor still run
     * at the first invocation, timed as its {@code Init Duration}), and the serializer for its event type, which
     * builds the serialization library's object mapper (its Joda module, the event's bean deserializer). Anything
     * that fails here is left to the first invocation, which does it again and reports it as Lambda does.
     */
    private synchronized void prepare() {
        if (handler != null || loader != null || executor.isShutdown()) {
            return;
        }
        try {
            loader = newLoader();
            Class<?> type = Class.forName(model.handlerClass(), false, loader);
            Method method = Handler.pojoMethod(type, model.handlerMethod());
            if (method != null) {
                Type eventType = method.getGenericParameterTypes()[0];
                preparedInput =
                        Map.entry(eventType, Handler.serializerFor(eventType, method.getParameterTypes()[0], loader));
            }
        } catch (InitException | ReflectiveOperationException | RuntimeException | LinkageError e) {
            log.debug("Preparing the first invocation failed, left to it: {}", e.toString());
        }
    }

    private URLClassLoader newLoader() throws InitException {
        return new URLClassLoader(
                "function-" + model.functionName(),
                classPath(),
                new RuntimeApiClassLoader(InProcessFunction.class.getClassLoader()));
    }

    /**
     * Invokes the function with {@code event} (JSON). The future completes with the function's response or its
     * failure; it never completes exceptionally. A function that runs past its timeout fails with
     * {@code Task timed out after N seconds}, as Lambda reports it.
     */
    @Override
    public CompletableFuture<InvocationResult> invoke(byte[] event, String requestId) {
        Invocation invocation = new Invocation(event, requestId, clock.instant().plus(model.timeout()));
        invocation.deadline = watchdog.after(model.timeout(), invocation::timedOut);
        try {
            executor.execute(invocation);
        } catch (RuntimeException e) {
            invocation.deadline.cancel();
            invocation.result.complete(new InvocationResult.Failure("ServiceException", "the function is shut down"));
        }
        return invocation.result;
    }

    /**
     * One invocation as the function's thread runs it and the watchdog may end it: whichever completes
     * {@link #result} first wins. Past the function's timeout the watchdog answers {@code Task timed out} and
     * interrupts the thread, as Lambda stops the function; an invocation still queued then never starts.
     */
    private final class Invocation implements Runnable {
        final byte[] event;
        final String requestId;
        final Instant deadlineInstant;
        final CompletableFuture<InvocationResult> result = new CompletableFuture<>();
        volatile Watchdog.Deadline deadline;
        private Thread runner;

        Invocation(byte[] event, String requestId, Instant deadlineInstant) {
            this.event = event;
            this.requestId = requestId;
            this.deadlineInstant = deadlineInstant;
        }

        @Override
        public void run() {
            if (result.isDone()) {
                return; // timed out while queued
            }
            synchronized (this) {
                runner = Thread.currentThread();
            }
            try {
                result.complete(InProcessFunction.this.run(event, requestId, deadlineInstant));
            } catch (Throwable t) {
                // Whatever escapes (a broken handler signature, a serializer that cannot be built) is the
                // function's failure, answered 502 by API Gateway: the future must complete in every case.
                log.error("{}\t{}", requestId, errorJson(t), t);
                result.complete(new InvocationResult.Failure(t.getClass().getName(), String.valueOf(t.getMessage())));
            } finally {
                synchronized (this) {
                    runner = null; // the pool clears a late interrupt before the thread's next task
                }
                deadline.cancel();
            }
        }

        void timedOut() {
            long seconds = model.timeout().toSeconds();
            String message = String.format(Locale.ROOT, "Task timed out after %d.00 seconds", seconds);
            if (result.complete(new InvocationResult.Failure("TimeoutError", message))) {
                synchronized (this) {
                    if (runner != null) {
                        runner.interrupt();
                    }
                }
                log.info("{} {} {}", timestamp(), requestId, message);
                log.info(Reports.end(requestId));
            }
        }
    }

    private InvocationResult run(byte[] event, String requestId, Instant deadline) {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        long start = System.nanoTime();
        long initNanos = -1;
        try {
            Handler h = handler;
            if (h == null) {
                long initStart = System.nanoTime();
                try {
                    h = initialise();
                } catch (InitException e) {
                    log.error("INIT error: {}", e.getMessage());
                    return new InvocationResult.Failure(e.errorType, e.getMessage());
                }
                initNanos = System.nanoTime() - initStart;
                start = System.nanoTime();
            }
            log.info(Reports.start(requestId));
            thread.setContextClassLoader(loader);
            FunctionLogger functionLogger = new FunctionLogger(log, requestId);
            Context context = new EmulatedContext(
                    requestId, model.functionName(), arn, model.memoryMb(), logStream, deadline, clock, functionLogger);
            InvocationResult result;
            try {
                result = new InvocationResult.Success(h.invoke(event, context));
            } catch (InvocationTargetException e) {
                Throwable cause = e.getCause();
                result = new InvocationResult.Failure(cause.getClass().getName(), String.valueOf(cause.getMessage()));
                log.error("{}\t{}", requestId, errorJson(cause), cause);
            } catch (RuntimeException | IOException | ReflectiveOperationException | LinkageError e) {
                // Serialization of the event or the response failed, as it would in the runtime.
                result = new InvocationResult.Failure(e.getClass().getName(), String.valueOf(e.getMessage()));
                log.error("{}\t{}", requestId, errorJson(e), e);
            }
            long nanos = System.nanoTime() - start;
            log.info(Reports.end(requestId));
            if (log.isInfoEnabled()) {
                // Built by hand: String.format per request is a measurable share of a fast function's cost.
                log.info(Reports.report(requestId, nanos, model.memoryMb(), -1, initNanos, null, null));
            }
            return result;
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    /** The error document the Java runtime logs and returns for an unhandled exception. */
    private static String errorJson(Throwable t) {
        return Json.MAPPER.writeValueAsString(Json.object()
                .put("errorMessage", String.valueOf(t.getMessage()))
                .put("errorType", t.getClass().getName()));
    }

    private static String timestamp() {
        return Instant.now().toString();
    }

    private synchronized Handler initialise() throws InitException {
        if (handler != null) {
            return handler;
        }
        try {
            if (loader == null) {
                loader = newLoader();
            }
            if (!environmentLogged) {
                environmentLogged = true;
                if (!model.environment().isEmpty()) {
                    log.info(
                            "Environment (not visible to System.getenv in the emulator): {}",
                            model.environment().keySet());
                }
            }
            Thread.currentThread().setContextClassLoader(loader);
            Class<?> type;
            try {
                type = Class.forName(model.handlerClass(), true, loader);
            } catch (ClassNotFoundException | LinkageError e) {
                throw new InitException("Runtime.ClassNotFound", "Class not found: " + model.handlerClass());
            }
            Object instance;
            try {
                instance = type.getConstructor().newInstance();
            } catch (InvocationTargetException e) {
                throw new InitException(
                        e.getCause().getClass().getName(),
                        "Cannot construct " + model.handlerClass() + ": " + e.getCause());
            } catch (ReflectiveOperationException | LinkageError e) {
                throw new InitException(
                        "Runtime.InvalidEntrypoint",
                        "Class " + model.handlerClass() + " has no public no-argument constructor");
            }
            handler = Handler.of(instance, model.handlerMethod(), loader, preparedInput);
            preparedInput = null;
            return handler;
        } catch (ExceptionInInitializerError e) {
            throw new InitException(
                    e.getCause().getClass().getName(),
                    "Static initialiser of " + model.handlerClass() + " failed: " + e.getCause());
        }
    }

    /** The task root as Lambda's Java runtime reads it: its classes, then its {@code lib/*.jar} in name order. */
    private URL[] classPath() throws InitException {
        List<URL> urls = new ArrayList<>();
        Path code;
        try {
            code = TaskRoots.of(model, RuntimeFamily.JAVA, host.cacheRoot());
        } catch (TaskRoots.CodeException e) {
            throw new InitException(e.errorType(), e.getMessage());
        }
        try {
            urls.add(code.toUri().toURL());
            Path lib = code.resolve("lib");
            if (Files.isDirectory(lib)) {
                try (Stream<Path> jars = Files.list(lib)) {
                    for (Path jar : jars.filter(p -> p.toString().endsWith(".jar"))
                            .sorted(Comparator.naturalOrder())
                            .toList()) {
                        urls.add(jar.toUri().toURL());
                    }
                }
            }
        } catch (MalformedURLException e) {
            throw new InitException(
                    "Runtime.InvalidCode", "Cannot use " + code + " as a class path: " + e.getMessage());
        } catch (IOException e) {
            throw new InitException(
                    "Runtime.InvalidCode", "Cannot read the code asset " + code + ": " + e.getMessage());
        }
        return urls.toArray(URL[]::new);
    }

    @Override
    public void close() {
        executor.shutdownNow();
        synchronized (this) {
            try {
                if (loader != null) {
                    loader.close();
                }
            } catch (IOException e) {
                log.debug("Closing the function's class loader failed: {}", e.getMessage());
            }
        }
    }

    private static final class InitException extends Exception {
        private static final long serialVersionUID = 1L;
        final String errorType;

        InitException(String errorType, String message) {
            super(message, null, false, false);
            this.errorType = errorType;
        }
    }

    /** A resolved handler method and the serializers for its input and output. */
    private record Handler(
            Object instance,
            Method method,
            Kind kind,
            PojoSerializer<Object> input,
            ClassLoader loader,
            java.util.Map<Class<?>, PojoSerializer<Object>> outputs) {

        Handler(Object instance, Method method, Kind kind, PojoSerializer<Object> input, ClassLoader loader) {
            // Building a serializer copies an object mapper: once per response type, not once per invocation.
            this(instance, unchecked(method), kind, input, loader, new java.util.concurrent.ConcurrentHashMap<>());
        }

        /**
         * {@code method}, told to skip {@link Method#invoke}'s access check when that check cannot fail (a public
         * method of a public class in the function's unnamed module): the check finds the caller's class by a stack
         * walk on every invocation. Any other method keeps it, and fails the way it always did.
         */
        private static Method unchecked(Method method) {
            if (Modifier.isPublic(method.getModifiers())
                    && Modifier.isPublic(method.getDeclaringClass().getModifiers())) {
                method.trySetAccessible();
            }
            return method;
        }

        enum Kind {
            STREAM,
            STREAM_NO_CONTEXT,
            POJO,
            POJO_NO_CONTEXT,
            NO_ARGS
        }

        /**
         * The method a POJO handler of class {@code type} is called through, as {@link #of} picks it; null when the
         * handler takes streams or no event, or has no such method.
         */
        static Method pojoMethod(Class<?> type, String methodName) {
            if (RequestStreamHandler.class.isAssignableFrom(type) && methodName.equals("handleRequest")) {
                return null;
            }
            Method best = best(type, methodName);
            Kind kind = best == null ? null : kindOf(best);
            return kind == Kind.POJO || kind == Kind.POJO_NO_CONTEXT ? best : null;
        }

        /** How the runtime calls {@code method}, from its parameters; null when it takes none the runtime can pass. */
        private static Kind kindOf(Method method) {
            Class<?>[] params = method.getParameterTypes();
            if (params.length >= 2 && params[0] == InputStream.class && params[1] == OutputStream.class) {
                return params.length == 3 ? Kind.STREAM : Kind.STREAM_NO_CONTEXT;
            }
            if (params.length == 0) {
                return Kind.NO_ARGS;
            }
            if (params.length > 2 || (params.length == 2 && params[1] != Context.class)) {
                return null;
            }
            return params.length == 2 ? Kind.POJO : Kind.POJO_NO_CONTEXT;
        }

        private static Method best(Class<?> type, String methodName) {
            Method best = null;
            for (Method m : type.getMethods()) {
                if (!m.getName().equals(methodName) || m.isBridge() || m.isSynthetic()) {
                    continue;
                }
                if (best == null || m.getParameterCount() > best.getParameterCount()) {
                    best = m;
                }
            }
            return best;
        }

        static Handler of(
                Object instance,
                String methodName,
                ClassLoader loader,
                Map.Entry<Type, PojoSerializer<Object>> prepared)
                throws InitException {
            Class<?> type = instance.getClass();
            if (instance instanceof RequestStreamHandler && methodName.equals("handleRequest")) {
                try {
                    Method m = type.getMethod("handleRequest", InputStream.class, OutputStream.class, Context.class);
                    return new Handler(instance, m, Kind.STREAM, null, loader);
                } catch (NoSuchMethodException e) {
                    throw new IllegalStateException("RequestStreamHandler without handleRequest", e);
                }
            }
            Method best = best(type, methodName);
            if (best == null) {
                throw new InitException(
                        "Runtime.InvalidEntrypoint", "No public method named " + methodName + " in " + type.getName());
            }
            Kind kind = kindOf(best);
            if (kind == null) {
                throw new InitException(
                        "Runtime.InvalidEntrypoint",
                        "Handler " + type.getName() + "::" + methodName
                                + " must take (event[, Context]) or (InputStream, OutputStream[, Context])");
            }
            if (kind != Kind.POJO && kind != Kind.POJO_NO_CONTEXT) {
                return new Handler(instance, best, kind, null, loader);
            }
            Type eventType = best.getGenericParameterTypes()[0];
            return new Handler(
                    instance,
                    best,
                    kind,
                    prepared != null && prepared.getKey().equals(eventType)
                            ? prepared.getValue()
                            : serializerFor(eventType, best.getParameterTypes()[0], loader),
                    loader);
        }

        @SuppressWarnings("unchecked")
        static PojoSerializer<Object> serializerFor(Type type, Class<?> raw, ClassLoader loader) {
            // What the Java runtime does: the events library's own serializers (with their mix-ins) for AWS event
            // types, Jackson for anything else.
            if (LambdaEventSerializers.isLambdaSupportedEvent(raw.getName())) {
                return (PojoSerializer<Object>) LambdaEventSerializers.serializerFor(raw, loader);
            }
            return JacksonFactory.getInstance().getSerializer(type);
        }

        byte[] invoke(byte[] event, Context context) throws ReflectiveOperationException, IOException {
            Object out;
            switch (kind) {
                case STREAM, STREAM_NO_CONTEXT -> {
                    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
                    if (kind == Kind.STREAM) {
                        method.invoke(instance, new ByteArrayInputStream(event), buffer, context);
                    } else {
                        method.invoke(instance, new ByteArrayInputStream(event), buffer);
                    }
                    return buffer.toByteArray();
                }
                case NO_ARGS -> out = method.invoke(instance);
                default -> {
                    Object in = input.fromJson(new ByteArrayInputStream(event));
                    out = kind == Kind.POJO ? method.invoke(instance, in, context) : method.invoke(instance, in);
                }
            }
            if (out == null || method.getReturnType() == void.class) {
                return "null".getBytes(java.nio.charset.StandardCharsets.UTF_8);
            }
            PojoSerializer<Object> output = outputs.computeIfAbsent(out.getClass(), c -> serializerFor(c, c, loader));
            ByteArrayOutputStream buffer = new ByteArrayOutputStream(256);
            try {
                output.toJson(out, buffer);
            } catch (UncheckedIOException e) {
                throw e.getCause();
            }
            return buffer.toByteArray();
        }
    }
}
