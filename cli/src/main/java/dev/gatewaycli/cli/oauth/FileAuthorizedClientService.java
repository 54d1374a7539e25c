package dev.gatewaycli.cli.oauth;

import com.nimbusds.jose.util.JSONObjectUtils;
import dev.gatewaycli.cli.config.PrivateFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.ReactiveOAuth2AuthorizedClientService;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.ReactiveClientRegistrationRepository;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import reactor.core.publisher.Mono;

/**
 * Spring Security's {@link ReactiveOAuth2AuthorizedClientService} backed by one JSON file per client registration in
 * the cache directory (0700; files 0600, written atomically), so that a token outlives the process that fetched it.
 * Spring keeps authorized clients in memory, which for a CLI means a new, billed token request every run
 * (docs/fidelity.md §1: about $2.25 per 1,000). The files are JSON read and written with Nimbus's
 * {@code JSONObjectUtils} rather than Jackson: a {@code token} served from the cache then initialises no Jackson
 * mapper, which is start-up time on every run (docs/performance.md, "CLI start-up and token cache").
 *
 * <p>The file holds the access token, its times and scopes, and the token endpoint, client id and requested scopes
 * it was issued for; never the client secret. A file that cannot be parsed, was written for another registration
 * (a foreign or tampered file), or has an unknown format version is treated as absent and overwritten by the next
 * save: a cache must never be the reason a command fails.
 */
final class FileAuthorizedClientService implements ReactiveOAuth2AuthorizedClientService {

    static final int FORMAT = 1;

    private final Path directory;

    private final ReactiveClientRegistrationRepository registrations;

    private final CacheKey key;

    private final Consumer<String> trace;

    FileAuthorizedClientService(
            Path directory, ReactiveClientRegistrationRepository registrations, CacheKey key, Consumer<String> trace) {
        this.directory = Objects.requireNonNull(directory, "directory cannot be null");
        this.registrations = Objects.requireNonNull(registrations, "registrations cannot be null");
        this.key = Objects.requireNonNull(key, "key cannot be null");
        this.trace = Objects.requireNonNull(trace, "trace cannot be null");
    }

    Path file(String registrationId) {
        // The registration id is our own hex digest (CacheKey.id()), so it is safe as a file name.
        return directory.resolve(registrationId + ".json");
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T extends OAuth2AuthorizedClient> Mono<T> loadAuthorizedClient(
            String clientRegistrationId, String principalName) {
        return registrations
                .findByRegistrationId(clientRegistrationId)
                .flatMap((registration) -> Mono.justOrEmpty((T) read(registration, principalName)));
    }

    private OAuth2AuthorizedClient read(ClientRegistration registration, String principalName) {
        Path file = file(registration.getRegistrationId());
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException ex) {
            trace.accept("* token cache: no entry " + file.getFileName());
            return null;
        } catch (IOException ex) {
            trace.accept(
                    "* token cache: cannot read " + file + " (" + ex.getClass().getSimpleName() + "), ignoring it");
            return null;
        }
        try {
            Map<String, Object> json = JSONObjectUtils.parse(text);
            if (JSONObjectUtils.getInt(json, "format") != FORMAT
                    || !issuedTo(json, key.tokenUrl(), key.clientId())
                    || !key.scopes().equals(List.of(JSONObjectUtils.getStringArray(json, "requestedScopes")))) {
                trace.accept("* token cache: " + file.getFileName() + " belongs to another client, ignoring it");
                return null;
            }
            Set<String> scopes = new LinkedHashSet<>(List.of(JSONObjectUtils.getStringArray(json, "scopes")));
            OAuth2AccessToken token = new OAuth2AccessToken(
                    OAuth2AccessToken.TokenType.BEARER,
                    Objects.requireNonNull(JSONObjectUtils.getString(json, "accessToken")),
                    Instant.ofEpochSecond(JSONObjectUtils.getLong(json, "issuedAt")),
                    Instant.ofEpochSecond(JSONObjectUtils.getLong(json, "expiresAt")),
                    scopes);
            trace.accept("* token cache: hit " + file.getFileName() + ", expires " + token.getExpiresAt());
            return new OAuth2AuthorizedClient(registration, principalName, token);
        } catch (java.text.ParseException | RuntimeException ex) {
            // Not JSON, a member missing or of the wrong type, or a token Spring refuses (empty, expiring before it
            // was issued): a damaged or tampered file.
            trace.accept("* token cache: " + file.getFileName() + " is corrupt, ignoring it");
            return null;
        }
    }

    private static boolean issuedTo(Map<String, Object> json, String tokenUrl, String clientId)
            throws java.text.ParseException {
        return tokenUrl.equals(JSONObjectUtils.getString(json, "tokenUrl"))
                && clientId.equals(JSONObjectUtils.getString(json, "clientId"));
    }

    private static boolean issuedTo(Path entry, String tokenUrl, String clientId) {
        try {
            return issuedTo(JSONObjectUtils.parse(Files.readString(entry, StandardCharsets.UTF_8)), tokenUrl, clientId);
        } catch (IOException | java.text.ParseException | RuntimeException ex) {
            return false;
        }
    }

    /**
     * Deletes every entry in {@code directory} issued by {@code tokenUrl} to {@code clientId}, whatever scopes it was
     * requested with (a user may have asked for several sets), and their lock files. A file that does not parse
     * belongs to nobody we know and is left alone.
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
                if (issuedTo(entry, tokenUrl, clientId)) {
                    Files.deleteIfExists(entry);
                    deleted.add(entry);
                    String base = entry.getFileName().toString().replaceFirst("\\.json$", "");
                    Files.deleteIfExists(directory.resolve(base + ".lock"));
                }
            }
        }
        return deleted;
    }

    @Override
    public Mono<Void> saveAuthorizedClient(
            OAuth2AuthorizedClient authorizedClient, org.springframework.security.core.Authentication principal) {
        return Mono.fromRunnable(() -> write(authorizedClient));
    }

    private void write(OAuth2AuthorizedClient client) {
        OAuth2AccessToken token = client.getAccessToken();
        if (token.getIssuedAt() == null || token.getExpiresAt() == null) {
            // Without an expiry the cache could never tell when to renew: do not keep such a token.
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
        Path file = file(client.getClientRegistration().getRegistrationId());
        try {
            PrivateFiles.write(file, JSONObjectUtils.toJSONString(json).getBytes(StandardCharsets.UTF_8));
            trace.accept("* token cache: saved " + file.getFileName() + ", expires " + token.getExpiresAt());
        } catch (IOException ex) {
            // The token is still good for this run; the next run will simply fetch again.
            trace.accept(
                    "* token cache: cannot write " + file + " (" + ex.getClass().getSimpleName() + ")");
        }
    }

    @Override
    public Mono<Void> removeAuthorizedClient(String clientRegistrationId, String principalName) {
        return Mono.fromRunnable(() -> {
            try {
                if (Files.deleteIfExists(file(clientRegistrationId))) {
                    trace.accept("* token cache: removed " + clientRegistrationId + ".json");
                }
            } catch (IOException ex) {
                trace.accept("* token cache: cannot remove " + clientRegistrationId + ".json");
            }
        });
    }
}
