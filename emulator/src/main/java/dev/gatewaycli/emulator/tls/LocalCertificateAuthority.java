package dev.gatewaycli.emulator.tls;

import dev.gatewaycli.emulator.files.PrivateDirectory;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The user's own certificate authority for the emulator's HTTPS: created once, in a directory only its owner may use
 * ({@code $XDG_CACHE_HOME/gateway-cli/ca}, mode 0700), and reused by every later start, so that a client told to
 * trust {@code ca.pem} once ({@code --cacert}, {@code GATEWAY_CA_FILE}, the {@code local} profile's
 * {@code ca-file}, {@code curl --cacert}) keeps trusting every emulator of that user. Each start issues a fresh
 * server certificate from it ({@link #issue}), held in memory only.
 * <p>
 * The CA key is the one secret here: whoever holds it can impersonate any host to a client that trusts the CA. So
 * the directory must be the user's own and closed to group and others, and the key a regular file of the user's
 * with mode 0600; anything else is refused (an {@link UncheckedIOException} naming the file and what to do), never
 * repaired, since a key others could read may already be copied. Keys are ECDSA P-256: generated in a millisecond,
 * and the cheapest signature for the server's share of a TLS handshake. Bouncy Castle writes the certificates: the
 * JDK issues certificates only through its internal {@code sun.security.x509}.
 */
public final class LocalCertificateAuthority {

    /** The CA certificate (PEM), what clients are told to trust. */
    public static final String CERTIFICATE_FILE = "ca.pem";

    /** The CA's private key (PKCS #8 PEM), mode 0600. */
    public static final String KEY_FILE = "ca-key.pem";

    /** Held while the CA is created, so that two first starts at once agree on one CA. */
    static final String LOCK_FILE = ".lock";

    /** Long enough that nobody re-trusts it often; a CA that has expired is replaced by a new one. */
    static final Duration CA_VALIDITY = Duration.ofDays(3650);

    /** A server certificate outlives any emulator run; browsers accept no more than 398 days. */
    static final Duration SERVER_VALIDITY = Duration.ofDays(90);

    /** Issued certificates start this long before now, for clocks a little behind. */
    private static final Duration BACKDATE = Duration.ofHours(1);

    private static final String SIGNATURE = "SHA256withECDSA";

    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rwx------");

    private static final Pattern DNS_NAME =
            Pattern.compile("[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?" + "(\\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*");

    private static final SecureRandom RANDOM = new SecureRandom();

    private final Path directory;

    private final X509Certificate certificate;

    private final PrivateKey key;

    private final Clock clock;

    private LocalCertificateAuthority(Path directory, X509Certificate certificate, PrivateKey key, Clock clock) {
        this.directory = directory;
        this.certificate = certificate;
        this.key = key;
        this.clock = clock;
    }

    /** {@code $XDG_CACHE_HOME/gateway-cli/ca} (else {@code ~/.cache/gateway-cli/ca}): the user's CA by default. */
    public static Path defaultDirectory() {
        return PrivateDirectory.cacheRoot().resolve("ca");
    }

    /** The CA in {@link #defaultDirectory()}, created there on first use. */
    public static LocalCertificateAuthority ofUser() {
        return loadOrCreate(defaultDirectory(), Clock.systemUTC());
    }

    /**
     * The CA in {@code directory}: loaded when the directory holds a whole, valid one, else created there (the
     * directory too, mode 0700).
     *
     * @throws UncheckedIOException when the directory or the key is not the user's own and private, or the files
     *     cannot be read or written
     */
    public static LocalCertificateAuthority loadOrCreate(Path directory, Clock clock) {
        return loadOrCreate(directory, clock, System.getProperty("user.name"));
    }

    /** {@link #loadOrCreate(Path, Clock)} as {@code user} sees it: what is not that user's is refused. */
    static LocalCertificateAuthority loadOrCreate(Path directory, Clock clock, String user) {
        Objects.requireNonNull(directory, "directory cannot be null");
        Objects.requireNonNull(clock, "clock cannot be null");
        Path dir = directory.toAbsolutePath();
        try {
            createPrivate(dir);
            checkPrivate(dir, true, user);
            LocalCertificateAuthority existing = load(dir, clock, user);
            if (existing != null) {
                return existing;
            }
            try (FileChannel lock = FileChannel.open(
                    dir.resolve(LOCK_FILE),
                    StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE,
                    LinkOption.NOFOLLOW_LINKS)) {
                FileLock held = lock.lock();
                try {
                    // Another process may have created it while this one waited.
                    existing = load(dir, clock, user);
                    return existing != null ? existing : create(dir, clock);
                } finally {
                    held.release();
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot use the local CA in " + dir + ": " + message(e), e);
        }
    }

    /** Where the CA lives. */
    public Path directory() {
        return directory;
    }

    /** {@code ca.pem}, the file clients trust. */
    public Path certificateFile() {
        return directory.resolve(CERTIFICATE_FILE);
    }

    public X509Certificate certificate() {
        return certificate;
    }

    /**
     * A new server certificate and key for {@code names}: each a DNS name or an IP address literal (IPv6 with or
     * without brackets), in the subject alternative names, which is what TLS clients check (RFC 6125); the first is
     * the subject's common name. {@code localhost}, {@code 127.0.0.1} and {@code ::1} are what {@link #issueFor}
     * adds to a bind address.
     */
    public ServerCertificate issue(List<String> names) {
        if (names.isEmpty()) {
            throw new IllegalArgumentException("a server certificate needs at least one name");
        }
        List<GeneralName> alternatives = new ArrayList<>();
        for (String name : new LinkedHashSet<>(names)) {
            alternatives.add(generalName(name));
        }
        try {
            KeyPair pair = newKeyPair();
            Instant now = clock.instant();
            Instant notAfter = now.plus(SERVER_VALIDITY);
            if (notAfter.isAfter(certificate.getNotAfter().toInstant())) {
                notAfter = certificate.getNotAfter().toInstant();
            }
            JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
                            certificate,
                            serial(),
                            Date.from(now.minus(BACKDATE)),
                            Date.from(notAfter),
                            new X500NameBuilder(BCStyle.INSTANCE)
                                    .addRDN(BCStyle.O, "gateway-cli local emulator")
                                    .addRDN(BCStyle.CN, unbracketed(names.get(0)))
                                    .build(),
                            pair.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
                    .addExtension(
                            Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth))
                    .addExtension(
                            Extension.subjectAlternativeName,
                            false,
                            new GeneralNames(alternatives.toArray(GeneralName[]::new)))
                    .addExtension(
                            Extension.subjectKeyIdentifier,
                            false,
                            extensions.createSubjectKeyIdentifier(pair.getPublic()))
                    .addExtension(
                            Extension.authorityKeyIdentifier,
                            false,
                            extensions.createAuthorityKeyIdentifier(certificate));
            X509Certificate issued = sign(builder, key);
            return new ServerCertificate(pair.getPrivate(), List.of(issued, certificate));
        } catch (GeneralSecurityException | IOException | OperatorCreationException e) {
            throw new IllegalStateException("Cannot issue a server certificate: " + e.getMessage(), e);
        }
    }

    /**
     * A server certificate for {@code localhost}, {@code 127.0.0.1} and {@code ::1}, and {@code bindAddress} when it
     * is another name or address (a wildcard address, {@code 0.0.0.0} or {@code ::}, adds this machine's name: no
     * client connects to the wildcard itself).
     */
    public ServerCertificate issueFor(String bindAddress) {
        List<String> names = new ArrayList<>(List.of("localhost", "127.0.0.1", "::1"));
        String host = unbracketed(bindAddress);
        if (host.equals("0.0.0.0") || host.equals("::")) {
            try {
                names.add(InetAddress.getLocalHost().getHostName());
            } catch (IOException e) {
                // No name for this machine: clients use an address, which the certificate already names.
            }
        } else {
            names.add(host);
        }
        return issue(names);
    }

    private static GeneralName generalName(String name) {
        String host = unbracketed(Objects.requireNonNull(name, "name cannot be null"));
        if (host.contains(":") || host.matches("\\d{1,3}(\\.\\d{1,3}){3}")) {
            return new GeneralName(GeneralName.iPAddress, host);
        }
        if (!DNS_NAME.matcher(host).matches()) {
            throw new IllegalArgumentException("'" + name + "' is neither a host name nor an IP address");
        }
        return new GeneralName(GeneralName.dNSName, host);
    }

    private static String unbracketed(String host) {
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }

    /** The CA in {@code dir}, or null when it holds none (or only part of one, or an expired one). */
    private static LocalCertificateAuthority load(Path dir, Clock clock, String user) throws IOException {
        Path certFile = dir.resolve(CERTIFICATE_FILE);
        Path keyFile = dir.resolve(KEY_FILE);
        boolean hasKey = Files.exists(keyFile, LinkOption.NOFOLLOW_LINKS);
        boolean hasCert = Files.exists(certFile, LinkOption.NOFOLLOW_LINKS);
        if (!hasKey) {
            return null;
        }
        checkPrivate(keyFile, false, user);
        if (!hasCert) {
            return null;
        }
        X509Certificate cert;
        PrivateKey privateKey;
        try {
            cert = readCertificate(certFile);
            privateKey = readKey(keyFile);
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            throw new FileSystemException(
                    dir.toString(),
                    null,
                    "not a CA this tool wrote (" + message(e) + "); remove " + certFile + " and " + keyFile
                            + " to create a new one");
        }
        if (!matches(cert.getPublicKey(), privateKey)) {
            throw new FileSystemException(
                    keyFile.toString(), null, "is not the key of " + certFile + "; remove both to create a new CA");
        }
        if (!cert.getNotAfter().toInstant().isAfter(clock.instant().plus(Duration.ofDays(1)))) {
            return null; // expired (or about to): a new one replaces it
        }
        return new LocalCertificateAuthority(dir, cert, privateKey, clock);
    }

    private static LocalCertificateAuthority create(Path dir, Clock clock) throws IOException {
        try {
            KeyPair pair = newKeyPair();
            Instant now = clock.instant();
            X500Name subject = new X500NameBuilder(BCStyle.INSTANCE)
                    .addRDN(BCStyle.O, "gateway-cli")
                    .addRDN(BCStyle.CN, "gateway-cli local CA (" + System.getProperty("user.name") + ")")
                    .build();
            JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
                            subject,
                            serial(),
                            Date.from(now.minus(BACKDATE)),
                            Date.from(now.plus(CA_VALIDITY)),
                            subject,
                            pair.getPublic())
                    // pathLen 0: it issues server certificates, never another CA.
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(0))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
                    .addExtension(
                            Extension.subjectKeyIdentifier,
                            false,
                            extensions.createSubjectKeyIdentifier(pair.getPublic()));
            X509Certificate cert = sign(builder, pair.getPrivate());
            // The key first, then the certificate: a CA whose certificate is missing is created again.
            writeAtomically(dir, KEY_FILE, pem(pair.getPrivate()), "rw-------");
            writeAtomically(dir, CERTIFICATE_FILE, pem(cert), "rw-r--r--");
            return new LocalCertificateAuthority(dir, cert, pair.getPrivate(), clock);
        } catch (GeneralSecurityException | OperatorCreationException e) {
            throw new IOException("cannot create a CA: " + e.getMessage(), e);
        }
    }

    private static KeyPair newKeyPair() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
        return generator.generateKeyPair();
    }

    private static BigInteger serial() {
        // RFC 5280 §4.1.2.2: positive, at most 20 octets; CA/B Forum: at least 64 random bits.
        return new BigInteger(127, RANDOM).add(BigInteger.ONE);
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey signer)
            throws OperatorCreationException, GeneralSecurityException {
        X509CertificateHolder holder = builder.build(new JcaContentSignerBuilder(SIGNATURE).build(signer));
        return new JcaX509CertificateConverter().getCertificate(holder);
    }

    /** Whether {@code key} signs what {@code publicKey} verifies. */
    private static boolean matches(PublicKey publicKey, PrivateKey key) {
        try {
            byte[] probe = "gateway-cli local CA".getBytes(StandardCharsets.US_ASCII);
            java.security.Signature signer = java.security.Signature.getInstance(SIGNATURE);
            signer.initSign(key);
            signer.update(probe);
            byte[] signature = signer.sign();
            java.security.Signature verifier = java.security.Signature.getInstance(SIGNATURE);
            verifier.initVerify(publicKey);
            verifier.update(probe);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private static X509Certificate readCertificate(Path file) throws IOException, GeneralSecurityException {
        try (var in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
    }

    private static PrivateKey readKey(Path file) throws IOException {
        String text = Files.readString(file, StandardCharsets.US_ASCII);
        try (PEMParser parser = new PEMParser(new StringReader(text))) {
            Object object = parser.readObject();
            if (!(object instanceof PrivateKeyInfo info)) {
                throw new IOException("no PKCS #8 private key in " + file);
            }
            return new JcaPEMKeyConverter().getPrivateKey(info);
        }
    }

    /** PEM text of a certificate or a private key (PKCS #8). */
    static String pem(Object object) throws IOException {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            if (object instanceof PrivateKey privateKey) {
                writer.writeObject(new org.bouncycastle.openssl.jcajce.JcaPKCS8Generator(privateKey, null));
            } else {
                writer.writeObject(object);
            }
        }
        return out.toString();
    }

    private static void writeAtomically(Path dir, String name, String text, String mode) throws IOException {
        Path temporary = Files.createTempFile(
                dir,
                "." + name + "-",
                ".part",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try {
            Files.writeString(temporary, text, StandardCharsets.US_ASCII);
            Files.setPosixFilePermissions(temporary, PosixFilePermissions.fromString(mode));
            Files.move(
                    temporary, dir.resolve(name), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    private static void createPrivate(Path dir) throws IOException {
        Path parent = dir.getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        try {
            Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        } catch (FileAlreadyExistsException e) {
            // checked by the caller
        }
    }

    /**
     * Refuses what is not the user's own regular file (or directory), or what group or others may use: a CA
     * directory others could write to, or a key others could read, may no longer be this user's alone.
     */
    private static void checkPrivate(Path path, boolean directory, String user) throws IOException {
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            throw new FileSystemException(path.toString(), null, "does not exist");
        }
        if (directory ? !attributes.isDirectory() : !attributes.isRegularFile()) {
            throw new FileSystemException(
                    path.toString(),
                    null,
                    "is not a " + (directory ? "directory" : "regular file") + " (a symbolic link is refused)");
        }
        UserPrincipal owner = Files.getOwner(path, LinkOption.NOFOLLOW_LINKS);
        UserPrincipal me = path.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(user);
        if (!owner.equals(me)) {
            throw new FileSystemException(
                    path.toString(),
                    null,
                    "is owned by " + owner.getName() + ", not by " + me.getName()
                            + "; a CA must be its user's own: use another directory");
        }
        Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS);
        if (permissions.stream().anyMatch(PrivateDirectory.GROUP_OR_OTHER::contains)) {
            throw new FileSystemException(
                    path.toString(),
                    null,
                    "has mode " + PosixFilePermissions.toString(permissions) + ", open to group or others; "
                            + (directory
                                    ? "run chmod 700 on it if nobody else could have changed it"
                                    : "the key may have been copied: remove it and its ca.pem to create a new CA"));
        }
    }

    private static String message(Throwable e) {
        if (e instanceof FileSystemException fs && fs.getReason() != null) {
            return fs.getFile() + " " + fs.getReason();
        }
        return String.valueOf(e.getMessage());
    }

    @Override
    public String toString() {
        return "LocalCertificateAuthority[" + directory + ", " + certificate.getSubjectX500Principal() + "]";
    }
}
