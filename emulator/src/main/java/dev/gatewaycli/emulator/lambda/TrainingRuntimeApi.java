package dev.gatewaycli.emulator.lambda;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The Runtime API of the JVM that trains {@link ClassDataArchive}: a blocking loopback server that hands out a fixed
 * list of events, one per {@code /next}, and accepts each answer, so that the runtime interface client goes through
 * its real start and invocations. Like the environments' Runtime API it accepts connections from the current user's
 * sockets only; it reads at most {@link RuntimeApiServer#MAX_RESPONSE_BYTES} of a body and a few kilobytes of headers,
 * and a connection idle for a minute is closed.
 */
final class TrainingRuntimeApi implements AutoCloseable {

    private static final int MAX_HEAD_BYTES = 16 * 1024;
    private static final int IDLE_MILLIS = 60_000;
    private static final byte[] ACCEPTED = "{\"status\":\"OK\"}".getBytes(StandardCharsets.US_ASCII);

    private final ServerSocket server;
    private final List<byte[]> events;
    private final AtomicInteger handedOut = new AtomicInteger();
    private final AtomicInteger answered = new AtomicInteger();
    private volatile String initError;

    TrainingRuntimeApi(List<byte[]> events) throws IOException {
        this.events = List.copyOf(events);
        server = new ServerSocket();
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        Thread acceptor = new Thread(this::accept, "class-data-training-api");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** The value of {@code AWS_LAMBDA_RUNTIME_API} for the training JVM. */
    String address() {
        return server.getInetAddress().getHostAddress() + ":" + server.getLocalPort();
    }

    /** How many invocations the runtime client answered (a response or an error). */
    int answered() {
        return answered.get();
    }

    /** What the runtime client reported as its init error, or null. */
    String initError() {
        return initError;
    }

    @Override
    public void close() throws IOException {
        server.close();
    }

    private void accept() {
        while (!server.isClosed()) {
            Socket socket;
            try {
                socket = server.accept();
            } catch (IOException e) {
                return; // closed
            }
            if (!LoopbackPeers.sameUser((InetSocketAddress) socket.getRemoteSocketAddress(), (InetSocketAddress)
                    socket.getLocalSocketAddress())) {
                closeQuietly(socket);
                continue;
            }
            Thread connection = new Thread(() -> serve(socket), "class-data-training-api-connection");
            connection.setDaemon(true);
            connection.start();
        }
    }

    private void serve(Socket socket) {
        try (socket) {
            socket.setSoTimeout(IDLE_MILLIS);
            InputStream in = new BufferedInputStream(socket.getInputStream());
            OutputStream out = socket.getOutputStream();
            while (true) {
                String head = readHead(in);
                if (head == null) {
                    return;
                }
                String[] lines = head.split("\r\n");
                String[] request = lines[0].split(" ");
                if (request.length != 3) {
                    return;
                }
                long length = 0;
                for (int i = 1; i < lines.length; i++) {
                    int colon = lines[i].indexOf(':');
                    if (colon > 0
                            && lines[i].substring(0, colon)
                                    .trim()
                                    .toLowerCase(Locale.ROOT)
                                    .equals("content-length")) {
                        length = Long.parseLong(lines[i].substring(colon + 1).trim());
                    }
                }
                if (length < 0 || length > RuntimeApiServer.MAX_RESPONSE_BYTES) {
                    return;
                }
                byte[] body = in.readNBytes((int) length);
                if (body.length != length) {
                    return;
                }
                String method = request[0];
                String path = request[1];
                if (method.equals("GET") && path.equals(RuntimeApiServer.NEXT)) {
                    int n = handedOut.getAndIncrement();
                    if (n >= events.size()) {
                        return; // nothing more: the training JVM ends at the last event
                    }
                    long deadline = System.currentTimeMillis() + 60_000;
                    write(
                            out,
                            "200 OK",
                            RuntimeApiServer.REQUEST_ID + ": training-" + n + "\r\n" + RuntimeApiServer.DEADLINE + ": "
                                    + deadline + "\r\n" + RuntimeApiServer.FUNCTION_ARN
                                    + ": arn:aws:lambda:us-east-1:123456789012:function:class-data-training\r\n"
                                    + RuntimeApiServer.TRACE_ID
                                    + ": Root=1-00000000-000000000000000000000000;Sampled=0\r\n",
                            events.get(n));
                } else if (method.equals("POST") && path.startsWith(RuntimeApiServer.INVOCATION)) {
                    answered.incrementAndGet();
                    write(out, "202 Accepted", "", ACCEPTED);
                } else if (method.equals("POST") && path.equals(RuntimeApiServer.INIT_ERROR)) {
                    initError = new String(body, 0, Math.min(body.length, 2000), StandardCharsets.UTF_8);
                    write(out, "202 Accepted", "", ACCEPTED);
                } else {
                    write(out, "404 Not Found", "", ACCEPTED);
                }
            }
        } catch (IOException | RuntimeException e) {
            // The training JVM went away or sent something this server does not serve: the connection ends.
        }
    }

    private static void write(OutputStream out, String status, String headers, byte[] body) throws IOException {
        String head = "HTTP/1.1 " + status + "\r\nContent-Type: application/json\r\n" + headers + "Content-Length: "
                + body.length + "\r\n\r\n";
        out.write(head.getBytes(StandardCharsets.US_ASCII));
        out.write(body);
        out.flush();
    }

    /** The request line and headers, without the blank line; null at the end of the stream or past the limit. */
    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (head.size() < MAX_HEAD_BYTES) {
            int b = in.read();
            if (b < 0) {
                return null;
            }
            head.write(b);
            matched = (b == '\r' && (matched == 0 || matched == 2)) || (b == '\n' && (matched == 1 || matched == 3))
                    ? matched + 1
                    : (b == '\r' ? 1 : 0);
            if (matched == 4) {
                String text = head.toString(StandardCharsets.ISO_8859_1);
                return text.substring(0, text.length() - 4);
            }
        }
        return null;
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // already closed
        }
    }
}
