package dev.gatewaycli.cli.oauth;

/**
 * Where a command's bearer token comes from: a client's (client credentials, {@link TokenManager}) or a user's (a
 * sign-in). {@code call} needs only these two verbs, whoever the token belongs to.
 */
public interface TokenSource {

    /**
     * A valid token: the cached one while it is valid, else a new one (saved to the cache).
     *
     * @param refresh get a new one even if the cached token is still valid
     */
    IssuedToken token(boolean refresh);

    /**
     * After the API refused {@code rejected} with 401: forget it, unless another run has already replaced it, and
     * return a valid token.
     */
    IssuedToken renewAfterRejection(IssuedToken rejected);
}
