package dev.gatewaycli.cli.verify;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import dev.gatewaycli.cli.api.ApiResponse;
import dev.gatewaycli.cli.config.Settings;
import dev.gatewaycli.cli.config.Target;
import dev.gatewaycli.cli.oauth.IssuedToken;
import java.net.URI;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.security.oauth2.core.OAuth2AccessToken;

/**
 * Check 2: is the token what Cognito issues (docs/fidelity.md §1)? RS256 with a {@code kid} of the pool's JWKS, a valid
 * signature (Nimbus's {@link DefaultJWTProcessor} with the fetched {@link JWKSet}), then every claim compared on
 * its own so that the evidence names each one that is wrong: {@code iss}, {@code token_use}, {@code client_id},
 * {@code scope}, {@code exp}.
 */
final class TokenInspection {

    /** Cognito's allowed access-token validity: 5 minutes to 1 day (docs/fidelity.md §1). */
    static final Duration MIN_VALIDITY = Duration.ofMinutes(5);

    static final Duration MAX_VALIDITY = Duration.ofDays(1);

    /** How far {@code exp - iat} may stray from the token response's {@code expires_in} (request time, rounding). */
    static final Duration EXPIRES_IN_TOLERANCE = Duration.ofSeconds(5);

    private static final Pattern COGNITO_ISSUER =
            Pattern.compile("https://cognito-idp\\.([a-z0-9-]+)\\.amazonaws\\.com/(([a-z0-9-]+)_[A-Za-z0-9]+)");

    private final HttpProbe http;

    private final Settings settings;

    private final Target target;

    private final Clock clock;

    TokenInspection(HttpProbe http, Target target, Clock clock) {
        this.http = http;
        this.settings = target.settings();
        this.target = target;
        this.clock = clock;
    }

    Outcome inspect(IssuedToken token) {
        SignedJWT jwt;
        JWTClaimsSet claims;
        try {
            jwt = SignedJWT.parse(token.value());
            claims = jwt.getJWTClaimsSet();
        } catch (ParseException ex) {
            return Outcome.fail("the token is not a signed JWT (" + ex.getMessage() + "), so it is not Cognito's");
        }
        JWSAlgorithm alg = jwt.getHeader().getAlgorithm();
        String kid = jwt.getHeader().getKeyID();
        String iss = claims.getIssuer();
        if (!JWSAlgorithm.RS256.equals(alg)) {
            return Outcome.fail("alg is " + alg + ", Cognito signs access tokens with RS256")
                    .with("alg", str(alg));
        }
        if (kid == null) {
            return Outcome.fail("the header has no kid, Cognito's always names its key")
                    .with("alg", str(alg));
        }

        // The keys come from configuration, never from the token under test: a token naming its own issuer could
        // send the CLI to fetch "keys" from any address, and would then vouch for itself.
        URI jwksUrl = target.jwksUrl();
        String jwksSource = "settings";
        if (jwksUrl == null) {
            String issuer = target.expectedIssuer();
            if (issuer == null) {
                return Outcome.skip("no pool to check the signature against: pass --user-pool-id ID or --jwks-url URL "
                                + "(or set GATEWAY_USER_POOL_ID / GATEWAY_JWKS_URL); the keys are never taken from "
                                + "the token's own iss")
                        .with("alg", str(alg))
                        .with("kid", kid)
                        .with("iss", iss);
            }
            jwksUrl = URI.create(issuer + "/.well-known/jwks.json");
            jwksSource = "derived from the user pool id";
        }
        ApiResponse answer = http.get(jwksUrl, Map.of(), "JWKS endpoint");
        if (answer.status() != 200) {
            return Outcome.fail("the JWKS at " + jwksUrl + " answered " + answer.status() + ", not a key set")
                    .with("jwksUrl", jwksUrl.toString())
                    .with("status", answer.status())
                    .with("body", Excerpts.of(answer.bodyText()));
        }
        JWKSet jwks;
        try {
            jwks = JWKSet.parse(answer.bodyText());
        } catch (ParseException ex) {
            return Outcome.fail("the JWKS at " + jwksUrl + " is not a JWK set: " + Excerpts.of(answer.bodyText()))
                    .with("jwksUrl", jwksUrl.toString());
        }
        List<String> kids = jwks.getKeys().stream().map(JWK::getKeyID).toList();
        Outcome facts = Outcome.pass("")
                .with("alg", str(alg))
                .with("kid", kid)
                .with("jwksUrl", jwksUrl.toString())
                .with("jwksSource", jwksSource)
                .with("jwksKids", kids);
        if (jwks.getKeyByKeyId(kid) == null) {
            return copy(
                    Outcome.fail("kid " + kid + " is not in the pool's JWKS at " + jwksUrl + " (it holds " + kids
                            + "): the token was signed by another pool or key"),
                    facts);
        }
        DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(JWSAlgorithm.RS256, new ImmutableJWKSet<>(jwks)));
        // Claims are judged one by one below, against the CLI's clock, so each wrong one is named.
        processor.setJWTClaimsSetVerifier((c, context) -> {});
        try {
            processor.process(jwt, null);
        } catch (BadJOSEException | JOSEException ex) {
            return copy(
                    Outcome.fail("the signature does not verify with key " + kid + " of the JWKS: " + ex.getMessage()),
                    facts);
        }
        return claims(token, claims, iss, jwksUrl, facts);
    }

    private Outcome claims(IssuedToken token, JWTClaimsSet claims, String iss, URI jwksUrl, Outcome facts) {
        List<String> problems = new ArrayList<>();
        Object tokenUse = claims.getClaim("token_use");
        Object clientId = claims.getClaim("client_id");
        Object scopeClaim = claims.getClaim("scope");
        Set<String> scopes = (scopeClaim instanceof String s && !s.isBlank())
                ? new LinkedHashSet<>(Arrays.asList(s.trim().split("\\s+")))
                : Set.of();
        facts.with("iss", iss)
                .with("token_use", str(tokenUse))
                .with("client_id", str(clientId))
                .with("scope", str(scopeClaim));

        String issCompared = issuer(iss, jwksUrl, problems);
        facts.with("issCompared", issCompared);
        if (!"access".equals(tokenUse)) {
            problems.add("token_use is " + tokenUse + ", expected access");
        }
        if (!settings.clientId().equals(clientId)) {
            problems.add("client_id is " + clientId + ", expected " + settings.clientId());
        }
        if (settings.scopes().isEmpty()) {
            if (scopes.isEmpty()) {
                problems.add("scope is empty: a client-credentials token carries the client's custom scopes");
            }
        } else {
            List<String> missing = settings.scopes().stream()
                    .filter((s) -> !scopes.contains(s))
                    .toList();
            if (!missing.isEmpty()) {
                problems.add("scope (" + str(scopeClaim) + ") lacks the configured " + String.join(" ", missing));
            }
        }
        Instant exp = (claims.getExpirationTime() == null)
                ? null
                : claims.getExpirationTime().toInstant();
        Instant iat =
                (claims.getIssueTime() == null) ? null : claims.getIssueTime().toInstant();
        Instant now = clock.instant();
        if (exp == null || iat == null) {
            problems.add("exp or iat is missing");
        } else {
            Duration validity = Duration.between(iat, exp);
            facts.with("exp", exp.toString()).with("validitySeconds", validity.toSeconds());
            if (!exp.isAfter(now)) {
                problems.add("exp " + exp + " is not in the future (now " + now + ")");
            }
            if (validity.compareTo(MIN_VALIDITY) < 0 || validity.compareTo(MAX_VALIDITY) > 0) {
                problems.add("exp - iat is " + validity.toSeconds() + " s, outside Cognito's 300 s to 86400 s");
            }
            OAuth2AccessToken access = token.accessToken();
            if (access.getIssuedAt() != null && access.getExpiresAt() != null) {
                Duration reported = Duration.between(access.getIssuedAt(), access.getExpiresAt());
                facts.with("expiresIn", reported.toSeconds());
                if (validity.minus(reported).abs().compareTo(EXPIRES_IN_TOLERANCE) > 0) {
                    problems.add("exp - iat is " + validity.toSeconds() + " s but the token endpoint said expires_in "
                            + reported.toSeconds() + " s");
                }
            }
        }
        if (!problems.isEmpty()) {
            return copy(Outcome.fail(String.join("; ", problems)), facts);
        }
        return copy(
                Outcome.pass(
                        "RS256 by kid " + facts.evidence.get("kid") + " of the JWKS, signature valid; " + issCompared
                                + "; token_use access; client_id matches; scope " + str(scopeClaim) + "; valid "
                                + facts.evidence.get("validitySeconds") + " s, until " + exp),
                facts);
    }

    /** Compares {@code iss} as strictly as the settings allow; returns what was compared, adds any problem. */
    private String issuer(String iss, URI jwksUrl, List<String> problems) {
        String expected = target.expectedIssuer();
        if (iss == null) {
            problems.add("iss is missing");
            return "iss missing";
        }
        if (expected != null) {
            if (!expected.equals(iss)) {
                problems.add("iss is " + iss + ", expected " + expected + " (pool " + target.userPoolId() + ")");
            }
            return "iss compared with pool " + target.userPoolId() + "'s issuer";
        }
        Matcher cognito = COGNITO_ISSUER.matcher(iss);
        boolean shaped = cognito.matches() && cognito.group(1).equals(cognito.group(3));
        String poolId = iss.substring(iss.lastIndexOf('/') + 1);
        if (target.jwksUrl() != null) {
            boolean samePool = jwksUrl.getPath().endsWith("/" + poolId + "/.well-known/jwks.json");
            if (!samePool) {
                problems.add("iss " + iss + " names pool " + poolId + " but the JWKS is " + jwksUrl);
            }
            return "iss's pool " + poolId + " compared with the JWKS URL (no pool id configured)";
        }
        if (!shaped) {
            problems.add("iss " + iss + " is not a Cognito user pool issuer (https://cognito-idp.REGION.amazonaws.com/"
                    + "REGION_ID)");
        }
        return "iss checked for Cognito's shape, its JWKS signed the token (no pool id configured)";
    }

    private static Outcome copy(Outcome into, Outcome facts) {
        facts.evidence.forEach(into::with);
        return into;
    }

    private static String str(Object value) {
        return (value == null) ? null : value.toString();
    }
}
