package dev.gatewaycli.cli.verify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatewaycli.cli.TestCli.Result;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The {@code -o json} document of one verify run, read back for assertions that name the check that broke. */
final class VerifyReport {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    final Result result;

    final JsonNode root;

    final Map<String, JsonNode> checks = new LinkedHashMap<>();

    private VerifyReport(Result result) {
        this.result = result;
        this.root = JSON.readTree(result.out());
        for (JsonNode check : root.get("checks")) {
            checks.put(check.get("name").asString(), check);
        }
    }

    static VerifyReport of(Result result) {
        assertThat(result.out())
                .as("stdout is one JSON document\n" + result.describe())
                .startsWith("{")
                .endsWith("}\n");
        assertThat(result.out().strip()).as("one line").doesNotContain("\n");
        return new VerifyReport(result);
    }

    String verdict(String name) {
        return check(name).get("verdict").asString();
    }

    String summary(String name) {
        return check(name).get("summary").asString();
    }

    JsonNode evidence(String name) {
        return check(name).get("evidence");
    }

    JsonNode check(String name) {
        JsonNode check = checks.get(name);
        assertThat(check)
                .as("check " + name + " in the report\n" + result.describe())
                .isNotNull();
        return check;
    }

    /** Asserts one check's verdict, with the whole run in the message. */
    VerifyReport assertVerdict(String name, String verdict) {
        assertThat(verdict(name))
                .as("verdict of " + name + " (summary: " + summary(name) + ")\n" + result.describe())
                .isEqualTo(verdict);
        return this;
    }

    VerifyReport assertSummary(String name, String contains) {
        assertThat(summary(name))
                .as("summary of " + name + "\n" + result.describe())
                .contains(contains);
        return this;
    }
}
