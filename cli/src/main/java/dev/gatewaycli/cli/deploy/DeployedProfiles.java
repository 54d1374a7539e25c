package dev.gatewaycli.cli.deploy;

import dev.gatewaycli.cli.config.Profile;
import dev.gatewaycli.cli.config.ProfileStore;
import dev.gatewaycli.cli.oauth.TokenManagerFactory;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * The profile {@code deploy} leaves behind and {@code destroy} takes away, with the cached tokens issued for it.
 * Profiles go through the CLI's {@link ProfileStore} (0600, atomic, other profiles kept), tokens through the token
 * cache's own {@link TokenManagerFactory#forget}.
 */
@Component
final class DeployedProfiles {

    private final ProfileStore store;

    private final TokenManagerFactory tokens;

    DeployedProfiles(ProfileStore store, TokenManagerFactory tokens) {
        this.store = store;
        this.tokens = tokens;
    }

    /** The profile a life-cycle command writes or removes: {@code --profile}, else the stack's name. */
    String profileName(String profileOption, StackApp app) {
        return (profileOption != null) ? profileOption : app.stackName();
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
                        outputs.userPoolId(),
                        null,
                        null));
    }

    Optional<Profile> read(String name) {
        return store.read(name);
    }

    /**
     * Removes the profile {@code name} and every cached token issued by its token endpoint to its client, whatever
     * scopes it was requested with; returns the token files deleted.
     */
    List<Path> forget(String name, Profile profile) throws IOException {
        List<Path> deleted = tokens.forget(profile.tokenUrl(), profile.clientId());
        store.remove(name);
        return deleted;
    }
}
