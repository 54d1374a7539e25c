package dev.gatewaycli.emulator.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatewaycli.emulator.Http;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The Runtime API's protocol as AWS documents it (docs/fidelity.md §5), over real HTTP: what {@code /next} hands over,
 * what each call answers, and the errors a misbehaving runtime gets. The environment behind it is a recording
 * listener, so that each answer is the server's own.
 */
@Timeout(30)
class RuntimeApiServerTest {

    final List<String> calls = new CopyOnWriteArrayList<>();
    final CompletableFuture<RuntimeApiServer.Delivery> next = new CompletableFuture<>();
    RuntimeApiServer server;

    final RuntimeApiServer.Listener listener = new RuntimeApiServer.Listener() {
        @Override
        public CompletableFuture<RuntimeApiServer.Delivery> next() {
            calls.add("next");
            return next;
        }

        @Override
        public RuntimeApiServer.Answer response(String requestId, byte[] body) {
            calls.add("response " + requestId + " " + new String(body, StandardCharsets.UTF_8));
            return requestId.equals("req-1")
                    ? RuntimeApiServer.Answer.accepted()
                    : RuntimeApiServer.Answer.error(400, "InvalidRequestID", "Invalid request ID: " + requestId);
        }

        @Override
        public RuntimeApiServer.Answer error(String requestId, String errorType, byte[] body) {
            calls.add("error " + requestId + " " + errorType + " " + new String(body, StandardCharsets.UTF_8));
            return RuntimeApiServer.Answer.accepted();
        }

        @Override
        public RuntimeApiServer.Answer initError(String errorType, byte[] body) {
            calls.add("init " + errorType);
            return RuntimeApiServer.Answer.error(403, "InvalidStateTransition", "already initialised");
        }

        @Override
        public void responseTooLarge(String requestId) {
            calls.add("too large " + requestId);
        }
    };

    @BeforeEach
    void start() {
        server = RuntimeApiServer.start(listener);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    String url(String path) {
        return "http://" + server.address() + "/2018-06-01/runtime/" + path;
    }

    HttpResponse<String> post(String path, byte[] body, String... headers) {
        HttpRequest.Builder b =
                HttpRequest.newBuilder(URI.create(url(path))).POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (headers.length > 0) {
            b.headers(headers);
        }
        return Http.send(b);
    }

    @Test
    void nextWhenAnInvocationIsHandedOverThenItsEventAndLambdaRuntimeHeaders() {
        CompletableFuture<HttpResponse<String>> polled =
                CompletableFuture.supplyAsync(() -> Http.get(url("invocation/next")));
        next.complete(new RuntimeApiServer.Delivery(
                "req-1",
                "{\"path\":\"/\"}".getBytes(StandardCharsets.UTF_8),
                1700000000123L,
                "arn:aws:lambda:us-east-1:123456789012:function:fn",
                "Root=1-abc;Parent=def;Sampled=0"));
        HttpResponse<String> r = polled.join();
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("{\"path\":\"/\"}");
        assertThat(r.headers().firstValue("Lambda-Runtime-Aws-Request-Id")).hasValue("req-1");
        assertThat(r.headers().firstValue("Lambda-Runtime-Deadline-Ms")).hasValue("1700000000123");
        assertThat(r.headers().firstValue("Lambda-Runtime-Invoked-Function-Arn"))
                .hasValue("arn:aws:lambda:us-east-1:123456789012:function:fn");
        assertThat(r.headers().firstValue("Lambda-Runtime-Trace-Id")).hasValue("Root=1-abc;Parent=def;Sampled=0");
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json");
    }

    @Test
    void responseAndErrorWhenPostedThen202StatusOkAndTheListenerHasThem() {
        HttpResponse<String> ok =
                post("invocation/req-1/response", "{\"statusCode\":200}".getBytes(StandardCharsets.UTF_8));
        assertThat(ok.statusCode()).isEqualTo(202);
        assertThat(ok.body()).isEqualTo("{\"status\":\"OK\"}");
        HttpResponse<String> error = post(
                "invocation/req-1/error",
                "{\"errorMessage\":\"boom\",\"errorType\":\"Error\"}".getBytes(StandardCharsets.UTF_8),
                "Lambda-Runtime-Function-Error-Type",
                "Unhandled");
        assertThat(error.statusCode()).isEqualTo(202);
        assertThat(calls)
                .containsExactly(
                        "response req-1 {\"statusCode\":200}",
                        "error req-1 Unhandled {\"errorMessage\":\"boom\",\"errorType\":\"Error\"}");
    }

    @Test
    void callsWhenWrongIdStateOrPathThenTheRuntimeApisErrorShapes() {
        HttpResponse<String> wrongId = post("invocation/other/response", new byte[0]);
        assertThat(wrongId.statusCode()).isEqualTo(400);
        assertThat(Http.json(wrongId.body()).get("errorType").asString()).isEqualTo("InvalidRequestID");
        HttpResponse<String> late = post(
                "init/error", "{}".getBytes(StandardCharsets.UTF_8), "Lambda-Runtime-Function-Error-Type", "Runtime.X");
        assertThat(late.statusCode()).isEqualTo(403);
        assertThat(Http.json(late.body()).get("errorType").asString()).isEqualTo("InvalidStateTransition");
        HttpResponse<String> unknown = Http.get(url("restore/next"));
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(Http.json(unknown.body()).has("errorMessage")).isTrue();
    }

    @Test
    void responseWhenLargerThanSixMegabytesThen413AndTheInvocationFails() {
        HttpResponse<String> r = post("invocation/req-1/response", new byte[RuntimeApiServer.MAX_RESPONSE_BYTES + 1]);
        assertThat(r.statusCode()).isEqualTo(413);
        assertThat(Http.json(r.body()).get("errorMessage").asString())
                .isEqualTo("Response payload size exceeded maximum allowed payload size (6291556 bytes).");
        assertThat(calls).containsExactly("too large req-1");
    }

    @Test
    void sameUserWhenOurOwnLoopbackSocketThenAcceptedAndAnUnknownOneRefused() throws Exception {
        try (java.net.ServerSocket listening =
                        new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress());
                java.net.Socket client =
                        new java.net.Socket(java.net.InetAddress.getLoopbackAddress(), listening.getLocalPort());
                java.net.Socket accepted = listening.accept()) {
            java.net.InetSocketAddress peer = (java.net.InetSocketAddress) accepted.getRemoteSocketAddress();
            java.net.InetSocketAddress local = (java.net.InetSocketAddress) accepted.getLocalSocketAddress();
            assertThat(LoopbackPeers.sameUser(peer, local))
                    .as("a socket of this process")
                    .isTrue();
            java.net.InetSocketAddress nobody = new java.net.InetSocketAddress(peer.getAddress(), 1);
            assertThat(LoopbackPeers.sameUser(nobody, local))
                    .as("no such socket")
                    .isFalse();
            assertThat(client.isConnected()).isTrue();
        }
    }

    /** Sends {@code count} responses for req-1 on one kept-alive socket; the status line of each answer. */
    static List<String> keptAlive(String address, int count) throws Exception {
        String[] hostPort = address.split(":");
        List<String> statuses = new java.util.ArrayList<>();
        try (java.net.Socket socket = new java.net.Socket(hostPort[0], Integer.parseInt(hostPort[1]))) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            for (int i = 0; i < count; i++) {
                out.write(("POST /2018-06-01/runtime/invocation/req-1/response HTTP/1.1\r\nHost: " + address
                                + "\r\nContent-Length: 2\r\n\r\n{}")
                        .getBytes(StandardCharsets.US_ASCII));
                out.flush();
                // The answer: its head, then the body of the Content-Length it gives.
                StringBuilder head = new StringBuilder();
                int c;
                while (!head.toString().endsWith("\r\n\r\n") && (c = in.read()) >= 0) {
                    head.append((char) c);
                }
                if (head.length() == 0) {
                    statuses.add("closed");
                    return statuses;
                }
                Matcher length = Pattern.compile("(?i)content-length: *(\\d+)").matcher(head);
                int body = length.find() ? Integer.parseInt(length.group(1)) : 0;
                in.readNBytes(body);
                statuses.add(head.substring(0, head.indexOf("\r\n")));
            }
        }
        return statuses;
    }

    @Test
    void peerCheckWhenOneConnectionCarriesManyCallsThenItRunsOnceForTheConnection() throws Exception {
        java.util.concurrent.atomic.AtomicInteger checks = new java.util.concurrent.atomic.AtomicInteger();
        try (RuntimeApiServer counted = RuntimeApiServer.start(listener, (peer, local) -> {
            checks.incrementAndGet();
            return true;
        })) {
            assertThat(keptAlive(counted.address(), 3))
                    .containsOnly("HTTP/1.1 202 Accepted")
                    .hasSize(3);
        }
        assertThat(checks).hasValue(1);
        assertThat(calls).containsExactly("response req-1 {}", "response req-1 {}", "response req-1 {}");
    }

    @Test
    void peerCheckWhenItRefusesThenTheConnectionClosesBeforeAnyCall() throws Exception {
        try (RuntimeApiServer refusing = RuntimeApiServer.start(listener, (peer, local) -> false)) {
            List<String> statuses;
            try {
                statuses = keptAlive(refusing.address(), 1);
            } catch (java.net.SocketException reset) {
                statuses = List.of("closed");
            }
            assertThat(statuses).containsExactly("closed");
        }
        assertThat(calls).isEmpty();
    }

    /** A raw socket to the Runtime API at {@code address} ({@code host:port}), reads timing out after 10 s. */
    static Socket connect(String address) throws IOException {
        String[] hostPort = address.split(":");
        Socket socket = new Socket(hostPort[0], Integer.parseInt(hostPort[1]));
        socket.setSoTimeout(10_000);
        return socket;
    }

    /** What the server answers on one socket to {@code request}, sent in one write, read until {@code answers} heads. */
    static String exchange(String address, String request, int answers, Runnable between) throws Exception {
        try (Socket socket = connect(address)) {
            socket.getOutputStream().write(request.getBytes(StandardCharsets.UTF_8));
            socket.getOutputStream().flush();
            InputStream in = socket.getInputStream();
            StringBuilder text = new StringBuilder();
            for (int i = 0; i < answers; i++) {
                int head = text.length();
                int c;
                while (!text.substring(head).endsWith("\r\n\r\n") && (c = in.read()) >= 0) {
                    text.append((char) c);
                }
                Matcher length = Pattern.compile("(?i)content-length: *(\\d+)").matcher(text.substring(head));
                if (length.find()) {
                    text.append(new String(in.readNBytes(Integer.parseInt(length.group(1))), StandardCharsets.UTF_8));
                }
                if (i == 0) {
                    between.run();
                }
            }
            return text.toString();
        }
    }

    @Test
    void callsWhenPipelinedOnOneWriteThenAnsweredInOrderAndTheNextHeldUntilHandedOver() throws Exception {
        String address = server.address();
        String response = "POST /2018-06-01/runtime/invocation/req-1/response HTTP/1.1\r\nHost: " + address
                + "\r\nContent-Length: 2\r\n\r\n{}";
        String next = "GET /2018-06-01/runtime/invocation/next HTTP/1.1\r\nHost: " + address + "\r\n\r\n";
        String after = "POST /2018-06-01/runtime/invocation/req-2/response HTTP/1.1\r\nHost: " + address
                + "\r\nContent-Length: 4\r\n\r\n\"ok\"";
        // The first answer read, the /next is held and the call after it waits: only then is the invocation handed
        // over.
        String answers = exchange(address, response + next + after, 3, () -> {
            assertThat(calls).containsExactly("response req-1 {}", "next");
            next(this.next);
        });
        assertThat(answers.split("HTTP/1.1 ", -1))
                .extracting(a -> a.isEmpty() ? "" : a.substring(0, 3))
                .containsExactly("", "202", "200", "400");
        assertThat(answers).contains("Lambda-Runtime-Aws-Request-Id: req-2\r\n").contains("{\"n\":2}");
        assertThat(calls).containsExactly("response req-1 {}", "next", "response req-2 \"ok\"");
    }

    static void next(CompletableFuture<RuntimeApiServer.Delivery> next) {
        next.complete(new RuntimeApiServer.Delivery(
                "req-2",
                "{\"n\":2}".getBytes(StandardCharsets.UTF_8),
                1L,
                "arn:aws:lambda:us-east-1:1:function:f",
                "Root=1"));
    }

    @Test
    void responseWhenExpectContinueThen100ContinueBeforeTheBodyAnd202() throws Exception {
        String address = server.address();
        try (Socket socket = connect(address)) {
            OutputStream out = socket.getOutputStream();
            out.write(("POST /2018-06-01/runtime/invocation/req-1/response HTTP/1.1\r\nHost: " + address
                            + "\r\nContent-Length: 2\r\nExpect: 100-continue\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            byte[] interim = in.readNBytes("HTTP/1.1 100 Continue\r\n\r\n".length());
            assertThat(new String(interim, StandardCharsets.US_ASCII)).isEqualTo("HTTP/1.1 100 Continue\r\n\r\n");
            assertThat(calls).isEmpty();
            out.write("{}".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            byte[] status = in.readNBytes("HTTP/1.1 202".length());
            assertThat(new String(status, StandardCharsets.US_ASCII)).isEqualTo("HTTP/1.1 202");
        }
        assertThat(calls).containsExactly("response req-1 {}");
    }

    @Test
    void callWhenNotHttpThen400AndTheConnectionClosed() throws Exception {
        String address = server.address();
        try (Socket socket = connect(address)) {
            socket.getOutputStream()
                    .write("POST /2018-06-01/runtime/init/error HTTP/1.1\r\nContent-Length: nope\r\n\r\n"
                            .getBytes(StandardCharsets.US_ASCII));
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
            assertThat(answer).startsWith("HTTP/1.1 400 Bad Request\r\n").contains("connection: close");
        }
        assertThat(calls).isEmpty();
    }
}
