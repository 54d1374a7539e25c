package dev.gatewaycli.cli.http;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/**
 * Caps what an AWS SDK client reads of one answer, as the CLI's own HTTP client does
 * ({@code Settings.Http.maxResponseBytes}): the SDK reads a JSON or XML answer whole before it looks at it, so an
 * endpoint that streams without end would otherwise fill the heap. More than the limit fails the call with a
 * {@link TooLargeException} among the causes.
 */
public final class BoundedResponses implements ExecutionInterceptor {

    private final long maxBytes;

    public BoundedResponses(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    @Override
    public Optional<InputStream> modifyHttpResponseContent(
            Context.ModifyHttpResponse context, ExecutionAttributes attributes) {
        return context.responseBody().map((body) -> new Bounded(body, maxBytes));
    }

    /** The answer was larger than the limit. */
    public static final class TooLargeException extends IOException {

        private static final long serialVersionUID = 1L;

        public TooLargeException(long maxBytes) {
            super("the answer is larger than " + maxBytes + " bytes");
        }
    }

    private static final class Bounded extends FilterInputStream {

        private final long maxBytes;

        private long read;

        Bounded(InputStream in, long maxBytes) {
            super(in);
            this.maxBytes = maxBytes;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            if (n > 0) {
                count(n);
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long skipped = super.skip(n);
            count(skipped);
            return skipped;
        }

        private void count(long n) throws TooLargeException {
            read += n;
            if (read > maxBytes) {
                throw new TooLargeException(maxBytes);
            }
        }
    }
}
