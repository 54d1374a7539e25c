package dev.gatewaycli.emulator.cognito;

import dev.gatewaycli.emulator.http.Json;
import dev.gatewaycli.emulator.model.AppClientModel;
import dev.gatewaycli.emulator.model.UserPoolConfig;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.function.Function;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The Identity Provider API's operations on users, pools and clients: {@code AdminCreateUser},
 * {@code AdminSetUserPassword}, {@code AdminGetUser}, {@code AdminDeleteUser}, {@code AdminDisableUser},
 * {@code AdminEnableUser}, {@code SignUp}, {@code AdminConfirmSignUp}, {@code CreateUserPoolClient},
 * {@code DescribeUserPool}, {@code DescribeUserPoolClient}, {@code ListUserPools}, {@code ListUserPoolClients}
 * (docs/fidelity.md §8; docs/emulator.md, "The Identity Provider API"). No message is ever sent: Cognito's invitations
 * and confirmation codes go nowhere, so an administrator sets passwords and confirms users.
 */
final class Administration {

    /** {@code MaxResults} of the list operations: 1 to 60 (API reference). */
    static final int MAX_RESULTS = 60;

    private final IdpPools pools;

    Administration(IdpPools pools) {
        this.pools = pools;
    }

    /**
     * {@code AdminCreateUser}: a user in {@code FORCE_CHANGE_PASSWORD} with the temporary password given (or one
     * generated, which nobody learns: set a password with {@code AdminSetUserPassword}); {@code MessageAction RESEND}
     * gives an existing such user a new temporary password.
     */
    ObjectNode adminCreateUser(IdpRequest request) {
        EmulatedUserPool pool = pools.pool(request);
        String username = request.required("Username");
        String action = request.string("MessageAction");
        if (action != null && !action.equals("RESEND") && !action.equals("SUPPRESS")) {
            throw SignIns.enumValue(action, "messageAction", List.of("RESEND", "SUPPRESS"));
        }
        UserPoolConfig.PasswordPolicy policy = pool.model().config().passwordPolicy();
        String temporary = request.string("TemporaryPassword");
        if (temporary != null) {
            pool.users().checkPassword(temporary, "temporaryPassword");
        } else {
            temporary = Passwords.temporary(policy);
        }
        Instant now = pool.clock().instant();
        Instant until = now.plus(Duration.ofDays(policy.temporaryPasswordValidityDays()));
        PoolUser user;
        if ("RESEND".equals(action)) {
            PoolUser existing = pool.users().require(username);
            if (existing.status() != PoolUser.Status.FORCE_CHANGE_PASSWORD) {
                throw new IdpError(
                        "UnsupportedUserStateException",
                        "Resend not possible. " + existing.username() + " status is not FORCE_CHANGE_PASSWORD.");
            }
            user = pool.users()
                    .replace(existing.withPassword(
                            Passwords.Digest.of(temporary), PoolUser.Status.FORCE_CHANGE_PASSWORD, until, now));
        } else {
            user = pool.users()
                    .create(
                            new PoolUsers.NewUser(
                                    username,
                                    request.attributes("UserAttributes"),
                                    temporary,
                                    PoolUser.Status.FORCE_CHANGE_PASSWORD,
                                    until),
                            now);
        }
        ObjectNode out = Json.object();
        out.set("User", IdpShapes.user(user));
        return out;
    }

    /** {@code AdminSetUserPassword}: permanent makes the user {@code CONFIRMED}, else a new temporary password. */
    ObjectNode adminSetUserPassword(IdpRequest request) {
        EmulatedUserPool pool = pools.pool(request);
        PoolUser user = pool.users().require(request.required("Username"));
        String password = request.string("Password");
        pool.users().checkPassword(password, "password");
        boolean permanent = Boolean.TRUE.equals(request.bool("Permanent"));
        Instant now = pool.clock().instant();
        pool.users()
                .replace(user.withPassword(
                        Passwords.Digest.of(password),
                        permanent ? PoolUser.Status.CONFIRMED : PoolUser.Status.FORCE_CHANGE_PASSWORD,
                        permanent
                                ? null
                                : now.plus(Duration.ofDays(
                                        pool.model().config().passwordPolicy().temporaryPasswordValidityDays())),
                        now));
        return Json.object();
    }

    ObjectNode adminGetUser(IdpRequest request) {
        EmulatedUserPool pool = pools.pool(request);
        return IdpShapes.adminGetUser(pool.users().require(request.required("Username")));
    }

    /** {@code AdminDeleteUser}: the user and its sign-ins are gone. */
    ObjectNode adminDeleteUser(IdpRequest request) {
        EmulatedUserPool pool = pools.pool(request);
        PoolUser user = pool.users().require(request.required("Username"));
        pool.sessions().revokeUser(user.username());
        pool.users().delete(user);
        return Json.object();
    }

    /** {@code AdminDisableUser}: no more sign-ins, and its refresh tokens revoked. */
    ObjectNode adminDisableUser(IdpRequest request) {
        EmulatedUserPool pool = pools.pool(request);
        PoolUser user = pool.users().require(request.required("Username"));
        pool.users().replace(user.withEnabled(false, pool.clock().instant()));
        pool.sessions().revokeUser(user.username());
        return Json.object();
    }

    ObjectNode adminEnableUser(IdpRequest request) {
        EmulatedUserPool pool = pools.pool(request);
        PoolUser user = pool.users().require(request.required("Username"));
        pool.users().replace(user.withEnabled(true, pool.clock().instant()));
        return Json.object();
    }

    /**
     * {@code SignUp}: public; an {@code UNCONFIRMED} user, where the pool lets users sign themselves up. The code a
     * pool with auto-verified attributes would send is not sent: {@code AdminConfirmSignUp} confirms.
     */
    ObjectNode signUp(IdpRequest request) {
        IdpPools.ClientOf of = pools.client(request);
        EmulatedUserPool pool = of.pool();
        UserPoolConfig config = pool.model().config();
        if (config.allowAdminCreateUserOnly()) {
            throw IdpError.notAuthorized("SignUp is not permitted for this user pool");
        }
        String username = request.required("Username");
        IdpPools.checkSecretHash(of.client(), username, request.string("SecretHash"));
        PoolUser user = pool.users()
                .create(
                        new PoolUsers.NewUser(
                                username,
                                request.attributes("UserAttributes"),
                                request.string("Password"),
                                PoolUser.Status.UNCONFIRMED,
                                null),
                        pool.clock().instant());
        ObjectNode out = Json.object().put("UserConfirmed", false);
        for (String attribute : config.autoVerifiedAttributes()) {
            String value = user.attribute(attribute);
            if (value != null) {
                out.putObject("CodeDeliveryDetails")
                        .put("Destination", masked(value))
                        .put("DeliveryMedium", attribute.equals("email") ? "EMAIL" : "SMS")
                        .put("AttributeName", attribute);
                break;
            }
        }
        return out.put("UserSub", user.sub());
    }

    /** {@code AdminConfirmSignUp}: an {@code UNCONFIRMED} user becomes {@code CONFIRMED}. */
    ObjectNode adminConfirmSignUp(IdpRequest request) {
        EmulatedUserPool pool = pools.pool(request);
        PoolUser user = pool.users().require(request.required("Username"));
        if (user.status() != PoolUser.Status.UNCONFIRMED) {
            throw IdpError.notAuthorized("User cannot be confirmed. Current status is "
                    + user.status().name());
        }
        pool.users()
                .replace(user.withStatus(PoolUser.Status.CONFIRMED, pool.clock().instant()));
        return Json.object();
    }

    ObjectNode createUserPoolClient(IdpRequest request) {
        EmulatedUserPool pool = pools.pool(request);
        AppClientModel client = AppClients.create(pool, request);
        ObjectNode out = Json.object();
        out.set("UserPoolClient", IdpShapes.client(pool, client));
        return out;
    }

    ObjectNode describeUserPool(IdpRequest request) {
        ObjectNode out = Json.object();
        out.set("UserPool", IdpShapes.pool(pools.pool(request)));
        return out;
    }

    ObjectNode describeUserPoolClient(IdpRequest request) {
        EmulatedUserPool pool = pools.pool(request);
        ObjectNode out = Json.object();
        out.set("UserPoolClient", IdpShapes.client(pool, IdpPools.client(pool, request)));
        return out;
    }

    /** {@code ListUserPools}: the pools of the Region the request is signed for, {@code MaxResults} (required) a page. */
    ObjectNode listUserPools(IdpRequest request) {
        Integer max = request.integer("MaxResults");
        if (max == null) {
            throw IdpError.invalidParameter("1 validation error detected: Value null at 'maxResults' failed to "
                    + "satisfy constraint: Member must not be null");
        }
        return page(request, pools.inRegion(request.signingRegion()), max, "UserPools", IdpShapes::poolDescription);
    }

    ObjectNode listUserPoolClients(IdpRequest request) {
        EmulatedUserPool pool = pools.pool(request);
        Integer max = request.integer("MaxResults");
        return page(
                request,
                pool.clients(),
                max == null ? MAX_RESULTS : max,
                "UserPoolClients",
                client -> IdpShapes.clientDescription(pool, client));
    }

    private static <T> ObjectNode page(
            IdpRequest request, List<T> items, int max, String member, Function<T, ObjectNode> shape) {
        if (max < 1 || max > MAX_RESULTS) {
            throw IdpError.invalidParameter("1 validation error detected: Value '" + max + "' at 'maxResults' failed "
                    + "to satisfy constraint: Member must have value "
                    + (max < 1 ? "greater than or equal to 1" : "less than or equal to " + MAX_RESULTS));
        }
        int from = offset(request.string("NextToken"), items.size());
        int to = Math.min(items.size(), from + max);
        ObjectNode out = Json.object();
        ArrayNode list = out.putArray(member);
        items.subList(from, to).forEach(item -> list.add(shape.apply(item)));
        if (to < items.size()) {
            out.put("NextToken", token(to));
        }
        return out;
    }

    /** Where a page starts: an opaque token of the emulator's making, refused when it is anything else. */
    private static int offset(String token, int size) {
        if (token == null) {
            return 0;
        }
        try {
            String text = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
            if (text.startsWith("page:")) {
                int offset = Integer.parseInt(text.substring(5));
                if (offset >= 0 && offset <= size) {
                    return offset;
                }
            }
        } catch (IllegalArgumentException e) {
            // reported below
        }
        throw IdpError.invalidParameter("Invalid pagination token");
    }

    private static String token(int offset) {
        return Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(("page:" + offset).getBytes(StandardCharsets.UTF_8));
    }

    /** {@code a***@e***}: where Cognito says it sent a code, without the whole address. */
    private static String masked(String value) {
        int at = value.indexOf('@');
        if (at > 0) {
            return value.charAt(0) + "***@" + value.charAt(at + 1) + "***";
        }
        return "+*******" + value.substring(Math.max(0, value.length() - 4));
    }
}
