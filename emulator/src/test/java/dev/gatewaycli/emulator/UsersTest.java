package dev.gatewaycli.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatewaycli.emulator.cognito.UserRefusedException;
import dev.gatewaycli.emulator.junit.GatewayEmulatorExtension;
import dev.gatewaycli.emulator.lambda.FunctionSettings;
import dev.gatewaycli.emulator.model.StackModel;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

/**
 * Users given in the settings ({@link EmulatorSettings#withUsers}), through the JUnit extension, or added at run time
 * ({@link GatewayEmulator#addUser}), and clients added at run time ({@link GatewayEmulator#createClient}): created in
 * every pool, or refused with one message naming the pool, the user and what the pool needs, never the password.
 */
@Timeout(60)
class UsersTest {

    static final EmulatorSettings IN_PROCESS = EmulatorSettings.defaults()
            .withFunctions(FunctionSettings.defaults().withMode(FunctionSettings.Mode.IN_PROCESS));

    @RegisterExtension
    static GatewayEmulatorExtension people = GatewayEmulatorExtension.newInstance()
            .model(() -> StackModel.fromCloudAssembly(TestApps.assembly("people")))
            .settings(IN_PROCESS)
            .user("alice@example.com", "Correct-Horse1")
            .build();

    static StackModel model() {
        return StackModel.fromCloudAssembly(TestApps.assembly("people"));
    }

    static GatewayEmulator.Client client(GatewayEmulator emu, String name) {
        return emu.clients().stream()
                .filter(c -> c.name().equals(name))
                .findFirst()
                .orElseThrow();
    }

    static HttpResponse<String> signIn(String idpUrl, String clientId, String username, String password) {
        return Http.initiateAuth(idpUrl, clientId, username, password);
    }

    static HttpResponse<String> adminGetUser(GatewayEmulator emu, String userPoolId, String username) {
        return Http.idpSigned(
                emu.idpUrl(),
                "AdminGetUser",
                "{\"UserPoolId\":\"" + userPoolId + "\",\"Username\":\"" + username + "\"}");
    }

    @Test
    void extensionWhenUserThenItSignsInAndTheIdTokenPassesTheMethodWithoutScopes() {
        GatewayEmulator.Client web = client(people.emulator(), "web");

        HttpResponse<String> signedIn = signIn(people.idpUrl(), web.clientId(), "alice@example.com", "Correct-Horse1");

        assertThat(signedIn.statusCode()).as("body %s", signedIn.body()).isEqualTo(200);
        String idToken =
                Http.json(signedIn.body()).at("/AuthenticationResult/IdToken").asString();
        assertThat(Http.get(people.apiUrl() + "profile", "Authorization", idToken)
                        .statusCode())
                .isEqualTo(200);
    }

    @Test
    void startWhenAUsersPasswordIsRefusedThenNoEmulatorAndOneMessageNamingPoolAndPolicy() {
        assertThatThrownBy(() -> GatewayEmulator.builder()
                        .model(model())
                        .settings(IN_PROCESS.withUser("alice@example.com", "tooshort"))
                        .port(0)
                        .start())
                .isInstanceOf(UserRefusedException.class)
                .hasMessageStartingWith("user pool customers (us-east-1_")
                .hasMessageContaining("refuses user 'alice@example.com': InvalidPasswordException: Password did not "
                        + "conform with policy: Password not long enough (the pool's policy: at least 10 characters, "
                        + "a lowercase letter, an uppercase letter, a digit)")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("tooshort"));
    }

    @Test
    void startWhenANameThePoolRefusesThenRefusedWithCognitosReason() {
        assertThatThrownBy(() -> GatewayEmulator.builder()
                        .model(model())
                        .settings(IN_PROCESS.withUser("alice", "Correct-Horse1"))
                        .start())
                .isInstanceOf(UserRefusedException.class)
                .hasMessageContaining("user pool customers")
                .hasMessageContaining("InvalidParameterException: Username should be an email.");
    }

    @Test
    void settingsWhenUserGivenTwiceOrBlankThenRefused() {
        assertThatThrownBy(() -> IN_PROCESS.withUser("a@example.com", "X").withUser("a@example.com", "Y"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("user 'a@example.com' is given twice");
        assertThatThrownBy(() -> IN_PROCESS.withUser(" ", "X"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a user's name cannot be blank");
        assertThat(IN_PROCESS.withUser("a@example.com", "Secret-1").toString())
                .contains("users=[User[a@example.com]]")
                .doesNotContain("Secret-1");
    }

    @Test
    void addUserWhenEveryPoolAcceptsThenInEveryPoolAndWhenOneRefusesThenInNone() {
        GatewayEmulator emu = people.emulator();
        String customers = emu.userPools().get(0).userPoolId();
        String staff = emu.userPools().get(1).userPoolId();

        emu.addUser("carol@example.com", "Correct-Horse3");

        assertThat(adminGetUser(emu, customers, "carol@example.com").statusCode())
                .isEqualTo(200);
        JsonNode inStaff =
                Http.json(adminGetUser(emu, staff, "carol@example.com").body());
        assertThat(inStaff.path("Username").asString()).isEqualTo("carol@example.com");
        assertThat(inStaff.path("UserStatus").asString()).isEqualTo("CONFIRMED");
        assertThatThrownBy(() -> emu.addUser("dave", "Correct-Horse4"))
                .isInstanceOf(UserRefusedException.class)
                .hasMessageContaining("Username should be an email.");
        assertThat(Http.json(adminGetUser(emu, staff, "dave").body())
                        .path("__type")
                        .asString())
                .as("the staff pool, which would take 'dave', has no such user either")
                .isEqualTo("UserNotFoundException");
    }

    @Test
    void createClientWhenPasswordFlowThenListedAndItsUsersSignIn() {
        GatewayEmulator emu = people.emulator();
        String staff = emu.userPools().get(1).userPoolId();

        GatewayEmulator.Client created = emu.createClient(
                staff, "people", false, List.of("ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"));

        assertThat(created.allowsPasswordSignIn()).isTrue();
        assertThat(created.clientSecret()).isNull();
        assertThat(emu.clients()).contains(created);
        assertThat(signIn(emu.idpUrl(), created.clientId(), "alice@example.com", "Correct-Horse1")
                        .statusCode())
                .isEqualTo(200);
        assertThatThrownBy(() -> emu.createClient(staff, "bad", false, List.of("PASSWORD_PLEASE")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("InvalidParameterException: 'PASSWORD_PLEASE' is not an ExplicitAuthFlowsType");
        assertThatThrownBy(() -> emu.createClient("us-east-1_None12345", "x", false, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("no user pool us-east-1_None12345");
    }
}
