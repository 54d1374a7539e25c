package dev.gatewaycli.cli.oauth;

import com.nimbusds.jose.util.JSONObjectUtils;
import dev.gatewaycli.cli.http.Deadline;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * One entry of the {@link TokenCache}: a JSON file, so that tokens outlive the process that got them (Spring keeps
 * authorized clients in memory, which for a CLI means a new, billed token request every run: docs/fidelity.md §1,
 * about $2.25 per 1,000). What the client-credentials and the users' entries share: the files are read and written
 * with Nimbus's {@code JSONObjectUtils} rather than Jackson, so a {@code token} served from the cache initialises no
 * Jackson mapper, which is start-up time on every run (docs/performance.md, "CLI start-up and token cache"); a file
 * of another format, another owner's entry (its own checks), or one that does not parse, lacks a member or holds a
 * token no server may issue is treated as absent and overwritten by the next save; tokens whose lifetime nothing
 * tells are not written.
 *
 * @param <T> what the entry holds
 */
abstract class CacheEntry<T> {

    static final int FORMAT = 1;

    private final TokenCache cache;

    private final String id;

    private final String fileName;

    final Consumer<String> trace;

    /** @param id the entry's name, a hex digest of our own: safe as a file name */
    CacheEntry(TokenCache cache, String id, Consumer<String> trace) {
        this.cache = Objects.requireNonNull(cache, "cache cannot be null");
        this.id = Objects.requireNonNull(id, "id cannot be null");
        this.fileName = id + ".json";
        this.trace = Objects.requireNonNull(trace, "trace cannot be null");
    }

    String fileName() {
        return fileName;
    }

    /** {@code action}'s result, run holding the entry's lock ({@link TokenCache#locked}) by {@code deadline}. */
    final <R> R locked(Deadline deadline, Supplier<R> action) {
        return cache.locked(id, deadline, action);
    }

    /**
     * What {@code json} holds, or null when it was written for another entry (a foreign or tampered file: say which
     * on {@link #trace}). Anything missing or malformed throws.
     */
    abstract T fromJson(Map<String, Object> json) throws ParseException;

    /** The members that hold {@code entry}, besides the format; null when it is not to be kept (no known lifetime). */
    abstract Map<String, Object> toJson(T entry);

    /** When {@code entry} expires, for the {@code -v} lines. */
    abstract String expiry(T entry);

    /** The cached entry, or null when there is none that may be used. */
    final T load() {
        Optional<byte[]> content = cache.read(fileName);
        if (content.isEmpty()) {
            return null;
        }
        try {
            Map<String, Object> json = JSONObjectUtils.parse(new String(content.get(), StandardCharsets.UTF_8));
            if (JSONObjectUtils.getInt(json, "format") != FORMAT) {
                trace.accept("* token cache: " + fileName + " has another format, ignoring it");
                return null;
            }
            T entry = fromJson(json);
            if (entry != null) {
                trace.accept("* token cache: hit " + fileName + ", " + expiry(entry));
            }
            return entry;
        } catch (ParseException | RuntimeException ex) {
            // Not JSON, a member missing or of the wrong type, a token no server issues, times out of order: a
            // damaged or tampered file.
            trace.accept("* token cache: " + fileName + " is corrupt, ignoring it");
            return null;
        }
    }

    /** Saves {@code entry}; one without a known lifetime is not kept (the cache could never tell when to renew it). */
    final void save(T entry) {
        Map<String, Object> members = toJson(entry);
        if (members == null) {
            trace.accept("* token cache: nothing tells how long the token lives, not caching it");
            return;
        }
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("format", FORMAT);
        json.putAll(members);
        cache.write(fileName, JSONObjectUtils.toJSONString(json).getBytes(StandardCharsets.UTF_8));
        if (cache.usable()) {
            trace.accept("* token cache: saved " + fileName + ", " + expiry(entry));
        }
    }

    final void remove() {
        if (cache.delete(fileName)) {
            trace.accept("* token cache: removed " + fileName);
        }
    }

    /** The member {@code name}, which must be there and not empty. */
    static String required(Map<String, Object> json, String name) throws ParseException {
        String value = JSONObjectUtils.getString(json, name);
        if (value == null || value.isEmpty()) {
            throw new ParseException("no " + name, 0);
        }
        return value;
    }

    /** The token in member {@code name}, which must be one a server may issue ({@link AccessTokens#wellFormed}). */
    static String token(Map<String, Object> json, String name) throws ParseException {
        String value = required(json, name);
        if (!AccessTokens.wellFormed(value)) {
            throw new ParseException(name + " holds what no token may", 0);
        }
        return value;
    }
}
