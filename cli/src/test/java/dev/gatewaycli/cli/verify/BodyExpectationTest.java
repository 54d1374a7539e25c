package dev.gatewaycli.cli.verify;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Check 3's expectation: the seed's body by default, JSON-equal; JSONPath and JSON Pointer values. */
class BodyExpectationTest {

    @Test
    void mismatchWhenDefaultAndSeedBodyReformattedThenNoneBecauseJsonEqual() {
        assertThat(BodyExpectation.of(null, List.of())
                        .mismatch("{ \"content\" : \"Hello from the Lambda function!\" }"))
                .isNull();
    }

    @Test
    void mismatchWhenDefaultAndOtherBodyThenSaysBoth() {
        assertThat(BodyExpectation.of(null, List.of()).mismatch("{\"content\":\"x\"}"))
                .isEqualTo("body differs: expected " + BodyExpectation.SEED_BODY + ", got {\"content\":\"x\"}");
    }

    @Test
    void mismatchWhenPlainTextExpectedThenComparedExactly() {
        assertThat(BodyExpectation.of("ok", List.of()).mismatch("ok")).isNull();
        assertThat(BodyExpectation.of("ok", List.of()).mismatch("ok ")).startsWith("body differs");
    }

    @Test
    void mismatchWhenJsonPathsThenEachCheckedAsTextOrJson() {
        BodyExpectation expectation =
                BodyExpectation.of(null, List.of("$.items[1].id=42", "$['name']=shop", "/flags/on=true"));

        assertThat(expectation.mismatch(
                        "{\"name\":\"shop\",\"items\":[{\"id\":1},{\"id\":42}],\"flags\":{\"on\":true}}"))
                .isNull();
        assertThat(expectation.mismatch("{\"name\":\"shop\",\"items\":[{\"id\":1}],\"flags\":{\"on\":true}}"))
                .isEqualTo("$.items[1].id is absent from the body");
        assertThat(expectation.mismatch("not json")).startsWith("body is not JSON");
    }

    @Test
    void excerptWhenLongOrControlCharactersThenOneLineOf200() {
        String excerpt = Excerpts.of("a\nb\u0001" + "x".repeat(500));

        assertThat(excerpt).hasSize(200).startsWith("a\\nb\\x01").endsWith("...");
    }
}
