package dev.gatewaycli.cli.deploy;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.gatewaycli.cli.TestCli.Result;
import dev.gatewaycli.cli.config.Profile;
import dev.gatewaycli.cli.config.ProfileStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** destroy: asks (or refuses without a terminal), then removes the stack, its profile and its cached tokens only. */
class DestroyCommandTest {

    static final String TOKEN_URL =
            "https://gatewayclistack-50e2416294e0.auth.eu-west-1.amazoncognito.com/oauth2/token";

    @RegisterExtension
    static WireMockExtension aws = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort())
            .build();

    @TempDir
    Path home;

    DeployFixture world;

    ProfileStore store;

    @BeforeEach
    void setUp() throws IOException {
        world = new DeployFixture(home, aws);
        store = new ProfileStore(world.cli.configDir().resolve("config.yml"), (w) -> {});
        store.write(
                "GatewayCliStack",
                new Profile(
                        TOKEN_URL,
                        "https://abc123.execute-api.eu-west-1.amazonaws.com/prod/",
                        DeployFixture.CLIENT_ID,
                        DeployFixture.CLIENT_SECRET,
                        List.of("users/read-only"),
                        null,
                        "eu-west-1",
                        DeployFixture.USER_POOL_ID,
                        null,
                        null));
        store.write(
                "other",
                new Profile(
                        "https://other.auth.eu-west-1.amazoncognito.com/oauth2/token",
                        null,
                        "otherclient",
                        "othersecret",
                        null,
                        null,
                        null,
                        null,
                        null,
                        null));
        Path cache = Files.createDirectories(world.cli.cacheDir());
        cacheEntry(cache, "token-aaaa", TOKEN_URL, DeployFixture.CLIENT_ID);
        cacheEntry(cache, "token-bbbb", TOKEN_URL, DeployFixture.CLIENT_ID);
        cacheEntry(cache, "token-cccc", "https://other.auth.eu-west-1.amazoncognito.com/oauth2/token", "otherclient");
    }

    static void cacheEntry(Path cache, String name, String tokenUrl, String clientId) throws IOException {
        Files.writeString(
                cache.resolve(name + ".json"),
                "{\"format\":1,\"tokenUrl\":\"" + tokenUrl + "\",\"clientId\":\"" + clientId
                        + "\",\"requestedScopes\":[],\"scopes\":[],\"issuedAt\":1,\"expiresAt\":2,\"accessToken\":\"t\"}");
        Files.writeString(cache.resolve(name + ".lock"), "");
    }

    @Test
    void destroyWhenNoForceAndNoTerminalThenRefusesWithExit2AndDestroysNothing() throws IOException {
        Result result = world.cli.run("destroy");

        assertThat(result.exitCode()).as(result.describe()).isEqualTo(2);
        assertThat(result.err().strip().lines()).hasSize(1);
        assertThat(result.err())
                .contains("refusing to destroy stack GatewayCliStack")
                .contains("--force");
        assertThat(world.cdkCalls()).isEmpty();
        assertThat(store.read("GatewayCliStack")).isPresent();
    }

    @Test
    void destroyWhenTheTypedNameIsWrongThenExit1AndDestroysNothing() throws IOException {
        world.cli.typedSecret = Optional.of("yes");

        Result result = world.cli.run("destroy");

        assertThat(result.exitCode()).as(result.describe()).isEqualTo(1);
        assertThat(result.err()).contains("not confirmed");
        assertThat(world.cdkCalls()).isEmpty();
        assertThat(store.read("GatewayCliStack")).isPresent();
    }

    @Test
    void destroyWhenConfirmedThenDestroysTheStackRemovesItsProfileAndOnlyItsCachedTokens() throws IOException {
        world.cli.typedSecret = Optional.of("GatewayCliStack");

        Result result = world.cli.run("destroy");

        assertThat(result.exitCode()).as(result.describe()).isZero();
        assertThat(world.cdkCalls()).containsExactly(List.of("destroy", "GatewayCliStack", "--force"));
        assertThat(store.read("GatewayCliStack"))
                .as("the profile deploy wrote is gone")
                .isEmpty();
        assertThat(store.read("other")).as("other profiles stay").isPresent();
        Path cache = world.cli.cacheDir();
        assertThat(cache.resolve("token-aaaa.json")).doesNotExist();
        assertThat(cache.resolve("token-aaaa.lock")).doesNotExist();
        assertThat(cache.resolve("token-bbbb.json"))
                .as("every scope set of that client")
                .doesNotExist();
        assertThat(cache.resolve("token-cccc.json"))
                .as("another client's token stays")
                .exists();
        assertThat(result.err()).contains("profile 'GatewayCliStack' removed").contains("2 cached token(s) deleted");
    }

    @Test
    void destroyWhenForceWithAProfileNameThenRemovesThatProfile() throws IOException {
        store.write("prod", store.read("GatewayCliStack").orElseThrow());

        Result result = world.cli.run("--profile", "prod", "destroy", "--force");

        assertThat(result.exitCode()).as(result.describe()).isZero();
        assertThat(store.read("prod")).isEmpty();
        assertThat(store.read("GatewayCliStack")).isPresent();
    }

    @Test
    void destroyWhenCdkFailsThenKeepsTheProfileAndTokens() throws IOException {
        world.cli.env.put("FAKE_CDK_EXIT", "1");

        Result result = world.cli.run("destroy", "--force");

        assertThat(result.exitCode()).as(result.describe()).isEqualTo(1);
        assertThat(result.err()).contains("cdk destroy failed (exit 1)");
        assertThat(store.read("GatewayCliStack")).isPresent();
        assertThat(world.cli.cacheDir().resolve("token-aaaa.json")).exists();
    }

    @Test
    void destroyWhenDryRunThenPrintsThePlanAndChangesNothing() throws IOException {
        Result result = world.cli.run("destroy", "--dry-run");

        assertThat(result.exitCode()).as(result.describe()).isZero();
        assertThat(result.out())
                .contains("/cdk destroy GatewayCliStack --force")
                .contains("remove profile 'GatewayCliStack'");
        assertThat(world.cdkCalls()).isEmpty();
        assertThat(aws.getAllServeEvents()).isEmpty();
        assertThat(store.read("GatewayCliStack")).isPresent();
    }
}
