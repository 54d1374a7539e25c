package dev.gatewaycli.emulator.cognito;

import java.security.SecureRandom;

/**
 * Throw-away identifiers in the shapes Cognito and API Gateway use (fidelity.md §1, "Identifier shapes"). Libraries
 * check these shapes (aws-jwt-verify refuses a pool id of another form), so an emulated pool must keep them.
 */
public final class Identifiers {

    private static final String LOWER_ALNUM = "abcdefghijklmnopqrstuvwxyz0123456789";
    private static final String MIXED_ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private static final SecureRandom RANDOM = new SecureRandom();

    private Identifiers() {}

    /** {@code <region>_<9 letters and digits>}, e.g. {@code us-east-1_AbCdEf123}. */
    public static String userPoolId(String region) {
        return region + "_" + random(MIXED_ALNUM, 9);
    }

    /** 26 lowercase letters and digits. */
    public static String clientId() {
        return random(LOWER_ALNUM, 26);
    }

    /** 51 lowercase letters and digits, the length Cognito generates. */
    public static String clientSecret() {
        return random(LOWER_ALNUM, 51);
    }

    /** A REST API id: 10 lowercase letters and digits. */
    public static String apiId() {
        return random(LOWER_ALNUM, 10);
    }

    /** An API key id: 10 lowercase letters and digits. */
    public static String apiKeyId() {
        return random(LOWER_ALNUM, 10);
    }

    /** An API key value as API Gateway generates one: 40 letters and digits. */
    public static String apiKeyValue() {
        return random(MIXED_ALNUM, 40);
    }

    static String random(String alphabet, int length) {
        StringBuilder out = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            out.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
        }
        return out.toString();
    }
}
