package dev.gatewaycli.emulator.model;

import dev.gatewaycli.emulator.model.Intrinsics.Where;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import tools.jackson.databind.JsonNode;

/**
 * A template's {@code Parameters} with the values a deployment gives them: an override, else the {@code Default}.
 * Values are checked as CloudFormation checks them ({@code AllowedValues}, {@code AllowedPattern}, lengths, numbers)
 * when the stack is read. An SSM-typed parameter ({@code AWS::SSM::Parameter::Value<...>}) holds the <em>name</em> of
 * an SSM parameter: its value is what an {@code AWS::SSM::Parameter} of the assembly writes under that name, looked up
 * when something refers to it, and never the name itself.
 */
final class TemplateParameters {

    static final String SSM_VALUE_PREFIX = "AWS::SSM::Parameter::Value<";

    private final String stackName;
    private final Map<String, Parameter> parameters = new LinkedHashMap<>();
    /** (SSM parameter name, who asks) → its value in the assembly. */
    private final BiFunction<String, Where, String> ssm;

    private record Parameter(String name, String type, String value) {
        boolean ssmTyped() {
            return type.startsWith(SSM_VALUE_PREFIX);
        }

        boolean list() {
            String inner = ssmTyped() ? type.substring(SSM_VALUE_PREFIX.length(), type.length() - 1) : type;
            return inner.startsWith("List<") || inner.equals("CommaDelimitedList");
        }
    }

    TemplateParameters(
            String stackName,
            JsonNode section,
            Function<String, String> deployed,
            BiFunction<String, Where, String> ssm) {
        this.stackName = stackName;
        this.ssm = ssm;
        if (!section.isMissingNode() && !section.isObject()) {
            throw new ModelException("Parameters is not an object");
        }
        for (String name : section.propertyNames()) {
            JsonNode declaration = section.get(name);
            String type = declaration.path("Type").asString("");
            if (type.isEmpty()) {
                throw fail(name, "has no Type");
            }
            String value = deployed.apply(name);
            JsonNode fallback = declaration.path("Default");
            if (value == null && fallback.isValueNode()) {
                value = fallback.asString();
            }
            if (value == null) {
                throw fail(name, "has no Default and no value; give one with --parameter-overrides " + name + "=VALUE");
            }
            Parameter parameter = new Parameter(name, type, value);
            if (!parameter.ssmTyped()) {
                check(parameter, declaration);
            }
            parameters.put(name, parameter);
        }
    }

    /** Whether the template declares {@code name}. */
    boolean declares(String name) {
        return parameters.containsKey(name);
    }

    /** The declared names, in template order. */
    List<String> names() {
        return List.copyOf(parameters.keySet());
    }

    /** {@code Ref name}: a String, a List for list types, or null when {@code name} is no parameter. */
    Object value(String name, Where where) {
        Parameter p = parameters.get(name);
        if (p == null) {
            return null;
        }
        String value = p.value();
        if (p.ssmTyped()) {
            try {
                value = ssm.apply(value, where);
            } catch (ModelException e) {
                throw where.fail("Ref to parameter '" + name + "' (" + p.type() + "): " + e.getMessage());
            }
        }
        return p.list() ? splitList(value) : value;
    }

    private static List<String> splitList(String value) {
        List<String> out = new ArrayList<>();
        for (String item : value.split(",", -1)) {
            out.add(item.strip());
        }
        return out;
    }

    /** What CloudFormation refuses at deploy time: a value outside the declared constraints. */
    private void check(Parameter p, JsonNode declaration) {
        List<String> values = p.list() ? splitList(p.value()) : List.of(p.value());
        JsonNode allowed = declaration.path("AllowedValues");
        String pattern = declaration.path("AllowedPattern").asString(null);
        Pattern compiled = null;
        if (pattern != null) {
            try {
                compiled = Pattern.compile(pattern);
            } catch (PatternSyntaxException e) {
                throw fail(p.name(), "AllowedPattern '" + pattern + "' is not a regular expression");
            }
        }
        boolean numeric = p.type().equals("Number") || p.type().equals("List<Number>");
        for (String v : values) {
            if (allowed.isArray()) {
                boolean found = false;
                for (JsonNode a : allowed) {
                    found |= a.asString().equals(v);
                }
                if (!found) {
                    throw fail(p.name(), "value '" + v + "' is not one of its AllowedValues " + allowed);
                }
            }
            if (compiled != null && !compiled.matcher(v).matches()) {
                throw fail(p.name(), "value '" + v + "' does not match its AllowedPattern " + pattern);
            }
            length(p, declaration, v);
            if (numeric) {
                number(p, declaration, v);
            }
        }
    }

    private void length(Parameter p, JsonNode declaration, String v) {
        Optional<Integer> min = integer(declaration.path("MinLength"), p.name(), "MinLength");
        Optional<Integer> max = integer(declaration.path("MaxLength"), p.name(), "MaxLength");
        if (min.isPresent() && v.length() < min.get()) {
            throw fail(p.name(), "value is shorter than its MinLength " + min.get());
        }
        if (max.isPresent() && v.length() > max.get()) {
            throw fail(p.name(), "value is longer than its MaxLength " + max.get());
        }
    }

    private void number(Parameter p, JsonNode declaration, String v) {
        BigDecimal n;
        try {
            n = new BigDecimal(v);
        } catch (NumberFormatException e) {
            throw fail(p.name(), "value '" + v + "' is not a number");
        }
        JsonNode min = declaration.path("MinValue");
        JsonNode max = declaration.path("MaxValue");
        try {
            if (min.isValueNode() && n.compareTo(new BigDecimal(min.asString())) < 0) {
                throw fail(p.name(), "value " + v + " is below its MinValue " + min.asString());
            }
            if (max.isValueNode() && n.compareTo(new BigDecimal(max.asString())) > 0) {
                throw fail(p.name(), "value " + v + " is above its MaxValue " + max.asString());
            }
        } catch (NumberFormatException e) {
            throw fail(p.name(), "its MinValue or MaxValue is not a number");
        }
    }

    private Optional<Integer> integer(JsonNode node, String name, String property) {
        if (!node.isValueNode()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Integer.parseInt(node.asString()));
        } catch (NumberFormatException e) {
            throw fail(name, property + " '" + node.asString() + "' is not a whole number");
        }
    }

    private ModelException fail(String name, String problem) {
        return new ModelException("Parameter '" + name + "': " + problem).inStack(stackName);
    }
}
