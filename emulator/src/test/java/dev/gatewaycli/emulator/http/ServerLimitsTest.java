package dev.gatewaycli.emulator.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatewaycli.emulator.GatewayEmulator;
import dev.gatewaycli.emulator.TestStacks;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/**
 * The server's limits on raw sockets, where a client can do what no HTTP library does: send a head one byte at a time,
 * open a thousand connections and say nothing, frame a body with a coding nobody knows. A server with short limits
 * serves a counter of the requests its handler saw, so a test can tell that a smuggled request never got through.
 * The waits are on the server closing the connection; {@code @Timeout} guards against a server that never does.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ServerLimitsTest {

    static final ServerLimits SHORT =
            new ServerLimits(Duration.ofMillis(600), Duration.ofMillis(600), Duration.ofSeconds(2));

    private final AtomicInteger handled = new AtomicInteger();

    private final ScheduledExecutorService trickle = Executors.newSingleThreadScheduledExecutor();

    private DisposableServer server;

    @BeforeEach
    void start() {
        server = SHORT.applyTo(HttpServer.create())
                .host("127.0.0.1")
                .port(0)
                .handle((request, response) -> request.receive()
                        .aggregate()
                        .asString()
                        .defaultIfEmpty("")
                        .flatMap((body) -> {
                            handled.incrementAndGet();
                            return response.sendString(Mono.just("got " + body.length()))
                                    .then();
                        }))
                .bindNow();
    }

    @AfterEach
    void stop() {
        trickle.shutdownNow();
        server.disposeNow();
    }

    private Socket connect() throws IOException {
        Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.port());
        socket.setSoTimeout(30_000);
        return socket;
    }

    /** Everything the server sends until it closes the connection. */
    private static String readToClose(Socket socket) throws IOException {
        InputStream in = socket.getInputStream();
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        try {
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                all.write(buffer, 0, n);
            }
        } catch (SocketException reset) {
            // closed with a reset: closed all the same
        }
        return all.toString(StandardCharsets.ISO_8859_1);
    }

    private static void send(Socket socket, String text) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(text.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    /** Sends {@code c} every 100 ms until the server closes: far inside any per-read timeout, and never done. */
    private void trickle(Socket socket, char c) throws IOException {
        OutputStream out = socket.getOutputStream();
        trickle.scheduleAtFixedRate(
                () -> {
                    try {
                        out.write(c);
                        out.flush();
                    } catch (IOException ex) {
                        throw new IllegalStateException("closed", ex); // ends the schedule
                    }
                },
                100,
                100,
                TimeUnit.MILLISECONDS);
    }

    @Test
    void aHeadSentOneByteAtATimeIsCutOffAtTheHeadDeadline() throws IOException {
        try (Socket socket = connect()) {
            send(socket, "GET / HTTP/1.1\r\nHost: localhost\r\n");
            trickle(socket, 'X');

            String answer = readToClose(socket);

            assertThat(answer).as("closed without an answer").isEmpty();
            assertThat(handled).hasValue(0);
        }
    }

    @Test
    void aThousandConnectionsThatSayNothingAreAllClosed() throws IOException {
        List<Socket> idle = new ArrayList<>();
        try {
            for (int i = 0; i < 1000; i++) {
                idle.add(connect());
            }
            for (Socket socket : idle) {
                assertThat(readToClose(socket)).isEmpty();
            }
        } finally {
            for (Socket socket : idle) {
                socket.close();
            }
        }
    }

    @Test
    void aKeptAliveConnectionIsServedThenClosedWhenItGoesIdle() throws IOException {
        try (Socket socket = connect()) {
            send(socket, "POST / HTTP/1.1\r\nHost: localhost\r\nContent-Length: 5\r\n\r\nhello");

            String answer = readToClose(socket);

            assertThat(answer).startsWith("HTTP/1.1 200").endsWith("got 5");
            assertThat(handled).hasValue(1);
        }
    }

    @Test
    void aBodyThatTricklesIsCutOffByTheRequestTimeoutAndTheConnectionClosed() throws IOException {
        try (Socket socket = connect()) {
            send(socket, "POST / HTTP/1.1\r\nHost: localhost\r\nContent-Length: 1000000\r\n\r\n");
            trickle(socket, 'x');

            String answer = readToClose(socket);

            // The handler's read of the body fails: an error answer (the handler decides which), then the close.
            assertThat(answer).startsWith("HTTP/1.1 ").doesNotStartWith("HTTP/1.1 2");
            assertThat(handled).hasValue(0);
        }
    }

    @Test
    void chunkedAloneIsUnderstoodInAnyCase() throws IOException {
        try (Socket socket = connect()) {
            send(
                    socket,
                    "POST / HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: Chunked\r\nConnection: close\r\n\r\n"
                            + "5\r\nhello\r\n0\r\n\r\n");

            assertThat(readToClose(socket)).startsWith("HTTP/1.1 200").endsWith("got 5");
        }
    }

    @ParameterizedTest(name = "Transfer-Encoding: {0} -> {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "xchunked | 400",
                "identity | 400",
                "chunked, gzip | 400",
                "gzip, chunked | 501",
            })
    void anEncodingOtherThanChunkedAloneIsRefusedAndTheBodyIsNeverReadAsARequest(String encoding, int status)
            throws IOException {
        // The body is a second, smuggled request: read as the next request, it would reach the handler.
        String smuggled = "GET /smuggled HTTP/1.1\r\nHost: localhost\r\n\r\n";
        try (Socket socket = connect()) {
            send(
                    socket,
                    "POST / HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: " + encoding + "\r\n\r\n" + smuggled);

            String answer = readToClose(socket);

            assertThat(answer).startsWith("HTTP/1.1 " + status).containsIgnoringCase("connection: close");
            assertThat(answer.split("HTTP/1.1 ", -1))
                    .as("one answer: " + answer)
                    .hasSize(2);
            assertThat(handled).as("neither request reached the handler").hasValue(0);
        }
    }

    @Test
    void transferEncodingBesideContentLengthIsRefused() throws IOException {
        try (Socket socket = connect()) {
            send(
                    socket,
                    "POST / HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: chunked\r\nContent-Length: 4\r\n\r\n"
                            + "0\r\n\r\n");

            assertThat(readToClose(socket)).startsWith("HTTP/1.1 400");
            assertThat(handled).hasValue(0);
        }
    }

    @Test
    void theEmulatorsServerHasTheLimits(@TempDir Path dir) throws IOException {
        try (GatewayEmulator emulator =
                GatewayEmulator.builder().model(TestStacks.seed(dir)).start()) {
            try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), emulator.port())) {
                socket.setSoTimeout(30_000);
                send(
                        socket,
                        "POST /prod/ HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: xchunked\r\n\r\n"
                                + "GET /prod/ HTTP/1.1\r\nHost: localhost\r\n\r\n");

                String answer = readToClose(socket);

                assertThat(answer).startsWith("HTTP/1.1 400");
                assertThat(answer.split("HTTP/1.1 ", -1))
                        .as("one answer: " + answer)
                        .hasSize(2);
            }
        }
    }
}
