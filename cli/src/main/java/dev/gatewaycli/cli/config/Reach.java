package dev.gatewaycli.cli.config;

/** What a command talks to, which decides the settings it cannot do without. */
public enum Reach {

    /** The token endpoint only ({@code token}): no API URL needed. */
    TOKEN_ENDPOINT,

    /** The token endpoint and the API ({@code call}, {@code load}, {@code verify}): the API URL is required. */
    API
}
