package dev.gatewaycli.testapps.functions;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A {@code TOKEN} Lambda authorizer in the shape of the API Gateway developer guide's example: the token says what to
 * answer. {@code allow} and {@code deny} give a policy on the method ARN; {@code unauthorized} throws
 * {@code Unauthorized} (401); {@code wildcard} allows every GET of the API's stages; {@code elsewhere} allows only
 * another method (an implicit deny); {@code key-<value>} allows and returns {@code <value>} as
 * {@code usageIdentifierKey}; {@code malformed} returns a statement without an Effect; {@code nested} returns an object
 * in the context; {@code fail} throws another error (500). Every allow carries a context of a string, a number and a
 * boolean; {@code slow} answers after ten seconds (or when interrupted, with an error).
 */
public final class TokenAuthorizer implements RequestHandler<Map<String, Object>, Map<String, Object>> {

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
        String token = String.valueOf(event.get("authorizationToken"));
        String methodArn = String.valueOf(event.get("methodArn"));
        context.getLogger().log("token authorizer asked for " + methodArn);
        if (token.startsWith("key-")) {
            Map<String, Object> out = policy("key-user", "Allow", methodArn);
            out.put("usageIdentifierKey", token.substring("key-".length()));
            return out;
        }
        return switch (token) {
            case "allow" -> policy("token-user", "Allow", methodArn);
            case "deny" -> policy("token-user", "Deny", methodArn);
            case "unauthorized" -> throw new IllegalStateException("Unauthorized");
            case "slow" -> {
                try {
                    Thread.sleep(10_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted", e);
                }
                yield policy("slow-user", "Allow", methodArn);
            }
            case "wildcard" -> {
                // arn:aws:execute-api:<region>:<account>:<api>/<stage>/<verb>/<path>: any stage, GET, any path.
                String api = methodArn.substring(0, methodArn.indexOf('/'));
                yield policy("wildcard-user", "Allow", api + "/*/GET/*");
            }
            case "elsewhere" -> {
                String api = methodArn.substring(0, methodArn.indexOf('/'));
                yield policy("token-user", "Allow", api + "/*/DELETE/nothing-here");
            }
            case "malformed" -> {
                Map<String, Object> out = policy("token-user", "Allow", methodArn);
                @SuppressWarnings("unchecked")
                Map<String, Object> doc = (Map<String, Object>) out.get("policyDocument");
                doc.put("Statement", List.of(Map.of("Action", "execute-api:Invoke", "Resource", methodArn)));
                yield out;
            }
            case "nested" -> {
                Map<String, Object> out = policy("token-user", "Allow", methodArn);
                out.put("context", Map.of("nested", Map.of("not", "allowed")));
                yield out;
            }
            default -> throw new IllegalArgumentException("Error: Invalid token");
        };
    }

    static Map<String, Object> policy(String principal, String effect, String resource) {
        Map<String, Object> statement = new LinkedHashMap<>();
        statement.put("Action", "execute-api:Invoke");
        statement.put("Effect", effect);
        statement.put("Resource", resource);
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("Version", "2012-10-17");
        document.put("Statement", List.of(statement));
        Map<String, Object> context = new LinkedHashMap<>();
        context.put("tier", "gold");
        context.put("quota", 42);
        context.put("verified", true);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("principalId", principal);
        out.put("policyDocument", document);
        out.put("context", context);
        return out;
    }
}
