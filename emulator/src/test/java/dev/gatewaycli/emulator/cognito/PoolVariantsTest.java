package dev.gatewaycli.emulator.cognito;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatewaycli.emulator.EmulatorSettings;
import dev.gatewaycli.emulator.GatewayEmulator;
import dev.gatewaycli.emulator.Http;
import dev.gatewaycli.emulator.TestApps;
import dev.gatewaycli.emulator.lambda.FunctionSettings;
import dev.gatewaycli.emulator.model.StackModel;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * How a pool's template settings change its sign-ins, each from the {@code people} test app changed in one place:
 * aliases, case-insensitive names, required MFA, user existence errors hidden, the old names of the auth flows.
 */
@Timeout(60)
class PoolVariantsTest {

    static final String CUSTOMERS = "Customers6955EA0A";
    static final String WEB = "CustomersWeb130C99B9";
    static final String PASSWORD = "Correct-Horse1";

    @TempDir
    Path dir;

    GatewayEmulator start(Consumer<ObjectNode> change, String user) {
        Path copy = TestApps.copy("people", dir);
        TestApps.edit(copy, "People", change);
        return GatewayEmulator.builder()
                .model(StackModel.fromCloudAssembly(copy))
                .settings(EmulatorSettings.defaults()
                        .withUser(user, PASSWORD)
                        .withFunctions(FunctionSettings.defaults().withMode(FunctionSettings.Mode.IN_PROCESS)))
                .start();
    }

    static ObjectNode props(ObjectNode template, String logicalId) {
        return (ObjectNode) template.get("Resources").get(logicalId).get("Properties");
    }

    static String web(GatewayEmulator emu) {
        return emu.clients().stream()
                .filter(c -> c.name().equals("web"))
                .findFirst()
                .orElseThrow()
                .clientId();
    }

    static HttpResponse<String> call(GatewayEmulator emu, String operation, String body) {
        return Http.idpSigned(emu.idpUrl(), operation, body);
    }

    static JsonNode signIn(GatewayEmulator emu, String username) {
        return Http.json(
                Http.initiateAuth(emu.idpUrl(), web(emu), username, PASSWORD).body());
    }

    /** Plain user names with an email alias: the alias signs in once verified, and a name may not look like one. */
    static void aliases(ObjectNode template) {
        ObjectNode pool = props(template, CUSTOMERS);
        pool.remove("UsernameAttributes");
        pool.putArray("AliasAttributes").add("email");
    }

    @Test
    void aliasWhenEmailIsAnAliasThenItSignsInOnlyVerifiedAndNamesMayNotBeEmails() {
        try (GatewayEmulator emu = start(PoolVariantsTest::aliases, "alice")) {
            String pool = emu.userPools().get(0).userPoolId();
            assertThat(call(
                                    emu,
                                    "AdminCreateUser",
                                    "{\"UserPoolId\":\"" + pool + "\",\"Username\":\"bob@example.com\"}")
                            .body())
                    .contains("Username cannot be of email format, since user pool is configured for email alias.");
            call(
                    emu,
                    "AdminCreateUser",
                    "{\"UserPoolId\":\"" + pool + "\",\"Username\":\"carol\",\"UserAttributes\":[{\"Name\":\"email\","
                            + "\"Value\":\"carol@example.com\"},{\"Name\":\"email_verified\",\"Value\":\"true\"}]}");
            call(
                    emu,
                    "AdminSetUserPassword",
                    "{\"UserPoolId\":\"" + pool + "\",\"Username\":\"carol\",\"Password\":\"" + PASSWORD
                            + "\",\"Permanent\":true}");
            call(
                    emu,
                    "AdminCreateUser",
                    "{\"UserPoolId\":\"" + pool + "\",\"Username\":\"dave\",\"UserAttributes\":[{\"Name\":\"email\","
                            + "\"Value\":\"dave@example.com\"}]}");
            call(
                    emu,
                    "AdminSetUserPassword",
                    "{\"UserPoolId\":\"" + pool + "\",\"Username\":\"dave\",\"Password\":\"" + PASSWORD
                            + "\",\"Permanent\":true}");

            assertThat(signIn(emu, "carol@example.com")
                            .at("/AuthenticationResult/IdToken")
                            .asString())
                    .isNotBlank();
            assertThat(signIn(emu, "dave@example.com").path("__type").asString())
                    .as("an alias that is not verified does not sign in")
                    .isEqualTo("UserNotFoundException");
            assertThat(signIn(emu, "alice")
                            .at("/AuthenticationResult/AccessToken")
                            .asString())
                    .isNotBlank();
        }
    }

    @Test
    void caseSensitiveWhenFalseThenAnyCaseOfTheNameSignsIn() {
        try (GatewayEmulator emu = start(
                t -> props(t, CUSTOMERS).putObject("UsernameConfiguration").put("CaseSensitive", false),
                "Alice@Example.com")) {
            assertThat(signIn(emu, "alice@example.com")
                            .at("/AuthenticationResult/IdToken")
                            .asString())
                    .isNotBlank();
        }
    }

    @Test
    void mfaWhenRequiredThenMfaSetupChallengeAndItsAnswerIsNotEmulated() {
        try (GatewayEmulator emu = start(t -> props(t, CUSTOMERS).put("MfaConfiguration", "ON"), "alice@example.com")) {
            JsonNode challenge = signIn(emu, "alice@example.com");

            assertThat(challenge.path("ChallengeName").asString()).isEqualTo("MFA_SETUP");
            assertThat(challenge.has("AuthenticationResult")).isFalse();
            HttpResponse<String> answer = call(
                    emu,
                    "RespondToAuthChallenge",
                    "{\"ClientId\":\"" + web(emu) + "\",\"ChallengeName\":\"MFA_SETUP\",\"Session\":\""
                            + challenge.path("Session").asString() + "\",\"ChallengeResponses\":{\"USERNAME\":"
                            + "\"alice@example.com\"}}");
            assertThat(answer.statusCode()).isEqualTo(400);
            assertThat(Http.json(answer.body()).path("message").asString())
                    .startsWith("MFA_SETUP challenges are not emulated");
        }
    }

    @Test
    void preventUserExistenceErrorsWhenEnabledThenUnknownUserIsAWrongPassword() {
        try (GatewayEmulator emu =
                start(t -> props(t, WEB).put("PreventUserExistenceErrors", "ENABLED"), "alice@example.com")) {
            JsonNode refused = signIn(emu, "nobody@example.com");

            assertThat(refused.path("__type").asString()).isEqualTo("NotAuthorizedException");
            assertThat(refused.path("message").asString()).isEqualTo("Incorrect username or password.");
        }
    }

    @Test
    void explicitAuthFlowsWhenTheOldNamesThenThePasswordFlowsAreAllowed() {
        try (GatewayEmulator emu = start(
                t -> props(t, WEB)
                        .putArray("ExplicitAuthFlows")
                        .add("USER_PASSWORD_AUTH")
                        .add("ADMIN_NO_SRP_AUTH"),
                "alice@example.com")) {
            assertThat(signIn(emu, "alice@example.com")
                            .at("/AuthenticationResult/IdToken")
                            .asString())
                    .isNotBlank();
            GatewayEmulator.Client web = emu.clients().get(0);
            assertThat(web.allowsPasswordSignIn()).isTrue();
            assertThat(web.authFlows()).containsExactly("USER_PASSWORD_AUTH", "ADMIN_NO_SRP_AUTH");
        }
    }
}
