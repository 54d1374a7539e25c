package dev.gatewaycli.cli.faults;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiPredicate;

/**
 * A token endpoint and API on loopback whose behaviour each test sets, down to the bytes and the socket: answer,
 * echo the request back, trickle a response one byte at a time for as long as anyone reads, hang, or reset the
 * connection. Plain HTTP/1.1 over a {@link ServerSocket}, one connection per request (as the CLI makes them), so a
 * test controls what no mock server lets it: a body that never ends, a reset in the middle, an answer built from
 * the request's own bytes.
 */
final class StandIn implements AutoCloseable {

    /** One request as it arrived. Header names are lower case. */
    record Request(String method, String path, Map<String, String> headers, byte[] body) {

        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }

        /** The request line, headers and body as text: what an echoing server sends back. */
        String echo() {
            StringBuilder text = new StringBuilder(method + " " + path + "\n");
            headers.forEach((name, value) ->
                    text.append(name).append(": ").append(value).append('\n'));
            return text.append('\n').append(bodyText()).toString();
        }
    }

    /** What the server does with one request. */
    @FunctionalInterface
    interface Behaviour {
        void answer(Request request, Exchange exchange) throws IOException;
    }

    private final ServerSocket server;

    private final ExecutorService connections = Executors.newCachedThreadPool((r) -> {
        Thread thread = new Thread(r, "stand-in-connection");
        thread.setDaemon(true);
        return thread;
    });

    private final ScheduledExecutorService trickles = Executors.newSingleThreadScheduledExecutor((r) -> {
        Thread thread = new Thread(r, "stand-in-trickle");
        thread.setDaemon(true);
        return thread;
    });

    private final Map<String, Behaviour> routes = new ConcurrentHashMap<>();

    private final List<Request> requests = new CopyOnWriteArrayList<>();

    private final List<Socket> open = new CopyOnWriteArrayList<>();

    /** Released at {@link #close}: what {@link Exchange#hang} waits for. */
    private final CountDownLatch closed = new CountDownLatch(1);

    StandIn() throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::accept, "stand-in-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.getLocalPort();
    }

    /** What requests to {@code path} (exactly, without the query) get from now on. */
    StandIn on(String path, Behaviour behaviour) {
        routes.put(path, behaviour);
        return this;
    }

    /** Every request so far, in order of arrival. */
    List<Request> requests() {
        return List.copyOf(requests);
    }

    List<Request> requests(String path) {
        return requests.stream().filter((r) -> r.path().equals(path)).toList();
    }

    /** Waits (at most {@code limit}) until {@code path} has had {@code count} requests; false if it did not. */
    boolean awaitRequests(String path, int count, Duration limit) throws InterruptedException {
        long end = System.nanoTime() + limit.toNanos();
        synchronized (requests) {
            while (requests(path).size() < count) {
                long left = end - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(requests, left);
            }
            return true;
        }
    }

    /** Answers the first {@code n} requests to a route with {@code first}, the rest with {@code then}. */
    static Behaviour firstThen(int n, Behaviour first, Behaviour then) {
        AtomicInteger seen = new AtomicInteger();
        return (request, exchange) -> {
            if (seen.incrementAndGet() <= n) {
                first.answer(request, exchange);
            } else {
                then.answer(request, exchange);
            }
        };
    }

    /** {@code yes} for requests {@code test} accepts, else {@code no}. */
    static Behaviour when(BiPredicate<Request, Integer> test, Behaviour yes, Behaviour no) {
        AtomicInteger seen = new AtomicInteger();
        return (request, exchange) -> {
            if (test.test(request, seen.incrementAndGet())) {
                yes.answer(request, exchange);
            } else {
                no.answer(request, exchange);
            }
        };
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                open.add(socket);
                connections.execute(() -> serve(socket));
            } catch (IOException ex) {
                return;
            }
        }
    }

    private void serve(Socket socket) {
        try {
            Request request = read(socket.getInputStream());
            if (request == null) {
                socket.close();
                return;
            }
            synchronized (requests) {
                requests.add(request);
                requests.notifyAll();
            }
            Behaviour behaviour = routes.getOrDefault(
                    request.path(), (r, exchange) -> exchange.respond(404, "text/plain", "no route for " + r.path()));
            behaviour.answer(request, new Exchange(socket));
        } catch (IOException ex) {
            // the client went away: nothing to answer
        }
    }

    private static Request read(InputStream in) throws IOException {
        String requestLine = line(in);
        if (requestLine == null || requestLine.isEmpty()) {
            return null;
        }
        String[] parts = requestLine.split(" ");
        Map<String, String> headers = new LinkedHashMap<>();
        for (String line = line(in); line != null && !line.isEmpty(); line = line(in)) {
            int colon = line.indexOf(':');
            headers.put(
                    line.substring(0, colon).trim().toLowerCase(Locale.ROOT),
                    line.substring(colon + 1).trim());
        }
        byte[] body;
        if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            for (int size = Integer.parseInt(line(in).trim(), 16);
                    size > 0;
                    size = Integer.parseInt(line(in).trim(), 16)) {
                out.write(in.readNBytes(size));
                line(in);
            }
            line(in);
            body = out.toByteArray();
        } else {
            String length = headers.get("content-length");
            body = (length == null) ? new byte[0] : in.readNBytes(Integer.parseInt(length));
        }
        String target = parts.length > 1 ? parts[1] : "/";
        int query = target.indexOf('?');
        return new Request(parts[0], (query < 0) ? target : target.substring(0, query), headers, body);
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int b = in.read(); b != -1; b = in.read()) {
            if (b == '\n') {
                String text = out.toString(StandardCharsets.ISO_8859_1);
                return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
            }
            out.write(b);
        }
        return out.size() == 0 ? null : out.toString(StandardCharsets.ISO_8859_1);
    }

    @Override
    public void close() throws IOException {
        closed.countDown();
        server.close();
        for (Socket socket : open) {
            socket.close();
        }
        trickles.shutdownNow();
        connections.shutdownNow();
    }

    /** The answer to one request. */
    final class Exchange {

        private final Socket socket;

        Exchange(Socket socket) {
            this.socket = socket;
        }

        void respond(int status, String contentType, String body) throws IOException {
            respond(status, Map.of("Content-Type", contentType), body.getBytes(StandardCharsets.UTF_8));
        }

        void respond(int status, Map<String, String> headers, byte[] body) throws IOException {
            OutputStream out = socket.getOutputStream();
            out.write(head(status, headers, body.length));
            out.write(body);
            out.flush();
            socket.close();
        }

        /** JSON with {@code status}. */
        void json(int status, String body) throws IOException {
            respond(status, "application/json", body);
        }

        /** The request itself, as the body of a {@code status} answer: a server that echoes what it was sent. */
        void echo(int status, Request request) throws IOException {
            respond(status, "text/plain", request.echo());
        }

        /**
         * A 200 whose head arrives at once and whose body then comes one byte per {@code period}, for as long as the
         * client reads: each byte arrives well within any read timeout, the whole never ends.
         */
        void trickle(Duration period) throws IOException {
            OutputStream out = socket.getOutputStream();
            out.write(head(200, Map.of("Content-Type", "application/json"), 1_000_000));
            out.flush();
            trickles.scheduleAtFixedRate(
                    () -> {
                        try {
                            out.write(' ');
                            out.flush();
                        } catch (IOException ex) {
                            throw new IllegalStateException("client gone", ex); // ends this schedule
                        }
                    },
                    period.toMillis(),
                    period.toMillis(),
                    TimeUnit.MILLISECONDS);
        }

        /** Reads the request and then says nothing, until the stand-in closes. */
        void hang() throws IOException {
            try {
                closed.await();
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
            socket.close();
        }

        /** Resets the connection (RST) instead of answering. */
        void reset() throws IOException {
            socket.setSoLinger(true, 0);
            socket.close();
        }

        private byte[] head(int status, Map<String, String> headers, long length) {
            StringBuilder head = new StringBuilder("HTTP/1.1 " + status + " Status\r\n");
            headers.forEach((name, value) ->
                    head.append(name).append(": ").append(value).append("\r\n"));
            head.append("Content-Length: ").append(length).append("\r\n");
            head.append("Connection: close\r\n\r\n");
            return head.toString().getBytes(StandardCharsets.UTF_8);
        }
    }

    /** Headers for {@link Exchange#respond(int, Map, byte[])}, in order. */
    static Map<String, String> headers(String... namesAndValues) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            headers.put(namesAndValues[i], namesAndValues[i + 1]);
        }
        return headers;
    }
}
