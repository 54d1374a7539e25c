package dev.gatewaycli.emulator.cognito;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One user of an emulated pool as Cognito keeps it: the user name in the pool (a UUID where users sign in with their
 * email), the {@code sub}, the attributes, the status, whether enabled, and the password (a digest). Immutable: the
 * pool replaces a user to change it.
 *
 * @param attributes every attribute, {@code sub} first, in the order they were set
 * @param temporaryUntil when a {@code FORCE_CHANGE_PASSWORD} user's temporary password stops signing in
 */
record PoolUser(
        String username,
        String sub,
        Map<String, String> attributes,
        Status status,
        boolean enabled,
        Passwords.Digest password,
        Instant temporaryUntil,
        Instant created,
        Instant modified) {

    /** {@code UserStatusType} as far as the emulator reaches it. */
    enum Status {
        UNCONFIRMED,
        CONFIRMED,
        FORCE_CHANGE_PASSWORD,
        RESET_REQUIRED
    }

    PoolUser {
        Objects.requireNonNull(username, "username cannot be null");
        attributes = Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
    }

    String attribute(String name) {
        return attributes.get(name);
    }

    boolean verified(String attribute) {
        return "true".equals(attributes.get(attribute + "_verified"));
    }

    PoolUser withStatus(Status value, Instant now) {
        return new PoolUser(username, sub, attributes, value, enabled, password, temporaryUntil, created, now);
    }

    PoolUser withPassword(Passwords.Digest value, Status status, Instant temporaryUntil, Instant now) {
        return new PoolUser(username, sub, attributes, status, enabled, value, temporaryUntil, created, now);
    }

    PoolUser withEnabled(boolean value, Instant now) {
        return new PoolUser(username, sub, attributes, status, value, password, temporaryUntil, created, now);
    }

    /** Never the password's digest. */
    @Override
    public String toString() {
        return "PoolUser[" + username + ", " + status + "]";
    }
}
