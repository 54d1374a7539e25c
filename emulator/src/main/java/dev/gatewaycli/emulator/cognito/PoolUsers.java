package dev.gatewaycli.emulator.cognito;

import dev.gatewaycli.emulator.model.UserPoolConfig;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The users of one emulated pool, in memory, with the rules Cognito applies when one is created or looked up: the user
 * name's shape and uniqueness, user names that are emails or phone numbers, aliases, case sensitivity, the schema's
 * attributes and the password policy (docs/fidelity.md §8, "Users"). Thread-safe; every change replaces a user whole.
 */
final class PoolUsers {

    /** Cognito's {@code UsernameType}: 1 to 128 letters, marks, symbols, digits or punctuation (API reference). */
    private static final Pattern USERNAME = Pattern.compile("[\\p{L}\\p{M}\\p{S}\\p{N}\\p{P}]{1,128}");

    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");
    private static final Pattern PHONE = Pattern.compile("\\+[0-9]{4,15}");

    private static final int MAX_ATTRIBUTE_VALUE = 2048;

    private final UserPoolConfig config;
    private final Map<String, PoolUser> byKey = new LinkedHashMap<>();

    PoolUsers(UserPoolConfig config) {
        this.config = config;
    }

    /** What a new user is made of, before the pool's rules are applied. */
    record NewUser(
            String username,
            Map<String, String> attributes,
            String password,
            PoolUser.Status status,
            Instant temporaryUntil) {}

    /**
     * Adds a user, or refuses it as Cognito does: {@code InvalidParameterException} for a user name or attribute the
     * pool does not accept, {@code InvalidPasswordException} for a password its policy refuses,
     * {@code UsernameExistsException} for a name (or, where users sign in with it, an email or phone number) taken.
     */
    synchronized PoolUser create(NewUser user, Instant now) {
        PoolUser created = prepare(user, now);
        byKey.put(key(created.username()), created);
        return created;
    }

    /** The user {@link #create} would add, refused as it would be, without adding it. */
    synchronized PoolUser prepare(NewUser user, Instant now) {
        String given = user.username();
        checkUsername(given);
        Map<String, String> attributes = new LinkedHashMap<>();
        String username = given;
        String sub = UUID.randomUUID().toString();
        if (config.attributesAsUsername()) {
            // The pool's user name is then the sub; what was given is the email or phone number it signs in with.
            username = sub;
            attributes.put(EMAIL.matcher(given).matches() ? "email" : "phone_number", given);
        }
        for (Map.Entry<String, String> attribute : user.attributes().entrySet()) {
            checkAttribute(attribute.getKey(), attribute.getValue());
            attributes.putIfAbsent(attribute.getKey(), attribute.getValue());
        }
        for (String required : config.requiredAttributes()) {
            if (!attributes.containsKey(required)) {
                throw IdpError.invalidParameter(
                        "Attributes did not conform to the schema: " + required + ": The attribute is required");
            }
        }
        checkPassword(user.password(), "password");
        if (find(given).isPresent()
                || byKey.containsKey(key(username))
                || (config.attributesAsUsername() && takenAsUsername(attributes))) {
            throw new IdpError(
                    IdpError.USERNAME_EXISTS,
                    config.attributesAsUsername()
                            ? "An account with the given "
                                    + (attributes.containsKey("email") ? "email" : "phone number") + " already exists."
                            : "User account already exists");
        }
        Map<String, String> ordered = new LinkedHashMap<>();
        ordered.put("sub", sub);
        ordered.putAll(attributes);
        return new PoolUser(
                username,
                sub,
                ordered,
                user.status(),
                true,
                Passwords.Digest.of(user.password()),
                user.temporaryUntil(),
                now,
                now);
    }

    /**
     * The user {@code input} names: the pool's user name, or what users sign in with besides it (their email or phone
     * number where those are user names; a verified email or phone number, or the preferred user name, where those are
     * aliases), matched as the pool's case sensitivity says.
     */
    synchronized Optional<PoolUser> find(String input) {
        if (input == null || input.isEmpty()) {
            return Optional.empty();
        }
        PoolUser byName = byKey.get(key(input));
        if (byName != null) {
            return Optional.of(byName);
        }
        String wanted = key(input);
        for (PoolUser user : byKey.values()) {
            for (String attribute : config.usernameAttributes()) {
                if (matches(user.attribute(attribute), wanted)) {
                    return Optional.of(user);
                }
            }
            for (String alias : config.aliasAttributes()) {
                boolean usable = alias.equals("preferred_username") || user.verified(alias);
                if (usable && matches(user.attribute(alias), wanted)) {
                    return Optional.of(user);
                }
            }
        }
        return Optional.empty();
    }

    /** The user {@code input} names, or {@code UserNotFoundException}. */
    synchronized PoolUser require(String input) {
        return find(input).orElseThrow(IdpError::userNotFound);
    }

    /** Puts {@code user} in place of the user of the same name. */
    synchronized PoolUser replace(PoolUser user) {
        byKey.put(key(user.username()), user);
        return user;
    }

    synchronized boolean delete(PoolUser user) {
        return byKey.remove(key(user.username())) != null;
    }

    synchronized int size() {
        return byKey.size();
    }

    synchronized List<PoolUser> all() {
        return new ArrayList<>(byKey.values());
    }

    /**
     * Refuses a password of the wrong shape ({@code InvalidParameterException}) or one the policy does not accept
     * ({@code InvalidPasswordException}).
     */
    void checkPassword(String password, String member) {
        if (password == null) {
            throw IdpError.invalidParameter("1 validation error detected: Value null at '" + member
                    + "' failed to satisfy constraint: Member must not be null");
        }
        Passwords.shapeViolation(password, member).ifPresent(why -> {
            throw IdpError.invalidParameter(why);
        });
        Passwords.policyViolation(config.passwordPolicy(), password).ifPresent(why -> {
            throw new IdpError(IdpError.INVALID_PASSWORD, why);
        });
    }

    private void checkUsername(String username) {
        if (username == null || !USERNAME.matcher(username).matches()) {
            throw IdpError.invalidParameter(
                    "1 validation error detected: Value at 'username' failed to satisfy constraint: Member must "
                            + "satisfy regular expression pattern: [\\p{L}\\p{M}\\p{S}\\p{N}\\p{P}]+");
        }
        List<String> asUsername = config.usernameAttributes();
        if (!asUsername.isEmpty()) {
            boolean email =
                    asUsername.contains("email") && EMAIL.matcher(username).matches();
            boolean phone = asUsername.contains("phone_number")
                    && PHONE.matcher(username).matches();
            if (!email && !phone) {
                throw IdpError.invalidParameter(
                        asUsername.size() == 2
                                ? "Username should be either an email or a phone number."
                                : asUsername.contains("email")
                                        ? "Username should be an email."
                                        : "Username should be a phone number.");
            }
        }
        if (config.aliasAttributes().contains("email")
                && EMAIL.matcher(username).matches()) {
            throw IdpError.invalidParameter(
                    "Username cannot be of email format, since user pool is configured for email alias.");
        }
        if (config.aliasAttributes().contains("phone_number")
                && PHONE.matcher(username).matches()) {
            throw IdpError.invalidParameter("Username cannot be of phone number format, since user pool is "
                    + "configured for phone number alias.");
        }
    }

    private void checkAttribute(String name, String value) {
        if (name.equals("sub")) {
            throw IdpError.invalidParameter(
                    "Attributes did not conform to the schema: sub: Cannot modify the " + "non-mutable attribute sub");
        }
        if (!UserPoolConfig.STANDARD_ATTRIBUTES.contains(name)
                && !config.customAttributes().contains(name)) {
            throw IdpError.invalidParameter("Attributes did not conform to the schema: Type for attribute {" + name
                    + "} could not be determined");
        }
        if (value == null || value.length() > MAX_ATTRIBUTE_VALUE) {
            throw IdpError.invalidParameter("Attributes did not conform to the schema: " + name
                    + ": String must be no longer than " + MAX_ATTRIBUTE_VALUE + " characters");
        }
        if ((name.endsWith("_verified")) && !value.equals("true") && !value.equals("false")) {
            throw IdpError.invalidParameter(
                    "Attributes did not conform to the schema: " + name + ": Value must be true or false");
        }
    }

    private boolean takenAsUsername(Map<String, String> attributes) {
        for (PoolUser user : byKey.values()) {
            for (String attribute : config.usernameAttributes()) {
                String value = attributes.get(attribute);
                if (value != null && matches(user.attribute(attribute), key(value))) {
                    return true;
                }
            }
        }
        return false;
    }

    private boolean matches(String value, String wantedKey) {
        return value != null && key(value).equals(wantedKey);
    }

    private String key(String name) {
        return config.caseSensitive() ? name : name.toLowerCase(Locale.ROOT);
    }
}
