package dev.gatewaycli.cli.configure;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.gatewaycli.cli.CloudFormationWire;
import dev.gatewaycli.cli.CognitoWire;
import dev.gatewaycli.cli.TestCli;
import dev.gatewaycli.cli.TestCli.Result;
import dev.gatewaycli.cli.config.Profile;
import dev.gatewaycli.cli.config.ProfileStore;
import dev.gatewaycli.cli.process.ExitCodes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code gateway-cli configure} against WireMock playing Cognito's IdP API and CloudFormation as the AWS SDK speaks
 * them (SigV4-signed with test credentials): a profile from a pool and client, from this project's stack outputs,
 * from another stack's resources; candidates asked for at a terminal or named by their option; every refusal.
 */
@Timeout(60)
class ConfigureCommandTest {

    static final String POOL = "eu-west-1_AbCdEf123";

    static final String CLIENT = "1example23456789abcdefghij";

    static final String SECRET = "s3cr3t+Client/Secret=Value1234567890abcdefghijklmnop";

    static final String TOKEN_URL = "https://orders-auth.auth.eu-west-1.amazoncognito.com/oauth2/token";

    @RegisterExtension
    static WireMockExtension aws = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort())
            .build();

    @RegisterExtension
    static WireMockExtension emulator = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort())
            .build();

    @TempDir
    Path home;

    TestCli cli;

    @BeforeEach
    void setUp() {
        cli = new TestCli(home);
        cli.env.put("AWS_ACCESS_KEY_ID", "AKIDEXAMPLE");
        cli.env.put("AWS_SECRET_ACCESS_KEY", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY");
        cli.env.put("AWS_REGION", "eu-west-1");
        cli.env.put("GATEWAY_AWS_ENDPOINT", aws.baseUrl());
        stubPool(aws, POOL, "orders-users", "orders-auth");
        stubClient(aws, POOL, CLIENT, "orders-machine", SECRET);
    }

    static void stubPool(WireMockExtension on, String pool, String name, String domain) {
        on.stubFor(CognitoWire.operation("DescribeUserPool")
                .withRequestBody(matchingJsonPath("$.UserPoolId", equalTo(pool)))
                .willReturn(CognitoWire.ok("{\"UserPool\":{\"Id\":\"" + pool + "\",\"Name\":\"" + name + "\","
                        + ((domain == null) ? "" : "\"Domain\":\"" + domain + "\",")
                        + "\"Arn\":\"arn:aws:cognito-idp:eu-west-1:123456789012:userpool/" + pool + "\","
                        + "\"CreationDate\":1.7E9,\"LastModifiedDate\":1.7E9,\"MfaConfiguration\":\"OFF\"}}")));
    }

    static void stubClient(WireMockExtension on, String pool, String client, String name, String secret) {
        on.stubFor(CognitoWire.operation("DescribeUserPoolClient")
                .withRequestBody(matchingJsonPath("$.ClientId", equalTo(client)))
                .willReturn(CognitoWire.ok("{\"UserPoolClient\":{\"UserPoolId\":\"" + pool + "\",\"ClientName\":\""
                        + name + "\",\"ClientId\":\"" + client + "\","
                        + ((secret == null) ? "" : "\"ClientSecret\":\"" + secret + "\",")
                        + "\"AllowedOAuthFlows\":[\"client_credentials\"],\"AllowedOAuthScopes\":[\"orders/read\","
                        + "\"orders/write\"],\"AllowedOAuthFlowsUserPoolClient\":true,\"ExplicitAuthFlows\":["
                        + "\"ALLOW_REFRESH_TOKEN_AUTH\",\"ALLOW_USER_PASSWORD_AUTH\"],\"AccessTokenValidity\":30,"
                        + "\"IdTokenValidity\":60,\"RefreshTokenValidity\":30,\"TokenValidityUnits\":{\"AccessToken\":"
                        + "\"minutes\",\"IdToken\":\"minutes\",\"RefreshToken\":\"days\"}}}")));
    }

    void stubDescribeStacks(String stack, Map<String, String> outputs) {
        aws.stubFor(CloudFormationWire.describeStacks(stack, outputs));
    }

    void stubResources(String... typeLogicalPhysical) {
        aws.stubFor(CloudFormationWire.listStackResources(typeLogicalPhysical));
    }

    Optional<Profile> profile(String name) {
        return new ProfileStore(cli.configDir().resolve("config.yml"), (w) -> {}).read(name);
    }

    /**
     * The profile of {@link #POOL} and {@link #CLIENT}; {@code idpUrl} is where the pool was found, here the
     * WireMock that {@code GATEWAY_AWS_ENDPOINT} sends every AWS call to.
     */
    static Profile expected(String apiUrl, String idpUrl) {
        return new Profile(
                TOKEN_URL,
                apiUrl,
                CLIENT,
                SECRET,
                List.of("orders/read", "orders/write"),
                null,
                "eu-west-1",
                POOL,
                null,
                idpUrl);
    }

    static void assertNoSecret(Result result) {
        assertThat(result.out()).as(result.describe()).doesNotContain(SECRET);
        assertThat(result.err()).as(result.describe()).doesNotContain(SECRET);
    }

    static void assertOneLine(Result result, int exitCode, String... fragments) {
        assertThat(result.exitCode()).as(result.describe()).isEqualTo(exitCode);
        assertThat(result.out()).as(result.describe()).isEmpty();
        assertThat(result.err().strip().lines().count()).as(result.describe()).isEqualTo(1);
        assertThat(result.err())
                .as(result.describe())
                .startsWith("gateway-cli: ")
                .contains(fragments);
        assertNoSecret(result);
    }

    @Test
    void configureWhenPoolAndClientThenA0600ProfileWithTheDomainsTokenUrlAndTheFetchedSecret() throws Exception {
        Result result = cli.run(
                "configure",
                "--user-pool-id",
                POOL,
                "--client-id",
                CLIENT,
                "--api-url",
                "https://abc123.execute-api.eu-west-1.amazonaws.com/prod");

        assertThat(result.exitCode()).as(result.describe()).isZero();
        assertThat(profile("default"))
                .contains(expected("https://abc123.execute-api.eu-west-1.amazonaws.com/prod", aws.baseUrl()));
        assertThat(Files.getPosixFilePermissions(cli.configDir().resolve("config.yml")))
                .isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(result.out())
                .contains("Profile 'default' written")
                .contains("user pool:  " + POOL + " (orders-users)")
                .contains("app client: " + CLIENT + " (orders-machine), secret fetched")
                .contains("token-url:  " + TOKEN_URL + "   (the pool's domain orders-auth)")
                .contains("validity:   access token 30m, ID token 1h, refresh token 30d");
        assertNoSecret(result);
        String sigV4 = "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/\\d{8}/eu-west-1/cognito-idp/aws4_request, "
                + "SignedHeaders=[a-z0-9;-]+, Signature=[0-9a-f]{64}";
        aws.verify(CognitoWire.requested("DescribeUserPool").withHeader("Authorization", matching(sigV4)));
        aws.verify(CognitoWire.requested("DescribeUserPoolClient")
                .withHeader("Authorization", matching(sigV4))
                .withRequestBody(matchingJsonPath("$.UserPoolId", equalTo(POOL))));
    }

    @Test
    void configureWhenThisProjectsStackThenItsOutputsAndTheSecret() {
        stubDescribeStacks(
                "GatewayCliStack",
                Map.of(
                        "ApiUrl",
                        "https://abc123.execute-api.eu-west-1.amazonaws.com/prod/",
                        "TokenEndpointUrl",
                        TOKEN_URL,
                        "UserPoolId",
                        POOL,
                        "UserPoolClientId",
                        CLIENT,
                        "Scopes",
                        "orders/read",
                        "Region",
                        "eu-west-1"));

        Result result = cli.run("--profile", "orders", "configure", "--stack", "GatewayCliStack", "-o", "json");

        assertThat(result.exitCode()).as(result.describe()).isZero();
        assertThat(profile("orders"))
                .contains(expected("https://abc123.execute-api.eu-west-1.amazonaws.com/prod/", aws.baseUrl()));
        assertThat(result.out())
                .contains("\"profile\":\"orders\"")
                .contains("\"stack\":\"GatewayCliStack\"")
                .contains("\"clientSecret\":true")
                .contains("\"validity\":{\"accessToken\":\"30m\",\"idToken\":\"1h\",\"refreshToken\":\"30d\"}");
        aws.verify(0, postRequestedFor(urlEqualTo("/")).withRequestBody(containing("Action=ListStackResources")));
        assertNoSecret(result);
    }

    @Test
    void configureWhenAnotherStackThenItsResourcesGiveThePoolClientApiAndStage() {
        stubDescribeStacks("OrdersStack", Map.of("Unrelated", "value"));
        stubResources(
                "AWS::Cognito::UserPool",
                "OrdersPool1A2B3C",
                POOL,
                "AWS::Cognito::UserPoolClient",
                "OrdersClient4D5E6F",
                CLIENT,
                "AWS::ApiGateway::RestApi",
                "OrdersApi7A8B9C",
                "abc123defg",
                "AWS::ApiGateway::Stage",
                "OrdersApiStage",
                "v1",
                "AWS::Lambda::Function",
                "OrdersFunction",
                "OrdersStack-Function-XYZ");

        Result result = cli.run("configure", "--stack", "OrdersStack");

        assertThat(result.exitCode()).as(result.describe()).isZero();
        assertThat(profile("default"))
                .contains(expected("https://abc123defg.execute-api.eu-west-1.amazonaws.com/v1", aws.baseUrl()));
        assertThat(result.out()).contains("of stack OrdersStack");
    }

    @Test
    void configureWhenAStackOutputHoldsTheStageUrlThenThatIsTheApiUrl() {
        stubDescribeStacks(
                "OrdersStack",
                Map.of("OrdersApiEndpoint5E6F", "https://zz99yy88xx.execute-api.eu-west-1.amazonaws.com/live/"));
        stubResources(
                "AWS::Cognito::UserPool",
                "OrdersPool",
                POOL,
                "AWS::Cognito::UserPoolClient",
                "OrdersClient",
                CLIENT,
                "AWS::ApiGateway::RestApi",
                "OrdersApi",
                "zz99yy88xx",
                "AWS::ApiGateway::Stage",
                "A",
                "live",
                "AWS::ApiGateway::Stage",
                "B",
                "test");

        Result result = cli.run("configure", "--stack", "OrdersStack");

        assertThat(result.exitCode()).as(result.describe()).isZero();
        assertThat(profile("default").orElseThrow().apiUrl())
                .isEqualTo("https://zz99yy88xx.execute-api.eu-west-1.amazonaws.com/live");
    }

    @Test
    void configureWhenTheStackHasTwoPoolsAndNoTerminalThenExit2NamingTheOptionAndNoProfile() {
        stubDescribeStacks("OrdersStack", Map.of());
        stubResources(
                "AWS::Cognito::UserPool",
                "Users",
                POOL,
                "AWS::Cognito::UserPool",
                "Admins",
                "eu-west-1_Admins999",
                "AWS::Cognito::UserPoolClient",
                "Client",
                CLIENT);

        Result result = cli.run("configure", "--stack", "OrdersStack");

        assertOneLine(
                result,
                ExitCodes.USAGE,
                "stack OrdersStack has 2 user pools",
                POOL,
                "eu-west-1_Admins999",
                "--user-pool-id ID");
        assertThat(profile("default")).isEmpty();
        assertThat(cli.questions).isEmpty();
    }

    @Test
    void configureWhenTheStackHasTwoPoolsAtATerminalThenItAsksAndTakesTheAnswer() {
        stubDescribeStacks("OrdersStack", Map.of());
        stubResources(
                "AWS::Cognito::UserPool",
                "Admins",
                "eu-west-1_Admins999",
                "AWS::Cognito::UserPool",
                "Users",
                POOL,
                "AWS::Cognito::UserPoolClient",
                "Client",
                CLIENT);
        aws.stubFor(CognitoWire.operation("ListUserPoolClients")
                .willReturn(CognitoWire.ok("{\"UserPoolClients\":[{\"ClientId\":\"" + CLIENT
                        + "\",\"ClientName\":\"orders-machine\",\"UserPoolId\":\"" + POOL + "\"}]}")));
        cli.answers.add("2");

        Result result = cli.run("configure", "--stack", "OrdersStack", "--api-url", "https://api.example.com/prod");

        assertThat(result.exitCode()).as(result.describe()).isZero();
        assertThat(cli.questions)
                .singleElement()
                .asString()
                .contains("stack OrdersStack has 2 user pools")
                .contains("1  eu-west-1_Admins999  (Admins)")
                .contains("2  " + POOL + "  (Users)")
                .contains("--user-pool-id ID chooses without asking");
        assertThat(profile("default").orElseThrow().userPoolId()).isEqualTo(POOL);
    }

    @Test
    void configureWhenNeitherStackNorPoolThenTheRegionsPoolsAndThePoolsClientsAreListed() {
        aws.stubFor(CognitoWire.operation("ListUserPools")
                .withRequestBody(matchingJsonPath("$.MaxResults", equalTo("60")))
                .willReturn(CognitoWire.ok("{\"UserPools\":[{\"Id\":\"" + POOL + "\",\"Name\":\"orders-users\"}]}")));
        aws.stubFor(CognitoWire.operation("ListUserPoolClients")
                .willReturn(CognitoWire.ok("{\"UserPoolClients\":[{\"ClientId\":\"" + CLIENT
                        + "\",\"ClientName\":\"orders-machine\",\"UserPoolId\":\"" + POOL + "\"},{\"ClientId\":"
                        + "\"2other0client0id000000000\",\"ClientName\":\"web\",\"UserPoolId\":\"" + POOL + "\"}]}")));

        Result noTerminal = cli.run("configure");
        cli.answers.add(CLIENT);
        Result answered = cli.run("configure");

        assertOneLine(noTerminal, ExitCodes.USAGE, "user pool " + POOL + " has 2 app clients", "--client-id ID");
        assertThat(answered.exitCode()).as(answered.describe()).isZero();
        assertThat(profile("default").orElseThrow().clientId()).isEqualTo(CLIENT);
        assertThat(answered.err()).contains("note: no API URL");
    }

    @Test
    void configureWhenAProfileWithOtherValuesExistsThenRefusedWithoutForceOrAYes() {
        ProfileStore store = new ProfileStore(cli.configDir().resolve("config.yml"), (w) -> {});
        Profile before = new Profile(
                "https://old.example/oauth2/token",
                null,
                "old-client",
                "old-secret",
                null,
                null,
                null,
                null,
                null,
                null);
        store.write("default", before);

        Result refused = cli.run("configure", "--user-pool-id", POOL, "--client-id", CLIENT);
        cli.answers.add("n");
        Result declined = cli.run("configure", "--user-pool-id", POOL, "--client-id", CLIENT);

        assertOneLine(
                refused,
                ExitCodes.USAGE,
                "profile 'default'",
                "has other values (token-url, client-id, client-secret, scopes, region, user-pool-id, idp-url)",
                "--force");
        assertThat(refused.err()).doesNotContain("old-secret");
        assertThat(declined.exitCode()).as(declined.describe()).isEqualTo(ExitCodes.FAILED);
        assertThat(store.read("default")).contains(before);

        cli.answers.add("y");
        Result confirmed = cli.run("configure", "--user-pool-id", POOL, "--client-id", CLIENT);
        store.write("default", before);
        Result forced = cli.run("configure", "--user-pool-id", POOL, "--client-id", CLIENT, "--force");
        Result again = cli.run("configure", "--user-pool-id", POOL, "--client-id", CLIENT);

        assertThat(confirmed.exitCode()).as(confirmed.describe()).isZero();
        assertThat(forced.exitCode()).as(forced.describe()).isZero();
        assertThat(store.read("default").orElseThrow().clientId()).isEqualTo(CLIENT);
        assertThat(again.exitCode())
                .as("the same values again need no confirmation")
                .isZero();
        assertThat(again.out()).contains("is up to date");
    }

    @Test
    void configureWhenEndpointUrlThenCognitoCallsGoThereAndTheProfileRecordsItAsIdpUrl() {
        stubPool(emulator, POOL, "local", null);
        stubClient(emulator, POOL, CLIENT, "local-client", SECRET);

        Result result = cli.run(
                "configure",
                "--endpoint-url",
                emulator.baseUrl() + "/",
                "--user-pool-id",
                POOL,
                "--client-id",
                CLIENT,
                "--token-url",
                emulator.baseUrl() + "/oauth2/token");

        assertThat(result.exitCode()).as(result.describe()).isZero();
        Profile written = profile("default").orElseThrow();
        assertThat(written.idpUrl()).isEqualTo(emulator.baseUrl() + "/");
        assertThat(written.tokenUrl()).isEqualTo(emulator.baseUrl() + "/oauth2/token");
        emulator.verify(CognitoWire.requested("DescribeUserPoolClient"));
        aws.verify(0, CognitoWire.requested("DescribeUserPoolClient"));
    }

    @Test
    void configureWhenTheClientHasNoSecretAndThePoolNoDomainThenNotesSayWhatTheProfileCannotDo() {
        stubPool(aws, POOL, "orders-users", null);
        stubClient(aws, POOL, CLIENT, "orders-web", null);

        Result result = cli.run("configure", "--user-pool-id", POOL, "--client-id", CLIENT);

        assertThat(result.exitCode()).as(result.describe()).isZero();
        Profile written = profile("default").orElseThrow();
        assertThat(written.clientSecret()).isNull();
        assertThat(written.tokenUrl()).isNull();
        assertThat(result.err())
                .contains("note: app client " + CLIENT + " has no secret")
                .contains("note: user pool " + POOL + " has no domain");
        assertThat(result.out()).contains("token-url:  (none)");
    }

    @ParameterizedTest(name = "{0} {1} -> exit {4}")
    @CsvSource(delimiter = '|', textBlock = """
			DescribeUserPool       | ResourceNotFoundException | User pool eu-west-1_AbCdEf123 does not exist. | 400 | 1 | user pool eu-west-1_AbCdEf123 was not found
			DescribeUserPoolClient | ResourceNotFoundException | User pool client does not exist.               | 400 | 1 | check --client-id
			DescribeUserPool       | AccessDeniedException     | not allowed                                    | 400 | 1 | access denied to cognito-idp:DescribeUserPool
			DescribeUserPool       | UnrecognizedClientException | The security token is invalid.              | 400 | 6 | AWS rejected the credentials
			DescribeUserPoolClient | TooManyRequestsException  | Rate exceeded                                  | 400 | 5 | AWS throttled cognito-idp:DescribeUserPoolClient
			""")
    void configureWhenCognitoRefusesThenOneLineAndTheExitCode(
            String operation, String type, String message, int status, int exitCode, String fragment) {
        aws.stubFor(CognitoWire.operation(operation).willReturn(CognitoWire.error(status, type, message)));

        Result result = cli.run("configure", "--user-pool-id", POOL, "--client-id", CLIENT);

        assertOneLine(result, exitCode, fragment);
        assertThat(profile("default")).isEmpty();
    }

    @Test
    void configureWhenTheStackDoesNotExistThenExit1() {
        aws.stubFor(post(urlEqualTo("/"))
                .withRequestBody(containing("Action=DescribeStacks"))
                .willReturn(aResponse()
                        .withStatus(400)
                        .withHeader("Content-Type", "text/xml")
                        .withBody(CloudFormationWire.queryError(
                                "ValidationError", "Stack with id Nope does not exist"))));

        Result result = cli.run("configure", "--stack", "Nope");

        assertOneLine(result, ExitCodes.FAILED, "stack Nope in eu-west-1 does not exist", "check --stack");
    }

    @Test
    void configureWhenTheStackHasNoUserPoolThenExit1NamingTheOptions() {
        stubDescribeStacks("ApiOnly", Map.of());
        stubResources("AWS::ApiGateway::RestApi", "Api", "abc123defg");

        Result result = cli.run("configure", "--stack", "ApiOnly");

        assertOneLine(result, ExitCodes.FAILED, "stack ApiOnly in eu-west-1 has no user pool", "--user-pool-id");
    }

    @Test
    void configureWhenTheAwsProfileGivesNoCredentialsThenExit6() {
        Result result = cli.run("configure", "--aws-profile", "nosuch", "--user-pool-id", POOL, "--client-id", CLIENT);

        assertOneLine(result, ExitCodes.PREREQUISITE, "AWS profile 'nosuch' gives no usable credentials");
        assertThat(aws.getAllServeEvents()).isEmpty();
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({
        "--user-pool-id, not-a-pool",
        "--region, Europe",
        "--api-url, ftp://example.com/",
        "--token-url, not a url",
        "--endpoint-url, localhost:8787"
    })
    void configureWhenAnOptionIsMalformedThenExit2BeforeAnyAwsCall(String option, String value) {
        Result result = cli.run("configure", option, value);

        assertOneLine(result, ExitCodes.USAGE, option);
        assertThat(aws.getAllServeEvents()).isEmpty();
    }

    @Test
    void configureWhenAwsAnswersADomainThatIsNoDomainThenExit5AndNoProfile() {
        stubPool(aws, POOL, "orders-users", "evil.example/x?");

        Result result = cli.run("configure", "--user-pool-id", POOL, "--client-id", CLIENT);

        assertOneLine(result, ExitCodes.NETWORK, "domain prefix that is not one");
        assertThat(profile("default")).isEmpty();
    }
}
