package dev.gatewaycli.cli.oauth;

import com.nimbusds.jose.util.JSONObjectUtils;
import dev.gatewaycli.cli.config.PrivateFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
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
 * (FIDELITY.md §1: about $2.25 per 1,000).
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
                    || !key.tokenUrl().equals(JSONObjectUtils.getString(json, "tokenUrl"))
                    || !key.clientId().equals(JSONObjectUtils.getString(json, "clientId"))
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
            trace.accept("* token cache: " + file.getFileName() + " is corrupt, ignoring it");
            return null;
        }
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
