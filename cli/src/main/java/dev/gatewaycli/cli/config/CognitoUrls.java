package dev.gatewaycli.cli.config;

import java.net.URI;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The shapes of Cognito's names and URLs that the CLI derives one from another (docs/fidelity.md §1 and "Cognito's
 * Identity Provider API"), in one place: a pool id starts with its Region; the IdP API and every pool's issuer live
 * at {@code https://cognito-idp.<region>.amazonaws.com/}; a prefix domain's token endpoint is
 * {@code https://<prefix>.auth.<region>.amazoncognito.com/oauth2/token}, a custom domain's
 * {@code https://<domain>/oauth2/token}.
 */
public final class CognitoUrls {

    /** A user pool id: {@code <region>_<id>}, e.g. {@code us-east-1_AbCdEf123}. */
    public static final Pattern POOL_ID = Pattern.compile("([a-z]{2}(?:-[a-z]+)+-\\d)_[A-Za-z0-9]+");

    public static final String POOL_ID_SHAPE = "a user pool id (REGION_ID, e.g. us-east-1_AbCdEf123)";

    /**
     * A name a user signs in with: Cognito's {@code Username}, 1 to 128 letters, marks, symbols, digits and
     * punctuation (docs/fidelity.md §8); an alias (email, phone number) has that shape too. No space, no control
     * character, no line break: a name that holds one can be no user's.
     */
    public static final Pattern USER_NAME = Pattern.compile("[\\p{L}\\p{M}\\p{S}\\p{N}\\p{P}]{1,128}");

    public static final String USER_NAME_SHAPE =
            "a user name (1 to 128 letters, digits, symbols and punctuation: no spaces or control characters)";

    /** An AWS Region, e.g. {@code eu-west-1}. */
    public static final Pattern REGION = Pattern.compile("[a-z]{2}(?:-[a-z]+)+-\\d");

    /** A Cognito prefix domain: lower-case letters, digits and hyphens, neither first nor last a hyphen. */
    public static final Pattern DOMAIN_PREFIX = Pattern.compile("[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?");

    private static final Pattern PREFIX_DOMAIN_HOST =
            Pattern.compile("[a-z0-9-]+\\.auth\\.([a-z]{2}(?:-[a-z]+)+-\\d)\\.amazoncognito\\.com");

    /** The token endpoint's path on every Cognito domain. */
    public static final String TOKEN_PATH = "/oauth2/token";

    private CognitoUrls() {}

    /** The Region a pool id starts with, or empty when it is no pool id. */
    public static Optional<String> regionOfPool(String userPoolId) {
        Matcher matcher = POOL_ID.matcher(userPoolId.trim());
        return matcher.matches() ? Optional.of(matcher.group(1)) : Optional.empty();
    }

    /** The Region in a prefix domain's host, or empty for any other host (a custom domain, an emulator). */
    public static Optional<String> regionOfDomain(String host) {
        Matcher matcher = PREFIX_DOMAIN_HOST.matcher(host);
        return matcher.matches() ? Optional.of(matcher.group(1)) : Optional.empty();
    }

    /** Cognito's IdP API in a Region, {@code https://cognito-idp.<region>.amazonaws.com/}. */
    public static URI idpEndpoint(String region) {
        return URI.create("https://cognito-idp." + region + ".amazonaws.com/");
    }

    /** The pool's issuer, {@code https://cognito-idp.<region>.amazonaws.com/<poolId>}. */
    public static String issuer(String userPoolId) {
        return idpEndpoint(regionOfPool(userPoolId).orElseThrow()) + userPoolId;
    }

    /** The token endpoint of a prefix domain. */
    public static URI prefixDomainTokenUrl(String prefix, String region) {
        return URI.create("https://" + prefix + ".auth." + region + ".amazoncognito.com" + TOKEN_PATH);
    }

    /** The token endpoint of a custom domain. */
    public static URI customDomainTokenUrl(String domain) {
        return URI.create("https://" + domain + TOKEN_PATH);
    }
}
