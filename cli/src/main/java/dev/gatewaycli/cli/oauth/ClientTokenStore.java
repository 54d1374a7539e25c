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
import java.util.function.Consumer;
import org.springframework.security.oauth2.core.OAuth2AccessToken;

/**
 * The cached client-credentials token of one {@link CacheKey}: one JSON file, {@code token-<hash>.json}, in the
 * {@link TokenCache} ({@link CacheEntry}: how it is read, written and checked). The file holds the access token, its
 * times and scopes, and the token endpoint, client id and requested scopes it was issued for; never the client
 * secret. One written for another registration is treated as absent.
 */
final class ClientTokenStore extends CacheEntry<OAuth2AccessToken> {

    private final CacheKey key;

    ClientTokenStore(TokenCache cache, CacheKey key, Consumer<String> trace) {
        super(cache, key.id(), trace);
        this.key = key;
    }

    @Override
    OAuth2AccessToken fromJson(Map<String, Object> json) throws java.text.ParseException {
        if (!issuedTo(json, key.tokenUrl(), key.clientId())
                || !key.scopes().equals(List.of(JSONObjectUtils.getStringArray(json, "requestedScopes")))) {
            trace.accept("* token cache: " + fileName() + " belongs to another client, ignoring it");
            return null;
        }
        // Spring refuses a token expiring before it was issued: a damaged file, as the caller treats it.
        return new OAuth2AccessToken(
                OAuth2AccessToken.TokenType.BEARER,
                token(json, "accessToken"),
                Instant.ofEpochSecond(JSONObjectUtils.getLong(json, "issuedAt")),
                Instant.ofEpochSecond(JSONObjectUtils.getLong(json, "expiresAt")),
                new LinkedHashSet<>(List.of(JSONObjectUtils.getStringArray(json, "scopes"))));
    }

    @Override
    Map<String, Object> toJson(OAuth2AccessToken token) {
        if (token.getIssuedAt() == null || token.getExpiresAt() == null) {
            return null;
        }
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("tokenUrl", key.tokenUrl());
        json.put("clientId", key.clientId());
        json.put("requestedScopes", key.scopes());
        json.put("scopes", List.copyOf(token.getScopes()));
        json.put("issuedAt", token.getIssuedAt().getEpochSecond());
        json.put("expiresAt", token.getExpiresAt().getEpochSecond());
        json.put("accessToken", token.getTokenValue());
        return json;
    }

    @Override
    String expiry(OAuth2AccessToken token) {
        return "expires " + token.getExpiresAt();
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
