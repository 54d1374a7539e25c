package dev.gatewaycli.cli.http;

import java.io.EOFException;
import java.io.IOException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import javax.net.ssl.SSLException;

/**
 * What an AWS SDK client's failure was underneath. The SDK wraps everything in an {@code SdkClientException}: a
 * connection that failed and an answer it could not parse alike (its JSON parser's exceptions are
 * {@link IOException}s too), and they need different lines: one says "check the network", the other "this is not the
 * service you think".
 */
public final class SdkFailures {

    private SdkFailures() {}

    /** True when {@code type} is among the causes of {@code ex}, {@code ex} included. */
    public static boolean hasCause(Throwable ex, Class<? extends Throwable> type) {
        return cause(ex, type) != null;
    }

    /** The first cause of that type, or null. */
    public static <T extends Throwable> T cause(Throwable ex, Class<T> type) {
        int depth = 0;
        for (Throwable t = ex; t != null && depth < 32; t = t.getCause(), depth++) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }

    /**
     * True when the failure was the connection's: a socket, DNS, TLS, a timeout, an answer cut short, or the plain
     * {@code IOException} the JDK's HTTP client throws for a broken exchange; false for a parser's exception.
     */
    public static boolean isTransport(Throwable ex) {
        int depth = 0;
        for (Throwable t = ex; t != null && depth < 32; t = t.getCause(), depth++) {
            if (t instanceof SocketException
                    || t instanceof SocketTimeoutException
                    || t instanceof UnknownHostException
                    || t instanceof SSLException
                    || t instanceof EOFException
                    || t.getClass() == IOException.class) {
                return true;
            }
        }
        return false;
    }

    /** The innermost cause's class and message: the SDK's wrappers repeat it behind their own words. */
    public static String rootMessage(Throwable ex) {
        Throwable root = ex;
        int depth = 0;
        while (root.getCause() != null && depth++ < 32) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + ((root.getMessage() == null) ? "" : " " + root.getMessage());
    }
}
