package dev.gatewaycli.cli.api;

import dev.gatewaycli.cli.config.Settings;
import dev.gatewaycli.cli.http.BoundedResponses;
import dev.gatewaycli.cli.http.Deadline;
import dev.gatewaycli.cli.http.Headers;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.Proxy;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLSocketFactory;

/**
 * The API request through the JDK's {@link HttpURLConnection} ({@link HttpsURLConnection} for {@code https}): a few
 * hundred classes where WebClient on Reactor Netty loads thousands, which is most of a one-request process's time.
 * The same rules as the WebClient path: the connect and read timeouts of the settings (the read timeout between any
 * two reads), one deadline for the whole exchange (a watchdog disconnects when it passes, so a server that trickles
 * bytes cannot outlive it), the body read whole up to the size limit, no redirect followed, no proxy, no cache, the
 * headers exactly as given, and the request sent once.
 *
 * <p>The JDK sends a request once more on a fresh connection when the first fails before the answer's status line,
 * unless it is a POST and {@code sun.net.http.retryPost} is false, which this class sets before the JDK's HTTP
 * client initialises (or it streams the body, which it cannot for a request that may be answered 401: it throws that
 * answer away). Over {@code https} the socket factory of each exchange hands out one connection, so the JDK cannot
 * send any request twice. Over plain {@code http} it has no such hook: there this transport takes POST, and GET and
 * HEAD, which are safe (RFC 9110 §9.2.1) and which the JDK may send once more when the connection fails before any
 * answer; every other method over plain {@code http} goes through WebClient.
 */
final class UrlConnectionTransport implements ApiTransport {

    private static final String RETRY_POST = "sun.net.http.retryPost";

    private static final String ALLOW_RESTRICTED = "sun.net.http.allowRestrictedHeaders";

    /** {@value #RETRY_POST} as it was before this class, or null. */
    private static final String GIVEN_RETRY_POST = System.getProperty(RETRY_POST);

    /** {@value #ALLOW_RESTRICTED} as it was before this class, or null. */
    private static final String GIVEN_ALLOW_RESTRICTED = System.getProperty(ALLOW_RESTRICTED);

    static {
        // Both are read once, when the JDK's HTTP client classes initialise: with the first HttpURLConnection of the
        // process, which in call and verify is this class's (see JdkSettings for a process where it is not).
        if (GIVEN_RETRY_POST == null) {
            // Never a second POST after a failed exchange: the function may have run.
            System.setProperty(RETRY_POST, "false");
        }
        if (GIVEN_ALLOW_RESTRICTED == null) {
            // Host, Origin, Connection, Via, ... as the user gives them, as WebClient sends them; without this the
            // JDK drops them without a word. Content-Length and Transfer-Encoding are refused earlier (RequestParts).
            System.setProperty(ALLOW_RESTRICTED, "true");
        }
    }

    /** The headers the JDK drops unless {@value #ALLOW_RESTRICTED} was true when it initialised. */
    private static final Set<String> RESTRICTED = Set.of(
            "access-control-request-headers",
            "access-control-request-method",
            "connection",
            "content-length",
            "content-transfer-encoding",
            "host",
            "keep-alive",
            "origin",
            "referer",
            "te",
            "trailer",
            "transfer-encoding",
            "upgrade",
            "via");

    /** The methods {@link HttpURLConnection} sends; it refuses others ({@code PATCH}) with a ProtocolException. */
    private static final Set<String> METHODS = Set.of("GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS", "TRACE");

    /** How often the watchdog tries again to disconnect after the deadline (a connection still being opened). */
    private static final long WATCHDOG_REPEAT_MILLIS = 10;

    private final Settings.Http http;

    UrlConnectionTransport(Settings.Http http) {
        this.http = http;
    }

    /** The methods this transport sends over plain {@code http}, where only a POST is surely sent once. */
    private static final Set<String> PLAIN_HTTP_METHODS = Set.of("GET", "HEAD", "POST");

    /**
     * True when this transport sends {@code request} exactly as given, and once: a method
     * {@link HttpURLConnection} knows (over plain {@code http} only POST, GET and HEAD, see the class comment), and
     * not a request it would change: a GET with a body (it makes it a POST), a TRACE with a body (refused), or a body
     * without a {@code Content-Type} (it adds a form type, except for PUT).
     */
    static boolean sends(ApiRequest request) {
        return sends(request, JdkSettings.RESTRICTED_HEADERS_SENT, JdkSettings.POST_SENT_ONCE);
    }

    /**
     * {@link #sends(ApiRequest)} given what the JDK's HTTP client took: whether it sends restricted headers, and
     * whether it never sends a POST twice.
     */
    static boolean sends(ApiRequest request, boolean restrictedHeadersSent, boolean postSentOnce) {
        String method = request.method();
        boolean tls = "https".equalsIgnoreCase(request.uri().getScheme());
        if (!(tls ? METHODS : PLAIN_HTTP_METHODS).contains(method)) {
            return false;
        }
        if (!tls && method.equals("POST") && !postSentOnce) {
            return false;
        }
        if (!restrictedHeadersSent
                && request.headers().stream()
                        .anyMatch((h) -> RESTRICTED.contains(h.getKey().toLowerCase(Locale.ROOT)))) {
            return false;
        }
        if (request.body() == null) {
            return true;
        }
        return !method.equals("GET")
                && !method.equals("TRACE")
                && (method.equals("PUT") || has(request.headers(), "Content-Type"));
    }

    @Override
    public ApiResponse exchange(ApiRequest request, Deadline deadline) throws IOException {
        if (deadline.passed()) {
            throw deadline.exceeded();
        }
        HttpURLConnection connection = (HttpURLConnection) request.uri().toURL().openConnection(Proxy.NO_PROXY);
        if (connection instanceof HttpsURLConnection https) {
            // The JDK's default host name verifier stays: it checks the name during the handshake.
            https.setSSLSocketFactory(new OneConnection(http.trust().socketFactory()));
        }
        connection.setRequestMethod(request.method());
        connection.setInstanceFollowRedirects(false);
        connection.setConnectTimeout(millis(min(http.connectTimeout(), deadline.remaining())));
        connection.setReadTimeout(millis(http.readTimeout()));
        // The default: with false the JDK would add Cache-Control and Pragma headers. No ResponseCache is installed.
        connection.setUseCaches(true);
        connection.setAllowUserInteraction(false);
        for (Map.Entry<String, String> header : request.headers()) {
            connection.addRequestProperty(header.getKey(), header.getValue());
        }
        Watchdog watchdog = new Watchdog(connection, deadline);
        watchdog.start();
        try {
            if (request.body() != null) {
                // Buffered by the JDK and sent with its Content-Length. Not its streaming mode: there it throws away
                // a 401 answer (HttpRetryException) that call must read to renew a refused token.
                connection.setDoOutput(true);
                try (OutputStream out = connection.getOutputStream()) {
                    out.write(request.body());
                }
            }
            int status = connection.getResponseCode();
            if (status < 0) {
                throw new IOException("Unexpected end of file from server: the answer is not HTTP");
            }
            Headers headers = headers(connection);
            byte[] body = body(connection, request.method(), status, headers);
            return new ApiResponse(status, ApiClient.reason(status), headers, body);
        } catch (IOException | RuntimeException ex) {
            // The watchdog's disconnect, or a connect timeout cut short to what was left of the deadline.
            if (watchdog.fired() || deadline.passed()) {
                throw deadline.exceeded();
            }
            throw ex;
        } finally {
            watchdog.cancel();
            // Closes this exchange's connection: nothing reuses it, and a request after a 401 gets one of its own.
            connection.disconnect();
        }
    }

    private static Headers headers(HttpURLConnection connection) {
        List<Map.Entry<String, String>> lines = new ArrayList<>();
        // Index 0 is the status line; the lines come in the order the server sent them.
        for (int i = 1; ; i++) {
            String name = connection.getHeaderFieldKey(i);
            String value = connection.getHeaderField(i);
            if (name == null && value == null) {
                break;
            }
            if (name != null) {
                lines.add(Map.entry(name, (value == null) ? "" : value));
            }
        }
        return Headers.of(lines);
    }

    /** The body whole, at most the size limit; an answer that ends before its Content-Length is a failure. */
    private byte[] body(HttpURLConnection connection, String method, int status, Headers headers) throws IOException {
        InputStream in = (status >= 400) ? connection.getErrorStream() : connection.getInputStream();
        if (in == null) {
            return new byte[0];
        }
        int max = http.maxResponseBytes();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        long total = 0;
        for (int n; (n = in.read(buffer)) >= 0; ) {
            total += n;
            if (total > max) {
                throw new BoundedResponses.TooLargeException(max);
            }
            out.write(buffer, 0, n);
        }
        String length = headers.getFirst("Content-Length");
        if (length != null && !method.equals("HEAD") && status != 204 && status != 304) {
            try {
                if (total < Long.parseLong(length.strip())) {
                    throw new IOException("Premature EOF: " + total + " of " + length.strip() + " bytes");
                }
            } catch (NumberFormatException ex) {
                // Not a length: the JDK read the body as the server framed it.
            }
        }
        return out.toByteArray();
    }

    private static boolean has(List<Map.Entry<String, String>> headers, String name) {
        return headers.stream().anyMatch((h) -> h.getKey().equalsIgnoreCase(name));
    }

    private static Duration min(Duration a, Duration b) {
        return (a.compareTo(b) <= 0) ? a : b;
    }

    /** At least 1: for the JDK 0 means no timeout at all. */
    private static int millis(Duration duration) {
        return (int) Math.min(Integer.MAX_VALUE, Math.max(1, duration.toMillis()));
    }

    /**
     * What the JDK's HTTP client took, found out once, on first need. In a process where something else (the AWS
     * SDK's client, in {@code deploy}) made the first {@code HttpURLConnection}, the JDK read the two switches before
     * this class set them: then a request that depends on them goes through WebClient. A restricted header kept on
     * an unconnected connection shows the JDK took {@value #ALLOW_RESTRICTED} as set here, and so had not initialised
     * before this class, {@value #RETRY_POST} included; a value given on the command line ({@code -D}) holds from the
     * start.
     */
    private static final class JdkSettings {

        static final boolean RESTRICTED_HEADERS_SENT = originKept();

        static final boolean POST_SENT_ONCE = (GIVEN_RETRY_POST != null)
                ? !Boolean.parseBoolean(GIVEN_RETRY_POST)
                : GIVEN_ALLOW_RESTRICTED == null && RESTRICTED_HEADERS_SENT;

        private static boolean originKept() {
            try {
                HttpURLConnection probe = (HttpURLConnection)
                        URI.create("http://127.0.0.1/").toURL().openConnection(Proxy.NO_PROXY);
                probe.setRequestProperty("Origin", "probe");
                return "probe".equals(probe.getRequestProperty("Origin"));
            } catch (IOException ex) {
                return false;
            }
        }
    }

    /**
     * Disconnects the exchange when the deadline passes, and again every few milliseconds until the exchange ends:
     * while the connection is still being opened a disconnect does nothing (the connect timeout, never longer than
     * what is left of the deadline, ends that wait). A disconnected exchange is never sent again by the JDK.
     */
    private static final class Watchdog extends Thread {

        private final HttpURLConnection connection;

        private final Deadline deadline;

        private volatile boolean fired;

        private volatile boolean cancelled;

        Watchdog(HttpURLConnection connection, Deadline deadline) {
            super("gateway-cli-deadline");
            setDaemon(true);
            this.connection = connection;
            this.deadline = deadline;
        }

        @Override
        public void run() {
            try {
                while (!cancelled) {
                    long left = deadline.remaining().toMillis();
                    if (left > 0) {
                        Thread.sleep(left);
                        continue;
                    }
                    fired = true;
                    connection.disconnect();
                    Thread.sleep(WATCHDOG_REPEAT_MILLIS);
                }
            } catch (InterruptedException ex) {
                // Cancelled: the exchange is over.
            }
        }

        boolean fired() {
            return fired;
        }

        void cancel() {
            cancelled = true;
            interrupt();
        }
    }

    /**
     * The trust's socket factory for one exchange: it opens one connection. The JDK's second attempt after a
     * failure before the answer (see the class comment) asks for another and fails before it sends anything.
     */
    static final class OneConnection extends SSLSocketFactory {

        private final SSLSocketFactory factory;

        private boolean opened;

        OneConnection(SSLSocketFactory factory) {
            this.factory = factory;
        }

        private synchronized void open() throws SocketException {
            if (opened) {
                throw new SocketException(
                        "Unexpected end of file from server: the connection ended before the answer; not sent again");
            }
            opened = true;
        }

        @Override
        public Socket createSocket() throws IOException {
            open();
            return factory.createSocket();
        }

        @Override
        public Socket createSocket(Socket socket, String host, int port, boolean autoClose) throws IOException {
            // Layers TLS over the connection just opened (or a proxy's tunnel): no new connection.
            return factory.createSocket(socket, host, port, autoClose);
        }

        @Override
        public Socket createSocket(String host, int port) throws IOException {
            open();
            return factory.createSocket(host, port);
        }

        @Override
        public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
            open();
            return factory.createSocket(host, port, localHost, localPort);
        }

        @Override
        public Socket createSocket(InetAddress host, int port) throws IOException {
            open();
            return factory.createSocket(host, port);
        }

        @Override
        public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
                throws IOException {
            open();
            return factory.createSocket(address, port, localAddress, localPort);
        }

        @Override
        public String[] getDefaultCipherSuites() {
            return factory.getDefaultCipherSuites();
        }

        @Override
        public String[] getSupportedCipherSuites() {
            return factory.getSupportedCipherSuites();
        }
    }
}
