package dev.gatewaycli.cli.deploy;

import dev.gatewaycli.cli.config.Profile;
import dev.gatewaycli.cli.config.ProfileStore;
import dev.gatewaycli.cli.config.XdgDirs;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The profile {@code deploy} leaves behind and {@code destroy} takes away, with the cached tokens issued for it.
 * Profiles go through the CLI's {@link ProfileStore} (0600, atomic, other profiles kept).
 */
final class DeployedProfiles {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final ProfileStore store;

    private final XdgDirs dirs;

    DeployedProfiles(ProfileStore store, XdgDirs dirs) {
        this.store = store;
        this.dirs = dirs;
    }

    Path file() {
        return store.file();
    }

    /** Writes (or replaces) the profile {@code name} from the outputs and the fetched secret. */
    void write(String name, StackOutputs outputs, String secret, String region) {
        store.write(
                name,
                new Profile(
                        outputs.tokenUrl(),
                        outputs.apiUrl(),
                        outputs.clientId(),
                        secret,
                        outputs.scopes().isEmpty() ? null : outputs.scopes(),
                        null,
                        (outputs.region() != null) ? outputs.region() : region,
                        outputs.userPoolId()));
    }

    Optional<Profile> read(String name) {
        return store.read(name);
    }

    /** Removes the profile; true when it existed. */
    boolean remove(String name) {
        return store.remove(name);
    }

    /**
     * Deletes every cached token issued by {@code tokenUrl} to {@code clientId}, whatever scopes it was requested with
     * (the cache key also holds the scopes, {@code oauth.CacheKey}, and a user may have asked for several sets), and
     * their lock files. A cache file that does not parse belongs to nobody we know and is left alone.
     *
     * @return the files deleted
     */
    List<Path> forgetTokens(String tokenUrl, String clientId) throws IOException {
        List<Path> deleted = new ArrayList<>();
        Path cache = dirs.cacheDir();
        if (tokenUrl == null || clientId == null || !Files.isDirectory(cache)) {
            return deleted;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(cache, "token-*.json")) {
            for (Path entry : entries) {
                if (issuedTo(entry, tokenUrl, clientId)) {
                    Files.deleteIfExists(entry);
                    deleted.add(entry);
                    String base = entry.getFileName().toString().replaceFirst("\\.json$", "");
                    if (Files.deleteIfExists(cache.resolve(base + ".lock"))) {
                        deleted.add(cache.resolve(base + ".lock"));
                    }
                }
            }
        }
        return deleted;
    }

    private static boolean issuedTo(Path entry, String tokenUrl, String clientId) {
        try {
            JsonNode json = JSON.readTree(Files.readString(entry));
            return tokenUrl.equals(json.path("tokenUrl").asString(null))
                    && clientId.equals(json.path("clientId").asString(null));
        } catch (IOException | RuntimeException ex) {
            return false;
        }
    }
}
