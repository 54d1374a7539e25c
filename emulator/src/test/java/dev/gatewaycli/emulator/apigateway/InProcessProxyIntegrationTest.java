package dev.gatewaycli.emulator.apigateway;

import dev.gatewaycli.emulator.lambda.FunctionSettings;

/** {@link ProxyIntegrationTest} with the Java test functions in the emulator's own JVM. */
class InProcessProxyIntegrationTest extends ProxyIntegrationTest {

    @Override
    FunctionSettings.Mode mode() {
        return FunctionSettings.Mode.IN_PROCESS;
    }
}
