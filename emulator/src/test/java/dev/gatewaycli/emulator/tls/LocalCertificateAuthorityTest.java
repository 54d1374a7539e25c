package dev.gatewaycli.emulator.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The user's local CA on disk: created private, reused, and refused when it is not the user's alone. */
class LocalCertificateAuthorityTest {

    @TempDir
    Path home;

    @Test
    void loadOrCreateWhenNoCaThenWritesAPrivateDirectoryKeyAndCertificate() throws Exception {
        Path dir = home.resolve("cache/gateway-cli/ca");

        LocalCertificateAuthority ca = LocalCertificateAuthority.loadOrCreate(dir, Clock.systemUTC());

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)))
                .isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("ca-key.pem"))))
                .isEqualTo("rw-------");
        assertThat(ca.certificateFile()).isEqualTo(dir.toAbsolutePath().resolve("ca.pem"));
        assertThat(Files.readString(dir.resolve("ca-key.pem"))).startsWith("-----BEGIN PRIVATE KEY-----");
        X509Certificate cert = read(ca.certificateFile());
        assertThat(cert.getBasicConstraints()).as("a CA that issues no CA").isZero();
        assertThat(cert.getKeyUsage()[5]).as("keyCertSign").isTrue();
        assertThat(cert.getSubjectX500Principal()).isEqualTo(cert.getIssuerX500Principal());
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".part")))
                    .as("no temporary file left")
                    .isEmpty();
        }
    }

    @Test
    void loadOrCreateWhenCaExistsThenReusesItsKeyAndCertificate() throws Exception {
        Path dir = home.resolve("ca");
        LocalCertificateAuthority first = LocalCertificateAuthority.loadOrCreate(dir, Clock.systemUTC());
        byte[] key = Files.readAllBytes(dir.resolve("ca-key.pem"));

        LocalCertificateAuthority second = LocalCertificateAuthority.loadOrCreate(dir, Clock.systemUTC());

        assertThat(second.certificate()).isEqualTo(first.certificate());
        assertThat(Files.readAllBytes(dir.resolve("ca-key.pem"))).isEqualTo(key);
        // What the second one issues chains to the first one's certificate: clients keep trusting ca.pem.
        validate(second.issueFor("127.0.0.1").chain(), read(first.certificateFile()));
    }

    @Test
    void issueForWhenLoopbackThenNamesLocalhostAndBothLoopbackAddresses() throws Exception {
        LocalCertificateAuthority ca = LocalCertificateAuthority.loadOrCreate(home.resolve("ca"), Clock.systemUTC());

        ServerCertificate server = ca.issueFor("127.0.0.1");

        assertThat(names(server.certificate())).containsExactly("localhost", "127.0.0.1", "0:0:0:0:0:0:0:1");
        assertThat(server.certificate().getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.1");
        assertThat(server.certificate().getBasicConstraints()).as("not a CA").isEqualTo(-1);
        assertThat(server.chain()).hasSize(2).last().isEqualTo(ca.certificate());
        validate(server.chain(), ca.certificate());
    }

    @Test
    void issueForWhenAnotherBindAddressThenAddsIt() throws Exception {
        LocalCertificateAuthority ca = LocalCertificateAuthority.loadOrCreate(home.resolve("ca"), Clock.systemUTC());

        assertThat(names(ca.issueFor("192.168.1.20").certificate())).contains("192.168.1.20", "localhost");
        assertThat(names(ca.issueFor("devbox.example").certificate())).contains("devbox.example");
        assertThat(names(ca.issueFor("[fd00::1]").certificate())).contains("fd00:0:0:0:0:0:0:1");
        assertThatThrownBy(() -> ca.issueFor("bad name!")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void issueWhenCaExpiresSoonerThenServerCertificateEndsWithTheCa() throws Exception {
        Instant now = Instant.parse("2026-01-01T00:00:00Z");
        Path dir = home.resolve("ca");
        LocalCertificateAuthority.loadOrCreate(dir, Clock.fixed(now, ZoneOffset.UTC));
        Clock late =
                Clock.fixed(now.plus(LocalCertificateAuthority.CA_VALIDITY).minus(Duration.ofDays(30)), ZoneOffset.UTC);

        LocalCertificateAuthority ca = LocalCertificateAuthority.loadOrCreate(dir, late);

        assertThat(ca.issueFor("localhost").certificate().getNotAfter())
                .isEqualTo(ca.certificate().getNotAfter());
    }

    @Test
    void loadOrCreateWhenCaHasExpiredThenCreatesANewOne() throws Exception {
        Instant now = Instant.parse("2026-01-01T00:00:00Z");
        Path dir = home.resolve("ca");
        LocalCertificateAuthority old = LocalCertificateAuthority.loadOrCreate(dir, Clock.fixed(now, ZoneOffset.UTC));

        LocalCertificateAuthority renewed = LocalCertificateAuthority.loadOrCreate(
                dir, Clock.fixed(now.plus(LocalCertificateAuthority.CA_VALIDITY), ZoneOffset.UTC));

        assertThat(renewed.certificate()).isNotEqualTo(old.certificate());
        assertThat(read(dir.resolve("ca.pem"))).isEqualTo(renewed.certificate());
    }

    @Test
    void loadOrCreateWhenKeyIsReadableByOthersThenRefusesAndKeepsIt() throws Exception {
        Path dir = home.resolve("ca");
        LocalCertificateAuthority.loadOrCreate(dir, Clock.systemUTC());
        Files.setPosixFilePermissions(dir.resolve("ca-key.pem"), PosixFilePermissions.fromString("rw-r--r--"));

        assertThatThrownBy(() -> LocalCertificateAuthority.loadOrCreate(dir, Clock.systemUTC()))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("ca-key.pem")
                .hasMessageContaining("rw-r--r--")
                .hasMessageContaining("remove it");
        assertThat(dir.resolve("ca-key.pem")).exists();
    }

    @Test
    void loadOrCreateWhenDirectoryIsOpenToOthersThenRefuses() throws Exception {
        Path dir = home.resolve("ca");
        Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxrwxrwx")));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));

        assertThatThrownBy(() -> LocalCertificateAuthority.loadOrCreate(dir, Clock.systemUTC()))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("open to group or others");
        assertThat(dir.resolve("ca-key.pem")).doesNotExist();
    }

    @Test
    void loadOrCreateWhenDirectoryIsAnotherUsersThenRefuses() throws Exception {
        Path dir = home.resolve("ca");
        LocalCertificateAuthority.loadOrCreate(dir, Clock.systemUTC());
        String me = Files.getOwner(dir).getName();

        // As seen by another user of this machine: the directory is not theirs.
        assertThatThrownBy(() -> LocalCertificateAuthority.loadOrCreate(dir, Clock.systemUTC(), "nobody"))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("is owned by " + me + ", not by nobody");
    }

    @Test
    void loadOrCreateWhenDirectoryIsASymbolicLinkThenRefuses() throws Exception {
        Path real = Files.createDirectory(
                home.resolve("real"),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Path link = Files.createSymbolicLink(home.resolve("ca"), real);

        assertThatThrownBy(() -> LocalCertificateAuthority.loadOrCreate(link, Clock.systemUTC()))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("symbolic link");
    }

    @Test
    void loadOrCreateWhenKeyDoesNotMatchCertificateThenRefuses() throws Exception {
        Path dir = home.resolve("ca");
        Path other = home.resolve("other");
        LocalCertificateAuthority.loadOrCreate(dir, Clock.systemUTC());
        LocalCertificateAuthority.loadOrCreate(other, Clock.systemUTC());
        Files.copy(other.resolve("ca.pem"), dir.resolve("ca.pem"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);

        assertThatThrownBy(() -> LocalCertificateAuthority.loadOrCreate(dir, Clock.systemUTC()))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("is not the key of");
    }

    @Test
    void loadOrCreateWhenCertificateIsGarbageThenRefusesWithWhatToDo() throws Exception {
        Path dir = home.resolve("ca");
        LocalCertificateAuthority.loadOrCreate(dir, Clock.systemUTC());
        Files.writeString(dir.resolve("ca.pem"), "not a certificate");

        assertThatThrownBy(() -> LocalCertificateAuthority.loadOrCreate(dir, Clock.systemUTC()))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("to create a new one");
    }

    private static X509Certificate read(Path file) throws Exception {
        try (var in = Files.newInputStream(file)) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
    }

    private static List<String> names(X509Certificate cert) throws Exception {
        List<String> out = new ArrayList<>();
        for (List<?> entry : cert.getSubjectAlternativeNames()) {
            out.add(String.valueOf(entry.get(1)));
        }
        return out;
    }

    /** PKIX validation of {@code chain} (the server's certificate first) against {@code anchor} alone. */
    private static void validate(List<X509Certificate> chain, X509Certificate anchor) throws Exception {
        CertificateFactory factory = CertificateFactory.getInstance("X.509");
        PKIXParameters parameters = new PKIXParameters(Set.of(new TrustAnchor(anchor, null)));
        parameters.setRevocationEnabled(false);
        CertPathValidator.getInstance("PKIX").validate(factory.generateCertPath(chain.subList(0, 1)), parameters);
    }
}
