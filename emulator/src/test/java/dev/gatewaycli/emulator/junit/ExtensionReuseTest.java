package dev.gatewaycli.emulator.junit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatewaycli.emulator.EmulatorSettings;
import dev.gatewaycli.emulator.GatewayEmulator;
import dev.gatewaycli.emulator.Http;
import dev.gatewaycli.emulator.TestApps;
import dev.gatewaycli.emulator.model.StackModel;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What a later start of the extension shares with an earlier one in the same JVM (the bundled model read once, keys
 * made ahead) must never carry the earlier emulator's state: each start serves its own ids, secrets, keys and model.
 */
@Timeout(120)
class ExtensionReuseTest {

    @Test
    void extensionWhenStartedAgainThenServesNewCredentialsAndKeysAndRefusesTheEarlierToken() {
        GatewayEmulatorExtension extension = GatewayEmulatorExtension.newInstance()
                .model(StackModel::bundled)
                .build();
        extension.beforeAll(null);
        GatewayEmulator first = extension.emulator();
        String firstToken = Http.token(first);
        String firstJwks = Http.get(first.jwksUrl()).body();
        String firstSecret = first.clientSecret();
        String firstPool = first.userPoolId();
        extension.afterAll(null);

        extension.beforeAll(null);
        try {
            GatewayEmulator second = extension.emulator();
            assertThat(second).isNotSameAs(first);
            assertThat(second.clientSecret()).isNotEqualTo(firstSecret);
            assertThat(second.userPoolId()).isNotEqualTo(firstPool);
            String secondJwks = Http.get(second.jwksUrl()).body();
            assertThat(Http.json(secondJwks).path("keys").findValuesAsString("kid"))
                    .hasSize(2)
                    .doesNotContainAnyElementsOf(
                            Http.json(firstJwks).path("keys").findValuesAsString("kid"));
            HttpResponse<String> withOld = Http.get(second.apiUrl(), "Authorization", firstToken);
            assertThat(withOld.statusCode()).as("body %s", withOld.body()).isEqualTo(401);
            HttpResponse<String> withOwn = Http.get(second.apiUrl(), "Authorization", Http.token(second));
            assertThat(withOwn.statusCode()).as("body %s", withOwn.body()).isEqualTo(200);
        } finally {
            extension.afterAll(null);
        }
    }

    @Test
    void extensionWhenAnotherModelAndSettingsFollowTheBundledOneThenServesThoseOnly() {
        GatewayEmulatorExtension bundled = GatewayEmulatorExtension.newInstance()
                .model(StackModel::bundled)
                .build();
        bundled.beforeAll(null);
        String bundledApis = bundled.apis().toString();
        bundled.afterAll(null);

        GatewayEmulatorExtension other = GatewayEmulatorExtension.newInstance()
                .model(() -> StackModel.fromCloudAssembly(TestApps.assembly("two-apis")))
                .settings(EmulatorSettings.defaults()
                        .withClient("fixedclientid0000000000000", "fixedsecretfixedsecret0123456789"))
                .build();
        other.beforeAll(null);
        try {
            assertThat(other.apis())
                    .extracting(GatewayEmulator.Api::name)
                    .containsExactly("public-api", "partner-api", "partner-api");
            assertThat(other.apis().toString()).isNotEqualTo(bundledApis);
            assertThat(other.clientId()).isEqualTo("fixedclientid0000000000000");
            assertThat(other.clientSecret()).isEqualTo("fixedsecretfixedsecret0123456789");
        } finally {
            other.afterAll(null);
        }
    }
}
