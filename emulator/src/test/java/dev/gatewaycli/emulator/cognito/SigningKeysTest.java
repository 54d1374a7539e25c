package dev.gatewaycli.emulator.cognito;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class SigningKeysTest {

    @Test
    void generateWhenKeysWerePreparedThenEveryKeyIsHandedOutOnceAndIsAPrivate2048BitKey() throws Exception {
        SigningKeys.prepare(2);
        List<SigningKeys> made = List.of(SigningKeys.generate(), SigningKeys.generate(), SigningKeys.generate());
        Set<String> ids = new HashSet<>();
        for (SigningKeys keys : made) {
            for (RSAKey key : List.of(keys.accessKey(), keys.idKey())) {
                assertThat(key.isPrivate()).isTrue();
                assertThat(key.size()).isEqualTo(2048);
                ids.add(key.getKeyID());
            }
        }
        assertThat(ids).as("six keys, none handed out twice").hasSize(6);
    }

    @Test
    void loadOrCreateWhenMissingThenWritesTheKeysForTheOwnerAloneAndReadsThemBack(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("new/keys.json");
        SigningKeys created = SigningKeys.loadOrCreate(file);

        assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(Files.getPosixFilePermissions(file.getParent()))
                .isEqualTo(PosixFilePermissions.fromString("rwx------"));
        assertThat(dir.resolve("new")).isDirectoryNotContaining("glob:**.part");
        SigningKeys read = SigningKeys.loadOrCreate(file);
        assertThat(read.accessKey().getKeyID()).isEqualTo(created.accessKey().getKeyID());
        assertThat(read.idKey().getKeyID()).isEqualTo(created.idKey().getKeyID());
    }

    @Test
    void loadOrCreateWhenOthersCanReadTheFileThenTakesTheirAccessAway(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("keys.json");
        SigningKeys.loadOrCreate(file);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));

        SigningKeys.loadOrCreate(file);

        assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
    }

    @Test
    void loadOrCreateWhenOthersCanWriteTheFileThenRefusesIt(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("keys.json");
        SigningKeys.loadOrCreate(file);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-rw-rw-"));

        assertThatThrownBy(() -> SigningKeys.loadOrCreate(file))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("Cannot read or write the keys file " + file)
                .hasMessageContaining("writable by other users");
    }

    @Test
    void loadOrCreateWhenTheFileIsALinkOrAnotherUsersThenRefusesIt(@TempDir Path dir) throws Exception {
        Path real = dir.resolve("real.json");
        SigningKeys.loadOrCreate(real);
        Path file = dir.resolve("keys.json");
        String why;
        if ("root".equals(System.getProperty("user.name"))) {
            Files.copy(real, file);
            Files.setAttribute(file, "unix:uid", 65534, LinkOption.NOFOLLOW_LINKS);
            why = "owned by";
        } else {
            // Another user cannot be given a file; a link to one elsewhere is refused the same way.
            Files.createSymbolicLink(file, real);
            why = "symbolic link";
        }

        assertThatThrownBy(() -> SigningKeys.loadOrCreate(file))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining(why);
    }

    @Test
    void loadOrCreateWhenTheFileIsNotTwoPrivateKeysThenRefusesIt(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("keys.json");
        Files.writeString(file, "{\"keys\":[]}");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));

        assertThatThrownBy(() -> SigningKeys.loadOrCreate(file))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must hold exactly two private RSA keys");
    }

    @Test
    void seedWhenTheSameKeysAreReadAgainThenTheSameAndOtherKeysAnother(@TempDir Path dir) {
        Path file = dir.resolve("keys.json");
        SigningKeys created = SigningKeys.loadOrCreate(file);
        SigningKeys read = SigningKeys.loadOrCreate(file);
        SigningKeys other = SigningKeys.loadOrCreate(dir.resolve("other.json"));

        assertThat(created.seed()).matches("[0-9a-f]{64}").isEqualTo(read.seed());
        assertThat(other.seed()).isNotEqualTo(created.seed());
        // Not anything a token or the JWKS shows.
        assertThat(created.publicJwkSet().toString()).doesNotContain(created.seed());
    }

    @Test
    void loadOrCreateWhenAKeyHasNoPrivateExponentThenRefusesIt(@TempDir Path dir) throws Exception {
        SigningKeys keys = SigningKeys.generate();
        // The second key in the second representation alone (its CRT parameters), without "d", which RFC 7518
        // section 6.3.2 requires of every private RSA key.
        RSAKey id = keys.idKey();
        RSAKey crtOnly = new RSAKey.Builder(id.getModulus(), id.getPublicExponent())
                .firstPrimeFactor(id.getFirstPrimeFactor())
                .secondPrimeFactor(id.getSecondPrimeFactor())
                .firstFactorCRTExponent(id.getFirstFactorCRTExponent())
                .secondFactorCRTExponent(id.getSecondFactorCRTExponent())
                .firstCRTCoefficient(id.getFirstCRTCoefficient())
                .keyID(id.getKeyID())
                .build();
        assertThat(crtOnly.isPrivate()).isTrue();
        String withoutD = new JWKSet(List.of(keys.accessKey(), crtOnly)).toString(false);
        Path file = dir.resolve("keys.json");
        Files.writeString(file, withoutD);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));

        assertThatThrownBy(() -> SigningKeys.loadOrCreate(file))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must hold exactly two private RSA keys (with \"d\")");
    }

    @Test
    void prepareWhenNegativeThenRefused() {
        assertThatThrownBy(() -> SigningKeys.prepare(-1)).isInstanceOf(IllegalArgumentException.class);
    }
}
