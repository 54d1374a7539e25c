package dev.gatewaycli.emulator.cognito;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.text.ParseException;
import java.util.Base64;
import java.util.List;
import java.util.Objects;

/**
 * The pool's two RSA signing keys: one for access tokens, one for ID tokens, with different key ids, as Cognito signs
 * them (FIDELITY.md §1, "ID and access tokens are signed with different keys"). Generated at start, or read from a
 * JWK set file so that tokens verify across runs.
 */
public final class SigningKeys {

    private final RSAKey accessKey;
    private final RSAKey idKey;

    private SigningKeys(RSAKey accessKey, RSAKey idKey) {
        if (accessKey.getKeyID().equals(idKey.getKeyID())) {
            throw new IllegalArgumentException("the access-token and ID-token keys must have different key ids");
        }
        this.accessKey = accessKey;
        this.idKey = idKey;
    }

    /** Two fresh 2048-bit RSA keys, key ids in Cognito's shape (Base64 of 32 bytes). */
    public static SigningKeys generate() {
        return new SigningKeys(newKey(), newKey());
    }

    /**
     * The keys in {@code file} (a JWK set: the access-token key first, then the ID-token key). When the file does not
     * exist, fresh keys are generated and written to it, readable by the owner only.
     */
    public static SigningKeys loadOrCreate(Path file) {
        Objects.requireNonNull(file, "file cannot be null");
        try {
            if (Files.exists(file)) {
                return parse(Files.readString(file, StandardCharsets.UTF_8), file.toString());
            }
            SigningKeys keys = generate();
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.writeString(file, keys.privateJwkSet(), StandardCharsets.UTF_8);
            try {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException e) {
                // Not a POSIX file system (Windows): the file keeps the directory's default permissions.
            }
            return keys;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read or write the keys file " + file + ": " + e.getMessage(), e);
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
                || !access.isPrivate()
                || !id.isPrivate()
                || access.getKeyID() == null
                || id.getKeyID() == null) {
            throw new IllegalArgumentException("Keys file " + source
                    + " must hold exactly two private RSA keys with key ids (access tokens first, then ID tokens)");
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

    /** Both keys with their private parts, in the order {@link #loadOrCreate} reads them. */
    public String privateJwkSet() {
        return new JWKSet(List.of(accessKey, idKey)).toString(false);
    }
}
