package dev.gatewaycli.emulator.apigateway;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;

/**
 * Small hand-written generators and mutators for {@link HostileInputPropertyTest}: random header values, mutated
 * tokens (every forgery a client could try with a genuine token, the pool's public key and a key of its own), random
 * paths, methods, headers, bodies and forms. Every draw comes from the {@link SplittableRandom} passed in, so a seed
 * reproduces the same inputs.
 */
final class HostileInputs {

    static final String BASE64URL = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    static final String PRINTABLE =
            " !\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~";

    /** What the token mutators start from: a genuine access token, a genuine ID token, the pool's public key, a stranger's key. */
    record Material(String accessToken, String idToken, RSAKey poolPublicKey, RSAKey strangerKey) {}

    /** A generated token and how it was made (shown in a failure message). */
    record Forgery(String how, String value) {
        @Override
        public String toString() {
            return how + ": " + value;
        }
    }

    /** A generated HTTP request. */
    record RandomRequest(String method, String path, List<String> headers, String body) {
        @Override
        public String toString() {
            return method + " " + path + " headers " + headers + " body " + Java.quote(body);
        }
    }

    private HostileInputs() {}

    // ---------------------------------------------------------------- primitives

    static <T> T pick(SplittableRandom r, List<T> values) {
        return values.get(r.nextInt(values.size()));
    }

    @SafeVarargs
    static <T> T oneOf(SplittableRandom r, Function<SplittableRandom, T>... generators) {
        return generators[r.nextInt(generators.length)].apply(r);
    }

    static String string(SplittableRandom r, String alphabet, int minLength, int maxLength) {
        int length = minLength + r.nextInt(maxLength - minLength + 1);
        StringBuilder out = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            out.append(alphabet.charAt(r.nextInt(alphabet.length())));
        }
        return out.toString();
    }

    /** Any UTF-16 text: ASCII, Latin-1, other planes' characters, controls; never an unpaired surrogate. */
    static String unicode(SplittableRandom r, int maxLength) {
        int length = r.nextInt(maxLength + 1);
        StringBuilder out = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            int kind = r.nextInt(10);
            int cp = kind < 6
                    ? 0x20 + r.nextInt(0x5f)
                    : kind < 7 ? r.nextInt(0x20) : kind < 9 ? 0xa0 + r.nextInt(0x2000) : 0x1f300 + r.nextInt(0x300);
            out.appendCodePoint(cp);
        }
        return out.toString();
    }

    /** Header values cannot be blank or padded (HTTP strips the spaces); an all-blank draw becomes "x". */
    static String nonBlank(String s) {
        return s.strip().isEmpty() ? "x" : s.strip();
    }

    static String b64(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static String b64(String text) {
        return b64(text.getBytes(StandardCharsets.UTF_8));
    }

    // ---------------------------------------------------------------- Authorization header values

    /** Random values a client could put in the Authorization header, none of them a genuine token. */
    static String headerValue(SplittableRandom r) {
        return oneOf(
                        r,
                        x -> nonBlank(string(x, PRINTABLE, 1, 200)),
                        x -> string(x, BASE64URL + ".", 1, 1500),
                        x -> "Bearer " + string(x, "eyJ0123456789ABC._-=", 1, 400),
                        x -> string(x, BASE64URL, 10, 60) + "." + string(x, BASE64URL, 10, 400) + "."
                                + string(x, BASE64URL, 0, 342),
                        x -> pick(
                                x,
                                List.of(
                                        "Basic Og==",
                                        "Bearer",
                                        "Bearer ",
                                        "null",
                                        "undefined",
                                        "[object Object]",
                                        "Bearer null",
                                        "eyJhbGciOiJub25lIn0.eyJ0b2tlbl91c2UiOiJhY2Nlc3MifQ.",
                                        "a.b.c",
                                        "..",
                                        "...",
                                        "Bearer Bearer x",
                                        "Negotiate YIIB",
                                        "Digest username=\"x\"")))
                .strip();
    }

    // ---------------------------------------------------------------- token forgeries

    /** One forgery of the genuine tokens; see the cases for what each kind does. */
    static Forgery forgery(SplittableRandom r, Material m) {
        Forgery f = switch (r.nextInt(12)) {
            case 0 -> bitFlip(r, m.accessToken());
            case 1 -> charFlip(r, m.accessToken());
            case 2 -> truncation(r, m.accessToken());
            case 3 -> base64Garbage(r, m.accessToken());
            case 4 -> swappedSegments(r, m);
            case 5 -> algNone(r, m.accessToken());
            case 6 -> hmacWithThePublicKey(r, m);
            case 7 -> reSignedByAStranger(r, m);
            case 8 -> changedClaims(r, m.accessToken());
            case 9 -> otherAlgorithmHeader(r, m.accessToken());
            case 10 -> new Forgery("genuine ID token on a scoped method", m.idToken());
            default -> new Forgery("ID token re-labelled as an access token", relabelledIdToken(r, m));
        };
        return r.nextInt(4) == 0 ? new Forgery(f.how() + ", as Bearer", "Bearer " + f.value()) : f;
    }

    /** One bit of the decoded header, payload or signature flipped, then re-encoded. */
    static Forgery bitFlip(SplittableRandom r, String token) {
        String[] parts = token.split("\\.");
        int part = r.nextInt(3);
        byte[] bytes = Base64.getUrlDecoder().decode(parts[part]);
        int bit = r.nextInt(bytes.length * 8);
        bytes[bit / 8] ^= (byte) (1 << (bit % 8));
        parts[part] = b64(bytes);
        return new Forgery("bit " + bit + " of part " + part + " flipped", String.join(".", parts));
    }

    /** One bit of one character of the token text flipped, keeping it printable. */
    static Forgery charFlip(SplittableRandom r, String token) {
        for (; ; ) {
            int i = r.nextInt(token.length());
            char c = (char) (token.charAt(i) ^ (1 << r.nextInt(7)));
            if (c > 0x20 && c < 0x7f) {
                return new Forgery(
                        "character " + i + " flipped to '" + c + "'",
                        token.substring(0, i) + c + token.substring(i + 1));
            }
        }
    }

    static Forgery truncation(SplittableRandom r, String token) {
        int at = 1 + r.nextInt(token.length() - 1);
        return r.nextBoolean()
                ? new Forgery("first " + at + " characters", token.substring(0, at))
                : new Forgery("from character " + at, token.substring(at));
    }

    /** Characters from inside and outside the base64url alphabet inserted, replaced, or whole segments of noise. */
    static Forgery base64Garbage(SplittableRandom r, String token) {
        String[] parts = token.split("\\.");
        return switch (r.nextInt(5)) {
            case 0 -> {
                int i = r.nextInt(token.length() + 1);
                String s = string(r, BASE64URL + "=+/!{}\" ", 1, 4);
                yield new Forgery("'" + s + "' inserted at " + i, token.substring(0, i) + s + token.substring(i));
            }
            case 1 -> {
                int i = r.nextInt(token.length());
                char c = (BASE64URL + "=+/").charAt(r.nextInt(BASE64URL.length() + 3));
                yield new Forgery(
                        "character " + i + " replaced by '" + c + "'",
                        token.substring(0, i) + c + token.substring(i + 1));
            }
            case 2 -> {
                int part = r.nextInt(3);
                parts[part] = string(r, BASE64URL, parts[part].length(), parts[part].length());
                yield new Forgery("part " + part + " replaced by noise of its length", String.join(".", parts));
            }
            case 3 -> new Forgery("padded with '='", parts[0] + "==." + parts[1] + "=." + parts[2] + "==");
            default ->
                new Forgery(
                        "standard base64 alphabet",
                        token.replace('-', '+').replace('_', '/') + (r.nextBoolean() ? "+" : "/"));
        };
    }

    /** Parts swapped, dropped, repeated, or borrowed from the genuine ID token. */
    static Forgery swappedSegments(SplittableRandom r, Material m) {
        String[] a = m.accessToken().split("\\.");
        String[] id = m.idToken().split("\\.");
        List<Forgery> all = List.of(
                new Forgery("payload.header.signature", a[1] + "." + a[0] + "." + a[2]),
                new Forgery("header.signature.payload", a[0] + "." + a[2] + "." + a[1]),
                new Forgery("signature.payload.header", a[2] + "." + a[1] + "." + a[0]),
                new Forgery("header.header.signature", a[0] + "." + a[0] + "." + a[2]),
                new Forgery("header.payload", a[0] + "." + a[1]),
                new Forgery("header.payload.", a[0] + "." + a[1] + "."),
                new Forgery("header.payload.signature.signature", m.accessToken() + "." + a[2]),
                new Forgery("ID header, access payload, access signature", id[0] + "." + a[1] + "." + a[2]),
                new Forgery("access header, access payload, ID signature", a[0] + "." + a[1] + "." + id[2]),
                new Forgery("access header, ID payload, ID signature", a[0] + "." + id[1] + "." + id[2]),
                new Forgery("ID header, ID payload, access signature", id[0] + "." + id[1] + "." + a[2]),
                new Forgery("access token twice", m.accessToken() + m.accessToken()),
                new Forgery("access token, ID token", m.accessToken() + " " + m.idToken()));
        return pick(r, all);
    }

    /** {@code alg: none} (in any spelling), with no signature or the original one. */
    static Forgery algNone(SplittableRandom r, String token) {
        String[] parts = token.split("\\.");
        String alg = pick(r, List.of("none", "None", "NONE", "nOnE"));
        String header = r.nextBoolean()
                ? "{\"alg\":\"" + alg + "\"}"
                : "{\"kid\":\"" + kid(token) + "\",\"alg\":\"" + alg + "\",\"typ\":\"JWT\"}";
        String payload = r.nextBoolean() ? parts[1] : b64(changeClaims(r, payload(token)));
        String signature = r.nextBoolean() ? "" : parts[2];
        return new Forgery(
                "alg " + alg + " " + header + ", signature " + (signature.isEmpty() ? "empty" : "original"),
                b64(header) + "." + payload + "." + signature);
    }

    /** HS256/384/512 with the pool's public key (as X.509 DER, JWK JSON, modulus or PEM) as the HMAC secret. */
    static Forgery hmacWithThePublicKey(SplittableRandom r, Material m) {
        try {
            byte[] secret = switch (r.nextInt(4)) {
                case 0 -> m.poolPublicKey().toRSAPublicKey().getEncoded();
                case 1 -> m.poolPublicKey().toPublicJWK().toJSONString().getBytes(StandardCharsets.UTF_8);
                case 2 -> m.poolPublicKey().getModulus().decode();
                default ->
                    ("-----BEGIN PUBLIC KEY-----\n"
                                    + Base64.getMimeEncoder()
                                            .encodeToString(m.poolPublicKey()
                                                    .toRSAPublicKey()
                                                    .getEncoded())
                                    + "\n-----END PUBLIC KEY-----\n")
                            .getBytes(StandardCharsets.US_ASCII);
            };
            JWSAlgorithm alg = pick(r, List.of(JWSAlgorithm.HS256, JWSAlgorithm.HS384, JWSAlgorithm.HS512));
            if (secret.length * 8 < 512) {
                secret = Arrays.copyOf(secret, 64); // MACSigner wants a key as long as the hash; a forger pads it
            }
            JWTClaimsSet claims = claims(r, m.accessToken());
            SignedJWT jwt = new SignedJWT(
                    new JWSHeader.Builder(alg).keyID(kid(m.accessToken())).build(), claims);
            jwt.sign(new MACSigner(secret));
            return new Forgery(alg + " with the public key as secret, claims " + claims, jwt.serialize());
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** RS256 by a key of the forger's own, under the kid of the pool's access or ID key. */
    static Forgery reSignedByAStranger(SplittableRandom r, Material m) {
        try {
            String kid = r.nextBoolean() ? kid(m.accessToken()) : kid(m.idToken());
            JWTClaimsSet claims = claims(r, m.accessToken());
            SignedJWT jwt = new SignedJWT(
                    new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(kid).build(), claims);
            jwt.sign(new RSASSASigner(m.strangerKey()));
            return new Forgery("RS256 by a stranger's key under kid " + kid + ", claims " + claims, jwt.serialize());
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The payload's claims changed; header and signature kept. */
    static Forgery changedClaims(SplittableRandom r, String token) {
        String[] parts = token.split("\\.");
        String changed = changeClaims(r, payload(token));
        return new Forgery("claims changed to " + changed, parts[0] + "." + b64(changed) + "." + parts[2]);
    }

    /** Another RS/PS/ES/HS algorithm named in the header, the rest kept. */
    static Forgery otherAlgorithmHeader(SplittableRandom r, String token) {
        String[] parts = token.split("\\.");
        String alg = pick(r, List.of("HS256", "RS384", "RS512", "PS256", "ES256", "EdDSA", "rs256", "RS256 ", ""));
        String header = new String(Base64.getUrlDecoder().decode(parts[0]), StandardCharsets.UTF_8)
                .replace("\"RS256\"", "\"" + alg + "\"");
        return new Forgery("header alg " + Java.quote(alg), b64(header) + "." + parts[1] + "." + parts[2]);
    }

    /** The genuine ID token with its {@code token_use} (and maybe a scope) changed, signature kept. */
    static String relabelledIdToken(SplittableRandom r, Material m) {
        String[] parts = m.idToken().split("\\.");
        String payload = payload(m.idToken()).replace("\"token_use\":\"id\"", "\"token_use\":\"access\"");
        if (r.nextBoolean()) {
            payload = payload.replaceFirst("\\{", "{\"scope\":\"users/read-only\",");
        }
        return parts[0] + "." + b64(payload) + "." + parts[2];
    }

    /** A textual change of the claims JSON: scope widened, expiry moved, issuer, client, type or subject replaced. */
    static String changeClaims(SplittableRandom r, String payload) {
        return switch (r.nextInt(8)) {
            case 0 ->
                payload.replaceFirst(
                        "\"scope\":\"[^\"]*\"", "\"scope\":\"users/read-only " + string(r, "abcdefgh/", 1, 20) + "\"");
            case 1 ->
                payload.replaceFirst("\"scope\":\"[^\"]*\"", "\"scope\":\"" + string(r, "abcdefgh/ -", 0, 30) + "\"");
            case 2 -> payload.replaceFirst("\"exp\":\\d+", "\"exp\":" + (4_102_444_800L + r.nextInt(1_000_000)));
            case 3 ->
                payload.replaceFirst(
                        "\"iss\":\"[^\"]*\"",
                        "\"iss\":\"https://cognito-idp.us-east-1.amazonaws.com/us-east-1_"
                                + string(r, BASE64URL.substring(0, 62), 9, 9) + "\"");
            case 4 ->
                payload.replaceFirst(
                        "\"client_id\":\"[^\"]*\"",
                        "\"client_id\":\"" + string(r, "abcdefghijklmnopqrstuvwxyz0123456789", 26, 26) + "\"");
            case 5 ->
                payload.replaceFirst(
                        "\"token_use\":\"access\"",
                        "\"token_use\":\"" + pick(r, List.of("id", "refresh", "", "ACCESS")) + "\"");
            case 6 -> payload.replaceFirst("\\{", "{\"cognito:groups\":[\"admin\"],");
            default ->
                payload.replaceFirst("\"sub\":\"[^\"]*\"", "\"sub\":\"" + string(r, "abcdef0123456789-", 1, 36) + "\"");
        };
    }

    /** The genuine claims, or changed ones (for forgeries that sign, so that the change is what they sign). */
    static JWTClaimsSet claims(SplittableRandom r, String token) {
        try {
            JWTClaimsSet genuine = SignedJWT.parse(token).getJWTClaimsSet();
            return switch (r.nextInt(4)) {
                case 0 -> genuine;
                case 1 ->
                    new JWTClaimsSet.Builder(genuine)
                            .claim("scope", "users/read-only " + string(r, "abcdefgh/", 1, 12))
                            .build();
                case 2 ->
                    new JWTClaimsSet.Builder(genuine)
                            .expirationTime(new Date(4_102_444_800_000L))
                            .build();
                default ->
                    new JWTClaimsSet.Builder(genuine)
                            .issuer("https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Forged0001")
                            .build();
            };
        } catch (ParseException e) {
            throw new IllegalStateException(e);
        }
    }

    static String kid(String token) {
        try {
            return SignedJWT.parse(token).getHeader().getKeyID();
        } catch (ParseException e) {
            throw new IllegalStateException(e);
        }
    }

    static String payload(String token) {
        return new String(Base64.getUrlDecoder().decode(token.split("\\.")[1]), StandardCharsets.UTF_8);
    }

    /**
     * Whether {@code candidate} is, after all, the genuine token: some edits of a base64 text change only bits that
     * decoding drops (the last character's spare bits). Acceptance would then be right, so the case is drawn again.
     */
    static boolean isGenuine(String candidate, String genuine) {
        String c = candidate.strip();
        if (c.regionMatches(true, 0, "Bearer ", 0, 7)) {
            c = c.substring(7).strip();
        }
        String[] a = c.split("\\.", -1);
        String[] b = genuine.split("\\.", -1);
        if (a.length != 3 || !c.chars().allMatch(ch -> ch == '.' || BASE64URL.indexOf(ch) >= 0)) {
            return false;
        }
        for (int i = 0; i < 3; i++) {
            if (!Arrays.equals(new Base64URL(a[i]).decode(), new Base64URL(b[i]).decode())) {
                return false;
            }
        }
        return true;
    }

    // ---------------------------------------------------------------- requests

    static final List<String> METHODS =
            List.of("GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "HEAD", "FOO", "get", "PROPFIND", "M-SEARCH");
    static final List<String> CONTENT_TYPES = List.of(
            "application/x-www-form-urlencoded",
            "application/x-www-form-urlencoded; charset=ISO-8859-1",
            "application/json",
            "application/json;charset=UTF-8",
            "text/plain",
            "multipart/form-data; boundary=xyz",
            "application/octet-stream",
            "*/*",
            ";",
            "x",
            "text/html; charset=\"",
            "application/x-www-form-urlencoded;;;");
    static final List<String> HEADER_NAMES = List.of(
            "Accept",
            "Accept-Encoding",
            "Accept-Language",
            "Cookie",
            "Origin",
            "Referer",
            "User-Agent",
            "X-Forwarded-For",
            "X-Forwarded-Proto",
            "X-Amz-Date",
            "X-Api-Key",
            "x-amzn-RequestId",
            "Cache-Control",
            "Range",
            "If-None-Match",
            "Content-Encoding",
            "Forwarded",
            "Authorization");

    /** A path: random segments (with and without the stage), percent escapes, the Cognito side's, and odd spellings. */
    static String path(SplittableRandom r, String userPoolId) {
        Function<SplittableRandom, String> segment =
                x -> string(x, "abcxyz019-_.~%2FAZ@:!$'()*+,;=", 0, 12).replace("%", "%25");
        Function<SplittableRandom, String> segments = x -> {
            List<String> out = new ArrayList<>();
            int n = x.nextInt(5);
            for (int i = 0; i < n; i++) {
                out.add(segment.apply(x));
            }
            return String.join("/", out);
        };
        String path = oneOf(
                r,
                x -> "/" + segments.apply(x),
                x -> "/prod/" + segments.apply(x),
                x -> pick(
                        x,
                        List.of(
                                "/prod/",
                                "/prod",
                                "/oauth2/token",
                                "/oauth2/token/",
                                "/oauth2/Token",
                                "/prod/../prod/",
                                "/PROD/",
                                "/prod//",
                                "/prod/%2e%2e/",
                                "/prod/%70rod",
                                "//prod/",
                                "/prod;x=1/",
                                "/prod/.",
                                "/%70rod/",
                                "/" + userPoolId + "/.well-known/jwks.json",
                                "/" + userPoolId + "/.well-known/openid-configuration",
                                "/" + userPoolId + "/.well-known/x",
                                "/" + userPoolId.toLowerCase() + "/.well-known/jwks.json")));
        if (r.nextInt(4) == 0) {
            path += "?" + string(r, "abc=&%20+xyz19", 0, 30).replace("%", "%25");
        }
        return path;
    }

    /** Zero to four headers beside the Authorization header, from names clients send and names of the forger's own. */
    static List<String> extraHeaders(SplittableRandom r) {
        List<String> out = new ArrayList<>();
        int n = r.nextInt(5);
        for (int i = 0; i < n; i++) {
            String name = r.nextInt(3) == 0
                    ? "X-" + string(r, "abcdefghijklmnopqrstuvwxyz-0123456789", 1, 20)
                    : pick(r, HEADER_NAMES);
            if (name.equalsIgnoreCase("Authorization")) {
                continue; // the one under test is set separately
            }
            out.add(name);
            out.add(nonBlank(string(r, PRINTABLE, 1, 80)));
        }
        return out;
    }

    static String body(SplittableRandom r) {
        return oneOf(
                r,
                x -> "",
                x -> unicode(x, 300),
                x -> "grant_type=client_credentials",
                x -> "{\"" + string(x, "abc", 1, 5) + "\":" + pick(x, List.of("1", "null", "[]", "{}", "\"x\"", "true"))
                        + "}",
                x -> string(x, "{}[]\":,0123456789truefalsenull", 0, 400),
                x -> "x".repeat(x.nextInt(20_000)));
    }

    /** A token request's form: noise, or the right shape with wrong values (maybe the real client id). */
    static String form(SplittableRandom r, String realClientId) {
        Function<SplittableRandom, String> value = x -> string(x, "abc%+=&_/ client_credentials", 0, 40);
        return oneOf(
                r,
                value::apply,
                x -> "grant_type=client_credentials&client_id=" + value.apply(x) + "&client_secret=" + value.apply(x),
                x -> "grant_type=client_credentials&client_id=" + realClientId + "&client_secret="
                        + string(x, "abcdefghijklmnopqrstuvwxyz0123456789", x.nextInt(60), 60),
                x -> "grant_type=" + value.apply(x),
                x -> "grant_type=client_credentials&scope=" + value.apply(x),
                x -> "grant_type="
                        + pick(
                                x,
                                List.of(
                                        "password",
                                        "authorization_code",
                                        "refresh_token",
                                        "implicit",
                                        "CLIENT_CREDENTIALS"))
                        + "&client_id=" + realClientId,
                x -> unicode(x, 200));
    }

    /** A raw request target, sent on a socket so that nothing in between cleans it up. */
    static String rawTarget(SplittableRandom r) {
        return oneOf(
                r,
                x -> "/" + string(x, "/%zZ09prod.\\?#&=", 1, 60),
                x -> pick(
                        x,
                        List.of(
                                "/prod/%",
                                "/prod/%zz",
                                "/prod/%C0%AF",
                                "/prod/?a=%zz",
                                "*",
                                "/prod/%00",
                                "http://x/prod/",
                                "/prod/?",
                                "/prod/#frag",
                                "/prod/?a&&b==c",
                                "/prod/%e2%82",
                                "/prod/\u00e9",
                                "prod/",
                                "/prod/?%")));
    }

    /** Java-escaped text for failure messages: controls and non-ASCII as {@code \\uXXXX}. */
    static final class Java {
        private Java() {}

        static String quote(String s) {
            StringBuilder out = new StringBuilder(s.length() + 2).append('"');
            for (char c : s.toCharArray()) {
                if (c == '"' || c == '\\') {
                    out.append('\\').append(c);
                } else if (c < 0x20 || c >= 0x7f) {
                    out.append(String.format("\\u%04x", (int) c));
                } else {
                    out.append(c);
                }
            }
            return out.append('"').toString();
        }
    }
}
