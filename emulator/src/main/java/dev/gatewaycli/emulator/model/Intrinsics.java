package dev.gatewaycli.emulator.model;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * Resolves CloudFormation's intrinsic functions to plain values: {@code Ref}, {@code Fn::GetAtt}, {@code Fn::Join},
 * {@code Fn::Sub}, {@code Fn::Select}, {@code Fn::Split}, {@code Fn::ImportValue}, {@code Fn::FindInMap},
 * {@code Fn::Base64}, {@code Fn::GetAZs}, and {@code {{resolve:ssm:...}}} dynamic references. {@code Fn::If} and
 * {@code AWS::NoValue} are gone before a template gets here ({@link Conditions#apply}). Anything else fails with a
 * {@link ModelException} naming the resource and property, which is more useful than guessing: the emulator must
 * behave as the deployed stack would or say why it cannot.
 */
final class Intrinsics {

    private static final Pattern SUB_VARIABLE = Pattern.compile("\\$\\{([^}]*)}");
    /** {@code {{resolve:service:key}}}, CloudFormation's dynamic references. */
    private static final Pattern DYNAMIC_REFERENCE = Pattern.compile("\\{\\{resolve:([^:}]*):([^}]*)}}");

    /** What the functions resolve against: the template's names, and the assembly around it. */
    interface Scope {
        /** {@code Ref}: a String, a List of Strings (list parameters), or null when the name is unknown. */
        Object ref(String name, Where where);

        /** {@code Fn::GetAtt}, or null when unknown. */
        String attribute(String logicalId, String attribute, Where where);

        /** {@code Fn::ImportValue}: the value another stack exports under {@code name}. */
        Object importValue(String name, Where where);

        /** The value of the SSM parameter {@code name} as the assembly writes it ({@code {{resolve:ssm:name}}}). */
        String ssmParameter(String name, Where where);

        /** The template's {@code Mappings} section (a missing node when it has none). */
        JsonNode mappings();

        /** {@code AWS::Region}, what {@code Fn::GetAZs ""} lists the zones of. */
        String region();
    }

    private final Scope scope;

    Intrinsics(Scope scope) {
        this.scope = scope;
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

    /** Resolves {@code node} to a String or a List of them. */
    Object value(JsonNode node, Where where) {
        return resolve(node, where);
    }

    private Object resolve(JsonNode node, Where where) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            throw where.fail("is missing");
        }
        if (node.isString()) {
            return dynamicReferences(node.asString(), where);
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
                    return ref(arg, where);
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
                case "Fn::ImportValue":
                    return scope.importValue(string(arg, where), where);
                case "Fn::FindInMap":
                    return findInMap(arg, where);
                case "Fn::Base64":
                    return Base64.getEncoder().encodeToString(string(arg, where).getBytes(StandardCharsets.UTF_8));
                case "Fn::GetAZs":
                    return availabilityZones(arg, where);
                default:
                    if (fn.getKey().startsWith("Fn::") || fn.getKey().equals("Condition")) {
                        throw where.fail("uses " + fn.getKey() + ", which the emulator cannot resolve");
                    }
            }
        }
        throw where.fail("expected a value, found " + describe(node));
    }

    private Object ref(JsonNode arg, Where where) {
        if (!arg.isString()) {
            throw where.fail("malformed Ref " + describe(arg));
        }
        String name = arg.asString();
        if (name.equals("AWS::NoValue")) {
            throw where.fail("Ref to AWS::NoValue outside an Fn::If");
        }
        Object value = scope.ref(name, where);
        if (value == null) {
            throw where.fail("Ref to '" + name + "' cannot be resolved");
        }
        return value;
    }

    private String getAtt(JsonNode arg, Where where) {
        String logicalId;
        String attribute;
        if (arg.isArray() && arg.size() == 2 && arg.get(0).isString()) {
            logicalId = arg.get(0).asString();
            attribute = string(arg.get(1), where);
        } else if (arg.isString() && arg.asString().contains(".")) {
            int dot = arg.asString().indexOf('.');
            logicalId = arg.asString().substring(0, dot);
            attribute = arg.asString().substring(dot + 1);
        } else {
            throw where.fail("malformed Fn::GetAtt " + describe(arg));
        }
        String value = scope.attribute(logicalId, attribute, where);
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
                String value = scope.attribute(name.substring(0, dot), name.substring(dot + 1), where);
                if (value == null) {
                    throw where.fail("Fn::Sub variable ${" + name + "} cannot be resolved");
                }
                replacement = value;
            } else {
                Object value = scope.ref(name, where);
                if (!(value instanceof String s)) {
                    throw where.fail("Fn::Sub variable ${" + name + "} cannot be resolved to a string");
                }
                replacement = s;
            }
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return dynamicReferences(out.toString(), where);
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

    private Object findInMap(JsonNode arg, Where where) {
        if (!arg.isArray() || arg.size() != 3) {
            // The four-argument form (a DefaultValue) needs the AWS::LanguageExtensions transform.
            throw where.fail("malformed Fn::FindInMap " + describe(arg));
        }
        String map = string(arg.get(0), where);
        String top = string(arg.get(1), where);
        String second = string(arg.get(2), where);
        JsonNode value = scope.mappings().path(map).path(top).path(second);
        if (value.isMissingNode()) {
            throw where.fail("Fn::FindInMap: mapping '" + map + "' has no " + top + "." + second);
        }
        if (value.isArray()) {
            return strings(value, where);
        }
        if (!value.isValueNode()) {
            throw where.fail("Fn::FindInMap: mapping '" + map + "' " + top + "." + second + " is not a value");
        }
        return value.asString();
    }

    /**
     * The Region's Availability Zones. The emulator has no account to ask, so it lists three, {@code <region>a} to
     * {@code <region>c}: the count and the letters of a real account may differ (docs/emulator.md).
     */
    private List<String> availabilityZones(JsonNode arg, Where where) {
        String region = string(arg, where);
        if (region.isEmpty()) {
            region = scope.region();
        }
        return List.of(region + "a", region + "b", region + "c");
    }

    /**
     * {@code {{resolve:ssm:name}}} (and {@code name:version}) from the assembly's SSM parameters; secure strings and
     * Secrets Manager have no local value, so they fail.
     */
    private String dynamicReferences(String text, Where where) {
        if (!text.contains("{{resolve:")) {
            return text;
        }
        Matcher m = DYNAMIC_REFERENCE.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            if (!m.group(1).equals("ssm")) {
                throw where.fail("the dynamic reference {{resolve:" + m.group(1)
                        + ":...}} is not emulated (only {{resolve:ssm:...}})");
            }
            String key = m.group(2);
            int colon = key.lastIndexOf(':');
            // A parameter name may contain no colon unless it is an ARN; a trailing :<digits> is the version.
            if (colon > 0 && key.substring(colon + 1).matches("\\d+") && !key.startsWith("arn:")) {
                key = key.substring(0, colon);
            }
            m.appendReplacement(out, Matcher.quoteReplacement(scope.ssmParameter(key, where)));
        }
        m.appendTail(out);
        return out.toString();
    }

    static String describe(JsonNode node) {
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
