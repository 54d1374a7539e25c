package dev.gatewaycli.stack.context;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatewaycli.stack.TestApps;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Reading and checking CDK context, without synthesis: defaults, both value forms (JSON values from cdk.json,
 * strings from {@code -c}), and one test per bad value, each failing with a message that names the key.
 */
class GatewayStackPropsTest {

    private static GatewayStackProps read(Object... keysAndValues) {
        Map<String, Object> context = new HashMap<>();
        context.put(GatewayStackProps.HANDLER_JAR, TestApps.handlerJar().toString());
        for (int i = 0; i < keysAndValues.length; i += 2) {
            context.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return GatewayStackProps.fromContext(context::get);
    }

    @Test
    void fromContextWhenEmptyThenSeedValues() {
        GatewayStackProps props = read();
        assertThat(props.stackName()).isEqualTo("GatewayCliStack");
        assertThat(props.domainPrefix())
                .as("derived at deploy time when not given")
                .isEmpty();
        assertThat(props.resourceServerId()).isEqualTo("users");
        assertThat(props.resourceServerName()).isEqualTo("users-resource-server");
        assertThat(props.scopes()).containsExactly(Map.entry("read-only", "Read-only access for users"));
        assertThat(props.fullScopes()).containsExactly("users/read-only");
        assertThat(props.methodScopes()).containsExactly(Map.entry(new MethodRoute("GET", "/"), List.of("read-only")));
        assertThat(props.accessTokenValidityMinutes()).isEqualTo(30);
        assertThat(props.stageName()).isEqualTo("prod");
    }

    @Test
    void fromContextWhenStringsAsFromCommandLineThenParsed() {
        GatewayStackProps props = read(
                GatewayStackProps.SCOPES, "read, write",
                GatewayStackProps.SCOPE_DESCRIPTIONS, "write=Create and change orders",
                GatewayStackProps.METHOD_SCOPES, "GET /=read; post /items=write,read",
                GatewayStackProps.ACCESS_TOKEN_VALIDITY_MINUTES, "1440",
                GatewayStackProps.DOMAIN_PREFIX, "orders-42");
        assertThat(props.scopes())
                .containsExactly(
                        Map.entry("read", "Read access for users"), Map.entry("write", "Create and change orders"));
        assertThat(props.methodScopes())
                .containsExactly(
                        Map.entry(new MethodRoute("GET", "/"), List.of("read")),
                        Map.entry(new MethodRoute("POST", "/items"), List.of("write", "read")));
        assertThat(props.accessTokenValidityMinutes()).isEqualTo(1440);
        assertThat(props.domainPrefix()).contains("orders-42");
    }

    @Test
    void fromContextWhenNumberAsFromCdkJsonThenAccepted() {
        assertThat(read(GatewayStackProps.ACCESS_TOKEN_VALIDITY_MINUTES, 5.0).accessTokenValidityMinutes())
                .isEqualTo(5);
    }

    @Test
    void fromContextWhenScopesNotListedForMethodsThenEveryMethodDefaultsToAllScopes() {
        GatewayStackProps props = read(GatewayStackProps.SCOPES, List.of("read", "write"));
        assertThat(props.methodScopes())
                .containsExactly(Map.entry(new MethodRoute("GET", "/"), List.of("read", "write")));
    }

    @Test
    void derivedDomainPrefixStemWhenStackNameHoldsReservedWordsThenTheyAreDropped() {
        assertThat(read(GatewayStackProps.STACK_NAME, "MyAwsCognito-Stack").derivedDomainPrefixStem())
                .isEqualTo("my-stack");
        assertThat(read(GatewayStackProps.STACK_NAME, "Amazon").derivedDomainPrefixStem())
                .isEqualTo("gateway");
        assertThat(read(GatewayStackProps.STACK_NAME, "S" + "a".repeat(100)).derivedDomainPrefixStem())
                .as("room left for '-' and 12 hex digits within 63 characters")
                .hasSize(50);
    }

    @Test
    void resourceServerNameWhenIdentifierIsUrlThenCharactersCognitoRefusesInNamesBecomeHyphens() {
        assertThat(read(GatewayStackProps.RESOURCE_SERVER_ID, "https://api.example.com")
                        .resourceServerName())
                .isEqualTo("https---api.example.com-resource-server");
    }

    @ParameterizedTest
    @ValueSource(strings = {"4", "1441", "0", "-30"})
    void fromContextWhenValidityOutsideCognitoRangeThenRefused(String minutes) {
        assertThatThrownBy(() -> read(GatewayStackProps.ACCESS_TOKEN_VALIDITY_MINUTES, minutes))
                .isInstanceOf(InvalidContextException.class)
                .hasMessage("accessTokenValidityMinutes is " + minutes
                        + ": Cognito allows 5 to 1440 minutes (5 minutes to 1 day)");
    }

    @Test
    void fromContextWhenValidityNotAWholeNumberThenRefused() {
        assertThatThrownBy(() -> read(GatewayStackProps.ACCESS_TOKEN_VALIDITY_MINUTES, "half an hour"))
                .isInstanceOf(InvalidContextException.class)
                .hasMessage("accessTokenValidityMinutes must be a whole number, got 'half an hour'");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "My_Prefix",
                "-orders",
                "orders-",
                "orders.example",
                "",
                "a234567890123456789012345678901234567890123456789012345678901234"
            })
    void fromContextWhenDomainPrefixMalformedThenRefused(String prefix) {
        assertThatThrownBy(() -> read(GatewayStackProps.DOMAIN_PREFIX, prefix))
                .isInstanceOf(InvalidContextException.class)
                .hasMessage("domainPrefix '" + prefix + "' is not valid: 1-63 lower-case letters, digits or hyphens, "
                        + "not starting or ending with a hyphen");
    }

    @ParameterizedTest
    @ValueSource(strings = {"my-cognito-login", "aws-orders", "amazonian"})
    void fromContextWhenDomainPrefixHoldsReservedWordThenRefused(String prefix) {
        assertThatThrownBy(() -> read(GatewayStackProps.DOMAIN_PREFIX, prefix))
                .isInstanceOf(InvalidContextException.class)
                .hasMessageStartingWith("domainPrefix '" + prefix + "' contains '")
                .hasMessageEndingWith("which Cognito does not allow in a domain prefix");
    }

    @Test
    void fromContextWhenScopeListEmptyThenRefused() {
        for (Object empty : List.of("", " , ", List.of())) {
            assertThatThrownBy(() -> read(GatewayStackProps.SCOPES, empty))
                    .as("scopes = %s", empty)
                    .isInstanceOf(InvalidContextException.class)
                    .hasMessage("scopes is empty: the resource server needs at least one scope, e.g. scopes=read-only");
        }
    }

    @Test
    void fromContextWhenScopeNamedTwiceThenRefused() {
        assertThatThrownBy(() -> read(GatewayStackProps.SCOPES, "read,read"))
                .isInstanceOf(InvalidContextException.class)
                .hasMessage("scopes names 'read' twice");
    }

    @Test
    void fromContextWhenScopeNameHoldsSlashThenRefused() {
        assertThatThrownBy(() -> read(GatewayStackProps.SCOPES, List.of("users/read")))
                .isInstanceOf(InvalidContextException.class)
                .hasMessageStartingWith("scopes 'users/read' is not valid");
    }

    @Test
    void fromContextWhenMethodRequiresUndeclaredScopeThenRefused() {
        assertThatThrownBy(() -> read(GatewayStackProps.METHOD_SCOPES, Map.of("GET /", List.of("write"))))
                .isInstanceOf(InvalidContextException.class)
                .hasMessage("methodScopes: method 'GET /' requires scope 'write', which is not in scopes [read-only]");
    }

    @Test
    void fromContextWhenMethodRequiresNoScopeThenRefused() {
        assertThatThrownBy(() -> read(GatewayStackProps.METHOD_SCOPES, Map.of("GET /", List.of())))
                .isInstanceOf(InvalidContextException.class)
                .hasMessage("methodScopes: method 'GET /' requires no scope; give it at least one of [read-only]");
    }

    @Test
    void fromContextWhenMethodMalformedThenRefused() {
        assertThatThrownBy(() -> read(GatewayStackProps.METHOD_SCOPES, "FETCH /=read-only"))
                .isInstanceOf(InvalidContextException.class)
                .hasMessage(
                        "method 'FETCH /': HTTP method must be one of ANY, DELETE, GET, HEAD, OPTIONS, PATCH, POST, PUT");
        assertThatThrownBy(() -> read(GatewayStackProps.METHOD_SCOPES, "GET items=read-only"))
                .isInstanceOf(InvalidContextException.class)
                .hasMessageStartingWith("method 'GET items': path must start with /");
        assertThatThrownBy(() -> read(GatewayStackProps.METHOD_SCOPES, "GET / read-only"))
                .isInstanceOf(InvalidContextException.class)
                .hasMessageStartingWith("methodScopes entry 'GET / read-only' must be written");
    }

    @Test
    void fromContextWhenDescriptionForUnknownScopeThenRefused() {
        assertThatThrownBy(() -> read(GatewayStackProps.SCOPE_DESCRIPTIONS, Map.of("write", "Write")))
                .isInstanceOf(InvalidContextException.class)
                .hasMessage("scopeDescriptions describes 'write', which is not in scopes [read-only]");
    }

    @Test
    void fromContextWhenStageOrStackNameMalformedThenRefused() {
        assertThatThrownBy(() -> read(GatewayStackProps.STAGE_NAME, "prod stage"))
                .isInstanceOf(InvalidContextException.class)
                .hasMessage("stageName 'prod stage' is not valid: 1-128 letters, digits, hyphens or underscores");
        assertThatThrownBy(() -> read(GatewayStackProps.STACK_NAME, "1st-stack"))
                .isInstanceOf(InvalidContextException.class)
                .hasMessageStartingWith("stackName '1st-stack' is not valid");
    }

    @Test
    void fromContextWhenValueOfWrongTypeThenRefused() {
        assertThatThrownBy(() -> read(GatewayStackProps.STAGE_NAME, List.of("prod")))
                .isInstanceOf(InvalidContextException.class)
                .hasMessage("stageName must be a string, got [prod]");
    }

    @Test
    void fromContextWhenHandlerJarMissingThenRefusedWithBuildCommand() {
        assertThatThrownBy(() -> read(GatewayStackProps.HANDLER_JAR, "no/such/handler.jar"))
                .isInstanceOf(InvalidContextException.class)
                .hasMessageStartingWith("handlerJar: the function's jar ")
                .hasMessageEndingWith(
                        "no/such/handler.jar does not exist; build it first: ./mvnw -B -q -pl handler package");
    }
}
