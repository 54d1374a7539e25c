package dev.gatewaycli.emulator.cognito;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import dev.gatewaycli.emulator.files.PrivateDirectory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.ParseException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;

/**
 * The pool's two RSA signing keys: one for access tokens, one for ID tokens, with different key ids, as Cognito signs
 * them (fidelity.md §1, "ID and access tokens are signed with different keys"). Generated at start, or read from a
 * JWK set file so that tokens verify across runs.
 */
public final class SigningKeys {

    /** Keys {@link #prepare} asked for (made, or being made), not yet handed out, in the order they were asked. */
    private static final Queue<CompletableFuture<RSAKey>> SPARE = new ConcurrentLinkedQueue<>();
    /** One daemon thread: the keys made ahead take one core at most, and never keep the JVM alive. */
    private static final ExecutorService MAKER = Executors.newSingleThreadExecutor(task -> {
        Thread thread = new Thread(task, "gateway-emulator-keys");
        thread.setDaemon(true);
        return thread;
    });

    private final RSAKey accessKey;
    private final RSAKey idKey;

    private SigningKeys(RSAKey accessKey, RSAKey idKey) {
        if (accessKey.getKeyID().equals(idKey.getKeyID())) {
            throw new IllegalArgumentException("the access-token and ID-token keys must have different key ids");
        }
        this.accessKey = accessKey;
        this.idKey = idKey;
    }

    /**
     * Two fresh 2048-bit RSA keys, key ids in Cognito's shape (Base64 of 32 bytes). Keys {@link #prepare} made ahead
     * are taken first (each is handed out once, never to two emulators); what is missing is generated now, the two
     * keys side by side: a 2048-bit key takes 50-500 ms of one core, most of an emulator's start.
     */
    public static SigningKeys generate() {
        CompletableFuture<RSAKey> access = SPARE.poll();
        CompletableFuture<RSAKey> id = SPARE.poll();
        if (access == null) {
            // Nothing made ahead: one key on the maker's thread while this one makes the other.
            CompletableFuture<RSAKey> other = CompletableFuture.supplyAsync(SigningKeys::newKey, MAKER);
            RSAKey key = newKey();
            return new SigningKeys(key, other.join());
        }
        // The second key is made here while the first one, made ahead, is finished or finishing.
        RSAKey idKey = id == null ? newKey() : id.join();
        return new SigningKeys(access.join(), idKey);
    }

    /**
     * Starts making the keys of {@code pools} pools ahead of need, on a daemon thread of their own, so that the next
     * {@link #generate} calls take them at once: for a caller that knows an emulator will start soon (a command line
     * that names one, before the rest of its start-up) or again (a test extension, after one). Never blocks; the keys
     * stay in this process's memory only, and each is handed out once.
     */
    public static void prepare(int pools) {
        if (pools < 0) {
            throw new IllegalArgumentException("pools must be 0 or more, was " + pools);
        }
        synchronized (SPARE) {
            for (int i = SPARE.size(); i < 2 * pools; i++) {
                SPARE.add(CompletableFuture.supplyAsync(SigningKeys::newKey, MAKER));
            }
        }
    }

    /**
     * The keys in {@code file} (a JWK set: the access-token key first, then the ID-token key). When the file does not
     * exist, fresh keys are generated and written to it, readable by the owner only from the first byte (0600, its
     * new directories 0700). An existing file is used only when it is the user's own and no other user can write to
     * it (one another user planted would make the emulator accept that user's tokens), and only when it holds exactly
     * the two private keys.
     */
    public static SigningKeys loadOrCreate(Path file) {
        Objects.requireNonNull(file, "file cannot be null");
        try {
            if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
                SigningKeys keys = generate();
                if (PrivateDirectory.createOwnFile(file, keys.privateJwkSet().getBytes(StandardCharsets.UTF_8))) {
                    return keys;
                }
                // Another emulator wrote it first: use its keys, so that both verify the same tokens.
            }
            PrivateDirectory.checkOwnFile(file);
            return parse(Files.readString(file, StandardCharsets.UTF_8), file.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read or write the keys file " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * {@code file} as the keys cache of a throw-away emulator (one that a command starts and stops, whose next start
     * would otherwise make new keys: two 2048-bit keys cost seconds of CPU, reading them milliseconds), for
     * {@link #loadOrCreate}: the file when it is missing (the emulator creates it) or usable as it is. A file that
     * {@link #loadOrCreate} refuses is never trusted: when it is the user's own regular file (a truncated or
     * corrupt cache) it is deleted, so that the emulator writes fresh keys in its place; otherwise (another user's, a
     * link, writable by others) it is left alone and empty is returned, so that the emulator makes fresh keys in
     * memory. Either way {@code warn} is told, in one line.
     */
    public static Optional<Path> cacheFile(Path file, Consumer<String> warn) {
        Objects.requireNonNull(file, "file cannot be null");
        try {
            PrivateDirectory.ensure(file.toAbsolutePath().getParent());
        } catch (UncheckedIOException e) {
            warn.accept(e.getMessage() + ": this run makes fresh signing keys");
            return Optional.empty();
        }
        if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            return Optional.of(file);
        }
        try {
            PrivateDirectory.checkOwnFile(file);
        } catch (IOException e) {
            warn.accept("the cached signing keys " + file + " are not used (" + e.getMessage()
                    + "): this run makes fresh ones");
            return Optional.empty();
        }
        try {
            parse(Files.readString(file, StandardCharsets.UTF_8), file.toString());
            return Optional.of(file);
        } catch (IOException | IllegalArgumentException e) {
            try {
                Files.delete(file);
            } catch (IOException gone) {
                warn.accept("the cached signing keys " + file + " cannot be read or replaced (" + gone.getMessage()
                        + "): this run makes fresh ones");
                return Optional.empty();
            }
            warn.accept("the cached signing keys " + file + " were not usable (" + e.getMessage()
                    + "): replaced with fresh ones");
            return Optional.of(file);
        }
    }

    static SigningKeys parse(String json, String source) {
        List<JWK> keys;
        try {
            keys = JWKSet.parse(json).getKeys();
        } catch (ParseException e) {
            throw new IllegalArgumentException("Keys file " + source + " is not a JWK set: " + e.getMessage());
        }
        if (keys.size() != 2
                || !(keys.get(0) instanceof RSAKey access)
                || !(keys.get(1) instanceof RSAKey id)
                || access.getPrivateExponent() == null
                || id.getPrivateExponent() == null
                || access.getKeyID() == null
                || id.getKeyID() == null) {
            throw new IllegalArgumentException("Keys file " + source
                    + " must hold exactly two private RSA keys (with \"d\") and key ids (access tokens first, then ID"
                    + " tokens)");
        }
        return new SigningKeys(access, id);
    }

    private static RSAKey newKey() {
        try {
            RSAKey key = new RSAKeyGenerator(2048).keyUse(KeyUse.SIGNATURE).generate();
            String kid =
                    Base64.getEncoder().encodeToString(key.computeThumbprint().decode());
            return new RSAKey.Builder(key).keyID(kid).build();
        } catch (JOSEException e) {
            throw new IllegalStateException("Cannot generate an RSA key: " + e.getMessage(), e);
        }
    }

    /** Signs access tokens. */
    public RSAKey accessKey() {
        return accessKey;
    }

    /** Signs ID tokens. */
    public RSAKey idKey() {
        return idKey;
    }

    /** The public JWKS as the pool serves it: both keys, {@code use: "sig"}, {@code alg: "RS256"}. */
    public JWKSet publicJwkSet() {
        return new JWKSet(List.of(publicOf(accessKey), publicOf(idKey)));
    }

    private static JWK publicOf(RSAKey key) {
        try {
            return new RSAKey.Builder(key.toRSAPublicKey())
                    .keyID(key.getKeyID())
                    .keyUse(KeyUse.SIGNATURE)
                    .algorithm(com.nimbusds.jose.JWSAlgorithm.RS256)
                    .build();
        } catch (JOSEException e) {
            throw new IllegalStateException("Not an RSA key: " + e.getMessage(), e);
        }
    }

    /**
     * A secret of these keys alone: SHA-256 (hex) over both private exponents. The ids of a pool whose keys persist
     * are derived from it (same keys, same ids, so that its tokens' {@code iss} and {@code client_id} hold across
     * runs), and nobody without the keys can derive them: the client secret among them.
     */
    public String seed() {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update("gateway-cli signing keys\0".getBytes(StandardCharsets.US_ASCII));
            digest.update(accessKey.getPrivateExponent().toString().getBytes(StandardCharsets.US_ASCII));
            digest.update((byte) 0);
            digest.update(idKey.getPrivateExponent().toString().getBytes(StandardCharsets.US_ASCII));
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }

    /** Both keys with their private parts, in the order {@link #loadOrCreate} reads them. */
    public String privateJwkSet() {
        return new JWKSet(List.of(accessKey, idKey)).toString(false);
    }
}
