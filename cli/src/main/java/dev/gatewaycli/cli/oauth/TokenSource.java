package dev.gatewaycli.cli.oauth;

import dev.gatewaycli.cli.http.Deadline;

/**
 * Where a command's bearer token comes from: a client's (client credentials, {@link TokenManager}) or a user's (a
 * sign-in). {@code call} needs only these two verbs, whoever the token belongs to.
 */
public interface TokenSource {

    /**
     * A valid token: the cached one while it is valid, else a new one (saved to the cache).
     *
     * @param refresh get a new one even if the cached token is still valid
     * @param deadline the end of the exchange this token is for ({@code --max-time})
     */
    IssuedToken token(boolean refresh, Deadline deadline);

    /**
     * After the API's authorizer refused {@code rejected} with 401: a new token, unless another run has already
     * replaced the cached one.
     */
    IssuedToken renewAfterRejection(IssuedToken rejected, Deadline deadline);
}
