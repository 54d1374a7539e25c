package dev.gatewaycli.emulator.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
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
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
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
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.slf4j.Logger;

/**
 * A Java function in the emulator's own JVM ({@link FunctionSettings.Mode#IN_PROCESS}), run the way the Java managed
 * runtime runs it: the code (Lambda's task root: classes plus {@code lib/*.jar}) in its own class loader whose parent
 * offers only {@code aws-lambda-java-core}, the handler method chosen as the runtime interface client chooses it
 * ({@link Signature}), the handler class instantiated once (unless the method is static), events deserialized into
 * the handler's parameter type with {@code aws-lambda-java-serialization}, a {@link Context} per invocation, the function's
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

    /** Whether {@link #prepareAhead} has started {@link #prepare}. */
    private final AtomicBoolean preparing = new AtomicBoolean();

    /** The serializers {@link #prepare} built for the handler's signature, for the first invocation to take. */
    private volatile Serializers prepared;

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
    }

    /**
     * Starts {@link #prepare} on a thread of its own, once: called when the emulator serves, since the emulator's own
     * start and the preparation both run on the CPU, and the first invocation comes only after a request has been
     * authorised (a token issued first, in a run of {@code call --local}).
     */
    @Override
    public void prepareAhead() {
        if (preparing.compareAndSet(false, true)) {
            Thread thread = new Thread(this::prepare, "lambda-" + model.functionName() + "-prepare");
            thread.setDaemon(true);
            thread.start();
        }
    }

    /**
     * Before the first invocation, on a thread of its own: what the runtime does before it can call the handler and
     * what runs none of the function's code, so that the first request does not wait for it: the task root and its
     * class loader, the handler class loaded but not initialised (its static initialiser and constructor still run
     * at the first invocation, timed as its {@code Init Duration}), the method the runtime would call (chosen by
     * {@link Signature#of}, by reflection alone, as the first invocation chooses it), and the serializers for its
     * event and result types, which build the serialization library's object mapper (its Joda module, the event's
     * bean deserializer). Anything that fails here is left to the first invocation, which does it again and reports
     * it as Lambda does.
     */
    private synchronized void prepare() {
        if (handler != null || loader != null || executor.isShutdown()) {
            return;
        }
        try {
            loader = newLoader();
            checkHandler();
            Class<?> type = Class.forName(model.handlerClass(), false, loader);
            Signature signature = Signature.of(type, model.handlerMethod().orElse(null));
            if (!signature.stream()) {
                prepared = Serializers.of(signature, loader);
            }
        } catch (InitException | ReflectiveOperationException | RuntimeException | LinkageError e) {
            log.debug("Preparing the first invocation failed, left to it: {}", e.toString());
        }
    }

    /** Whether {@link #prepare} built the serializers of a POJO handler (for the tests). */
    boolean prepared() {
        return prepared != null;
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
            checkHandler();
            Class<?> type;
            try {
                type = Class.forName(model.handlerClass(), true, loader);
            } catch (ExceptionInInitializerError e) {
                throw e; // the static initialiser failed: reported as such below, not as a missing class
            } catch (ClassNotFoundException | LinkageError e) {
                throw new InitException("Runtime.ClassNotFound", "Class not found: " + model.handlerClass());
            }
            // The runtime picks the method before it constructs the class, and does not for a static one.
            Signature signature = Signature.of(type, model.handlerMethod().orElse(null));
            Object instance = signature.isStatic() ? null : construct(type);
            Serializers serializers = prepared;
            prepared = null;
            if (!signature.stream()
                    && (serializers == null || !serializers.signature().equals(signature))) {
                serializers = Serializers.of(signature, loader);
            }
            handler = new Handler(instance, signature, serializers);
            return handler;
        } catch (ExceptionInInitializerError e) {
            throw new InitException(
                    e.getCause().getClass().getName(),
                    "Static initialiser of " + model.handlerClass() + " failed: " + e.getCause());
        }
    }

    /** A new instance of the handler class, as the runtime constructs it ({@code EventHandlerLoader.getConstructor}). */
    private static Object construct(Class<?> type) throws InitException {
        java.lang.reflect.Constructor<?> constructor;
        try {
            constructor = type.getConstructor();
        } catch (NoSuchMethodException e) {
            throw new InitException(
                    "Runtime.InvalidEntrypoint",
                    type.getEnclosingClass() != null && !Modifier.isStatic(type.getModifiers())
                            ? "Class " + type.getName()
                                    + " cannot be instantiated because it is a non-static inner class"
                            : "Class " + type.getName() + " has no public zero-argument constructor");
        }
        try {
            return constructor.newInstance();
        } catch (InvocationTargetException e) {
            throw new InitException(
                    e.getCause().getClass().getName(), "Cannot construct " + type.getName() + ": " + e.getCause());
        } catch (ReflectiveOperationException | LinkageError e) {
            throw new InitException(
                    "Runtime.InvalidEntrypoint", "Class " + type.getName() + " cannot be instantiated: " + e);
        }
    }

    /** A handler setting the Java runtime cannot split: an empty class or method name ({@code HandlerInfo}). */
    private void checkHandler() throws InitException {
        if (model.handlerClass().isEmpty()
                || model.handlerMethod().filter(String::isEmpty).isPresent()) {
            throw new InitException("Runtime.InvalidEntrypoint", "Invalid handler: `" + model.handler() + "'");
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

    /**
     * How the Java runtime calls a handler: the method, which of the event stream, the response stream, the event
     * and the {@link Context} it passes, and the declared types the event is read as and the result written as. Built
     * by {@link #of} with the rule of the runtime interface client's {@code EventHandlerLoader} (aws/aws-lambda-java-libs,
     * {@code aws-lambda-java-runtime-interface-client}, docs/fidelity.md §5), from reflection alone: choosing it runs
     * none of the function's code, so {@link #prepare} and {@link #initialise} both use it.
     *
     * @param stream whether the runtime passes streams (a {@code RequestStreamHandler}-like method, its return value
     *     ignored) rather than a deserialized event (a POJO method, its return value serialized)
     * @param input whether the method takes the event (its stream, or the deserialized event)
     * @param output whether a stream method takes the response stream; the response is {@code null} when it does not
     * @param context whether the method takes the {@link Context}, always last
     * @param eventType what a POJO method's event is deserialized as; null for streams or no event
     * @param resultType what a POJO method's result is serialized as, its declared return type; null for
     *     {@code void}/{@code Void} (the response is {@code null}) and for streams
     */
    private record Signature(
            Method method,
            boolean stream,
            boolean input,
            boolean output,
            boolean context,
            Type eventType,
            Type resultType) {

        private static final Method STREAM_HANDLER;
        private static final Method POJO_HANDLER;

        static {
            try {
                STREAM_HANDLER = RequestStreamHandler.class.getMethod(
                        "handleRequest", InputStream.class, OutputStream.class, Context.class);
                POJO_HANDLER = RequestHandler.class.getMethod("handleRequest", Object.class, Context.class);
            } catch (NoSuchMethodException e) {
                throw new ExceptionInInitializerError(e);
            }
        }

        /**
         * The signature the runtime calls {@code type} through for the handler's method {@code methodName}, or for
         * the class itself when the handler names no method ({@code null}): the handler interface it implements,
         * {@code RequestStreamHandler} before {@code RequestHandler} ({@code loadStreamingRequestHandler}).
         *
         * @throws InitException what the runtime reports when there is none
         */
        static Signature of(Class<?> type, String methodName) throws InitException {
            return methodName == null ? ofInterface(type) : ofMethod(type, methodName);
        }

        private static Signature ofInterface(Class<?> type) throws InitException {
            if (RequestStreamHandler.class.isAssignableFrom(type)) {
                return new Signature(STREAM_HANDLER, true, true, true, true, null, null);
            }
            if (!RequestHandler.class.isAssignableFrom(type)) {
                throw invalid("Class does not implement an appropriate handler interface: " + type.getName());
            }
            Type[] types = interfaceParameters(type, RequestHandler.class);
            if (types == null) {
                throw invalid(
                        "Class " + type.getName() + " does not implement RequestHandler with concrete type parameters");
            }
            if (types.length != 2) {
                throw invalid(
                        "Invalid class signature for RequestHandler. Expected two generic types, got " + types.length);
            }
            for (Type t : types) {
                if (t instanceof TypeVariable<?> variable
                        && Stream.of(variable.getBounds()).allMatch(Object.class::equals)) {
                    throw invalid("Class " + type.getName()
                            + " does not implement RequestHandler with concrete type parameters: parameter " + t
                            + " has no upper bound.");
                }
            }
            return new Signature(POJO_HANDLER, false, true, false, true, types[0], isVoid(types[1]) ? null : types[1]);
        }

        /**
         * {@code loadEventPojoHandler}: the public methods named {@code methodName}, non-bridge before bridge and
         * longer before shorter (a last parameter {@code Context} counting one more), the first whose parameters
         * the runtime can pass. {@code Arrays.sort} is stable, so equals keep {@link Class#getMethods}'s order, as
         * in the runtime.
         */
        private static Signature ofMethod(Class<?> type, String methodName) throws InitException {
            Method[] all;
            try {
                all = type.getMethods();
            } catch (NoClassDefFoundError e) {
                throw new InitException(
                        e.getClass().getName(), "Error loading method " + methodName + " on class " + type.getName());
            }
            Method[] named =
                    Stream.of(all).filter(m -> m.getName().equals(methodName)).toArray(Method[]::new);
            Arrays.sort(named, PRIORITY);
            for (Method m : named) {
                Signature signature = ofOverload(m);
                if (signature != null) {
                    return signature;
                }
            }
            throw invalid("No public method named " + methodName + " with appropriate method signature found on class "
                    + type.getName());
        }

        private static final Comparator<Method> PRIORITY = Comparator.comparing(Method::isBridge)
                .thenComparing(Comparator.comparingInt(Signature::weight).reversed());

        private static int weight(Method m) {
            int n = m.getParameterCount();
            return n > 0 && m.getParameterTypes()[n - 1] == Context.class ? n + 1 : n;
        }

        /**
         * The runtime's table ({@code getHandlerFromOverload} and its one-, two- and three-parameter cases): any return
         * type with {@code (InputStream, OutputStream, Context)}, {@code (InputStream, OutputStream)},
         * {@code (OutputStream, Context)}, {@code (InputStream, Context)}, {@code (InputStream)},
         * {@code (OutputStream)}, {@code (Context)}, {@code (Event, Context)}, {@code (Event)} or {@code ()}, where an
         * event is anything but a stream or a {@code Context}; null for any other overload, which the runtime skips.
         */
        private static Signature ofOverload(Method m) {
            Type[] p = m.getGenericParameterTypes();
            Type result = isVoid(m.getGenericReturnType()) ? null : m.getGenericReturnType();
            switch (p.length) {
                case 0 -> {
                    return pojo(m, null, false, result);
                }
                case 1 -> {
                    if (p[0] == InputStream.class) {
                        return streams(m, true, false, false);
                    } else if (p[0] == OutputStream.class) {
                        return streams(m, false, true, false);
                    } else if (p[0] == Context.class) {
                        return pojo(m, null, true, result);
                    }
                    return pojo(m, p[0], false, result);
                }
                case 2 -> {
                    if (p[0] == OutputStream.class) {
                        return p[1] == Context.class ? streams(m, false, true, true) : null;
                    } else if (p[0] == Context.class) {
                        return null;
                    } else if (p[0] == InputStream.class) {
                        if (p[1] == OutputStream.class) {
                            return streams(m, true, true, false);
                        }
                        return p[1] == Context.class ? streams(m, true, false, true) : null;
                    }
                    return p[1] == Context.class ? pojo(m, p[0], true, result) : null;
                }
                case 3 -> {
                    return p[0] == InputStream.class && p[1] == OutputStream.class && p[2] == Context.class
                            ? streams(m, true, true, true)
                            : null;
                }
                default -> {
                    return null;
                }
            }
        }

        private static Signature streams(Method m, boolean input, boolean output, boolean context) {
            return new Signature(m, true, input, output, context, null, null);
        }

        private static Signature pojo(Method m, Type event, boolean context, Type result) {
            return new Signature(m, false, event != null, false, context, event, result);
        }

        private static boolean isVoid(Type type) {
            return type == void.class || (type instanceof Class<?> c && Void.class.isAssignableFrom(c));
        }

        private static InitException invalid(String message) {
            return new InitException("Runtime.InvalidEntrypoint", message);
        }

        /** Whether the runtime calls the method without an instance (a static method: the class is not constructed). */
        boolean isStatic() {
            return Modifier.isStatic(method.getModifiers());
        }

        /**
         * The type arguments {@code type} gives {@code iface}, found breadth-first through its interfaces and
         * superclasses with type variables resolved on the way ({@code findInterfaceParameters}); null when it gives
         * none.
         */
        private static Type[] interfaceParameters(Class<?> type, Class<?> iface) {
            java.util.ArrayDeque<ClassContext> queue = new java.util.ArrayDeque<>();
            queue.add(new ClassContext(type, null));
            while (!queue.isEmpty()) {
                ClassContext current = queue.poll();
                for (Type t : current.type.getGenericInterfaces()) {
                    if (t instanceof ParameterizedType candidate && candidate.getRawType() instanceof Class<?> raw) {
                        ClassContext next = ClassContext.of(candidate, current);
                        if (iface.isAssignableFrom(raw)) {
                            return next.arguments;
                        }
                        queue.add(next);
                    } else if (t instanceof Class<?> c) {
                        queue.add(ClassContext.of(c, current));
                    }
                }
                Type superclass = current.type.getGenericSuperclass();
                if (superclass instanceof ParameterizedType parameterized) {
                    queue.add(ClassContext.of(parameterized, current));
                } else if (superclass instanceof Class<?> c) {
                    queue.add(ClassContext.of(c, current));
                }
            }
            return null;
        }

        /** A class on the way up from the handler's, with its type arguments as far as they are known. */
        private record ClassContext(Class<?> type, Type[] arguments) {

            static ClassContext of(Class<?> type, ClassContext from) {
                TypeVariable<?>[] variables = type.getTypeParameters();
                if (variables.length == 0 || from.arguments == null) {
                    return new ClassContext(type, null);
                }
                Type[] resolved = new Type[variables.length];
                for (int i = 0; i < resolved.length; i++) {
                    resolved[i] = from.resolve(variables[i]);
                }
                return new ClassContext(type, resolved);
            }

            static ClassContext of(ParameterizedType type, ClassContext from) {
                Type[] resolved = type.getActualTypeArguments().clone();
                for (int i = 0; i < resolved.length; i++) {
                    if (resolved[i] instanceof TypeVariable<?> variable) {
                        resolved[i] = from.resolve(variable);
                    }
                }
                return new ClassContext((Class<?>) type.getRawType(), resolved);
            }

            Type resolve(TypeVariable<?> variable) {
                TypeVariable<?>[] variables = type.getTypeParameters();
                for (int i = 0; i < variables.length; i++) {
                    if (variable.getName().equals(variables[i].getName())) {
                        return arguments == null ? variables[i] : arguments[i];
                    }
                }
                return variable;
            }
        }
    }

    /** The serializers of a POJO signature's event and result, built once: each copies an object mapper. */
    private record Serializers(Signature signature, PojoSerializer<Object> input, PojoSerializer<Object> output) {

        static Serializers of(Signature signature, ClassLoader loader) {
            return new Serializers(
                    signature,
                    signature.eventType() == null ? null : serializerFor(signature.eventType(), loader),
                    signature.resultType() == null ? null : serializerFor(signature.resultType(), loader));
        }

        @SuppressWarnings("unchecked")
        static PojoSerializer<Object> serializerFor(Type type, ClassLoader loader) {
            // The runtime's choice (EventHandlerLoader.getSerializer): the events library's own serializers (with
            // their mix-ins) for a class that is an AWS event type, Jackson for any other type.
            if (type instanceof Class<?> c && LambdaEventSerializers.isLambdaSupportedEvent(c.getName())) {
                return (PojoSerializer<Object>) LambdaEventSerializers.serializerFor(c, loader);
            }
            return JacksonFactory.getInstance().getSerializer(type);
        }
    }

    /** A handler ready to call: the instance (null for a static method), its signature and its serializers. */
    private record Handler(Object instance, Signature signature, Serializers serializers) {

        private static final byte[] NULL = "null".getBytes(java.nio.charset.StandardCharsets.UTF_8);

        /**
         * The signature's method is told to skip {@link Method#invoke}'s access check when that check cannot fail (a
         * public method of a public class in the function's unnamed module): the check finds the caller's class by a
         * stack walk on every invocation. Any other method keeps it, and fails the way it always did.
         */
        Handler {
            Method method = signature.method();
            if (Modifier.isPublic(method.getModifiers())
                    && Modifier.isPublic(method.getDeclaringClass().getModifiers())) {
                method.trySetAccessible();
            }
        }

        /**
         * Calls the method as the runtime does: a stream method with the streams it takes, its return value ignored
         * and {@code null} answered when it takes no response stream; a POJO method with the deserialized event, its
         * result serialized as its declared type, {@code null} for {@code void}.
         */
        byte[] invoke(byte[] event, Context context) throws ReflectiveOperationException, IOException {
            Signature s = signature;
            Object[] args = new Object[(s.input() ? 1 : 0) + (s.output() ? 1 : 0) + (s.context() ? 1 : 0)];
            int i = 0;
            if (s.stream()) {
                ByteArrayOutputStream response = s.output() ? new ByteArrayOutputStream() : null;
                if (s.input()) {
                    args[i++] = new ByteArrayInputStream(event);
                }
                if (response != null) {
                    args[i++] = response;
                }
                if (s.context()) {
                    args[i] = context;
                }
                s.method().invoke(instance, args);
                return response == null ? NULL : response.toByteArray();
            }
            if (s.input()) {
                args[i++] = serializers.input().fromJson(new ByteArrayInputStream(event));
            }
            if (s.context()) {
                args[i] = context;
            }
            Object out = s.method().invoke(instance, args);
            if (out == null || s.resultType() == null) {
                return NULL;
            }
            ByteArrayOutputStream buffer = new ByteArrayOutputStream(256);
            try {
                serializers.output().toJson(out, buffer);
            } catch (UncheckedIOException e) {
                throw e.getCause();
            }
            return buffer.toByteArray();
        }
    }
}
