package dev.gatewaycli.cli.oauth;

import com.nimbusds.jose.util.JSONObjectUtils;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.springframework.security.oauth2.core.OAuth2AccessToken;

/**
 * The cached client-credentials token of one {@link CacheKey}: one JSON file, {@code token-<hash>.json}, in the
 * {@link TokenCache}, so that a token outlives the process that fetched it. Spring keeps authorized clients in
 * memory, which for a CLI means a new, billed token request every run (docs/fidelity.md §1: about $2.25 per 1,000).
 * The files are JSON read and written with Nimbus's {@code JSONObjectUtils} rather than Jackson: a {@code token}
 * served from the cache then initialises no Jackson mapper, which is start-up time on every run
 * (docs/performance.md, "CLI start-up and token cache").
 *
 * <p>The file holds the access token, its times and scopes, and the token endpoint, client id and requested scopes
 * it was issued for; never the client secret. A file that cannot be parsed, was written for another registration
 * (a foreign or tampered file), has an unknown format version or holds a token no endpoint may issue (control
 * characters, an expiry before its issue) is treated as absent and overwritten by the next save.
 */
final class ClientTokenStore {

    static final int FORMAT = 1;

    private final TokenCache cache;

    private final CacheKey key;

    private final Consumer<String> trace;

    ClientTokenStore(TokenCache cache, CacheKey key, Consumer<String> trace) {
        this.cache = Objects.requireNonNull(cache, "cache cannot be null");
        this.key = Objects.requireNonNull(key, "key cannot be null");
        this.trace = Objects.requireNonNull(trace, "trace cannot be null");
    }

    /** The entry's file name: the key is our own hex digest ({@link CacheKey#id()}), safe as a file name. */
    String fileName() {
        return key.id() + ".json";
    }

    /** The cached token, or null when there is none that may be used. */
    OAuth2AccessToken load() {
        Optional<byte[]> content = cache.read(fileName());
        if (content.isEmpty()) {
            return null;
        }
        try {
            Map<String, Object> json = JSONObjectUtils.parse(new String(content.get(), StandardCharsets.UTF_8));
            if (JSONObjectUtils.getInt(json, "format") != FORMAT
                    || !issuedTo(json, key.tokenUrl(), key.clientId())
                    || !key.scopes().equals(List.of(JSONObjectUtils.getStringArray(json, "requestedScopes")))) {
                trace.accept("* token cache: " + fileName() + " belongs to another client, ignoring it");
                return null;
            }
            String value = Objects.requireNonNull(JSONObjectUtils.getString(json, "accessToken"));
            if (!AccessTokens.wellFormed(value)) {
                trace.accept("* token cache: " + fileName() + " holds no well-formed token, ignoring it");
                return null;
            }
            Set<String> scopes = new LinkedHashSet<>(List.of(JSONObjectUtils.getStringArray(json, "scopes")));
            OAuth2AccessToken token = new OAuth2AccessToken(
                    OAuth2AccessToken.TokenType.BEARER,
                    value,
                    Instant.ofEpochSecond(JSONObjectUtils.getLong(json, "issuedAt")),
                    Instant.ofEpochSecond(JSONObjectUtils.getLong(json, "expiresAt")),
                    scopes);
            trace.accept("* token cache: hit " + fileName() + ", expires " + token.getExpiresAt());
            return token;
        } catch (java.text.ParseException | RuntimeException ex) {
            // Not JSON, a member missing or of the wrong type, or a token Spring refuses (empty, expiring before it
            // was issued): a damaged or tampered file.
            trace.accept("* token cache: " + fileName() + " is corrupt, ignoring it");
            return null;
        }
    }

    /** Saves {@code token}; one without an expiry is not kept (the cache could never tell when to renew it). */
    void save(OAuth2AccessToken token) {
        if (token.getIssuedAt() == null || token.getExpiresAt() == null) {
            trace.accept("* token cache: the token has no known lifetime, not caching it");
            return;
        }
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("format", FORMAT);
        json.put("tokenUrl", key.tokenUrl());
        json.put("clientId", key.clientId());
        json.put("requestedScopes", key.scopes());
        json.put("scopes", List.copyOf(token.getScopes()));
        json.put("issuedAt", token.getIssuedAt().getEpochSecond());
        json.put("expiresAt", token.getExpiresAt().getEpochSecond());
        json.put("accessToken", token.getTokenValue());
        cache.write(fileName(), JSONObjectUtils.toJSONString(json).getBytes(StandardCharsets.UTF_8));
        if (cache.usable()) {
            trace.accept("* token cache: saved " + fileName() + ", expires " + token.getExpiresAt());
        }
    }

    void remove() {
        if (cache.delete(fileName())) {
            trace.accept("* token cache: removed " + fileName());
        }
    }

    private static boolean issuedTo(Map<String, Object> json, String tokenUrl, String clientId)
            throws java.text.ParseException {
        return tokenUrl.equals(JSONObjectUtils.getString(json, "tokenUrl"))
                && clientId.equals(JSONObjectUtils.getString(json, "clientId"));
    }

    private static boolean issuedTo(Path entry, String tokenUrl, String clientId) {
        try {
            byte[] content = Files.readAllBytes(entry);
            return issuedTo(JSONObjectUtils.parse(new String(content, StandardCharsets.UTF_8)), tokenUrl, clientId);
        } catch (IOException | java.text.ParseException | RuntimeException ex) {
            return false;
        }
    }

    /**
     * Deletes every entry in {@code directory} issued by {@code tokenUrl} to {@code clientId}, whatever scopes it was
     * requested with (a user may have asked for several sets), and their lock files. A file that does not parse
     * belongs to nobody we know and is left alone; only regular files are read.
     *
     * @return the entries deleted
     */
    static List<Path> forget(Path directory, String tokenUrl, String clientId) throws IOException {
        List<Path> deleted = new ArrayList<>();
        if (tokenUrl == null || clientId == null || !Files.isDirectory(directory)) {
            return deleted;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory, "token-*.json")) {
            for (Path entry : entries) {
                if (Files.isRegularFile(entry, java.nio.file.LinkOption.NOFOLLOW_LINKS)
                        && Files.size(entry) <= TokenCache.MAX_ENTRY_BYTES
                        && issuedTo(entry, tokenUrl, clientId)) {
                    Files.deleteIfExists(entry);
                    deleted.add(entry);
                    String base = entry.getFileName().toString().replaceFirst("\\.json$", "");
                    Files.deleteIfExists(directory.resolve(base + ".lock"));
                }
            }
        }
        return deleted;
    }
}
