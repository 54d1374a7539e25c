package dev.gatewaycli.cli.oauth;

import com.nimbusds.jose.util.JSONObjectUtils;
import dev.gatewaycli.cli.config.SignIn;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.ParseException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * One user's cached tokens: one JSON file, {@code user-<hash>.json}, in the {@link TokenCache} beside the
 * client-credentials tokens, read, written and checked as theirs are ({@link CacheEntry}). The entry is named by what
 * decides whose tokens they are: IdP API, pool, app client and user; it holds the access, ID and refresh tokens,
 * their times and the user's name in the pool, and never the password or the client secret. One written for another
 * entry is treated as absent.
 */
final class UserTokenStore extends CacheEntry<UserSession> {

    /** The members that name the entry's owner, written and checked, in the order of {@link #owner}. */
    private static final List<String> OWNER = List.of("idpUrl", "userPoolId", "clientId", "user");

    private final SignIn signIn;

    UserTokenStore(TokenCache cache, SignIn signIn, Consumer<String> trace) {
        super(cache, id(signIn), trace);
        this.signIn = signIn;
    }

    /** The entry's name: {@code user-} and a SHA-256 prefix of IdP API, pool, client and user. */
    static String id(SignIn signIn) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (String part : owner(signIn)) {
                digest.update(part.getBytes(StandardCharsets.UTF_8));
                // A byte none of the parts can hold, so that no two different keys hash the same bytes.
                digest.update((byte) 0);
            }
            return "user-" + HexFormat.of().formatHex(digest.digest(), 0, 16);
        } catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException("SHA-256 is required of every JDK", ex);
        }
    }

    /** What decides whose tokens an entry holds. */
    private static List<String> owner(SignIn signIn) {
        return List.of(
                signIn.idpUrl().toString(),
                Objects.requireNonNullElse(signIn.userPoolId(), ""),
                signIn.clientId(),
                signIn.user());
    }

    @Override
    UserSession fromJson(Map<String, Object> json) throws ParseException {
        List<String> owner = owner(signIn);
        for (int i = 0; i < OWNER.size(); i++) {
            if (!owner.get(i).equals(JSONObjectUtils.getString(json, OWNER.get(i)))) {
                trace.accept("* token cache: " + fileName() + " belongs to another user or client, ignoring it");
                return null;
            }
        }
        return new UserSession(
                token(json, "accessToken"),
                token(json, "idToken"),
                (json.get("refreshToken") == null) ? null : token(json, "refreshToken"),
                required(json, "username"),
                Instant.ofEpochSecond(JSONObjectUtils.getLong(json, "issuedAt")),
                Instant.ofEpochSecond(JSONObjectUtils.getLong(json, "accessExpiresAt")),
                Instant.ofEpochSecond(JSONObjectUtils.getLong(json, "idExpiresAt")),
                List.of(JSONObjectUtils.getStringArray(json, "scopes")));
    }

    @Override
    Map<String, Object> toJson(UserSession session) {
        if (session.accessExpiresAt() == null || session.idExpiresAt() == null) {
            return null;
        }
        Map<String, Object> json = new LinkedHashMap<>();
        List<String> owner = owner(signIn);
        for (int i = 0; i < OWNER.size(); i++) {
            json.put(OWNER.get(i), owner.get(i));
        }
        json.put("username", session.username());
        json.put("scopes", session.scopes());
        json.put("issuedAt", session.issuedAt().getEpochSecond());
        json.put("accessExpiresAt", session.accessExpiresAt().getEpochSecond());
        json.put("idExpiresAt", session.idExpiresAt().getEpochSecond());
        json.put("accessToken", session.accessToken());
        json.put("idToken", session.idToken());
        if (session.refreshToken() != null) {
            json.put("refreshToken", session.refreshToken());
        }
        return json;
    }

    @Override
    String expiry(UserSession session) {
        return "access token expires " + session.accessExpiresAt() + ", ID token " + session.idExpiresAt();
    }
}
