package dev.gatewaycli.emulator.junit;

import dev.gatewaycli.emulator.EmulatorSettings;
import dev.gatewaycli.emulator.GatewayEmulator;
import dev.gatewaycli.emulator.cognito.SigningKeys;
import dev.gatewaycli.emulator.model.StackModel;
import dev.gatewaycli.emulator.tls.LocalCertificateAuthority;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Runs a {@link GatewayEmulator} on a dynamic port for a test class, after WireMock's {@code WireMockExtension}:
 * registered as a {@code static} field it starts once before all tests of the class and stops after them; as an
 * instance field, once per test. Test methods may also take a {@link GatewayEmulator} parameter.
 *
 * <pre>{@code
 * @RegisterExtension
 * static GatewayEmulatorExtension emulator = GatewayEmulatorExtension.newInstance()
 *         .model(StackModel.bundled())
 *         .build();
 *
 * @Test
 * void callsTheApi() {
 *     String token = ...; // POST emulator.tokenUrl() with emulator.clientId() / emulator.clientSecret()
 *     // GET emulator.apiUrl() with "Authorization: <token>"
 * }
 * }</pre>
 */
public final class GatewayEmulatorExtension
        implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback, ParameterResolver {

    private final Supplier<StackModel> model;
    private final EmulatorSettings settings;
    /** The local CA's directory for HTTPS, or null for plain HTTP. */
    private final Supplier<Path> tlsDirectory;

    private GatewayEmulator emulator;
    private boolean perClass;

    private GatewayEmulatorExtension(
            Supplier<StackModel> model, EmulatorSettings settings, Supplier<Path> tlsDirectory) {
        this.model = model;
        this.settings = settings;
        this.tlsDirectory = tlsDirectory;
    }

    /** A builder; without {@link Builder#model}, the bundled model of this project's stack is served. */
    public static Builder newInstance() {
        return new Builder();
    }

    /** Builds a {@link GatewayEmulatorExtension}. */
    public static final class Builder {
        private Supplier<StackModel> model = StackModel::bundled;
        private EmulatorSettings settings = EmulatorSettings.defaults();
        private final List<EmulatorSettings.User> users = new ArrayList<>();
        private Supplier<Path> tlsDirectory;

        private Builder() {}

        public Builder model(StackModel value) {
            Objects.requireNonNull(value, "model cannot be null");
            this.model = () -> value;
            return this;
        }

        /** A model made when the extension starts (so a failure to load it fails the tests, not class loading). */
        public Builder model(Supplier<StackModel> value) {
            this.model = Objects.requireNonNull(value, "model cannot be null");
            return this;
        }

        public Builder settings(EmulatorSettings value) {
            this.settings = Objects.requireNonNull(value, "settings cannot be null");
            return this;
        }

        /**
         * A user to create in every pool, confirmed, with a permanent password (besides any the settings name), so
         * that tests sign in at {@link GatewayEmulatorExtension#idpUrl()} with {@code InitiateAuth}.
         */
        public Builder user(String username, String password) {
            users.add(new EmulatorSettings.User(username, password));
            return this;
        }

        /**
         * Serves HTTPS with a certificate of the user's local CA ({@link LocalCertificateAuthority#defaultDirectory()});
         * {@link GatewayEmulatorExtension#caFile()} is the certificate to trust.
         */
        public Builder tls() {
            this.tlsDirectory = LocalCertificateAuthority::defaultDirectory;
            return this;
        }

        /** HTTPS with a certificate of the local CA in {@code caDirectory} (a {@code @TempDir}, for a test's own CA). */
        public Builder tls(Path caDirectory) {
            Objects.requireNonNull(caDirectory, "caDirectory cannot be null");
            this.tlsDirectory = () -> caDirectory;
            return this;
        }

        public GatewayEmulatorExtension build() {
            List<EmulatorSettings.User> all = new ArrayList<>(settings.users());
            all.addAll(users);
            return new GatewayEmulatorExtension(model, settings.withUsers(all), tlsDirectory);
        }
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        perClass = true;
        start();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        stop();
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        if (!perClass) {
            start();
        }
    }

    @Override
    public void afterEach(ExtensionContext context) {
        if (!perClass) {
            stop();
        }
    }

    /**
     * A new emulator of its own for every start: nothing of an earlier one (ids, secrets, keys, usage-plan counters,
     * the authorizer's cache, function environments) carries over. What makes a later start fast is what is shared
     * safely: the bundled model is read once per JVM ({@link StackModel#bundled()}), and the signing keys of the
     * next start are made while the tests run ({@link SigningKeys#prepare}).
     */
    private void start() {
        emulator = GatewayEmulator.builder()
                .model(model.get())
                .settings(settings)
                .port(0)
                .tls(tlsDirectory == null ? null : tlsDirectory.get())
                .start();
        SigningKeys.prepare(emulator.userPools().size());
    }

    private void stop() {
        if (emulator != null) {
            emulator.close();
            emulator = null;
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return parameterContext.getParameter().getType() == GatewayEmulator.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return emulator();
    }

    /** The running emulator; fails when called outside the extension's lifecycle. */
    public GatewayEmulator emulator() {
        if (emulator == null) {
            throw new IllegalStateException(
                    "The gateway emulator is not running: register the extension with @RegisterExtension");
        }
        return emulator;
    }

    public String tokenUrl() {
        return emulator().tokenUrl();
    }

    /** The CA certificate to trust for HTTPS ({@link Builder#tls}); null for plain HTTP. */
    public Path caFile() {
        return emulator().caFile();
    }

    public String apiUrl() {
        return emulator().apiUrl();
    }

    /** Cognito's Identity Provider API of the emulator, for an SDK's endpoint override. */
    public String idpUrl() {
        return emulator().idpUrl();
    }

    public String jwksUrl() {
        return emulator().jwksUrl();
    }

    public String issuer() {
        return emulator().issuer();
    }

    public String clientId() {
        return emulator().clientId();
    }

    public String clientSecret() {
        return emulator().clientSecret();
    }

    public List<String> scopes() {
        return emulator().scopes();
    }

    public int port() {
        return emulator().port();
    }

    public String idToken(String username) {
        return emulator().idToken(username);
    }

    public String accessToken(List<String> scopes) {
        return emulator().accessToken(scopes);
    }

    public String userPoolId() {
        return emulator().userPoolId();
    }

    public String region() {
        return emulator().region();
    }

    public List<GatewayEmulator.UserPool> userPools() {
        return emulator().userPools();
    }

    public List<GatewayEmulator.Client> clients() {
        return emulator().clients();
    }

    public List<GatewayEmulator.Api> apis() {
        return emulator().apis();
    }

    public List<GatewayEmulator.ApiKey> apiKeys() {
        return emulator().apiKeys();
    }
}
