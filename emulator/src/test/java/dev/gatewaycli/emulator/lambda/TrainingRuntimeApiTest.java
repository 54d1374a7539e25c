package dev.gatewaycli.emulator.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The training JVM's Runtime API: its events in order with Lambda's headers, answers accepted and counted, an init error
 * kept; a request it does not serve, a body or head past its limits, or a malformed one ends the connection.
 */
@Timeout(30)
class TrainingRuntimeApiTest {

    private static final List<byte[]> EVENTS =
            List.of("{\"n\":1}".getBytes(StandardCharsets.UTF_8), "{\"n\":2}".getBytes(StandardCharsets.UTF_8));

    @Test
    void handsOutItsEventsInOrderAndCountsTheAnswers() throws Exception {
        try (TrainingRuntimeApi api = new TrainingRuntimeApi(EVENTS);
                Socket socket = connect(api)) {
            String first = exchange(socket, "GET " + RuntimeApiServer.NEXT + " HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(first)
                    .startsWith("HTTP/1.1 200 OK")
                    .contains(RuntimeApiServer.REQUEST_ID + ": training-0")
                    .contains(RuntimeApiServer.DEADLINE + ": ")
                    .contains(RuntimeApiServer.FUNCTION_ARN + ": arn:aws:lambda:")
                    .contains(RuntimeApiServer.TRACE_ID + ": Root=")
                    .endsWith("{\"n\":1}");
            String answer = exchange(
                    socket,
                    "POST " + RuntimeApiServer.INVOCATION
                            + "training-0/response HTTP/1.1\r\nContent-Length: 2\r\n\r\n{}");
            assertThat(answer).startsWith("HTTP/1.1 202 Accepted").endsWith("{\"status\":\"OK\"}");
            assertThat(exchange(socket, "GET " + RuntimeApiServer.NEXT + " HTTP/1.1\r\n\r\n"))
                    .contains("training-1")
                    .endsWith("{\"n\":2}");
            exchange(
                    socket,
                    "POST " + RuntimeApiServer.INVOCATION
                            + "training-1/error HTTP/1.1\r\ncontent-length: 17\r\n\r\n{\"errorType\":\"x\"}");
            assertThat(api.answered()).isEqualTo(2);

            socket.getOutputStream()
                    .write(("GET " + RuntimeApiServer.NEXT + " HTTP/1.1\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            assertThat(socket.getInputStream().read())
                    .as("no event left: the connection ends")
                    .isEqualTo(-1);
        }
    }

    @Test
    void keepsTheInitErrorAndAnswersOtherPathsWith404() throws Exception {
        try (TrainingRuntimeApi api = new TrainingRuntimeApi(EVENTS);
                Socket socket = connect(api)) {
            assertThat(exchange(
                            socket,
                            "POST " + RuntimeApiServer.INIT_ERROR
                                    + " HTTP/1.1\r\nContent-Length: 26\r\n\r\n{\"errorType\":\"Runtime.X\"}\n"))
                    .startsWith("HTTP/1.1 202");
            assertThat(api.initError()).contains("Runtime.X");
            assertThat(exchange(socket, "GET /2018-06-01/elsewhere HTTP/1.1\r\n\r\n"))
                    .startsWith("HTTP/1.1 404");
            assertThat(api.answered()).isZero();
        }
    }

    @Test
    void endsTheConnectionAtABadContentLength() throws Exception {
        for (String length : List.of("many", "-1", Long.toString(RuntimeApiServer.MAX_RESPONSE_BYTES + 1L))) {
            try (TrainingRuntimeApi api = new TrainingRuntimeApi(EVENTS);
                    Socket socket = connect(api)) {
                socket.getOutputStream()
                        .write(("POST " + RuntimeApiServer.INVOCATION
                                        + "training-0/response HTTP/1.1\r\nContent-Length: " + length + "\r\n\r\n")
                                .getBytes(StandardCharsets.US_ASCII));
                assertThat(socket.getInputStream().read()).as(length).isEqualTo(-1);
                assertThat(api.answered()).isZero();
            }
        }
    }

    @Test
    void endsTheConnectionAtAHeadPastItsLimitOrAMalformedRequestLine() throws Exception {
        for (String request : List.of(
                "GET " + RuntimeApiServer.NEXT + " HTTP/1.1\r\nX: " + "a".repeat(20_000) + "\r\n\r\n",
                "GARBAGE\r\n\r\n")) {
            try (TrainingRuntimeApi api = new TrainingRuntimeApi(EVENTS);
                    Socket socket = connect(api)) {
                socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
                assertThat(readAll(socket.getInputStream())).isEmpty();
            }
        }
    }

    private static Socket connect(TrainingRuntimeApi api) throws IOException {
        String[] hostPort = api.address().split(":");
        return new Socket(hostPort[0], Integer.parseInt(hostPort[1]));
    }

    /** Sends {@code request} and reads one answer: its head and its Content-Length body. */
    private static String exchange(Socket socket, String request) throws IOException {
        socket.getOutputStream().write(request.getBytes(StandardCharsets.UTF_8));
        InputStream in = socket.getInputStream();
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                return head.toString(StandardCharsets.ISO_8859_1);
            }
            head.write(b);
        }
        String text = head.toString(StandardCharsets.ISO_8859_1);
        int length = 0;
        for (String line : text.split("\r\n")) {
            if (line.startsWith("Content-Length:")) {
                length = Integer.parseInt(
                        line.substring("Content-Length:".length()).trim());
            }
        }
        return text + new String(in.readNBytes(length), StandardCharsets.UTF_8);
    }

    private static byte[] readAll(InputStream in) throws IOException {
        try {
            return in.readAllBytes();
        } catch (java.net.SocketException e) {
            return new byte[0]; // reset: ended all the same
        }
    }
}
