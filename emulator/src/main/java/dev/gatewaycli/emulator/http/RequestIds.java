package dev.gatewaycli.emulator.http;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Request ids (API Gateway's, Lambda's, Cognito's). They identify, they protect nothing, so they come from
 * {@link ThreadLocalRandom}: {@link UUID#randomUUID()} draws on one shared {@code SecureRandom} that every request
 * thread would queue on. Token ids ({@code jti}) keep using {@code UUID.randomUUID()}.
 */
public final class RequestIds {

    private RequestIds() {}

    /** A version-4-shaped UUID string. */
    public static String uuid() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long high = (random.nextLong() & ~0xF000L) | 0x4000L;
        long low = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(high, low).toString();
    }

    /** {@code length} random bytes. */
    public static byte[] bytes(int length) {
        byte[] out = new byte[length];
        ThreadLocalRandom.current().nextBytes(out);
        return out;
    }
}
