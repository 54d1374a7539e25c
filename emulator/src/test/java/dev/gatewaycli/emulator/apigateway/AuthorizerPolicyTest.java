package dev.gatewaycli.emulator.apigateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatewaycli.emulator.apigateway.AuthorizerPolicy.Decision;
import dev.gatewaycli.emulator.http.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A Lambda authorizer's policy evaluated as IAM evaluates one (docs/fidelity.md §6). */
class AuthorizerPolicyTest {

    static final String ARN = "arn:aws:execute-api:eu-central-1:111122223333:abc123defg/prod/GET/items/42";

    static AuthorizerPolicy policy(String statements) throws AuthorizerPolicy.MalformedException {
        return AuthorizerPolicy.parse(
                Json.MAPPER.readTree("{\"Version\":\"2012-10-17\",\"Statement\":" + statements + "}"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "*|true",
                "arn:aws:execute-api:eu-central-1:111122223333:abc123defg/prod/GET/items/42|true",
                "arn:aws:execute-api:*:*:abc123defg/*/GET/*|true",
                "arn:aws:execute-api:*:*:abc123defg/*|true",
                "arn:aws:execute-api:eu-central-1:111122223333:abc123defg/prod/*/items/*|true",
                "arn:aws:execute-api:eu-central-1:111122223333:abc123defg/prod/GET/items/4?|true",
                "arn:aws:execute-api:eu-central-1:111122223333:abc123defg/prod/GET/items|false",
                "arn:aws:execute-api:eu-central-1:111122223333:abc123defg/prod/POST/*|false",
                "arn:aws:execute-api:us-east-1:111122223333:abc123defg/*|false",
                "arn:aws:execute-api:eu-central-1:999999999999:abc123defg/*|false",
                "abc123defg/*|false",
                "arn:aws:execute-api:eu-central-1:111122223333:ABC123DEFG/*|false"
            })
    void arnMatchesWhenWildcardsThenFieldByFieldAndTheResourceAcrossSlashes(String pattern, boolean matches) {
        assertThat(AuthorizerPolicy.arnMatches(pattern, ARN)).isEqualTo(matches);
    }

    @Test
    void decideWhenAllowAndDenyMatchThenDenyWins() throws Exception {
        AuthorizerPolicy p = policy("[{\"Effect\":\"Allow\",\"Action\":\"execute-api:Invoke\",\"Resource\":\"*\"},"
                + "{\"Effect\":\"Deny\",\"Action\":\"execute-api:*\",\"Resource\":\"" + ARN + "\"}]");
        assertThat(p.decide(ARN)).isEqualTo(Decision.EXPLICIT_DENY);
        assertThat(p.decide(ARN.replace("GET", "PUT"))).isEqualTo(Decision.ALLOW);
    }

    @Test
    void decideWhenNothingMatchesThenImplicitDeny() throws Exception {
        AuthorizerPolicy p = policy("{\"Effect\":\"Allow\",\"Action\":\"execute-api:Invoke\","
                + "\"Resource\":[\"arn:aws:execute-api:*:*:other/*\"]}");
        assertThat(p.decide(ARN))
                .as("a single Statement object is a list of one")
                .isEqualTo(Decision.IMPLICIT_DENY);
    }

    @Test
    void decideWhenNotResourceOrNotActionThenTheirComplement() throws Exception {
        AuthorizerPolicy p = policy("[{\"Effect\":\"Allow\",\"Action\":\"EXECUTE-API:invoke\","
                + "\"NotResource\":\"arn:aws:execute-api:*:*:*/*/DELETE/*\"}]");
        assertThat(p.decide(ARN)).as("actions compare without case").isEqualTo(Decision.ALLOW);
        assertThat(p.decide(ARN.replace("GET", "DELETE"))).isEqualTo(Decision.IMPLICIT_DENY);
        AuthorizerPolicy notAction =
                policy("[{\"Effect\":\"Allow\",\"NotAction\":\"execute-api:ManageConnections\",\"Resource\":\"*\"}]");
        assertThat(notAction.decide(ARN)).isEqualTo(Decision.ALLOW);
    }

    @Test
    void parseWhenTheDocumentIsMalformedThenRefused() {
        for (String bad : new String[] {
            "[]",
            "[{\"Action\":\"execute-api:Invoke\",\"Resource\":\"*\"}]",
            "[{\"Effect\":\"allow\",\"Action\":\"execute-api:Invoke\",\"Resource\":\"*\"}]",
            "[{\"Effect\":\"Allow\",\"Resource\":\"*\"}]",
            "[{\"Effect\":\"Allow\",\"Action\":[1],\"Resource\":\"*\"}]",
            "[{\"Effect\":\"Allow\",\"Action\":\"execute-api:Invoke\"}]",
            "[\"Allow\"]",
            "[{\"Effect\":\"Allow\",\"Action\":\"execute-api:Invoke\",\"Resource\":\"*\","
                    + "\"Condition\":{\"IpAddress\":{\"aws:SourceIp\":\"10.0.0.0/8\"}}}]"
        }) {
            assertThatThrownBy(() -> policy(bad)).as(bad).isInstanceOf(AuthorizerPolicy.MalformedException.class);
        }
        assertThatThrownBy(() -> AuthorizerPolicy.parse(null)).isInstanceOf(AuthorizerPolicy.MalformedException.class);
    }

    @ParameterizedTest(name = "{0} ~ {1}")
    @CsvSource({
        "a*c,abc,true",
        "a*c,ac,true",
        "a*c,abd,false",
        "*,'',true",
        "a?c,abc,true",
        "a?c,ac,false",
        "**b,ab,true"
    })
    void globWhenIamWildcardsThenStarIsAnyRunAndQuestionMarkOneCharacter(String pattern, String text, boolean matches) {
        assertThat(AuthorizerPolicy.glob(pattern, text)).isEqualTo(matches);
    }
}
