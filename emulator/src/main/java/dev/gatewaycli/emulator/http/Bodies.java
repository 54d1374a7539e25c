package dev.gatewaycli.emulator.http;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.web.reactive.function.BodyExtractors;
import org.springframework.web.reactive.function.server.ServerRequest;
import reactor.core.publisher.Mono;

/** Reads a request body whole, up to a limit, so that an oversized body is refused instead of buffered. */
public final class Bodies {

    private Bodies() {}

    /** Thrown (as the Mono's error) when the body is larger than the limit. */
    public static final class TooLargeException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public TooLargeException() {
            super("request body too large", null, false, false);
        }
    }

    /** The body's bytes (empty when there is none), or a {@link TooLargeException} beyond {@code maxBytes}. */
    public static Mono<byte[]> read(ServerRequest request, long maxBytes) {
        long declared = request.headers().contentLength().orElse(-1);
        if (declared > maxBytes) {
            // Refuse before reading a byte: a declared 11 MB upload is refused at once.
            return Mono.error(new TooLargeException());
        }
        int limit = (int) Math.min(Integer.MAX_VALUE - 8, maxBytes);
        return DataBufferUtils.join(request.body(BodyExtractors.toDataBuffers()), limit)
                .map(Bodies::drain)
                .defaultIfEmpty(new byte[0])
                .onErrorMap(DataBufferLimitException.class, e -> new TooLargeException());
    }

    private static byte[] drain(DataBuffer buffer) {
        try {
            byte[] bytes = new byte[buffer.readableByteCount()];
            buffer.read(bytes);
            return bytes;
        } finally {
            DataBufferUtils.release(buffer);
        }
    }
}
