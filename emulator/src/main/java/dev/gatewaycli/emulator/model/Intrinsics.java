package dev.gatewaycli.emulator.model;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * Resolves the CloudFormation intrinsic functions a CDK-synthesized stack of this shape uses ({@code Ref},
 * {@code Fn::GetAtt}, {@code Fn::Join}, {@code Fn::Sub}, {@code Fn::Select}, {@code Fn::Split}, pseudo parameters)
 * to plain values. Anything else fails with a {@link ModelException} naming the resource and property, which is more
 * useful than guessing: the emulator must behave as the deployed stack would or say why it cannot.
 */
final class Intrinsics {

    private static final Pattern SUB_VARIABLE = Pattern.compile("\\$\\{([^}]*)}");

    private final Function<String, String> refs;
    private final BiFunction<String, String, String> attributes;

    /**
     * @param refs       logical id or pseudo parameter → value of {@code Ref}, or null when unknown
     * @param attributes (logical id, attribute) → value of {@code Fn::GetAtt}, or null when unknown
     */
    Intrinsics(Function<String, String> refs, BiFunction<String, String, String> attributes) {
        this.refs = refs;
        this.attributes = attributes;
    }

    /** Resolves {@code node} to a string, or fails naming {@code where} (resource, type, property). */
    String string(JsonNode node, Where where) {
        Object value = resolve(node, where);
        if (value instanceof String s) {
            return s;
        }
        throw where.fail("expected a string, found " + describe(node));
    }

    /** Resolves {@code node} to a list of strings (a JSON array, or an intrinsic that yields one). */
    List<String> strings(JsonNode node, Where where) {
        Object value = resolve(node, where);
        if (value instanceof List<?> list) {
            List<String> out = new ArrayList<>(list.size());
            for (Object item : list) {
                if (!(item instanceof String s)) {
                    throw where.fail("expected a list of strings, found " + describe(node));
                }
                out.add(s);
            }
            return out;
        }
        throw where.fail("expected a list of strings, found " + describe(node));
    }

    private Object resolve(JsonNode node, Where where) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            throw where.fail("is missing");
        }
        if (node.isString()) {
            return node.asString();
        }
        if (node.isNumber() || node.isBoolean()) {
            return node.asString();
        }
        if (node.isArray()) {
            List<Object> out = new ArrayList<>();
            for (JsonNode item : node) {
                out.add(resolve(item, where));
            }
            return out;
        }
        if (node.isObject() && node.size() == 1) {
            Map.Entry<String, JsonNode> fn = node.properties().iterator().next();
            JsonNode arg = fn.getValue();
            switch (fn.getKey()) {
                case "Ref":
                    return ref(arg.asString(), where);
                case "Fn::GetAtt":
                    return getAtt(arg, where);
                case "Fn::Join":
                    return join(arg, where);
                case "Fn::Sub":
                    return sub(arg, where);
                case "Fn::Select":
                    return select(arg, where);
                case "Fn::Split":
                    return split(arg, where);
                default:
                    if (fn.getKey().startsWith("Fn::") || fn.getKey().equals("Condition")) {
                        throw where.fail("uses " + fn.getKey() + ", which the emulator cannot resolve");
                    }
            }
        }
        throw where.fail("expected a value, found " + describe(node));
    }

    private String ref(String name, Where where) {
        String value = refs.apply(name);
        if (value == null) {
            throw where.fail("Ref to '" + name + "' cannot be resolved");
        }
        return value;
    }

    private String getAtt(JsonNode arg, Where where) {
        String logicalId;
        String attribute;
        if (arg.isArray() && arg.size() == 2) {
            logicalId = arg.get(0).asString();
            attribute = string(arg.get(1), where);
        } else if (arg.isString() && arg.asString().contains(".")) {
            int dot = arg.asString().indexOf('.');
            logicalId = arg.asString().substring(0, dot);
            attribute = arg.asString().substring(dot + 1);
        } else {
            throw where.fail("malformed Fn::GetAtt " + describe(arg));
        }
        String value = attributes.apply(logicalId, attribute);
        if (value == null) {
            throw where.fail("Fn::GetAtt " + logicalId + "." + attribute + " cannot be resolved");
        }
        return value;
    }

    private String join(JsonNode arg, Where where) {
        if (!arg.isArray() || arg.size() != 2) {
            throw where.fail("malformed Fn::Join " + describe(arg));
        }
        return String.join(string(arg.get(0), where), strings(arg.get(1), where));
    }

    private String sub(JsonNode arg, Where where) {
        String template;
        JsonNode variables = null;
        if (arg.isString()) {
            template = arg.asString();
        } else if (arg.isArray()
                && arg.size() == 2
                && arg.get(0).isString()
                && arg.get(1).isObject()) {
            template = arg.get(0).asString();
            variables = arg.get(1);
        } else {
            throw where.fail("malformed Fn::Sub " + describe(arg));
        }
        Matcher m = SUB_VARIABLE.matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String name = m.group(1);
            String replacement;
            if (name.startsWith("!")) {
                replacement = "${" + name.substring(1) + "}"; // ${!Literal} is the documented escape
            } else if (variables != null && variables.has(name)) {
                replacement = string(variables.get(name), where);
            } else if (name.contains(".")) {
                int dot = name.indexOf('.');
                String value = attributes.apply(name.substring(0, dot), name.substring(dot + 1));
                if (value == null) {
                    throw where.fail("Fn::Sub variable ${" + name + "} cannot be resolved");
                }
                replacement = value;
            } else {
                replacement = ref(name, where);
            }
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString();
    }

    private String select(JsonNode arg, Where where) {
        if (!arg.isArray() || arg.size() != 2) {
            throw where.fail("malformed Fn::Select " + describe(arg));
        }
        int index;
        try {
            index = Integer.parseInt(string(arg.get(0), where));
        } catch (NumberFormatException e) {
            throw where.fail("Fn::Select index is not a number: " + describe(arg.get(0)));
        }
        List<String> list = strings(arg.get(1), where);
        if (index < 0 || index >= list.size()) {
            throw where.fail("Fn::Select index " + index + " is outside a list of " + list.size());
        }
        return list.get(index);
    }

    private List<String> split(JsonNode arg, Where where) {
        if (!arg.isArray() || arg.size() != 2) {
            throw where.fail("malformed Fn::Split " + describe(arg));
        }
        String delimiter = string(arg.get(0), where);
        String source = string(arg.get(1), where);
        List<String> out = new ArrayList<>();
        int from = 0;
        int at;
        while (!delimiter.isEmpty() && (at = source.indexOf(delimiter, from)) >= 0) {
            out.add(source.substring(from, at));
            from = at + delimiter.length();
        }
        out.add(source.substring(from));
        return out;
    }

    private static String describe(JsonNode node) {
        String text = String.valueOf(node);
        return text.length() > 120 ? text.substring(0, 117) + "..." : text;
    }

    /** Where a value sits in the template, for error messages. */
    record Where(String logicalId, String type, String property) {

        ModelException fail(String problem) {
            return ModelException.at(logicalId, type, property, problem);
        }

        Where child(String name) {
            return new Where(logicalId, type, property + "." + name);
        }
    }

    static Iterator<String> names(JsonNode object) {
        return object.propertyNames().iterator();
    }
}
