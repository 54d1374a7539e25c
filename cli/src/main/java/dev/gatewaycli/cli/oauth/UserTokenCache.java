package dev.gatewaycli.cli.oauth;

import com.nimbusds.jose.util.JSONObjectUtils;
import dev.gatewaycli.cli.config.PrivateFiles;
import dev.gatewaycli.cli.config.SignIn;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * One user's tokens in the cache directory, beside the client-credentials tokens and like them: one JSON file per
 * entry, 0600 in a 0700 directory, written atomically ({@link PrivateFiles}), each use under the entry's
 * {@link EntryLock}. The entry is named by what decides whose tokens they are: IdP API, pool, app client and user;
 * it holds the access, ID and refresh tokens, their times and the user's name in the pool, and never the password or
 * the client secret.
 *
 * <p>The cache is never a reason to fail: a file that does not parse, has another format or belongs to another
 * entry is ignored (and replaced by the next save); an I/O failure (a directory that cannot be written, a lock that
 * cannot be taken) prints one warning line and the run goes on without the cache.
 */
final class UserTokenCache {

    static final int FORMAT = 1;

    private final Path directory;

    private final SignIn signIn;

    private final String id;

    private final Consumer<String> trace;

    private final Consumer<String> warnings;

    /** Off after the first I/O failure, so a run warns once and never half-uses a broken cache. */
    private boolean usable;

    /**
     * @param directory the cache directory, or null for no cache ({@code --no-cache})
     * @param trace the {@code -v} lines
     * @param warnings the one warning line of an I/O failure
     */
    UserTokenCache(Path directory, SignIn signIn, Consumer<String> trace, Consumer<String> warnings) {
        this.directory = directory;
        this.signIn = Objects.requireNonNull(signIn, "signIn cannot be null");
        this.id = id(signIn);
        this.trace = Objects.requireNonNull(trace, "trace cannot be null");
        this.warnings = Objects.requireNonNull(warnings, "warnings cannot be null");
        this.usable = directory != null;
    }

    /** The entry's file name without extension: {@code user-} and a SHA-256 prefix of IdP API, pool, client, user. */
    static String id(SignIn signIn) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (String part : List.of(
                    signIn.idpUrl().toString(),
                    Objects.requireNonNullElse(signIn.userPoolId(), ""),
                    signIn.clientId(),
                    signIn.user())) {
                digest.update(part.getBytes(StandardCharsets.UTF_8));
                // A byte none of the parts can hold, so that no two different keys hash the same bytes.
                digest.update((byte) 0);
            }
            return "user-" + HexFormat.of().formatHex(digest.digest(), 0, 16);
        } catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException("SHA-256 is required of every JDK", ex);
        }
    }

    Path file() {
        return directory.resolve(id + ".json");
    }

    /** Holds the entry's lock until closed; without a usable cache, holds nothing. */
    Held lock() {
        if (!usable) {
            return Held.NOTHING;
        }
        try {
            EntryLock lock = EntryLock.acquire(directory.resolve(id + ".lock"));
            return () -> {
                try {
                    lock.close();
                } catch (IOException ex) {
                    // The OS releases the lock with the file descriptor at exit at the latest.
                    trace.accept("* token cache: cannot release " + id + ".lock ("
                            + ex.getClass().getSimpleName() + ")");
                }
            };
        } catch (IOException | RuntimeException ex) {
            disable("cannot lock " + directory.resolve(id + ".lock"), ex);
            return Held.NOTHING;
        }
    }

    Optional<UserSession> read() {
        if (!usable) {
            return Optional.empty();
        }
        String text;
        try {
            text = Files.readString(file(), StandardCharsets.UTF_8);
        } catch (NoSuchFileException ex) {
            trace.accept("* token cache: no entry " + id + ".json");
            return Optional.empty();
        } catch (IOException | RuntimeException ex) {
            disable("cannot read " + file(), ex);
            return Optional.empty();
        }
        try {
            Map<String, Object> json = JSONObjectUtils.parse(text);
            if (JSONObjectUtils.getInt(json, "format") != FORMAT
                    || !signIn.idpUrl().toString().equals(JSONObjectUtils.getString(json, "idpUrl"))
                    || !Objects.requireNonNullElse(signIn.userPoolId(), "")
                            .equals(JSONObjectUtils.getString(json, "userPoolId"))
                    || !signIn.clientId().equals(JSONObjectUtils.getString(json, "clientId"))
                    || !signIn.user().equals(JSONObjectUtils.getString(json, "user"))) {
                trace.accept("* token cache: " + id + ".json belongs to another user or client, ignoring it");
                return Optional.empty();
            }
            UserSession session = new UserSession(
                    required(json, "accessToken"),
                    required(json, "idToken"),
                    JSONObjectUtils.getString(json, "refreshToken"),
                    required(json, "username"),
                    Instant.ofEpochSecond(JSONObjectUtils.getLong(json, "issuedAt")),
                    Instant.ofEpochSecond(JSONObjectUtils.getLong(json, "accessExpiresAt")),
                    Instant.ofEpochSecond(JSONObjectUtils.getLong(json, "idExpiresAt")),
                    List.of(JSONObjectUtils.getStringArray(json, "scopes")));
            trace.accept("* token cache: hit " + id + ".json, access token expires " + session.accessExpiresAt()
                    + ", ID token " + session.idExpiresAt());
            return Optional.of(session);
        } catch (java.text.ParseException | RuntimeException ex) {
            // Not JSON, a member missing or of the wrong type, times out of order: a damaged or tampered file.
            trace.accept("* token cache: " + id + ".json is corrupt, ignoring it");
            return Optional.empty();
        }
    }

    private static String required(Map<String, Object> json, String name) throws java.text.ParseException {
        String value = JSONObjectUtils.getString(json, name);
        if (value == null || value.isEmpty()) {
            throw new java.text.ParseException("no " + name, 0);
        }
        return value;
    }

    void write(UserSession session) {
        if (!usable) {
            return;
        }
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("format", FORMAT);
        json.put("idpUrl", signIn.idpUrl().toString());
        json.put("userPoolId", Objects.requireNonNullElse(signIn.userPoolId(), ""));
        json.put("clientId", signIn.clientId());
        json.put("user", signIn.user());
        json.put("username", session.username());
        json.put("scopes", session.scopes());
        json.put("issuedAt", session.issuedAt().getEpochSecond());
        json.put("accessExpiresAt", session.accessExpiresAt().getEpochSecond());
        json.put("idExpiresAt", session.idExpiresAt().getEpochSecond());
        json.put("accessToken", session.accessToken());
        json.put("idToken", session.idToken());
        if (session.refreshToken() != null) {
            json.put("refreshToken", session.refreshToken());
        }
        try {
            PrivateFiles.write(file(), JSONObjectUtils.toJSONString(json).getBytes(StandardCharsets.UTF_8));
            trace.accept("* token cache: saved " + id + ".json, access token expires " + session.accessExpiresAt());
        } catch (IOException | RuntimeException ex) {
            disable("cannot write " + file(), ex);
        }
    }

    void remove() {
        if (!usable) {
            return;
        }
        try {
            if (Files.deleteIfExists(file())) {
                trace.accept("* token cache: removed " + id + ".json");
            }
        } catch (IOException | RuntimeException ex) {
            disable("cannot remove " + file(), ex);
        }
    }

    private void disable(String what, Exception ex) {
        usable = false;
        warnings.accept("warning: token cache: " + what + " (" + ex.getClass().getSimpleName()
                + "): going on without the cache");
    }

    /** A held lock, released on close; closing never throws. */
    @FunctionalInterface
    interface Held extends AutoCloseable {

        Held NOTHING = () -> {};

        @Override
        void close();
    }
}
