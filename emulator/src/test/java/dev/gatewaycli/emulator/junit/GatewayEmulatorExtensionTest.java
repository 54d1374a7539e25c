package dev.gatewaycli.emulator.junit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatewaycli.emulator.GatewayEmulator;
import dev.gatewaycli.emulator.Http;
import dev.gatewaycli.emulator.model.StackModel;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The extension as a user's test uses it: the documented example, with the bundled model of our stack. */
class GatewayEmulatorExtensionTest {

    @RegisterExtension
    static GatewayEmulatorExtension emulator =
            GatewayEmulatorExtension.newInstance().model(StackModel::bundled).build();

    @Test
    void extensionWhenRegisteredStaticallyThenServesOnADynamicPort() {
        assertThat(emulator.port()).isPositive();
        assertThat(emulator.apiUrl()).startsWith("http://127.0.0.1:" + emulator.port() + "/");
        HttpResponse<String> r = Http.get(emulator.apiUrl(), "Authorization", Http.token(emulator.emulator()));
        assertThat(r.statusCode()).as("body %s", r.body()).isEqualTo(200);
    }

    @Test
    void extensionWhenTestTakesAnEmulatorParameterThenInjectsTheRunningOne(GatewayEmulator injected) {
        assertThat(injected).isSameAs(emulator.emulator());
        assertThat(injected.clientSecret()).isEqualTo(emulator.clientSecret());
    }
}
