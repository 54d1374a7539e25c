package dev.gatewaycli.cli.deploy;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.gatewaycli.cli.CloudFormationWire;
import dev.gatewaycli.cli.TestCli;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A fake world for the life-cycle commands: a repository root with {@code cdk.json} and a fresh handler jar, a
 * {@code bin} directory that is the whole {@code PATH} (a fake {@code node}, and a fake {@code cdk} that records its
 * arguments, working directory and Region variables and writes the outputs file it is asked for), and AWS played by
 * WireMock through the SDK's endpoint override, with static test credentials the SDK really signs with.
 */
final class DeployFixture {

    static final String ACCESS_KEY = "AKIDEXAMPLE";

    static final String SECRET_KEY = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";

    static final String ACCOUNT = "123456789012";

    static final String CLIENT_SECRET = "s3cr3t+Client/Secret=Value1234567890abcdefghijklmnop";

    static final String CLIENT_ID = "1example23456789abcdefghij";

    static final String USER_POOL_ID = "eu-west-1_AbCdEf123";

    final TestCli cli;

    final Path root;

    final Path bin;

    final Path fake;

    final WireMockExtension aws;

    DeployFixture(Path home, WireMockExtension aws) throws IOException {
        this.aws = aws;
        this.cli = new TestCli(home);
        this.root = Files.createDirectories(home.resolve("repo"));
        this.bin = Files.createDirectories(home.resolve("bin"));
        this.fake = Files.createDirectories(home.resolve("fake"));
        Files.writeString(root.resolve("cdk.json"), "{\"app\": \"sh stack/cdk-app.sh\", \"context\": {}}");
        Files.createDirectories(root.resolve("stack"));
        Files.writeString(root.resolve("stack/cdk-app.sh"), "#!/bin/sh\nexit 0\n");
        Files.createDirectories(root.resolve("handler/src/main/java"));
        Files.writeString(root.resolve("handler/src/main/java/Handler.java"), "class Handler {}");
        Files.setLastModifiedTime(
                root.resolve("handler/src/main/java/Handler.java"),
                FileTime.from(Instant.now().minusSeconds(3600)));
        Files.createDirectories(root.resolve("handler/target"));
        Files.writeString(root.resolve("handler/target/handler.jar"), "jar");
        script(bin.resolve("node"), "exit 0");
        script(bin.resolve("cdk"), fakeCdk(CdkCli.pinnedVersion()));
        cli.env.put("PATH", bin.toString());
        cli.env.put("FAKE_DIR", fake.toString());
        cli.env.put(StackApp.ENV_STACK_DIR, root.toString());
        cli.env.put("AWS_ACCESS_KEY_ID", ACCESS_KEY);
        cli.env.put("AWS_SECRET_ACCESS_KEY", SECRET_KEY);
        cli.env.put(AwsOptions.ENV_ENDPOINT, aws.baseUrl());
        stubCallerIdentity();
    }

    /** A POSIX shell fake of the CDK CLI. Absolute paths inside: PATH holds only the fakes. */
    static String fakeCdk(String version) {
        return """
				if [ "$1" = "--version" ]; then echo "%s (build fake)"; exit 0; fi
				{
				  echo "--- call"
				  for a in "$@"; do echo "arg:$a"; done
				  echo "pwd:$PWD"
				  echo "AWS_REGION=${AWS_REGION-}"
				  echo "AWS_DEFAULT_REGION=${AWS_DEFAULT_REGION-}"
				} >> "$FAKE_DIR/calls.log"
				prev=""
				for a in "$@"; do
				  if [ "$prev" = "--outputs-file" ] && [ -f "$FAKE_DIR/outputs.json" ]; then /bin/cp "$FAKE_DIR/outputs.json" "$a"; fi
				  prev="$a"
				done
				echo "fake cdk $1: done"
				echo "fake cdk $1: progress on stderr" >&2
				exit ${FAKE_CDK_EXIT:-0}
				""".formatted(version);
    }

    static void script(Path file, String body) throws IOException {
        Files.writeString(file, "#!/bin/sh\n" + body + "\n", StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    /** Each recorded CDK call: its arguments (after the executable). */
    List<List<String>> cdkCalls() throws IOException {
        return calls().stream()
                .map((c) -> c.stream()
                        .filter((l) -> l.startsWith("arg:"))
                        .map((l) -> l.substring(4))
                        .toList())
                .toList();
    }

    /** Each recorded CDK call's other lines: pwd and Region variables. */
    List<List<String>> calls() throws IOException {
        Path log = fake.resolve("calls.log");
        List<List<String>> calls = new ArrayList<>();
        if (!Files.exists(log)) {
            return calls;
        }
        for (String line : Files.readAllLines(log)) {
            if (line.equals("--- call")) {
                calls.add(new ArrayList<>());
            } else {
                calls.get(calls.size() - 1).add(line);
            }
        }
        return calls;
    }

    /** What the fake CDK writes when asked for an outputs file. */
    void outputs(String stackName, Map<String, String> outputs) throws IOException {
        StringBuilder json = new StringBuilder("{\"" + stackName + "\": {");
        List<String> members = new ArrayList<>();
        outputs.forEach((k, v) -> members.add("\"" + k + "\": \"" + v + "\""));
        json.append(String.join(", ", members)).append("}}");
        Files.writeString(fake.resolve("outputs.json"), json);
    }

    static Map<String, String> stackOutputs(
            String tokenUrl, String apiUrl, String clientId, String userPoolId, String scopes, String region) {
        Map<String, String> outputs = new LinkedHashMap<>();
        outputs.put("ApiUrl", apiUrl);
        outputs.put("TokenEndpointUrl", tokenUrl);
        outputs.put("UserPoolId", userPoolId);
        outputs.put("UserPoolClientId", clientId);
        outputs.put("Scopes", scopes);
        outputs.put("Region", region);
        return outputs;
    }

    static Map<String, String> awsOutputs() {
        return stackOutputs(
                "https://gatewayclistack-50e2416294e0.auth.eu-west-1.amazoncognito.com/oauth2/token",
                "https://abc123.execute-api.eu-west-1.amazonaws.com/prod/",
                CLIENT_ID,
                USER_POOL_ID,
                "users/read-only",
                "eu-west-1");
    }

    void stubCallerIdentity() {
        aws.stubFor(post(urlEqualTo("/"))
                .withRequestBody(containing("Action=GetCallerIdentity"))
                .willReturn(aResponse()
                        .withStatus(200)
                        .withHeader("Content-Type", "text/xml")
                        .withBody("""
					<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
					  <GetCallerIdentityResult>
					    <Arn>arn:aws:iam::%s:user/deployer</Arn>
					    <UserId>AIDAEXAMPLE</UserId>
					    <Account>%s</Account>
					  </GetCallerIdentityResult>
					  <ResponseMetadata><RequestId>01234567-89ab-cdef-0123-456789abcdef</RequestId></ResponseMetadata>
					</GetCallerIdentityResponse>""".formatted(ACCOUNT, ACCOUNT))));
    }

    void stubClientSecret(String secret) {
        aws.stubFor(post(urlEqualTo("/"))
                .withHeader("X-Amz-Target", equalTo("AWSCognitoIdentityProviderService.DescribeUserPoolClient"))
                .willReturn(aResponse()
                        .withStatus(200)
                        .withHeader("Content-Type", "application/x-amz-json-1.1")
                        .withBody("{\"UserPoolClient\": {\"UserPoolId\": \"" + USER_POOL_ID + "\", \"ClientId\": \""
                                + CLIENT_ID + "\", \"ClientName\": \"client\", \"ClientSecret\": \"" + secret
                                + "\"}}")));
    }

    void stubDescribeStacks(Map<String, String> outputs) {
        aws.stubFor(CloudFormationWire.describeStacks("GatewayCliStack", outputs));
    }

    /** An AWS JSON-protocol error (Cognito). */
    static String jsonError(String code, String message) {
        return "{\"__type\": \"" + code + "\", \"message\": \"" + message + "\"}";
    }
}
