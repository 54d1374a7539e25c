package dev.gatewaycli.emulator.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatewaycli.emulator.http.Json;
import dev.gatewaycli.emulator.model.Intrinsics.Where;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.MissingNode;

/** Conditions as CloudFormation evaluates and applies them: the functions, conditional resources, Fn::If, NoValue. */
class ConditionsTest {

    static final JsonNode TEMPLATE = Json.MAPPER.readTree("""
            {"Conditions": {
               "IsProd": {"Fn::Equals": [{"Ref": "Env"}, "prod"]},
               "IsEu": {"Fn::Equals": ["eu-west-1", {"Ref": "AWS::Region"}]},
               "ProdInEu": {"Fn::And": [{"Condition": "IsProd"}, {"Condition": "IsEu"}]},
               "ProdOrEu": {"Fn::Or": [{"Condition": "IsProd"}, {"Condition": "IsEu"}]},
               "NotProd": {"Fn::Not": [{"Condition": "IsProd"}]},
               "Loop": {"Fn::Not": [{"Condition": "Loop"}]}},
             "Resources": {
               "Always": {"Type": "AWS::SNS::Topic", "Properties": {
                  "Name": {"Fn::If": ["IsProd", "prod-topic", {"Ref": "AWS::NoValue"}]},
                  "Tags": [{"Fn::If": ["ProdOrEu", {"Key": "k", "Value": "v"}, {"Ref": "AWS::NoValue"}]}, "kept"],
                  "Nested": {"Fn::If": ["NotProd", {"Fn::If": ["IsEu", "eu", "elsewhere"]}, "prod"]}}},
               "ProdOnly": {"Type": "AWS::SNS::Topic", "Condition": "IsProd"}},
             "Outputs": {"EuOnly": {"Condition": "IsEu", "Value": "x"}}}
            """);

    static Conditions conditions(String env, String region) {
        Map<String, String> values = Map.of("Env", env, "AWS::Region", region);
        Intrinsics intrinsics = new Intrinsics(new Intrinsics.Scope() {
            @Override
            public Object ref(String name, Where where) {
                return values.get(name);
            }

            @Override
            public String attribute(String logicalId, String attribute, Where where) {
                return null;
            }

            @Override
            public Object importValue(String name, Where where) {
                throw where.fail("no imports here");
            }

            @Override
            public String ssmParameter(String name, Where where) {
                throw where.fail("no SSM here");
            }

            @Override
            public JsonNode mappings() {
                return MissingNode.getInstance();
            }

            @Override
            public String region() {
                return region;
            }
        });
        return new Conditions(TEMPLATE.get("Conditions"), intrinsics);
    }

    static final Where WHERE = new Where("Test", "Test", "Condition");

    @Test
    void valueWhenTheConditionFunctionsCombineThenCloudFormationsTruthTable() {
        Conditions devInUs = conditions("dev", "us-east-1");
        assertThat(devInUs.value("IsProd", WHERE)).isFalse();
        assertThat(devInUs.value("ProdOrEu", WHERE)).isFalse();
        assertThat(devInUs.value("NotProd", WHERE)).isTrue();
        Conditions prodInEu = conditions("prod", "eu-west-1");
        assertThat(prodInEu.value("ProdInEu", WHERE)).isTrue();
        assertThat(conditions("prod", "us-east-1").value("ProdInEu", WHERE)).isFalse();
        assertThat(conditions("dev", "eu-west-1").value("ProdOrEu", WHERE)).isTrue();
    }

    @Test
    void valueWhenAConditionDependsOnItselfOrIsUndefinedThenALoadError() {
        assertThatThrownBy(() -> conditions("dev", "us-east-1").value("Loop", WHERE))
                .isInstanceOf(ModelException.class)
                .hasMessageContaining("depends on itself");
        assertThatThrownBy(() -> conditions("dev", "us-east-1").value("Nope", WHERE))
                .isInstanceOf(ModelException.class)
                .hasMessageContaining("names the condition 'Nope', which the template's Conditions do not define");
    }

    @Test
    void applyWhenFalseThenTheResourceAndOutputAreGoneAndNoValueRemovesWhatItStandsFor() {
        JsonNode applied = conditions("dev", "us-east-1").apply(TEMPLATE);
        assertThat(applied.get("Resources").has("ProdOnly")).isFalse();
        assertThat(applied.get("Outputs").has("EuOnly")).isFalse();
        JsonNode props = applied.get("Resources").get("Always").get("Properties");
        assertThat(props.has("Name"))
                .as("Fn::If choosing AWS::NoValue removes the property")
                .isFalse();
        assertThat(props.get("Tags").size()).as("and removes a list item").isEqualTo(1);
        assertThat(props.get("Tags").get(0).asString()).isEqualTo("kept");
        assertThat(props.get("Nested").asString()).isEqualTo("elsewhere");
    }

    @Test
    void applyWhenTrueThenTheResourceStaysAndFnIfTakesTheFirstBranch() {
        JsonNode applied = conditions("prod", "eu-west-1").apply(TEMPLATE);
        assertThat(applied.get("Resources").has("ProdOnly")).isTrue();
        assertThat(applied.get("Outputs").has("EuOnly")).isTrue();
        JsonNode props = applied.get("Resources").get("Always").get("Properties");
        assertThat(props.get("Name").asString()).isEqualTo("prod-topic");
        assertThat(props.get("Tags").get(0).get("Key").asString()).isEqualTo("k");
        assertThat(props.get("Nested").asString()).isEqualTo("prod");
    }
}
