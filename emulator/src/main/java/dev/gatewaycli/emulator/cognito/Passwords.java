package dev.gatewaycli.emulator.cognito;

import dev.gatewaycli.emulator.model.UserPoolConfig.PasswordPolicy;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Optional;

/**
 * A pool's password rules and how the emulator keeps passwords: as salted SHA-256 digests, compared in constant time,
 * never as the text (docs/fidelity.md §8, "Passwords").
 */
final class Passwords {

    /** Cognito's {@code PasswordType}: at most 256 characters (API reference). */
    static final int MAX_LENGTH = 256;

    /**
     * What counts as a symbol: {@code ^ $ * . [ ] { } ( ) ? " ! @ # % & / \ , > < ' : ; | _ ~ ` = + -} and a space
     * that neither starts nor ends the password (Cognito developer guide, "Password policies").
     */
    static final String SYMBOLS = "^$*.[]{}()?\"!@#%&/\\,><':;|_~`=+- ";

    private static final SecureRandom RANDOM = new SecureRandom();

    private Passwords() {}

    /** A kept password: its salt and the digest of salt and text. */
    record Digest(byte[] salt, byte[] hash) {

        static Digest of(String password) {
            byte[] salt = new byte[16];
            RANDOM.nextBytes(salt);
            return new Digest(salt, hash(salt, password));
        }

        boolean matches(String password) {
            return MessageDigest.isEqual(hash, hash(salt, password));
        }

        /** Never the digest. */
        @Override
        public String toString() {
            return "Digest[****]";
        }

        private static byte[] hash(byte[] salt, String password) {
            try {
                MessageDigest sha = MessageDigest.getInstance("SHA-256");
                sha.update(salt);
                return sha.digest(password.getBytes(StandardCharsets.UTF_8));
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("SHA-256 is required of every JVM", e);
            }
        }
    }

    /**
     * Why the shape of {@code password} is refused before any policy (an {@code InvalidParameterException}): empty,
     * longer than 256 characters, or starting or ending with a blank; empty when it has the shape.
     */
    static Optional<String> shapeViolation(String password, String member) {
        if (password.isEmpty()
                || password.length() > MAX_LENGTH
                || Character.isWhitespace(password.charAt(0))
                || Character.isWhitespace(password.charAt(password.length() - 1))) {
            return Optional.of("1 validation error detected: Value at '" + member
                    + "' failed to satisfy constraint: Member must satisfy regular expression pattern: "
                    + "^[\\S]+.*[\\S]+$");
        }
        return Optional.empty();
    }

    /**
     * Cognito's {@code InvalidPasswordException} message for a password the policy refuses ("Password did not conform
     * with policy: ..."), or empty when the policy accepts it. Letters are the basic Latin ones, as Cognito counts
     * them.
     */
    static Optional<String> policyViolation(PasswordPolicy policy, String password) {
        String why = null;
        if (password.codePointCount(0, password.length()) < policy.minimumLength()) {
            why = "Password not long enough";
        } else if (policy.requireLowercase() && password.chars().noneMatch(c -> c >= 'a' && c <= 'z')) {
            why = "Password must have lowercase characters";
        } else if (policy.requireUppercase() && password.chars().noneMatch(c -> c >= 'A' && c <= 'Z')) {
            why = "Password must have uppercase characters";
        } else if (policy.requireNumbers() && password.chars().noneMatch(c -> c >= '0' && c <= '9')) {
            why = "Password must have numeric characters";
        } else if (policy.requireSymbols() && password.chars().noneMatch(c -> SYMBOLS.indexOf(c) >= 0)) {
            why = "Password must have symbol characters";
        }
        return Optional.ofNullable(why).map(w -> "Password did not conform with policy: " + w);
    }

    /** What the policy asks for, for a message that says how to fix a refused password. */
    static String describe(PasswordPolicy policy) {
        StringBuilder out = new StringBuilder("at least " + policy.minimumLength() + " characters");
        if (policy.requireLowercase()) {
            out.append(", a lowercase letter");
        }
        if (policy.requireUppercase()) {
            out.append(", an uppercase letter");
        }
        if (policy.requireNumbers()) {
            out.append(", a digit");
        }
        if (policy.requireSymbols()) {
            out.append(", a symbol");
        }
        return out.toString();
    }

    /**
     * A temporary password the policy accepts, for {@code AdminCreateUser} without {@code TemporaryPassword}: Cognito
     * would send it in the invitation, which the emulator does not send, so an administrator sets one instead.
     */
    static String temporary(PasswordPolicy policy) {
        String lower = "abcdefghijkmnopqrstuvwxyz";
        String upper = "ABCDEFGHJKLMNPQRSTUVWXYZ";
        String digits = "23456789";
        StringBuilder out = new StringBuilder();
        out.append(lower.charAt(RANDOM.nextInt(lower.length())));
        out.append(upper.charAt(RANDOM.nextInt(upper.length())));
        out.append(digits.charAt(RANDOM.nextInt(digits.length())));
        out.append("#");
        String all = lower + upper + digits;
        while (out.length() < Math.max(16, policy.minimumLength())) {
            out.append(all.charAt(RANDOM.nextInt(all.length())));
        }
        return out.toString();
    }
}
