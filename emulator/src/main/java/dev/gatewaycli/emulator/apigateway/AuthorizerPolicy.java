package dev.gatewaycli.emulator.apigateway;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import tools.jackson.databind.JsonNode;

/**
 * The IAM policy a Lambda authorizer returns, evaluated as IAM evaluates one (developer guide, "Output from an API
 * Gateway Lambda authorizer"; IAM user guide, "Policy evaluation logic"): a statement that matches the method ARN
 * and denies wins, else one that allows, else the method is denied implicitly. {@code Action} and {@code Resource}
 * (or {@code NotAction} and {@code NotResource}) take {@code *} for any run of characters and {@code ?} for one; an
 * ARN matches field by field, the resource part ({@code <api>/<stage>/<verb>/<path>}) across its slashes.
 */
final class AuthorizerPolicy {

    enum Decision {
        ALLOW,
        EXPLICIT_DENY,
        IMPLICIT_DENY
    }

    private record Statement(
            boolean allow, List<String> actions, boolean notAction, List<String> resources, boolean notResource) {}

    private final List<Statement> statements;

    private AuthorizerPolicy(List<Statement> statements) {
        this.statements = List.copyOf(statements);
    }

    /** Thrown for a policy document API Gateway would not accept (its answer: 500). */
    static final class MalformedException extends Exception {
        private static final long serialVersionUID = 1L;

        MalformedException(String message) {
            super(message, null, false, false);
        }
    }

    /** The {@code policyDocument} of an authorizer's answer. */
    static AuthorizerPolicy parse(JsonNode document) throws MalformedException {
        if (document == null || !document.isObject()) {
            throw new MalformedException("policyDocument is missing or not an object");
        }
        JsonNode list = document.get("Statement");
        List<JsonNode> items = new ArrayList<>();
        if (list != null && list.isArray()) {
            list.forEach(items::add);
        } else if (list != null && list.isObject()) {
            items.add(list);
        }
        if (items.isEmpty()) {
            throw new MalformedException("policyDocument has no Statement");
        }
        List<Statement> statements = new ArrayList<>();
        for (JsonNode s : items) {
            if (!s.isObject()) {
                throw new MalformedException("a Statement is not an object");
            }
            if (s.has("Condition")) {
                throw new MalformedException("a Statement has a Condition, which the emulator does not evaluate");
            }
            String effect = s.path("Effect").asString("");
            if (!effect.equals("Allow") && !effect.equals("Deny")) {
                throw new MalformedException("a Statement's Effect is '" + effect + "', not Allow or Deny");
            }
            boolean notAction = s.has("NotAction");
            boolean notResource = s.has("NotResource");
            statements.add(new Statement(
                    effect.equals("Allow"),
                    strings(s.get(notAction ? "NotAction" : "Action"), "Action"),
                    notAction,
                    strings(s.get(notResource ? "NotResource" : "Resource"), "Resource"),
                    notResource));
        }
        return new AuthorizerPolicy(statements);
    }

    private static List<String> strings(JsonNode node, String what) throws MalformedException {
        List<String> out = new ArrayList<>();
        if (node != null && node.isString()) {
            out.add(node.asString());
        } else if (node != null && node.isArray()) {
            for (JsonNode item : node) {
                if (!item.isString()) {
                    throw new MalformedException("a Statement's " + what + " holds a non-string");
                }
                out.add(item.asString());
            }
        }
        if (out.isEmpty()) {
            throw new MalformedException("a Statement has no " + what);
        }
        return out;
    }

    /** The policy's decision on invoking {@code methodArn}. */
    Decision decide(String methodArn) {
        boolean allowed = false;
        for (Statement s : statements) {
            boolean action = anyMatches(s.actions(), "execute-api:Invoke", true) != s.notAction();
            boolean resource = anyResourceMatches(s.resources(), methodArn) != s.notResource();
            if (action && resource) {
                if (!s.allow()) {
                    return Decision.EXPLICIT_DENY;
                }
                allowed = true;
            }
        }
        return allowed ? Decision.ALLOW : Decision.IMPLICIT_DENY;
    }

    private static boolean anyMatches(List<String> patterns, String value, boolean ignoreCase) {
        for (String p : patterns) {
            if (ignoreCase ? glob(p.toLowerCase(Locale.ROOT), value.toLowerCase(Locale.ROOT)) : glob(p, value)) {
                return true;
            }
        }
        return false;
    }

    private static boolean anyResourceMatches(List<String> patterns, String arn) {
        for (String p : patterns) {
            if (arnMatches(p, arn)) {
                return true;
            }
        }
        return false;
    }

    /** {@code arn:partition:service:region:account:resource}, field by field; {@code *} alone matches any ARN. */
    static boolean arnMatches(String pattern, String arn) {
        if (pattern.equals("*")) {
            return true;
        }
        String[] p = pattern.split(":", 6);
        String[] a = arn.split(":", 6);
        if (p.length != 6 || a.length != 6) {
            return false;
        }
        for (int i = 0; i < 6; i++) {
            if (!glob(p[i], a[i])) {
                return false;
            }
        }
        return true;
    }

    /** IAM's wildcards: {@code *} any run of characters (none included), {@code ?} one character. */
    static boolean glob(String pattern, String text) {
        int p = 0;
        int t = 0;
        int star = -1;
        int mark = 0;
        while (t < text.length()) {
            if (p < pattern.length() && (pattern.charAt(p) == '?' || pattern.charAt(p) == text.charAt(t))) {
                p++;
                t++;
            } else if (p < pattern.length() && pattern.charAt(p) == '*') {
                star = p++;
                mark = t;
            } else if (star >= 0) {
                p = star + 1;
                t = ++mark;
            } else {
                return false;
            }
        }
        while (p < pattern.length() && pattern.charAt(p) == '*') {
            p++;
        }
        return p == pattern.length();
    }
}
