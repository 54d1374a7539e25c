package dev.gatewaycli.cli.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.InstanceOfAssertFactories.type;

import dev.gatewaycli.cli.process.ExitCodes;
import dev.gatewaycli.cli.process.ExitException;
import dev.gatewaycli.cli.process.HostSystem;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;
import picocli.CommandLine.Mixin;

/**
 * The one target resolver: every setting from option, environment or profile in the contract's order, including the
 * pool's JWKS URL and id; which settings a command cannot do without; and {@code --local} refusing the options that
 * would contradict the emulator before it starts one. Options are parsed by picocli from the mixins the commands use.
 */
class TargetResolverTest {

    static final String TOKEN_URL = "https://example.auth.us-east-1.amazoncognito.com/oauth2/token";

    static final String API_URL = "https://abc123.execute-api.us-east-1.amazonaws.com/prod";

    @TempDir
    Path home;

    final Map<String, String> env = new HashMap<>();

    final List<String> prompted = new ArrayList<>();

    ProfileStore profiles;

    TargetResolver resolver;

    /** The options of a command that talks to the pool, as {@code verify} declares them. */
    static final class Options {

        @Mixin
        ConnectionOptions connection;

        @Mixin
        PoolOptions pool;

        @CommandLine.Option(names = "--profile")
        String profile;
    }

    @BeforeEach
    void setUp() {
        profiles = new ProfileStore(home.resolve("config.yml"), (warning) -> {});
        HostSystem host = new HostSystem(
                env,
                Clock.systemUTC(),
                new PrintWriter(new StringWriter()),
                new PrintWriter(new StringWriter()),
                (question) -> {
                    prompted.add(question);
                    return Optional.empty();
                });
        resolver = new TargetResolver(host, profiles, new LocalEmulator() {
            @Override
            public EmulatedStack start() {
                throw new AssertionError("the emulator must not start for this command line");
            }

            @Override
            public EmulatedSignIn addUser(String username, Secret password) {
                throw new AssertionError("the emulator must not start for this command line");
            }
        });
        env.put("GATEWAY_TOKEN_URL", TOKEN_URL);
        env.put("GATEWAY_API_URL", API_URL);
        env.put("GATEWAY_CLIENT_ID", "env-client");
        env.put("GATEWAY_CLIENT_SECRET", "env-secret");
    }

    Target resolve(Reach reach, String... args) {
        Options options = new Options();
        new CommandLine(options).parseArgs(args);
        return resolver.resolve(options.connection, options.pool, options.profile, reach);
    }

    static Profile pool(String jwksUrl, String userPoolId) {
        return new Profile(null, null, null, null, null, null, null, userPoolId, jwksUrl, null);
    }

    @Test
    void resolveWhenJwksUrlAndPoolIdInOptionEnvironmentAndProfileThenTheOptionWinsThenTheEnvironment() {
        profiles.write("default", pool("https://profile.example/jwks.json", "us-east-1_Profile1"));
        env.put("GATEWAY_JWKS_URL", "https://env.example/jwks.json");
        env.put("GATEWAY_USER_POOL_ID", "us-east-1_Env12345");

        Target fromOptions = resolve(
                Reach.API, "--jwks-url", "https://option.example/jwks.json", "--user-pool-id", "eu-west-1_Option1");
        Target fromEnvironment = resolve(Reach.API);
        env.remove("GATEWAY_JWKS_URL");
        env.remove("GATEWAY_USER_POOL_ID");
        Target fromProfile = resolve(Reach.API);

        assertThat(fromOptions.jwksUrl()).isEqualTo(URI.create("https://option.example/jwks.json"));
        assertThat(fromOptions.userPoolId()).isEqualTo("eu-west-1_Option1");
        assertThat(fromOptions.expectedIssuer())
                .isEqualTo("https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_Option1");
        assertThat(fromEnvironment.jwksUrl()).isEqualTo(URI.create("https://env.example/jwks.json"));
        assertThat(fromEnvironment.userPoolId()).isEqualTo("us-east-1_Env12345");
        assertThat(fromProfile.jwksUrl()).isEqualTo(URI.create("https://profile.example/jwks.json"));
        assertThat(fromProfile.userPoolId()).isEqualTo("us-east-1_Profile1");
    }

    @Test
    void resolveWhenNoPoolConfiguredThenNeitherIsSetAndNoIssuerIsExpected() {
        Target target = resolve(Reach.API);

        assertThat(target.jwksUrl()).isNull();
        assertThat(target.userPoolId()).isNull();
        assertThat(target.expectedIssuer()).isNull();
        assertThat(target.tokenMint())
                .as("a deployed stack's key is never at hand")
                .isEmpty();
    }

    @ParameterizedTest(name = "{0}={1} -> exit {3}")
    @CsvSource(
            delimiter = '|',
            value = {
                "env | GATEWAY_JWKS_URL | ftp://x/jwks | 3 | GATEWAY_JWKS_URL='ftp://x/jwks' is not an http(s) URL",
                "env | GATEWAY_USER_POOL_ID | pool | 3 | GATEWAY_USER_POOL_ID='pool' is not a user pool id",
                "env | GATEWAY_CLIENT_AUTH | digest | 3 | GATEWAY_CLIENT_AUTH='digest' is not one of basic, post",
                "env | GATEWAY_READ_TIMEOUT | soon | 3 | GATEWAY_READ_TIMEOUT='soon' is not a duration",
                "env | GATEWAY_RETRIES | 11 | 3 | GATEWAY_RETRIES='11' is not a number between 0 and 10",
                "option | --user-pool-id | pool | 2 | --user-pool-id 'pool' is not a user pool id",
                "option | --jwks-url | jwks.json | 2 | --jwks-url 'jwks.json' is not an http(s) URL",
                "option | --retries | 99 | 2 | --retries '99' is not a number between 0 and 10",
                "profile | jwks-url | nope | 3 | : jwks-url 'nope' is not an http(s) URL",
                "profile | user-pool-id | us-east-1 | 3 | : user-pool-id 'us-east-1' is not a user pool id",
                "profile | auth | digest | 3 | : auth 'digest' is not one of basic, post"
            })
    void resolveWhenAValueIsBadThenItsSourceAndTheValueAreNamedWithTheContractsExitCode(
            String source, String name, String value, int exitCode, String message) {
        String[] args = new String[0];
        switch (source) {
            case "env" -> env.put(name, value);
            case "option" -> args = new String[] {name, value};
            default ->
                profiles.write(
                        "default",
                        switch (name) {
                            case "jwks-url" -> pool(value, null);
                            case "user-pool-id" -> pool(null, value);
                            default -> new Profile(null, null, null, null, null, value, null, null, null, null);
                        });
        }
        String[] given = args;

        assertThatThrownBy(() -> resolve(Reach.API, given))
                .asInstanceOf(type(ExitException.class))
                .satisfies((ex) -> {
                    assertThat(ex.getStatus()).as(ex.getMessage()).isEqualTo(exitCode);
                    assertThat(ex.getMessage()).contains(message);
                    if (source.equals("profile")) {
                        assertThat(ex.getMessage()).startsWith("profile 'default' in " + profiles.file());
                    }
                });
    }

    @Test
    void resolveWhenTheCommandTalksToTheApiAndThereIsNoApiUrlThenExit3BeforeTheSecretPrompt() {
        env.remove("GATEWAY_API_URL");
        env.remove("GATEWAY_CLIENT_SECRET");

        assertThatThrownBy(() -> resolve(Reach.API))
                .asInstanceOf(type(ExitException.class))
                .satisfies((ex) -> {
                    assertThat(ex.getStatus()).isEqualTo(ExitCodes.CONFIG);
                    assertThat(ex.getMessage())
                            .startsWith("no API URL: pass --api-url URL, set GATEWAY_API_URL, or add api-url to "
                                    + "profile 'default' in ");
                });
        assertThat(prompted)
                .as("no one is asked for a secret the command could not use")
                .isEmpty();
    }

    @Test
    void resolveWhenTheCommandTalksToTheTokenEndpointOnlyThenNoApiUrlIsNeeded() {
        env.remove("GATEWAY_API_URL");

        Target target = resolve(Reach.TOKEN_ENDPOINT);

        assertThat(target.settings().apiUrl()).isNull();
        assertThat(target.settings().clientId()).isEqualTo("env-client");
        assertThat(target.settings().clientSecret().source()).isEqualTo("GATEWAY_CLIENT_SECRET");
    }

    @Test
    void resolveWhenNoCacheThenTokensAreNotCachedElseTheyAre() {
        assertThat(resolve(Reach.API).cacheTokens()).isTrue();
        assertThat(resolve(Reach.API, "--no-cache").cacheTokens()).isFalse();
    }

    @ParameterizedTest(name = "--local {0}")
    @CsvSource({
        "--token-url, https://example.com/oauth2/token",
        "--client-id, someone",
        "--jwks-url, https://example.com/jwks.json",
        "--user-pool-id, us-east-1_AbCdEf123",
        "--profile, prod"
    })
    void resolveWhenLocalAndAnOptionThatNamesAnotherStackThenExit2NamingItBeforeTheEmulatorStarts(
            String option, String value) {
        assertThatThrownBy(() -> resolve(Reach.API, "--local", option, value))
                .asInstanceOf(type(ExitException.class))
                .satisfies((ex) -> {
                    assertThat(ex.getStatus()).isEqualTo(ExitCodes.USAGE);
                    assertThat(ex.getMessage())
                            .isEqualTo("--local supplies the endpoints and credentials itself: drop " + option);
                });
    }

    /** The options of a command that can sign a user in, as {@code token} and {@code call} declare them. */
    static final class SignInOptions {

        @Mixin
        ConnectionOptions connection;

        @Mixin
        UserOptions user;

        @CommandLine.Option(names = "--profile")
        String profile;
    }

    SignInTarget resolveSignIn(Reach reach, String... args) {
        SignInOptions options = new SignInOptions();
        new CommandLine(options).parseArgs(args);
        assertThat(resolver.signsIn(options.connection, options.user)).isTrue();
        return resolver.resolveSignIn(options.connection, options.user, options.profile, reach);
    }

    @Test
    void resolveSignInWhenNoIdpUrlThenTheRegionsEndpointFromThePoolIdTheProfilesRegionOrThePrefixDomain() {
        env.remove("GATEWAY_TOKEN_URL");
        env.put("GATEWAY_USER_POOL_ID", "eu-west-1_AbCdEf123");
        SignInTarget fromPool = resolveSignIn(Reach.TOKEN_ENDPOINT, "--user", "alice");
        env.remove("GATEWAY_USER_POOL_ID");
        profiles.write("default", new Profile(null, null, null, null, null, null, "ap-south-1", null, null, null));
        SignInTarget fromRegion = resolveSignIn(Reach.TOKEN_ENDPOINT, "--user", "alice");
        profiles.remove("default");
        env.put("GATEWAY_TOKEN_URL", "https://orders.auth.eu-central-1.amazoncognito.com/oauth2/token");
        SignInTarget fromDomain = resolveSignIn(Reach.TOKEN_ENDPOINT, "--user", "alice");

        assertThat(fromPool.signIn().idpUrl()).isEqualTo(URI.create("https://cognito-idp.eu-west-1.amazonaws.com/"));
        assertThat(fromPool.signIn().userPoolId()).isEqualTo("eu-west-1_AbCdEf123");
        assertThat(fromRegion.signIn().idpUrl()).isEqualTo(URI.create("https://cognito-idp.ap-south-1.amazonaws.com/"));
        assertThat(fromDomain.signIn().idpUrl())
                .isEqualTo(URI.create("https://cognito-idp.eu-central-1.amazonaws.com/"));
    }

    @Test
    void resolveSignInWhenIdpUrlInOptionEnvironmentAndProfileThenTheOptionWinsThenTheEnvironment() {
        profiles.write(
                "default", new Profile(null, null, null, null, null, null, null, null, null, "http://profile:1/"));
        env.put("GATEWAY_IDP_URL", "http://env:2/");

        SignInTarget fromOption = resolveSignIn(Reach.TOKEN_ENDPOINT, "--user", "alice", "--idp-url", "http://opt:3/");
        SignInTarget fromEnvironment = resolveSignIn(Reach.TOKEN_ENDPOINT, "--user", "alice");
        env.remove("GATEWAY_IDP_URL");
        SignInTarget fromProfile = resolveSignIn(Reach.TOKEN_ENDPOINT, "--user", "alice");

        assertThat(fromOption.signIn().idpUrl()).isEqualTo(URI.create("http://opt:3/"));
        assertThat(fromEnvironment.signIn().idpUrl()).isEqualTo(URI.create("http://env:2/"));
        assertThat(fromProfile.signIn().idpUrl()).isEqualTo(URI.create("http://profile:1/"));
    }

    @Test
    void resolveSignInWhenNoSecretAnywhereThenNoneAndNoPromptAndThePasswordIsNotReadYet() {
        env.remove("GATEWAY_CLIENT_SECRET");
        env.remove("GATEWAY_TOKEN_URL");
        env.put("GATEWAY_IDP_URL", "http://idp:1/");

        SignInTarget target = resolveSignIn(Reach.TOKEN_ENDPOINT, "--user", " alice ", "--id-token");

        assertThat(target.signIn().clientSecret()).isNull();
        assertThat(target.signIn().user()).isEqualTo("alice");
        assertThat(target.idToken()).isTrue();
        assertThat(prompted)
                .as("neither the secret nor the password is asked for at resolution")
                .isEmpty();
        assertThatThrownBy(() -> target.signIn().password().get())
                .asInstanceOf(type(ExitException.class))
                .satisfies((ex) -> assertThat(ex.getStatus()).isEqualTo(ExitCodes.CONFIG));
        assertThat(prompted).containsExactly("Password for alice: ");
    }

    @Test
    void resolveSignInWhenApiIsReachedAndNoApiUrlThenExit3() {
        env.remove("GATEWAY_API_URL");
        env.put("GATEWAY_IDP_URL", "http://idp:1/");

        assertThatThrownBy(() -> resolveSignIn(Reach.API, "--user", "alice"))
                .asInstanceOf(type(ExitException.class))
                .satisfies((ex) -> {
                    assertThat(ex.getStatus()).isEqualTo(ExitCodes.CONFIG);
                    assertThat(ex.getMessage()).startsWith("no API URL");
                });
    }

    @Test
    void resolveSignInWhenIdpUrlIsNoUrlThenTheSourceDecidesTheExitCode() {
        env.put("GATEWAY_IDP_URL", "ftp://nope");

        assertThatThrownBy(() -> resolveSignIn(Reach.TOKEN_ENDPOINT, "--user", "alice", "--idp-url", "not a url"))
                .asInstanceOf(type(ExitException.class))
                .satisfies((ex) -> assertThat(ex.getStatus()).isEqualTo(ExitCodes.USAGE));
        assertThatThrownBy(() -> resolveSignIn(Reach.TOKEN_ENDPOINT, "--user", "alice"))
                .asInstanceOf(type(ExitException.class))
                .satisfies((ex) -> {
                    assertThat(ex.getStatus()).isEqualTo(ExitCodes.CONFIG);
                    assertThat(ex.getMessage()).isEqualTo("GATEWAY_IDP_URL='ftp://nope' is not an http(s) URL");
                });
    }
}
