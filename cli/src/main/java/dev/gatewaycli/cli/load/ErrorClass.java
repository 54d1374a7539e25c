package dev.gatewaycli.cli.load;

import io.netty.channel.ConnectTimeoutException;
import io.netty.handler.timeout.ReadTimeoutException;
import java.io.IOException;
import java.net.ConnectException;
import java.util.Locale;
import java.util.concurrent.TimeoutException;
import reactor.netty.http.client.PrematureCloseException;

/**
 * Why a request got no HTTP answer. A load report that lumps these together hides the diagnosis: timeouts mean a
 * saturated or stuck server, resets a server (or proxy) dropping connections, refusals one that is not listening.
 */
enum ErrorClass {

    /** No connection from the pool, no connect, or no response bytes within {@code --timeout}. */
    timeout,

    /** The server closed or reset the connection before the response was complete. */
    reset,

    /** Nothing listens on the port. */
    connectRefused,

    /** Anything else (TLS, DNS, a malformed response, ...). */
    other;

    static ErrorClass of(Throwable ex) {
        for (Throwable t = ex; t != null; t = t.getCause()) {
            // Reactor Netty's pool-acquire timeout extends TimeoutException; its response timeout is Netty's.
            if (t instanceof TimeoutException
                    || t instanceof ReadTimeoutException
                    || t instanceof ConnectTimeoutException) {
                return timeout;
            }
            if (t instanceof ConnectException) {
                return connectRefused;
            }
            if (t instanceof PrematureCloseException) {
                return reset;
            }
            String message = t.getMessage();
            if (t instanceof IOException && message != null) {
                String lower = message.toLowerCase(Locale.ROOT);
                if (lower.contains("connection reset") || lower.contains("broken pipe")) {
                    return reset;
                }
            }
        }
        return other;
    }
}
