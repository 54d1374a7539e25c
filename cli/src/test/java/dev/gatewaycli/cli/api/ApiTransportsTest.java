package dev.gatewaycli.cli.api;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.gatewaycli.cli.api.ApiClient.Via;
import dev.gatewaycli.cli.config.Settings;
import dev.gatewaycli.cli.config.TlsTrust;
import dev.gatewaycli.cli.http.Deadline;
import dev.gatewaycli.cli.http.HttpTrace;
import dev.gatewaycli.cli.http.Redactor;
import dev.gatewaycli.cli.process.ExitCodes;
import dev.gatewaycli.cli.process.ExitException;
import dev.gatewaycli.emulator.tls.LocalCertificateAuthority;
import dev.gatewaycli.emulator.tls.ServerCertificate;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Both API transports, the JDK's {@code HttpURLConnection} and WebClient, against the same loopback servers: the
 * same answer, the same headers on the wire, the same limits and the same one line for each failure.
 */
class ApiTransportsTest {

    /** A test run once for each transport. */
    @Target(ElementType.METHOD)
    @Retention(RetentionPolicy.RUNTIME)
    @ParameterizedTest
    @EnumSource(
            value = Via.class,
            names = {"URL_CONNECTION", "WEB_CLIENT"})
    @interface BothTransports {}

    private static final String TOKEN = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJlLW9mLWEtdG9rZW4";

    @RegisterExtension
    static WireMockExtension server = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort().dynamicHttpsPort())
            .build();

    private final StringWriter err = new StringWriter();

    private final HttpTrace trace = new HttpTrace(new PrintWriter(err), new Redactor(), true);

    private static Settings.Http http(Duration readTimeout, int maxBytes, Duration maxTime) {
        return new Settings.Http(Duration.ofSeconds(2), readTimeout, 0, maxBytes, maxTime);
    }

    private ApiClient client(Via via) {
        return client(via, http(Duration.ofSeconds(5), 1024, Duration.ofSeconds(20)));
    }

    private ApiClient client(Via via, Settings.Http settings) {
        return new ApiClient(settings, trace, via);
    }

    /** The plain-HTTP base URL ({@code baseUrl()} is the HTTPS one once WireMock serves both). */
    private static String base() {
        return "http://127.0.0.1:" + server.getPort();
    }

    private static ApiRequest request(String method, String path, byte[] body, String... headers) {
        List<Map.Entry<String, String>> list = new java.util.ArrayList<>();
        for (int i = 0; i < headers.length; i += 2) {
            list.add(Map.entry(headers[i], headers[i + 1]));
        }
        return new ApiRequest(method, URI.create(base() + path), list, body);
    }

    private static ExitException failure(Runnable call) {
        ExitException ex = catchThrowableOfType(ExitException.class, call::run);
        assertThat(ex).as("one clear failure").isNotNull();
        return ex;
    }

    @BothTransports
    void sendWhenAnsweredThenStatusHeadersAndBodyAsSentAndTokenOnTheWire(Via via) {
        server.stubFor(post(urlEqualTo("/prod/items?x=1"))
                .willReturn(aResponse()
                        .withStatus(201)
                        .withHeader("Content-Type", "application/json")
                        .withHeader("X-Multi", "a", "b")
                        .withBody("{\"ok\":true}")));

        ApiResponse response = client(via)
                .send(
                        request(
                                "POST",
                                "/prod/items?x=1",
                                "{\"n\":1}".getBytes(StandardCharsets.UTF_8),
                                "Content-Type",
                                "application/json",
                                "X-Trace",
                                "abc"),
                        TOKEN,
                        true,
                        Deadline.after(Duration.ofSeconds(20)));

        assertThat(response.status()).isEqualTo(201);
        assertThat(response.reason()).isEqualTo("Created");
        assertThat(response.bodyText()).isEqualTo("{\"ok\":true}");
        assertThat(response.headers().getFirst("content-type")).isEqualTo("application/json");
        Map<String, List<String>> grouped = new java.util.LinkedHashMap<>();
        response.headers().forEach((name, values) -> grouped.put(name.toLowerCase(java.util.Locale.ROOT), values));
        assertThat(grouped.get("x-multi")).containsExactly("a", "b");

        List<LoggedRequest> sent = server.findAll(postRequestedFor(urlEqualTo("/prod/items?x=1")));
        assertThat(sent).hasSize(1);
        LoggedRequest wire = sent.get(0);
        assertThat(wire.getHeader("Authorization")).isEqualTo("Bearer " + TOKEN);
        assertThat(wire.getHeader("Content-Type")).isEqualTo("application/json");
        assertThat(wire.getHeader("Content-Length")).isEqualTo("7");
        assertThat(wire.getHeader("X-Trace")).isEqualTo("abc");
        assertThat(wire.getHeader("Accept")).as("not the JDK's text/html list").isEqualTo("*/*");
        assertThat(wire.getHeader("User-Agent"))
                .as("not Java/NN nor ReactorNetty")
                .startsWith("gateway-cli/");
        assertThat(wire.containsHeader("Cache-Control"))
                .as("nothing the user did not give")
                .isFalse();
        assertThat(wire.containsHeader("Pragma")).isFalse();
        assertThat(wire.getBodyAsString()).isEqualTo("{\"n\":1}");
    }

    @BothTransports
    void exchangeWhenUserGivesAcceptUserAgentHostAndOriginThenSentAsGiven(Via via) {
        server.stubFor(get(urlEqualTo("/prod/cors")).willReturn(aResponse().withStatus(204)));

        ApiResponse response = client(via)
                .exchange(
                        request(
                                "GET",
                                "/prod/cors",
                                null,
                                "Accept",
                                "application/xml",
                                "User-Agent",
                                "probe/1",
                                "Origin",
                                "https://app.example",
                                "Host",
                                "api.example:" + server.getPort()),
                        "API");

        assertThat(response.status()).isEqualTo(204);
        assertThat(response.body()).isEmpty();
        LoggedRequest wire =
                server.findAll(getRequestedFor(urlEqualTo("/prod/cors"))).get(0);
        assertThat(wire.getHeader("Accept")).isEqualTo("application/xml");
        assertThat(wire.getHeader("User-Agent")).isEqualTo("probe/1");
        assertThat(wire.getHeader("Origin"))
                .as("a header the JDK restricts, sent as given")
                .isEqualTo("https://app.example");
        assertThat(wire.getHeader("Host")).isEqualTo("api.example:" + server.getPort());
        assertThat(wire.containsHeader("Authorization"))
                .as("exchange adds no token")
                .isFalse();
    }

    @BothTransports
    void exchangeWhenErrorStatusThenItsBodyAndHeadersAreTheAnswer(Via via) {
        server.stubFor(get(urlEqualTo("/prod/denied"))
                .willReturn(aResponse()
                        .withStatus(401)
                        .withHeader("x-amzn-ErrorType", "UnauthorizedException")
                        .withHeader("WWW-Authenticate", "Bearer")
                        .withBody("{\"message\":\"Unauthorized\"}")));
        server.stubFor(post(urlEqualTo("/prod/gone")).willReturn(aResponse().withStatus(410)));

        ApiResponse denied = client(via).send(request("GET", "/prod/denied", null), TOKEN, false);
        ApiResponse gone = client(via)
                .send(request("POST", "/prod/gone", new byte[] {'x'}, "Content-Type", "text/plain"), TOKEN, false);

        assertThat(denied.status()).isEqualTo(401);
        assertThat(denied.gatewayMessage()).contains("Unauthorized");
        assertThat(CallCommand.refusedByAuthorizer(denied))
                .as("the header read whatever its case")
                .isTrue();
        assertThat(gone.status()).isEqualTo(410);
        assertThat(gone.body()).as("no body: empty").isEmpty();
        server.verify(1, getRequestedFor(urlEqualTo("/prod/denied")));
        server.verify(1, postRequestedFor(urlEqualTo("/prod/gone")));
    }

    @BothTransports
    void exchangeWhenRedirectThenNotFollowed(Via via) {
        server.stubFor(get(urlEqualTo("/prod/moved"))
                .willReturn(aResponse().withStatus(302).withHeader("Location", base() + "/elsewhere")));

        ApiResponse response = client(via).send(request("GET", "/prod/moved", null), TOKEN, false);

        assertThat(response.status()).isEqualTo(302);
        server.verify(0, getRequestedFor(urlEqualTo("/elsewhere")));
    }

    @BothTransports
    void exchangeWhenBodyOverLimitThenExit5SizeLimit(Via via) {
        server.stubFor(get(urlEqualTo("/prod/big"))
                .willReturn(aResponse().withStatus(200).withBody("x".repeat(1025))));
        server.stubFor(get(urlEqualTo("/prod/fits"))
                .willReturn(aResponse().withStatus(200).withBody("x".repeat(1024))));

        ExitException ex = failure(() -> client(via).send(request("GET", "/prod/big", null), TOKEN, false));

        assertThat(ex.getStatus()).isEqualTo(ExitCodes.NETWORK);
        assertThat(ex.getMessage())
                .isEqualTo("the API answered with more than the size limit: it is not the answer " + "expected from "
                        + base() + "/prod/big");
        assertThat(client(via)
                        .send(request("GET", "/prod/fits", null), TOKEN, false)
                        .body())
                .hasSize(1024);
    }

    @BothTransports
    void exchangeWhenSlowerThanReadTimeoutThenExit5DidNotAnswer(Via via) {
        server.stubFor(get(urlEqualTo("/prod/slow"))
                .willReturn(aResponse().withStatus(200).withFixedDelay(3000)));

        ExitException ex = failure(() -> client(via, http(Duration.ofMillis(300), 1024, Duration.ofSeconds(20)))
                .send(request("GET", "/prod/slow", null), TOKEN, false));

        assertThat(ex.getStatus()).isEqualTo(ExitCodes.NETWORK);
        assertThat(ex.getMessage())
                .isEqualTo("the API at 127.0.0.1:" + server.getPort()
                        + " did not answer in time: try again, or raise --read-timeout");
    }

    @BothTransports
    void exchangeWhenBodyTricklesPastMaxTimeThenEndsAtTheDeadline(Via via) {
        // Each chunk well within the read timeout, the whole far beyond --max-time.
        server.stubFor(get(urlEqualTo("/prod/drip"))
                .willReturn(
                        aResponse().withStatus(200).withBody("y".repeat(100)).withChunkedDribbleDelay(100, 20_000)));

        long start = System.nanoTime();
        ExitException ex = failure(() -> client(via, http(Duration.ofSeconds(5), 1024, Duration.ofMillis(800)))
                .send(request("GET", "/prod/drip", null), TOKEN, false));
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertThat(ex.getStatus()).isEqualTo(ExitCodes.NETWORK);
        assertThat(ex.getMessage()).contains("did not finish within --max-time 800ms");
        assertThat(took).as("ends at the deadline, not when the server is done").isLessThan(Duration.ofSeconds(4));
    }

    @BothTransports
    void exchangeWhenConnectionRefusedThenExit5CannotConnectAndVerboseFailureLine(Via via) throws IOException {
        int port;
        try (ServerSocket closed = new ServerSocket(0)) {
            port = closed.getLocalPort();
        }
        URI uri = URI.create("http://127.0.0.1:" + port + "/prod/");

        ExitException ex = failure(() -> client(via).send(new ApiRequest("GET", uri, List.of(), null), TOKEN, false));

        assertThat(ex.getStatus()).isEqualTo(ExitCodes.NETWORK);
        assertThat(ex.getMessage())
                .isEqualTo("cannot connect to the API at 127.0.0.1:" + port + ": is it running and is the URL (" + uri
                        + ") right?");
        assertThat(err.toString()).contains("! GET " + uri + " failed: ");
    }

    @BothTransports
    void exchangeWhenUnknownHostThenExit5UnknownHost(Via via) {
        URI uri = URI.create("http://no-such-host.invalid/prod/");

        ExitException ex = failure(() -> client(via).send(new ApiRequest("GET", uri, List.of(), null), TOKEN, false));

        assertThat(ex.getStatus()).isEqualTo(ExitCodes.NETWORK);
        assertThat(ex.getMessage())
                .isEqualTo("unknown host no-such-host.invalid for the API: check the URL (" + uri + ") and your DNS");
    }

    @BothTransports
    void exchangeWhenCertificateNotTrustedThenExit5CaLine(Via via) {
        server.stubFor(get(urlEqualTo("/prod/tls"))
                .willReturn(aResponse().withStatus(200).withBody("secret")));
        URI uri = URI.create("https://localhost:" + server.getHttpsPort() + "/prod/tls");

        ExitException ex = failure(() -> client(via).send(new ApiRequest("GET", uri, List.of(), null), TOKEN, false));

        assertThat(ex.getStatus()).isEqualTo(ExitCodes.NETWORK);
        assertThat(ex.getMessage())
                .startsWith("the certificate of localhost:" + server.getHttpsPort()
                        + " is not signed by a CA this CLI trusts (API at " + uri + "): pass --cacert FILE");
        server.verify(0, getRequestedFor(urlEqualTo("/prod/tls")));
    }

    @BothTransports
    void sendWhenPostConnectionResetThenExit5AndSentExactlyOnce(Via via) {
        server.stubFor(
                post(urlEqualTo("/prod/orders")).willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
        server.stubFor(post(urlEqualTo("/prod/empty")).willReturn(aResponse().withFault(Fault.EMPTY_RESPONSE)));

        ExitException reset = failure(() -> client(via)
                .send(
                        request(
                                "POST",
                                "/prod/orders",
                                "{}".getBytes(StandardCharsets.UTF_8),
                                "Content-Type",
                                "application/json"),
                        TOKEN,
                        false));
        ExitException empty = failure(() -> client(via).send(request("POST", "/prod/empty", null), TOKEN, false));

        for (ExitException ex : List.of(reset, empty)) {
            assertThat(ex.getStatus()).isEqualTo(ExitCodes.NETWORK);
            assertThat(ex.getMessage()).contains("closed the connection before answering");
        }
        server.verify(1, postRequestedFor(urlEqualTo("/prod/orders")));
        server.verify(1, postRequestedFor(urlEqualTo("/prod/empty")));
    }

    @BothTransports
    void exchangeWhenVerboseThenSameTraceLinesWithAuthorizationMasked(Via via) {
        server.stubFor(get(urlEqualTo("/prod/v"))
                .willReturn(aResponse().withStatus(200).withHeader("X-Answer", "42")));

        client(via).send(request("GET", "/prod/v", null, "X-Trace", "t1"), TOKEN, true);

        String out = err.toString();
        assertThat(out).contains("> GET " + base() + "/prod/v\n");
        assertThat(out).contains("> X-Trace: t1\n", "> Authorization: Bearer ****\n", "> Accept: */*\n");
        assertThat(out).containsPattern("< 200 \\(\\d+ ms\\)\n");
        assertThat(out).contains("< X-Answer: 42");
        assertThat(out).doesNotContain(TOKEN);
    }

    @BothTransports
    void exchangeWhenHttpsConnectionResetBeforeAnswerThenExit5AndGetSentExactlyOnce(Via via, @TempDir Path dir)
            throws Exception {
        LocalCertificateAuthority ca = LocalCertificateAuthority.loadOrCreate(dir.resolve("ca"), Clock.systemUTC());
        ServerCertificate certificate = ca.issue(List.of("localhost", "127.0.0.1"));
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        char[] password = "test".toCharArray();
        store.setKeyEntry(
                "server", certificate.key(), password, certificate.chain().toArray(new Certificate[0]));
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(store, password);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keys.getKeyManagers(), null, null);
        AtomicInteger requests = new AtomicInteger();
        try (SSLServerSocket tls = (SSLServerSocket)
                context.getServerSocketFactory().createServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread acceptor = new Thread(() -> resetEach(tls, requests), "reset-after-request");
            acceptor.setDaemon(true);
            acceptor.start();
            Settings.Http settings = new Settings.Http(
                    Duration.ofSeconds(2),
                    Duration.ofSeconds(5),
                    0,
                    1024,
                    Duration.ofSeconds(20),
                    TlsTrust.withCaFile(ca.certificateFile(), "--cacert"));
            URI uri = URI.create("https://localhost:" + tls.getLocalPort() + "/prod/");

            ExitException ex = failure(
                    () -> client(via, settings).send(new ApiRequest("GET", uri, List.of(), null), TOKEN, false));

            assertThat(ex.getStatus()).isEqualTo(ExitCodes.NETWORK);
            assertThat(ex.getMessage()).contains("closed the connection before answering");
            Thread.sleep(200);
            assertThat(requests.get()).as("requests that reached the server").isEqualTo(1);
        }
    }

    /** Reads each request's head, then resets the connection (RST) instead of answering. */
    private static void resetEach(ServerSocket server, AtomicInteger requests) {
        while (!server.isClosed()) {
            try (Socket socket = server.accept()) {
                InputStream in = socket.getInputStream();
                int matched = 0;
                byte[] end = {'\r', '\n', '\r', '\n'};
                for (int b; matched < 4 && (b = in.read()) >= 0; ) {
                    matched = (b == end[matched]) ? matched + 1 : (b == '\r' ? 1 : 0);
                }
                if (matched == 4) {
                    requests.incrementAndGet();
                }
                socket.setSoLinger(true, 0);
            } catch (IOException ex) {
                // a handshake the client gave up, or the server closed: next
            }
        }
    }

    @Test
    void transportWhenChosenThenJdkForWhatItSendsAsGivenAndOnceAndWebClientForTheRest() {
        byte[] body = {'x'};
        assertThat(UrlConnectionTransport.sends(tls("GET", null))).isTrue();
        assertThat(UrlConnectionTransport.sends(tls("DELETE", null))).isTrue();
        assertThat(UrlConnectionTransport.sends(tls("POST", body, "Content-Type", "text/plain")))
                .isTrue();
        assertThat(UrlConnectionTransport.sends(tls("PUT", body)))
                .as("no form type added to a PUT")
                .isTrue();
        assertThat(UrlConnectionTransport.sends(tls("PATCH", body, "Content-Type", "text/plain")))
                .as("HttpURLConnection refuses PATCH")
                .isFalse();
        assertThat(UrlConnectionTransport.sends(tls("PURGE", null))).isFalse();
        assertThat(UrlConnectionTransport.sends(tls("GET", body, "Content-Type", "text/plain")))
                .as("the JDK would make it a POST")
                .isFalse();
        assertThat(UrlConnectionTransport.sends(tls("POST", body)))
                .as("the JDK would add a form Content-Type")
                .isFalse();

        assertThat(UrlConnectionTransport.sends(request("GET", "/", null))).isTrue();
        assertThat(UrlConnectionTransport.sends(request("HEAD", "/", null))).isTrue();
        assertThat(UrlConnectionTransport.sends(request("POST", "/", body, "Content-Type", "text/plain")))
                .isTrue();
        for (String method : List.of("PUT", "DELETE", "OPTIONS")) {
            assertThat(UrlConnectionTransport.sends(request(method, "/", null)))
                    .as("over plain http the JDK could send a %s twice", method)
                    .isFalse();
        }
    }

    @Test
    void transportWhenTheJdkInitialisedBeforeTheCliSetItsSwitchesThenWhatDependsOnThemGoesThroughWebClient() {
        byte[] body = {'x'};
        ApiRequest post = request("POST", "/", body, "Content-Type", "text/plain");
        ApiRequest origin = request("GET", "/", null, "Origin", "https://app.example");

        assertThat(UrlConnectionTransport.sends(post, true, true)).isTrue();
        assertThat(UrlConnectionTransport.sends(post, true, false))
                .as("a POST over plain http the JDK might send twice")
                .isFalse();
        assertThat(UrlConnectionTransport.sends(tls("POST", body, "Content-Type", "text/plain"), true, false))
                .as("over https one connection per exchange")
                .isTrue();
        assertThat(UrlConnectionTransport.sends(origin, true, true)).isTrue();
        assertThat(UrlConnectionTransport.sends(origin, false, true))
                .as("a header the JDK would drop")
                .isFalse();
        assertThat(UrlConnectionTransport.sends(request("GET", "/", null, "X-Trace", "1"), false, false))
                .as("nothing depends on the switches")
                .isTrue();
        assertThat(UrlConnectionTransport.sends(post))
                .as("this JVM has the switches from the start (the build sets them, as call's first connection does)")
                .isTrue();
    }

    private static ApiRequest tls(String method, byte[] body, String... headers) {
        ApiRequest plain = request(method, "/prod/", body, headers);
        return new ApiRequest(method, URI.create("https://api.example/prod/"), plain.headers(), body);
    }

    @Test
    void sendWhenPutOverPlainHttpResetThenExit5AndSentExactlyOnce() {
        server.stubFor(any(urlEqualTo("/prod/put")).willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));

        ExitException ex = failure(() -> new ApiClient(http(Duration.ofSeconds(5), 1024, Duration.ofSeconds(20)), trace)
                .send(request("PUT", "/prod/put", null), TOKEN, false));

        assertThat(ex.getStatus()).isEqualTo(ExitCodes.NETWORK);
        server.verify(1, anyRequestedFor(urlEqualTo("/prod/put")));
    }

    @Test
    void sendWhenPatchThenSentByWebClientWithBodyAndToken() {
        server.stubFor(any(urlEqualTo("/prod/items/1"))
                .willReturn(aResponse().withStatus(200).withBody("patched")));

        ApiResponse response = new ApiClient(http(Duration.ofSeconds(5), 1024, Duration.ofSeconds(20)), trace)
                .send(
                        request(
                                "PATCH",
                                "/prod/items/1",
                                "{\"a\":1}".getBytes(StandardCharsets.UTF_8),
                                "Content-Type",
                                "application/json"),
                        TOKEN,
                        false);

        assertThat(response.bodyText()).isEqualTo("patched");
        server.verify(
                1,
                anyRequestedFor(urlEqualTo("/prod/items/1"))
                        .withHeader("Authorization", equalTo(TOKEN))
                        .withHeader("X-HTTP-Method-Override", absent())
                        .withRequestBody(equalTo("{\"a\":1}")));
        assertThat(server.findAll(anyRequestedFor(urlEqualTo("/prod/items/1")))
                        .get(0)
                        .getMethod()
                        .getName())
                .isEqualTo("PATCH");
    }
}
