package dev.gatewaycli.emulator.model;

import java.util.List;
import java.util.Set;

/**
 * What an {@code AWS::Cognito::UserPool} says about its users: how they sign in, what their passwords must be, who may
 * create them, which attributes they must and may have (docs/fidelity.md §8, "User pools").
 *
 * @param passwordPolicy           {@code Policies.PasswordPolicy}, Cognito's default when absent
 * @param usernameAttributes       {@code UsernameAttributes}: {@code email} and/or {@code phone_number} as the user
 *                                 name (the pool's user name is then a UUID)
 * @param aliasAttributes          {@code AliasAttributes}: {@code email}, {@code phone_number},
 *                                 {@code preferred_username} that a user may also sign in with
 * @param autoVerifiedAttributes   {@code AutoVerifiedAttributes}: what a sign-up sends a code to
 * @param caseSensitive            {@code UsernameConfiguration.CaseSensitive}, true when absent (the API's default)
 * @param allowAdminCreateUserOnly {@code AdminCreateUserConfig.AllowAdminCreateUserOnly}: no self sign-up
 * @param requiredAttributes       attributes of {@code Schema} with {@code Required: true}
 * @param customAttributes         the {@code custom:} attributes {@code Schema} declares, with the prefix
 * @param mfaConfiguration         {@code MfaConfiguration}: {@code OFF} (the default), {@code OPTIONAL} or {@code ON}
 */
public record UserPoolConfig(
        PasswordPolicy passwordPolicy,
        List<String> usernameAttributes,
        List<String> aliasAttributes,
        List<String> autoVerifiedAttributes,
        boolean caseSensitive,
        boolean allowAdminCreateUserOnly,
        List<String> requiredAttributes,
        List<String> customAttributes,
        String mfaConfiguration) {

    /** The standard attributes of every pool (Cognito developer guide, "User pool attributes"). */
    public static final Set<String> STANDARD_ATTRIBUTES = Set.of(
            "address",
            "birthdate",
            "email",
            "email_verified",
            "family_name",
            "gender",
            "given_name",
            "locale",
            "middle_name",
            "name",
            "nickname",
            "phone_number",
            "phone_number_verified",
            "picture",
            "preferred_username",
            "profile",
            "sub",
            "updated_at",
            "website",
            "zoneinfo");

    /**
     * A pool's password rules.
     *
     * @param temporaryPasswordValidityDays how long an administrator's temporary password signs in
     */
    public record PasswordPolicy(
            int minimumLength,
            boolean requireUppercase,
            boolean requireLowercase,
            boolean requireNumbers,
            boolean requireSymbols,
            int temporaryPasswordValidityDays) {

        /**
         * A pool created without {@code Policies}: eight characters, each of the four kinds, temporary passwords for
         * seven days (Cognito developer guide, "Password policies"; AWS Config's cognito-user-pool-password-policy-check
         * states the same defaults).
         */
        public static final PasswordPolicy COGNITO_DEFAULT = new PasswordPolicy(8, true, true, true, true, 7);
    }

    public UserPoolConfig {
        usernameAttributes = List.copyOf(usernameAttributes);
        aliasAttributes = List.copyOf(aliasAttributes);
        autoVerifiedAttributes = List.copyOf(autoVerifiedAttributes);
        requiredAttributes = List.copyOf(requiredAttributes);
        customAttributes = List.copyOf(customAttributes);
    }

    /** A pool of no properties: user names, Cognito's password policy, self sign-up allowed, MFA off. */
    public static UserPoolConfig defaults() {
        return new UserPoolConfig(
                PasswordPolicy.COGNITO_DEFAULT,
                List.of(),
                List.of(),
                List.of(),
                true,
                false,
                List.of(),
                List.of(),
                "OFF");
    }

    /** Whether users sign in with their email (or phone number) as the user name, which is then a UUID. */
    public boolean attributesAsUsername() {
        return !usernameAttributes.isEmpty();
    }
}
