package dev.gatewaycli.emulator.model;

import java.time.Duration;
import java.util.Locale;

/**
 * The three token lifetimes of an app client: each one's default, default unit and allowed range (fidelity.md §1,
 * "Validity"; §8, "Validity": access and ID tokens 1 hour, 5 minutes to 1 day; refresh tokens 30 days, 60 minutes to
 * 10 years; by default in hours, hours and days).
 */
public enum TokenValidity {
    ACCESS(Duration.ofHours(1), "hours", Duration.ofMinutes(5), Duration.ofDays(1)),
    ID(Duration.ofHours(1), "hours", Duration.ofMinutes(5), Duration.ofDays(1)),
    REFRESH(Duration.ofDays(30), "days", Duration.ofMinutes(60), Duration.ofDays(3650));

    private final Duration absent;
    private final String defaultUnit;
    private final Duration min;
    private final Duration max;

    TokenValidity(Duration absent, String defaultUnit, Duration min, Duration max) {
        this.absent = absent;
        this.defaultUnit = defaultUnit;
        this.min = min;
        this.max = max;
    }

    /** The lifetime of a client that does not set it. */
    public Duration absent() {
        return absent;
    }

    /** The unit of a client's value when {@code TokenValidityUnits} does not name one. */
    public String defaultUnit() {
        return defaultUnit;
    }

    public Duration min() {
        return min;
    }

    public Duration max() {
        return max;
    }

    public boolean allows(Duration duration) {
        return duration.compareTo(min) >= 0 && duration.compareTo(max) <= 0;
    }

    /** {@code value} {@code unit}s ({@code seconds}, {@code minutes}, {@code hours}, {@code days}). */
    public static Duration duration(long value, String unit) {
        return switch (unit.toLowerCase(Locale.ROOT)) {
            case "seconds" -> Duration.ofSeconds(value);
            case "minutes" -> Duration.ofMinutes(value);
            case "hours" -> Duration.ofHours(value);
            case "days" -> Duration.ofDays(value);
            default -> throw new IllegalArgumentException("unknown unit '" + unit + "'");
        };
    }

    /** {@code duration} counted in {@code unit}, rounded down, as DescribeUserPoolClient answers it. */
    public static long in(Duration duration, String unit) {
        return switch (unit.toLowerCase(Locale.ROOT)) {
            case "seconds" -> duration.toSeconds();
            case "minutes" -> duration.toMinutes();
            case "hours" -> duration.toHours();
            default -> duration.toDays();
        };
    }
}
