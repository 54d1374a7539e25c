package dev.gatewaycli.emulator.model;

import dev.gatewaycli.emulator.model.Intrinsics.Where;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * A template's {@code Conditions} ({@code Fn::Equals}, {@code Fn::Not}, {@code Fn::And}, {@code Fn::Or},
 * {@code Condition}) evaluated against the deployment's parameters, and applied as CloudFormation applies them: a
 * resource or output whose {@code Condition} is false does not exist, {@code Fn::If} becomes the branch it chooses,
 * and {@code Ref AWS::NoValue} removes the property or list item it stands for. What remains has no condition left for
 * {@link Intrinsics} to meet.
 */
final class Conditions {

    private static final String WHERE_TYPE = "Conditions";

    private final JsonNode section;
    private final Intrinsics values;
    private final Map<String, Boolean> evaluated = new HashMap<>();
    private final Set<String> evaluating = new HashSet<>();

    /**
     * @param values resolves the operands of {@code Fn::Equals} (parameters, pseudo parameters, mappings)
     */
    Conditions(JsonNode section, Intrinsics values) {
        this.section = section;
        this.values = values;
    }

    /** The value of the condition {@code name}; fails when the template has none of that name. */
    boolean value(String name, Where where) {
        Boolean known = evaluated.get(name);
        if (known != null) {
            return known;
        }
        JsonNode expression = section.get(name);
        if (expression == null) {
            throw where.fail("names the condition '" + name + "', which the template's Conditions do not define");
        }
        if (!evaluating.add(name)) {
            throw new Where(name, WHERE_TYPE, name).fail("depends on itself");
        }
        boolean value = evaluate(expression, new Where(name, WHERE_TYPE, name));
        evaluating.remove(name);
        evaluated.put(name, value);
        return value;
    }

    private boolean evaluate(JsonNode node, Where where) {
        if (!node.isObject() || node.size() != 1) {
            throw where.fail("expected a condition function, found " + Intrinsics.describe(node));
        }
        Map.Entry<String, JsonNode> fn = node.properties().iterator().next();
        JsonNode arg = fn.getValue();
        switch (fn.getKey()) {
            case "Condition" -> {
                return value(arg.asString(), where);
            }
            case "Fn::Equals" -> {
                if (!arg.isArray() || arg.size() != 2) {
                    throw where.fail("malformed Fn::Equals " + Intrinsics.describe(arg));
                }
                return operand(arg.get(0), where).equals(operand(arg.get(1), where));
            }
            case "Fn::Not" -> {
                if (!arg.isArray() || arg.size() != 1) {
                    throw where.fail("malformed Fn::Not " + Intrinsics.describe(arg));
                }
                return !evaluate(arg.get(0), where);
            }
            case "Fn::And", "Fn::Or" -> {
                if (!arg.isArray() || arg.size() < 2 || arg.size() > 10) {
                    throw where.fail("malformed " + fn.getKey() + " (2 to 10 conditions) " + Intrinsics.describe(arg));
                }
                boolean and = fn.getKey().equals("Fn::And");
                boolean result = and;
                for (JsonNode c : arg) {
                    boolean v = evaluate(c, where);
                    result = and ? result && v : result || v;
                }
                return result;
            }
            default -> throw where.fail("uses " + fn.getKey() + ", which is not a condition function");
        }
    }

    /** An operand of Fn::Equals: a value, or a condition function nested in it. */
    private Object operand(JsonNode node, Where where) {
        if (node.isObject() && node.size() == 1) {
            String fn = node.propertyNames().iterator().next();
            if (fn.equals("Condition") || fn.equals("Fn::Not") || fn.equals("Fn::And") || fn.equals("Fn::Or")) {
                return String.valueOf(evaluate(node, where));
            }
        }
        return values.value(node, where);
    }

    /**
     * The template as a deployment sees it: conditional resources and outputs whose condition is false removed,
     * {@code Fn::If} replaced by its branch, {@code AWS::NoValue} dropped. The original is not changed.
     */
    JsonNode apply(JsonNode template) {
        ObjectNode out = (ObjectNode) template.deepCopy();
        for (String section : new String[] {"Resources", "Outputs"}) {
            JsonNode entries = out.path(section);
            if (!entries.isObject()) {
                continue;
            }
            ObjectNode kept = JsonNodeFactory.instance.objectNode();
            for (String name : entries.propertyNames()) {
                JsonNode entry = entries.get(name);
                String type = entry.path("Type").asString(section.equals("Outputs") ? "Output" : "");
                JsonNode condition = entry.path("Condition");
                if (condition.isString() && !value(condition.asString(), new Where(name, type, "Condition"))) {
                    continue;
                }
                JsonNode resolved = branches(entry, new Where(name, type, ""));
                if (resolved != null) {
                    kept.set(name, resolved);
                }
            }
            out.set(section, kept);
        }
        return out;
    }

    /** {@code node} with every Fn::If resolved; null where it is {@code AWS::NoValue}. */
    private JsonNode branches(JsonNode node, Where where) {
        if (node.isObject()) {
            if (node.size() == 1) {
                String key = node.propertyNames().iterator().next();
                JsonNode arg = node.get(key);
                if (key.equals("Ref") && arg.isString() && arg.asString().equals("AWS::NoValue")) {
                    return null;
                }
                if (key.equals("Fn::If")) {
                    if (!arg.isArray() || arg.size() != 3 || !arg.get(0).isString()) {
                        throw where.fail("malformed Fn::If " + Intrinsics.describe(arg));
                    }
                    boolean chosen = value(arg.get(0).asString(), where);
                    return branches(arg.get(chosen ? 1 : 2), where);
                }
            }
            ObjectNode out = JsonNodeFactory.instance.objectNode();
            for (String name : node.propertyNames()) {
                Where child = where.property().isEmpty() || where.property().equals("Properties")
                        ? new Where(where.logicalId(), where.type(), name)
                        : where.child(name);
                JsonNode value = branches(node.get(name), child);
                if (value != null) {
                    out.set(name, value);
                }
            }
            return out;
        }
        if (node.isArray()) {
            ArrayNode out = JsonNodeFactory.instance.arrayNode();
            for (JsonNode item : node) {
                JsonNode value = branches(item, where);
                if (value != null) {
                    out.add(value);
                }
            }
            return out;
        }
        return node;
    }
}
