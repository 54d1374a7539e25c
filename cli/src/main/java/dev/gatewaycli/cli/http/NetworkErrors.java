package dev.gatewaycli.cli.http;

import dev.gatewaycli.cli.config.Setting;
import dev.gatewaycli.cli.process.ExitCodes;
import dev.gatewaycli.cli.process.ExitException;
import io.netty.channel.ConnectTimeoutException;
import io.netty.handler.timeout.ReadTimeoutException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLException;
import org.springframework.core.io.buffer.DataBufferLimitException;
import reactor.netty.http.client.PrematureCloseException;

/**
 * Turns what the network stack throws into one line a user can act on (exit 5), and says which failures are worth
 * another attempt: a refused or reset connection and a connect timeout are (nothing reached the server, or it went
 * away), while an unknown host, a TLS failure, a read timeout or the end of {@code --max-time} are not (trying again
 * changes nothing, or doubles the wait).
 */
public final class NetworkErrors {

    private NetworkErrors() {}

    /** True for failures where a retry of an idempotent request may succeed. */
    public static boolean isRetryableConnectionFailure(Throwable ex) {
        for (Throwable t = ex; t != null; t = t.getCause()) {
            if (t instanceof UnknownHostException
                    || t instanceof SSLException
                    || t instanceof ReadTimeoutException
                    || (t instanceof SocketTimeoutException && !isConnectTimeout(t))
                    || t instanceof Deadline.ExceededException) {
                return false;
            }
            if (t instanceof ConnectException
                    || t instanceof ConnectTimeoutException
                    || t instanceof SocketTimeoutException
                    || t instanceof PrematureCloseException
                    || isEarlyEnd(t)
                    || t instanceof NoRouteToHostException
                    || isReset(t)) {
                return true;
            }
        }
        return false;
    }

    /** The exit-5 line for a failure talking to {@code what} at {@code url}, or null when it is no network failure. */
    public static ExitException describe(Throwable ex, String what, URI url, Redactor redactor) {
        String host = hostAndPort(url);
        for (Throwable t = ex; t != null; t = t.getCause()) {
            if (t instanceof Deadline.ExceededException exceeded) {
                return exceeded(what, url, exceeded.budget(), ex);
            }
            if (t instanceof UnknownHostException) {
                return network(
                        "unknown host " + url.getHost() + " for the " + what + ": check the URL (" + url
                                + ") and your DNS",
                        ex);
            }
            if (t instanceof SSLException && untrusted(t)) {
                return network(
                        "the certificate of " + host + " is not signed by a CA this CLI trusts (" + what + " at "
                                + url + "): pass --cacert FILE with the CA's certificate (for 'gateway-cli local "
                                + "--tls', its caFile), set " + Setting.CA_FILE.env() + ", or add "
                                + Setting.CA_FILE.profileKey() + " to the profile",
                        ex);
            }
            if (t instanceof SSLException && wrongName(t)) {
                return network(
                        "the certificate of " + host + " does not name " + url.getHost() + " (" + what
                                + "): check the URL; a server of 'gateway-cli local --tls' answers to localhost, "
                                + "127.0.0.1, ::1 and its --host",
                        ex);
            }
            if (t instanceof SSLException) {
                return network(
                        "TLS with " + host + " failed (" + redactor.redact(innermostMessage(t))
                                + "): check the URL and the JDK's trusted certificates",
                        ex);
            }
            if (t instanceof ConnectTimeoutException || isConnectTimeout(t)) {
                return network(
                        "connecting to the " + what + " at " + host
                                + " timed out: check the URL, network and proxy, or raise --connect-timeout",
                        ex);
            }
            if (t instanceof ReadTimeoutException
                    || t instanceof TimeoutException
                    || t instanceof SocketTimeoutException) {
                return network(
                        "the " + what + " at " + host + " did not answer in time: try again, or raise "
                                + "--read-timeout",
                        ex);
            }
            if (t instanceof ConnectException || t instanceof NoRouteToHostException) {
                return network(
                        "cannot connect to the " + what + " at " + host + ": is it running and is the URL (" + url
                                + ") right?",
                        ex);
            }
            if (t instanceof PrematureCloseException || isReset(t) || isEarlyEnd(t)) {
                return network(
                        "the " + what + " at " + host + " closed the connection before answering: try again later", ex);
            }
            if (t instanceof DataBufferLimitException || t instanceof BoundedResponses.TooLargeException) {
                return network(
                        "the " + what + " answered with more than the size limit: it is not the answer "
                                + "expected from " + url,
                        ex);
            }
        }
        return null;
    }

    /** The exit-5 line for an exchange with {@code what} at {@code url} that did not end within {@code budget}. */
    public static ExitException exceeded(String what, URI url, Duration budget, Throwable cause) {
        return network(
                "the " + what + " at " + hostAndPort(url) + " did not finish within --max-time "
                        + Deadline.format(budget) + ": try again later, or raise --max-time (GATEWAY_MAX_TIME)",
                cause);
    }

    private static String hostAndPort(URI url) {
        return (url.getPort() > 0) ? url.getHost() + ":" + url.getPort() : url.getHost();
    }

    /** A chain that does not lead to a trusted CA (PKIX path building or validation failed). */
    private static boolean untrusted(Throwable ex) {
        for (Throwable c = ex; c != null; c = c.getCause()) {
            if (c instanceof CertPathBuilderException || c instanceof CertPathValidatorException) {
                return true;
            }
        }
        return false;
    }

    /** A trusted certificate for another host name (JSSE's endpoint identification). */
    private static boolean wrongName(Throwable ex) {
        for (Throwable c = ex; c != null; c = c.getCause()) {
            if (c instanceof CertificateException
                    && c.getMessage() != null
                    && (c.getMessage().startsWith("No subject alternative")
                            || c.getMessage().startsWith("No name"))) {
                return true;
            }
        }
        return false;
    }

    /** The root cause's message: the JSSE wrappers repeat it behind class names a user cannot act on. */
    private static String innermostMessage(Throwable t) {
        String message = t.getMessage();
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c.getMessage() != null) {
                message = c.getMessage();
            }
        }
        return message;
    }

    /** The JDK's connect timeout ({@code HttpURLConnection}); its read timeout is the same class. */
    private static boolean isConnectTimeout(Throwable t) {
        return t instanceof SocketTimeoutException
                && t.getMessage() != null
                && t.getMessage().toLowerCase(Locale.ROOT).startsWith("connect");
    }

    /**
     * The JDK's words for a connection that ended before the answer did: before its status line ("Unexpected end of
     * file from server") or within its body ("Premature EOF").
     */
    private static boolean isEarlyEnd(Throwable t) {
        String message = t.getMessage();
        return t instanceof IOException
                && message != null
                && (message.startsWith("Unexpected end of file") || message.startsWith("Premature EOF"));
    }

    private static boolean isReset(Throwable t) {
        String message = t.getMessage();
        return t instanceof IOException
                && message != null
                && message.toLowerCase(Locale.ROOT).contains("connection reset");
    }

    private static ExitException network(String message, Throwable cause) {
        return new ExitException(ExitCodes.NETWORK, message, cause);
    }
}
