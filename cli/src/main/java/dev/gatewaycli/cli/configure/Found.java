package dev.gatewaycli.cli.configure;

import java.util.List;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UserPoolClientType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UserPoolType;

/**
 * What {@code configure} found, and where each part came from (for the report).
 *
 * @param stackName the stack it was found in, or null
 * @param region the pool's Region
 * @param pool {@code DescribeUserPool}'s answer
 * @param client {@code DescribeUserPoolClient}'s answer, with the secret
 * @param tokenUrl the token endpoint, or null when the pool has no domain and none was given
 * @param tokenUrlFrom where the token endpoint came from, e.g. "the pool's domain example"
 * @param apiUrl the API's stage URL, or null when none was found or given
 * @param apiUrlFrom where the API URL came from
 * @param notes what the profile cannot do, and why (a client without a secret, a flow not allowed, ...)
 */
record Found(
        String stackName,
        String region,
        UserPoolType pool,
        UserPoolClientType client,
        String tokenUrl,
        String tokenUrlFrom,
        String apiUrl,
        String apiUrlFrom,
        List<String> notes) {

    Found {
        notes = List.copyOf(notes);
    }

    /** Never the client secret. */
    @Override
    public String toString() {
        return "Found[" + pool.id() + ", " + client.clientId() + "]";
    }
}
