package dev.gatewaycli.emulator.lambda;

import dev.gatewaycli.emulator.files.PrivateDirectory;
import dev.gatewaycli.emulator.http.Json;
import dev.gatewaycli.emulator.http.RequestIds;
import dev.gatewaycli.emulator.model.FunctionModel;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Function;
import org.slf4j.Logger;
import tools.jackson.databind.JsonNode;

/**
 * A function whose execution environments are child processes polling the emulated Lambda Runtime API, as Lambda runs
 * every runtime. An invocation goes to an idle environment (the most recently used first, so that the others can idle
 * out), else starts a new one while the function has fewer than its limit ({@code ReservedConcurrentExecutions}, else
 * the emulator's default), else waits for one to become free. A new environment starts on a launcher thread and takes
 * the invocation that started it at its first {@code /next}; the time from its spawn until then is its {@code Init
 * Duration}. An environment that fails to start, exits, or outruns the function's timeout is stopped and replaced when
 * work waits; one idle for longer than the idle timeout is stopped.
 *
 * <p>All state lives under this object's lock; Runtime API calls, timeouts, process exits and housekeeping take it
 * briefly and complete futures and write logs after, except the few lines that must stay in order with the
 * environment's output.
 */
final class ProcessFunction implements Invoker {

    private static final DateTimeFormatter STREAM_DATE = DateTimeFormatter.ofPattern("yyyy/MM/dd", Locale.ROOT);
    private static final File DEV_NULL = new File("/dev/null");
    private static final java.time.Duration INIT_LIMIT = java.time.Duration.ofSeconds(10);
    /**
     * How long an invocation waits for an environment that has answered its previous one to ask for the next, before a
     * new environment starts for it. The environment comes back within microseconds unless the machine is too busy to
     * run it at once; the grace is still shorter than the cold start it saves.
     */
    static final java.time.Duration RETURN_GRACE = java.time.Duration.ofMillis(50);

    private final FunctionModel model;
    private final RuntimeFamily family;
    private final FunctionHost host;
    private final String arn;
    private final Logger log;
    private final List<Path> interpreters;
    private final int limit;
    private final Map<String, String> overrides;

    private final ArrayDeque<Environment> idle = new ArrayDeque<>();
    private final Set<Environment> live = new HashSet<>();
    private final ArrayDeque<Invocation> pending = new ArrayDeque<>();
    private boolean closed;
    private Launch launch;

    /** How every environment of the function starts. */
    private record Launch(Path taskRoot, Function<Path, List<String>> command, Map<String, String> environment) {}

    /** An invocation its environment answered; its {@code END} and {@code REPORT} wait for the runtime's next call. */
    private record Ended(String requestId, long startNanos, long initNanos) {}

    /**
     * {@code END} and {@code REPORT} of the invocation {@code env} answered: logged when the runtime asks for the next
     * invocation (or exits), as Lambda ends the invoke phase, so that what the runtime prints after its answer (Java's
     * error report, a callback handler's last timers) is part of it.
     */
    private void logEnd(Environment env, Ended ended) {
        if (ended == null) {
            return;
        }
        log.info(Reports.end(ended.requestId()));
        if (log.isInfoEnabled()) {
            log.info(Reports.report(
                    ended.requestId(),
                    System.nanoTime() - ended.startNanos(),
                    model.memoryMb(),
                    env.maxMemoryMb(),
                    ended.initNanos(),
                    null,
                    null));
        }
    }

    private enum State {
        STARTING,
        IDLE,
        BUSY,
        /** Answered its invocation, not yet asking for the next. */
        BETWEEN,
        DEAD
    }

    ProcessFunction(FunctionModel model, RuntimeFamily family, FunctionHost host, String arn, Logger log) {
        this.model = model;
        this.family = family;
        this.host = host;
        this.arn = arn;
        this.log = log;
        this.interpreters = Runtimes.interpreters(model, family, host);
        this.limit = model.reservedConcurrency().orElse(host.defaultConcurrency());
        this.overrides = host.settings()
                .environmentOverrides()
                .forFunction(model.logicalId(), model.functionName(), model.constructPath());
        host.register(this);
        if (family == RuntimeFamily.NODEJS || family == RuntimeFamily.PYTHON) {
            // A shim (pyenv, asdf) takes a process start to resolve: done now, off the request path, so that the
            // first environment does not wait for it. Nothing of the function starts here.
            host.launcher().execute(() -> {
                try {
                    Runtimes.resolve(interpreters, family, model.runtime());
                } catch (RuntimeException e) {
                    // reported when the first environment starts
                }
            });
        }
    }

    /** One invocation on its way through an environment. */
    private static final class Invocation {
        final String requestId;
        final byte[] event;
        final CompletableFuture<InvocationResult> result = new CompletableFuture<>();
        volatile Watchdog.Deadline deadline;
        // guarded by the function's lock
        Environment env;
        boolean done;
        long startNanos;
        long deadlineEpochMillis;

        Invocation(String requestId, byte[] event) {
            this.requestId = requestId;
            this.event = event;
        }

        /** Marks the invocation ended; true for the one caller that gets to answer it. Under the lock. */
        boolean claim() {
            if (done) {
                return false;
            }
            done = true;
            return true;
        }

        void answer(InvocationResult value) {
            Watchdog.Deadline d = deadline;
            if (d != null) {
                d.cancel();
            }
            result.complete(value);
        }
    }

    @Override
    public CompletableFuture<InvocationResult> invoke(byte[] event, String requestId) {
        Invocation inv = new Invocation(requestId, event);
        if (limit == 0) {
            // ReservedConcurrentExecutions 0: Lambda throttles every invocation.
            log.error("{} Rate Exceeded. (ReservedConcurrentExecutions is 0)", requestId);
            inv.result.complete(new InvocationResult.Failure("TooManyRequestsException", "Rate Exceeded."));
            return inv.result;
        }
        Environment start = null;
        synchronized (this) {
            if (closed) {
                inv.done = true;
            } else {
                Environment env = idle.pollFirst();
                if (env != null) {
                    deliver(env, inv, null);
                } else if (live.size() < limit && returning() <= pending.size()) {
                    start = new Environment(inv);
                    live.add(start);
                } else {
                    pending.addLast(inv);
                    if (live.size() < limit) {
                        // An environment has just answered and is about to ask for its next invocation (microseconds
                        // on loopback, where a client's next request can arrive first): it takes this one rather than
                        // a new environment's cold start, unless it does not come back within the grace.
                        host.watchdog().after(RETURN_GRACE, () -> startIfWaiting(inv));
                    }
                }
            }
        }
        if (inv.done && inv.env == null && start == null) {
            inv.answer(new InvocationResult.Failure("ServiceException", "the function is shut down"));
        }
        if (start != null) {
            launch(start);
        }
        return inv.result;
    }

    /**
     * Hands {@code inv} to {@code env}, which is waiting at {@code /next}, and starts the function's timeout: as in
     * Lambda, it counts the invoke phase only (a cold start's initialisation has its own limit). Under the lock.
     */
    private void deliver(Environment env, Invocation inv, Ended ended) {
        env.state = State.BUSY;
        env.current = inv;
        inv.env = env;
        inv.startNanos = System.nanoTime();
        inv.deadlineEpochMillis = System.currentTimeMillis() + model.timeout().toMillis();
        inv.deadline = host.watchdog().after(model.timeout(), () -> timedOut(inv));
        CompletableFuture<RuntimeApiServer.Delivery> waiting = env.waiting;
        env.waiting = null;
        env.output.drainThen(() -> {
            logEnd(env, ended);
            log.info(Reports.start(inv.requestId));
        });
        waiting.complete(
                new RuntimeApiServer.Delivery(inv.requestId, inv.event, inv.deadlineEpochMillis, arn, traceId()));
    }

    /** The next invocation waiting for an environment, skipping those that timed out meanwhile. Under the lock. */
    private Invocation pollPending() {
        Invocation inv;
        while ((inv = pending.pollFirst()) != null) {
            if (!inv.done) {
                return inv;
            }
        }
        return null;
    }

    private void timedOut(Invocation inv) {
        Environment env;
        synchronized (this) {
            if (!inv.claim()) {
                return;
            }
            env = inv.env;
            if (env != null) {
                env.state = State.DEAD;
                env.current = null;
                live.remove(env);
            } else {
                pending.remove(inv);
            }
        }
        String message = "Task timed out after " + model.timeout().toSeconds() + ".00 seconds";
        inv.answer(new InvocationResult.Failure("Sandbox.Timedout", message));
        if (env != null) {
            long memory = env.maxMemoryMb();
            long nanos = model.timeout().toNanos();
            long init = env.takeInitNanos();
            env.kill();
            env.output.drainThen(() -> {
                log.error("{} {} {}", Reports.timestamp(), inv.requestId, message);
                log.info(Reports.end(inv.requestId));
                if (log.isInfoEnabled()) {
                    log.info(Reports.report(inv.requestId, nanos, model.memoryMb(), memory, init, "timeout", null));
                }
            });
        } else {
            log.error("{} {} {} (waiting for an execution environment)", Reports.timestamp(), inv.requestId, message);
        }
        replenish();
    }

    /** The environments that answered their invocation and have not asked for the next yet. Under the lock. */
    private int returning() {
        int n = 0;
        for (Environment env : live) {
            if (env.state == State.BETWEEN) {
                n++;
            }
        }
        return n;
    }

    /** {@code inv} waited {@link #RETURN_GRACE} for an environment to come back: one starts for it, if the limit allows. */
    private void startIfWaiting(Invocation inv) {
        Environment start;
        synchronized (this) {
            if (closed || inv.done || live.size() >= limit || !pending.remove(inv)) {
                return; // taken by an environment meanwhile, ended, or every environment there may be is live
            }
            start = new Environment(inv);
            live.add(start);
        }
        launch(start);
    }

    /** Starts environments for invocations that wait, as far as the limit allows. */
    private void replenish() {
        List<Environment> start = new ArrayList<>();
        synchronized (this) {
            while (!closed && live.size() < limit && !pending.isEmpty()) {
                Invocation inv = pollPending();
                if (inv == null) {
                    break;
                }
                Environment env = new Environment(inv);
                live.add(env);
                start.add(env);
            }
        }
        start.forEach(this::launch);
    }

    private void launch(Environment env) {
        try {
            host.launcher().execute(env::start);
        } catch (RejectedExecutionException e) {
            env.failStart("ServiceException", "the emulator is shutting down", -1);
        }
    }

    /** How environments start, prepared at the first start (the code unpacked, the runtime client copied). */
    private synchronized Launch launch() throws TaskRoots.CodeException {
        if (launch != null) {
            return launch;
        }
        Path cache = host.cacheRoot();
        Path taskRoot = TaskRoots.of(model, family, cache);
        Map<String, String> env = new LinkedHashMap<>();
        env.put("_HANDLER", model.handler());
        String region = LambdaFunction.regionOf(arn);
        env.put("AWS_REGION", region);
        env.put("AWS_DEFAULT_REGION", region);
        env.put("AWS_LAMBDA_FUNCTION_NAME", model.functionName());
        env.put("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST");
        env.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", Integer.toString(model.memoryMb()));
        env.put("AWS_LAMBDA_LOG_GROUP_NAME", "/aws/lambda/" + model.functionName());
        env.put("AWS_LAMBDA_INITIALIZATION_TYPE", "on-demand");
        env.put("LAMBDA_TASK_ROOT", taskRoot.toString());
        env.put("TZ", ":UTC");
        env.put("LANG", "en_US.UTF-8");
        env.put("LD_LIBRARY_PATH", taskRoot + ":" + taskRoot.resolve("lib"));
        // No credentials, and none to be found: not the metadata service, not the user's ~/.aws files.
        env.put("AWS_EC2_METADATA_DISABLED", "true");
        env.put("AWS_SHARED_CREDENTIALS_FILE", DEV_NULL.getPath());
        env.put("AWS_CONFIG_FILE", DEV_NULL.getPath());
        if (family != RuntimeFamily.PROVIDED) {
            env.put("AWS_EXECUTION_ENV", "AWS_Lambda_" + model.runtime());
        }
        Function<Path, List<String>> command;
        Path runtimeDir;
        switch (family) {
            case NODEJS -> {
                Path node = interpreter();
                runtimeDir = Runtimes.nodeClient(cache);
                String client = runtimeDir.resolve("index.mjs").toString();
                command = tmp -> List.of(node.toString(), client);
                env.put("PATH", node.getParent() + ":" + Runtimes.LAMBDA_PATH);
                env.put("NODE_PATH", taskRoot.toString());
            }
            case PYTHON -> {
                Path python = interpreter();
                runtimeDir = Runtimes.pythonClient(cache);
                String client = runtimeDir.resolve("bootstrap.py").toString();
                command = tmp -> List.of(python.toString(), client);
                env.put("PATH", python.getParent() + ":" + Runtimes.LAMBDA_PATH);
            }
            case JAVA -> {
                Runtimes.JavaRuntime java;
                try {
                    java = Runtimes.javaRuntime(cache);
                } catch (RuntimeException e) {
                    throw new TaskRoots.CodeException("Runtime.Unavailable", e.getMessage());
                }
                runtimeDir = java.jniLibrary().getParent();
                List<String> options = Runtimes.javaOptions(model.runtime(), model.memoryMb());
                // The archive is the JVM's, whichever function starts first: trained with room for the whole start.
                List<String> training = Runtimes.javaOptions(
                        model.runtime(), Math.max(model.memoryMb(), ClassDataArchive.TRAINING_MEMORY_MB));
                String classPath = ClassDataArchive.classPath(java);
                String jni = java.jniLibrary().toString();
                Path jvm = interpreter();
                command = tmp -> {
                    List<String> c = new ArrayList<>();
                    c.add(jvm.toString());
                    // Looked up at each start: environments started once the archive is ready use it.
                    c.addAll(ClassDataArchive.forLaunch(cache, jvm, java, training)
                            .map(archive -> ClassDataArchive.launchOptions(options, archive))
                            .orElse(options));
                    // No hsperfdata file in the shared /tmp, and the JVM's temporary files in the environment's own.
                    c.add("-XX:-UsePerfData");
                    c.add("-Djava.io.tmpdir=" + tmp);
                    c.add("-D" + Runtimes.JNI_PROPERTY + "=" + jni);
                    c.add("-classpath");
                    c.add(classPath);
                    c.add(Runtimes.JAVA_MAIN);
                    c.add(model.handler());
                    return c;
                };
                env.put("PATH", jvm.getParent() + ":" + Runtimes.LAMBDA_PATH);
            }
            default -> {
                String name = family == RuntimeFamily.GO ? model.handler() : "bootstrap";
                Path exe = taskRoot.resolve(name).normalize();
                if (!exe.startsWith(taskRoot) || !Files.isRegularFile(exe) || !Files.isExecutable(exe)) {
                    throw new TaskRoots.CodeException(
                            "Runtime.InvalidEntrypoint",
                            family == RuntimeFamily.GO
                                    ? "fork/exec " + exe + ": no such executable file"
                                    : "Couldn't find valid bootstrap(s): [" + exe + "]");
                }
                runtimeDir = taskRoot;
                command = tmp -> List.of(exe.toString());
                env.put("PATH", Runtimes.LAMBDA_PATH);
            }
        }
        env.put("LAMBDA_RUNTIME_DIR", runtimeDir.toString());
        env.putAll(model.environment());
        env.putAll(overrides);
        launch = new Launch(taskRoot, command, Map.copyOf(env));
        return launch;
    }

    private Path interpreter() throws TaskRoots.CodeException {
        try {
            return Runtimes.resolve(interpreters, family, model.runtime());
        } catch (RuntimeUnavailableException e) {
            throw new TaskRoots.CodeException("Runtime.Unavailable", e.getMessage());
        }
    }

    /** Reads what idle environments printed, and stops those idle for too long. From the housekeeping thread. */
    void housekeep() {
        long now = System.nanoTime();
        long idleLimit = host.settings().idleTimeout().toNanos();
        List<Environment> all;
        List<Environment> expired = new ArrayList<>();
        synchronized (this) {
            all = new ArrayList<>(live);
            for (Environment env : idle) {
                if (now - env.idleSinceNanos > idleLimit) {
                    expired.add(env);
                }
            }
            for (Environment env : expired) {
                idle.remove(env);
                live.remove(env);
                env.state = State.DEAD;
            }
        }
        for (Environment env : all) {
            if (env.output != null) {
                env.output.drain();
            }
        }
        for (Environment env : expired) {
            log.debug(
                    "Stopping an execution environment idle for {}",
                    host.settings().idleTimeout());
            env.kill();
        }
    }

    @Override
    public void close() {
        List<Environment> all;
        List<Invocation> waiting;
        synchronized (this) {
            closed = true;
            all = new ArrayList<>(live);
            live.clear();
            idle.clear();
            waiting = new ArrayList<>(pending);
            pending.clear();
            for (Environment env : all) {
                env.state = State.DEAD;
                if (env.current != null) {
                    waiting.add(env.current);
                }
                if (env.bound != null) {
                    waiting.add(env.bound);
                }
            }
            waiting.removeIf(inv -> !inv.claim());
        }
        waiting.forEach(
                inv -> inv.answer(new InvocationResult.Failure("ServiceException", "the function is shut down")));
        all.forEach(Environment::kill);
        for (Environment env : all) {
            env.awaitExit();
        }
        host.unregister(this);
    }

    @Override
    public String toString() {
        return model.functionName();
    }

    /**
     * A runtime's error document ({@code {"errorType":…,"errorMessage":…}}); the {@code
     * Lambda-Runtime-Function-Error-Type} header, else {@code fallback}, when the body does not name the type.
     */
    private static InvocationResult.Failure errorDocument(byte[] body, String header, String fallback) {
        String type = header == null || header.isBlank() ? fallback : header;
        String message = "";
        try {
            JsonNode doc = Json.MAPPER.readTree(body);
            if (doc != null && doc.isObject()) {
                type = doc.path("errorType").asString(type);
                message = doc.path("errorMessage").asString("");
            }
        } catch (RuntimeException e) {
            message = "(the runtime reported an error that is not JSON)";
        }
        return new InvocationResult.Failure(type, message);
    }

    private static String traceId() {
        byte[] bytes = RequestIds.bytes(20);
        HexFormat hex = HexFormat.of();
        return "Root=1-" + Long.toHexString(System.currentTimeMillis() / 1000) + "-" + hex.formatHex(bytes, 0, 12)
                + ";Parent=" + hex.formatHex(bytes, 12, 20) + ";Sampled=0";
    }

    /** One execution environment: a child process, its Runtime API, its output and its private directory. */
    private final class Environment implements RuntimeApiServer.Listener {
        // guarded by the function's lock
        State state = State.STARTING;
        Invocation bound;
        Invocation current;
        CompletableFuture<RuntimeApiServer.Delivery> waiting;
        long idleSinceNanos;
        long initNanos = -1;
        Ended ended;
        Watchdog.Deadline initDeadline;
        // set once by start(), read after
        volatile Process process;
        volatile ProcessMemory memory;
        volatile RuntimeApiServer server;
        volatile EnvironmentOutput output;
        volatile Path dir;
        volatile long spawnNanos;

        Environment(Invocation bound) {
            this.bound = bound;
        }

        /** The process's peak resident memory in MB, -1 when unknown. */
        long maxMemoryMb() {
            ProcessMemory m = memory;
            return m == null ? -1 : m.maxMemoryMb();
        }

        /** The Init Duration to report once, on the environment's first invocation; -1 after. */
        long takeInitNanos() {
            synchronized (ProcessFunction.this) {
                long init = initNanos;
                initNanos = -1;
                return init;
            }
        }

        void start() {
            try {
                Launch how = launch();
                dir = PrivateDirectory.newTemporary(
                        host.environments(), ProcessHandle.current().pid() + "-");
                Path tmp = PrivateDirectory.ensure(dir.resolve("tmp"));
                Path out = Files.createFile(dir.resolve("output.log"));
                output = new EnvironmentOutput(out, log);
                server = RuntimeApiServer.start(this);
                Map<String, String> environment = new LinkedHashMap<>(how.environment());
                environment.putIfAbsent(
                        "AWS_LAMBDA_LOG_STREAM_NAME",
                        LocalDate.now(ZoneOffset.UTC).format(STREAM_DATE) + "/[$LATEST]"
                                + HexFormat.of().formatHex(RequestIds.bytes(16)));
                environment.putIfAbsent("TMPDIR", tmp.toString());
                environment.put("AWS_LAMBDA_RUNTIME_API", server.address());
                ProcessBuilder builder = new ProcessBuilder(how.command().apply(tmp))
                        .directory(how.taskRoot().toFile())
                        .redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.appendTo(out.toFile()))
                        .redirectInput(ProcessBuilder.Redirect.from(DEV_NULL));
                builder.environment().clear();
                builder.environment().putAll(environment);
                synchronized (ProcessFunction.this) {
                    if (state == State.DEAD) {
                        cleanUp();
                        return;
                    }
                    spawnNanos = System.nanoTime();
                    try {
                        process = builder.start();
                    } catch (IOException e) {
                        throw new SpawnException(e);
                    }
                    memory = ProcessMemory.of(process.pid());
                    // Lambda gives initialisation 10 s, then retries it within the first invocation's timeout.
                    initDeadline = host.watchdog().after(INIT_LIMIT.plus(model.timeout()), this::initTimedOut);
                }
                process.onExit().thenRun(this::exited);
            } catch (TaskRoots.CodeException e) {
                failStart(e.errorType(), e.getMessage(), -1);
            } catch (SpawnException e) {
                failStart(
                        family == RuntimeFamily.PROVIDED || family == RuntimeFamily.GO
                                ? "Runtime.InvalidEntrypoint"
                                : "Runtime.Unavailable",
                        e.getCause().getMessage(),
                        -1);
            } catch (IOException | RuntimeException e) {
                failStart("Runtime.Unknown", String.valueOf(e.getMessage()), -1);
            }
        }

        private void initTimedOut() {
            Invocation inv;
            synchronized (ProcessFunction.this) {
                if (state != State.STARTING) {
                    return;
                }
                state = State.DEAD;
                live.remove(this);
                inv = bound;
                bound = null;
                if (inv != null && !inv.claim()) {
                    inv = null;
                }
            }
            long seconds = INIT_LIMIT.plus(model.timeout()).toSeconds();
            kill();
            output.drainThen(() ->
                    log.error("INIT_REPORT Init Duration: {}.00 ms\tPhase: init\tStatus: timeout", seconds * 1000));
            if (inv != null) {
                inv.answer(new InvocationResult.Failure(
                        "Sandbox.Timedout", "INIT phase timed out after " + seconds + ".00 seconds"));
            }
            replenish();
        }

        /** The environment could not start: the invocation that started it fails with {@code errorType}. */
        void failStart(String errorType, String message, long initNanosSoFar) {
            Invocation inv;
            synchronized (ProcessFunction.this) {
                state = State.DEAD;
                live.remove(this);
                inv = bound;
                bound = null;
                if (inv != null && !inv.claim()) {
                    inv = null;
                }
            }
            if (initNanosSoFar < 0) {
                // The emulator's own finding (no code, no bootstrap): the runtime has not said it.
                log.error("{}\t{}", errorType, message);
            }
            log.error(Reports.initError(initNanosSoFar, errorType));
            if (inv != null) {
                inv.answer(new InvocationResult.Failure(errorType, message));
            }
            kill();
            cleanUp();
            replenish();
        }

        @Override
        public CompletableFuture<RuntimeApiServer.Delivery> next() {
            CompletableFuture<RuntimeApiServer.Delivery> f = new CompletableFuture<>();
            Invocation abandoned = null;
            synchronized (ProcessFunction.this) {
                if (state == State.DEAD) {
                    return f; // never answered: the process is being stopped
                }
                if (state == State.STARTING) {
                    initNanos = System.nanoTime() - spawnNanos;
                }
                if (state == State.BUSY && current != null && current.claim()) {
                    abandoned = current; // asked for the next without answering this one
                }
                current = null;
                waiting = f;
                Watchdog.Deadline init = initDeadline;
                if (init != null) {
                    init.cancel();
                    initDeadline = null;
                }
                Ended previous = ended;
                ended = null;
                Invocation next = bound != null && !bound.done ? bound : pollPending();
                bound = null;
                if (next != null) {
                    deliver(this, next, previous);
                } else {
                    state = State.IDLE;
                    idleSinceNanos = System.nanoTime();
                    idle.addFirst(this);
                    output.drainThen(() -> logEnd(this, previous));
                }
            }
            if (abandoned != null) {
                abandoned.answer(new InvocationResult.Failure(
                        "Runtime.InvalidState",
                        "the runtime asked for the next invocation without answering this one"));
            }
            return f;
        }

        @Override
        public RuntimeApiServer.Answer response(String requestId, byte[] body) {
            return end(requestId, new InvocationResult.Success(body));
        }

        @Override
        public RuntimeApiServer.Answer error(String requestId, String errorType, byte[] body) {
            return end(requestId, errorDocument(body, errorType, "Unhandled"));
        }

        @Override
        public void responseTooLarge(String requestId) {
            end(
                    requestId,
                    new InvocationResult.Failure(
                            "Function.ResponseSizeTooLarge",
                            "Response payload size exceeded maximum allowed payload size ("
                                    + RuntimeApiServer.MAX_RESPONSE_BYTES + " bytes)."));
        }

        private RuntimeApiServer.Answer end(String requestId, InvocationResult result) {
            Invocation inv;
            synchronized (ProcessFunction.this) {
                if (current == null || state != State.BUSY) {
                    return RuntimeApiServer.Answer.error(
                            403, "InvalidStateTransition", "No invocation is in progress in this environment");
                }
                if (!current.requestId.equals(requestId)) {
                    return RuntimeApiServer.Answer.error(400, "InvalidRequestID", "Invalid request ID: " + requestId);
                }
                inv = current;
                current = null;
                state = State.BETWEEN;
                ended = new Ended(inv.requestId, inv.startNanos, initNanos);
                initNanos = -1;
                if (!inv.claim()) {
                    return RuntimeApiServer.Answer.accepted();
                }
            }
            inv.answer(result);
            if (result instanceof InvocationResult.Failure f && f.errorType().startsWith("Function.")) {
                log.error("{}\t{}", inv.requestId, f.errorMessage());
            }
            return RuntimeApiServer.Answer.accepted();
        }

        @Override
        public RuntimeApiServer.Answer initError(String errorType, byte[] body) {
            long init;
            synchronized (ProcessFunction.this) {
                if (state != State.STARTING) {
                    return RuntimeApiServer.Answer.error(
                            403, "InvalidStateTransition", "The environment has already initialised");
                }
                init = System.nanoTime() - spawnNanos;
            }
            InvocationResult.Failure failure = errorDocument(body, errorType, "Runtime.Unknown");
            output.drain();
            failStart(failure.errorType(), failure.errorMessage(), init);
            return RuntimeApiServer.Answer.accepted();
        }

        /** The process ended (by itself, or killed by the emulator). From the JDK's process reaper. */
        private void exited() {
            Invocation inv;
            boolean expected;
            boolean starting;
            Ended previous;
            synchronized (ProcessFunction.this) {
                previous = ended;
                ended = null;
                if (initDeadline != null) {
                    initDeadline.cancel();
                    initDeadline = null;
                }
                expected = state == State.DEAD;
                starting = state == State.STARTING;
                state = State.DEAD;
                live.remove(this);
                idle.remove(this);
                inv = current != null ? current : bound;
                current = null;
                bound = null;
                if (inv != null && !inv.claim()) {
                    inv = null;
                }
            }
            output.drainAll();
            logEnd(this, previous);
            if (!expected) {
                String exit = Reports.exit(process.exitValue());
                if (inv != null) {
                    String requestId = inv.requestId;
                    long nanos = inv.startNanos == 0 ? 0 : System.nanoTime() - inv.startNanos;
                    inv.answer(new InvocationResult.Failure("Runtime.ExitError", "Runtime exited with error: " + exit));
                    if (starting) {
                        log.error(Reports.initError(System.nanoTime() - spawnNanos, "Runtime.ExitError"));
                    }
                    log.error("RequestId: {} Error: Runtime exited with error: {}\nRuntime.ExitError", requestId, exit);
                    if (!starting) {
                        log.info(Reports.end(requestId));
                        if (log.isInfoEnabled()) {
                            log.info(Reports.report(
                                    requestId, nanos, model.memoryMb(), -1, -1, "error", "Runtime.ExitError"));
                        }
                    }
                } else {
                    log.warn("An execution environment exited between invocations: {}", exit);
                }
            }
            cleanUp();
            replenish();
        }

        void kill() {
            Process p = process;
            if (p != null && p.isAlive()) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
            }
        }

        void awaitExit() {
            Process p = process;
            if (p != null) {
                try {
                    p.onExit().get(5, java.util.concurrent.TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                    log.debug("An execution environment did not stop within 5 s");
                }
            } else {
                cleanUp();
            }
        }

        private void cleanUp() {
            RuntimeApiServer s = server;
            if (s != null) {
                s.close();
            }
            EnvironmentOutput o = output;
            if (o != null) {
                o.close();
            }
            ProcessMemory m = memory;
            if (m != null) {
                m.close();
            }
            Path d = dir;
            if (d != null) {
                PrivateDirectory.deleteRecursively(d);
            }
        }
    }

    private static final class SpawnException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        SpawnException(IOException cause) {
            super(cause.getMessage(), cause, false, false);
        }
    }
}
