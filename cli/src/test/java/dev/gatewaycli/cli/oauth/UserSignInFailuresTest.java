package dev.gatewaycli.cli.oauth;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.gatewaycli.cli.CognitoWire;
import dev.gatewaycli.cli.TestCli;
import dev.gatewaycli.cli.TestCli.Result;
import dev.gatewaycli.cli.process.ExitCodes;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every way a sign-in can fail ends in one line on stderr, the contract's exit code and no secret anywhere, even with
 * {@code -v} and its stack trace: Cognito's errors in their wire shape, the challenges it may answer, and endpoints
 * that are not Cognito at all.
 */
@Timeout(60)
class UserSignInFailuresTest {

    @RegisterExtension
    static WireMockExtension cognito = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort())
            .build();

    @TempDir
    Path home;

    TestCli cli;

    @BeforeEach
    void setUp() {
        cli = new TestCli(home).signIn(cognito.baseUrl(), UserSignInTest.CLIENT_ID, UserSignInTest.PASSWORD);
        cli.env.put("GATEWAY_CLIENT_SECRET", UserSignInTest.CLIENT_SECRET);
    }

    /** One line, the code, and with {@code -v} (the stack trace included) still no secret. */
    void assertFails(int exitCode, String... fragments) {
        Result plain = cli.run("token", "--user", UserSignInTest.USER);
        UserSignInTest.assertOneLine(plain, exitCode, fragments);
        Result verbose = cli.run("-v", "token", "--user", UserSignInTest.USER);
        assertThat(verbose.exitCode()).as(verbose.describe()).isEqualTo(exitCode);
        UserSignInTest.assertNothingSecret(verbose);
    }

    @ParameterizedTest(name = "{0} {1} -> exit {3}")
    @CsvSource(delimiter = '|', textBlock = """
			400 | NotAuthorizedException         | Incorrect username or password.                  | 4 | check the user name, the password and the app client's secret
			400 | NotAuthorizedException         | User is disabled.                                | 4 | User is disabled.
			400 | UserNotFoundException          | User does not exist.                             | 4 | check the user name
			400 | PasswordResetRequiredException | Password reset required for the user             | 4 | reset the password
			400 | UserNotConfirmedException      | User is not confirmed.                           | 4 | confirm the user first
			400 | InvalidParameterException      | USER_PASSWORD_AUTH flow not enabled for this client | 4 | ALLOW_USER_PASSWORD_AUTH
			400 | ResourceNotFoundException      | User pool client 6example does not exist.       | 4 | check the client id
			400 | UserLambdaValidationException  | PreAuthentication failed with error nope.        | 4 | Lambda trigger
			400 | TooManyRequestsException       | Rate exceeded                                    | 5 | Cognito throttled the sign-in
			500 | InternalErrorException         | Internal server error                            | 5 | try again later
			400 | SomethingNewException          | a refusal this CLI does not know                 | 4 | SomethingNewException
			""")
    void tokenWhenCognitoRefusesThenOneLineAndTheContractsExitCode(
            int status, String type, String message, int exitCode, String fragment) {
        cognito.stubFor(CognitoWire.operation("InitiateAuth").willReturn(CognitoWire.error(status, type, message)));

        assertFails(exitCode, fragment);
    }

    @Test
    void tokenWhenTheClientHasASecretButNoneIsConfiguredThenExit3NamingWhereToSetIt() {
        cli.env.remove("GATEWAY_CLIENT_SECRET");
        cognito.stubFor(CognitoWire.operation("InitiateAuth")
                .willReturn(CognitoWire.error(
                        400,
                        "NotAuthorizedException",
                        "Client " + UserSignInTest.CLIENT_ID
                                + " is configured for secret but secret was not received")));

        assertFails(ExitCodes.CONFIG, "has a secret", "--client-secret-file", "GATEWAY_CLIENT_SECRET");
    }

    @Test
    void tokenWhenCognitoEchoesThePasswordInItsMessageThenItIsMaskedEverywhere() {
        cognito.stubFor(CognitoWire.operation("InitiateAuth")
                .willReturn(CognitoWire.error(
                        400, "NotAuthorizedException", "Incorrect password " + UserSignInTest.PASSWORD)));

        assertFails(ExitCodes.AUTH, "Incorrect password ****");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"NEW_PASSWORD_REQUIRED", "SMS_MFA", "SOFTWARE_TOKEN_MFA", "CUSTOM_CHALLENGE"})
    void tokenWhenCognitoAnswersAChallengeThenExit4SayingWhatItAsks(String challenge) throws IOException {
        cognito.stubFor(CognitoWire.operation("InitiateAuth")
                .willReturn(CognitoWire.ok("{\"ChallengeName\":\"" + challenge
                        + "\",\"ChallengeParameters\":{\"USER_ID_FOR_SRP\":\"alice\"},\"Session\":\"AYABeEXAMPLE\"}")));

        assertFails(ExitCodes.AUTH, "Cognito asks " + UserSignInTest.USER + " for " + challenge);
        assertThat(cli.cacheFiles()).isEmpty();
    }

    @Test
    void tokenWhenTheAnswerHasNoTokensThenExit5() {
        cognito.stubFor(
                CognitoWire.operation("InitiateAuth").willReturn(CognitoWire.ok("{\"ChallengeParameters\":{}}")));

        assertFails(ExitCodes.NETWORK, "without an access and an ID token");
    }

    @Test
    void tokenWhenTheEndpointAnswersHtmlThenExit5SayingItIsNotCognito() {
        cognito.stubFor(CognitoWire.operation("InitiateAuth")
                .willReturn(aResponse()
                        .withStatus(200)
                        .withHeader("Content-Type", "text/html")
                        .withBody("<html><body>Sign in to the proxy</body></html>")));

        assertFails(ExitCodes.NETWORK, "not Cognito's API", "--idp-url");
    }

    @Test
    void tokenWhenTheEndpointAnswers404WithoutCognitosShapeThenExit5() {
        cognito.stubFor(CognitoWire.operation("InitiateAuth")
                .willReturn(aResponse().withStatus(404).withBody("Not Found")));

        assertFails(ExitCodes.NETWORK, "answered 404", "not Cognito's API");
    }

    @Test
    void tokenWhenTheAnswerIsLargerThanTheLimitThenExit5() {
        String huge = "{\"ChallengeParameters\":{\"x\":\"" + "a".repeat(11 * 1024 * 1024) + "\"}}";
        cognito.stubFor(CognitoWire.operation("InitiateAuth").willReturn(CognitoWire.ok(huge)));

        UserSignInTest.assertOneLine(
                cli.run("token", "--user", UserSignInTest.USER), ExitCodes.NETWORK, "more than any answer of Cognito");
    }

    @Test
    void tokenWhenTheConnectionIsResetThenExit5() {
        cognito.stubFor(CognitoWire.operation("InitiateAuth")
                .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));

        Result result = cli.run("token", "--user", UserSignInTest.USER);

        UserSignInTest.assertOneLine(
                result, ExitCodes.NETWORK, "localhost:" + cognito.getPort(), "closed the connection");
    }

    @Test
    void tokenWhenNothingListensThenExit5NamingTheIdpUrl() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        cli.env.put("GATEWAY_IDP_URL", "http://127.0.0.1:" + port + "/");

        Result result = cli.run("token", "--user", UserSignInTest.USER);

        UserSignInTest.assertOneLine(result, ExitCodes.NETWORK, "127.0.0.1:" + port);
    }

    @Test
    void tokenWhenTheAnswerIsTooSlowThenExit5AfterTheReadTimeout() {
        cli.env.put("GATEWAY_READ_TIMEOUT", "300ms");
        cognito.stubFor(CognitoWire.operation("InitiateAuth")
                .willReturn(CognitoWire.ok("{}").withFixedDelay(3_000)));

        Result result = cli.run("token", "--user", UserSignInTest.USER);

        UserSignInTest.assertOneLine(result, ExitCodes.NETWORK, "did not answer in time");
    }
}
