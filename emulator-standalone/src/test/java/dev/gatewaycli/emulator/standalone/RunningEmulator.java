package dev.gatewaycli.emulator.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * An emulator started as a child process the way users start it ({@code java -jar gateway-emulator.jar}, the image's
 * entrypoint), read from the outside only: the JSON line it prints when ready, then real HTTP to its token endpoint
 * and API. Its stderr goes to a file, shown when it fails. The caller bounds the wait with {@code @Timeout}.
 */
public final class RunningEmulator implements AutoCloseable {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private final Process process;

    private final Path stderr;

    private final JsonNode endpoints;

    private RunningEmulator(Process process, Path stderr, JsonNode endpoints) {
        this.process = process;
        this.stderr = stderr;
        this.endpoints = endpoints;
    }

    /** Starts {@code command} and waits for its first stdout line, which must be the endpoints JSON. */
    public static RunningEmulator start(ProcessBuilder command, Path stderr) throws IOException {
        Process process = command.redirectError(stderr.toFile()).start();
        BufferedReader out =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        String line = out.readLine();
        if (line == null) {
            int code = waitFor(process);
            fail("the emulator (" + command.command() + ") printed no JSON line and exited " + code + "; stderr:\n"
                    + Files.readString(stderr));
        }
        JsonNode endpoints = JSON.readTree(line);
        assertThat(endpoints.isObject())
                .as("the first stdout line is a JSON object: %s", line)
                .isTrue();
        return new RunningEmulator(process, stderr, endpoints);
    }

    /** The JSON line, as {@code gateway-cli local -o json} prints it. */
    public JsonNode endpoints() {
        return endpoints;
    }

    /** An access token of the first client, fetched with the client-credentials grant (client_secret_basic). */
    public String clientCredentialsToken(String scope) throws IOException, InterruptedException {
        String credentials = endpoints.path("clientId").asString() + ":"
                + endpoints.path("clientSecret").asString();
        HttpResponse<String> response = HTTP.send(
                HttpRequest.newBuilder(URI.create(endpoints.path("tokenUrl").asString()))
                        .header(
                                "Authorization",
                                "Basic "
                                        + Base64.getEncoder()
                                                .encodeToString(credentials.getBytes(StandardCharsets.UTF_8)))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials&scope="
                                + URLEncoder.encode(scope, StandardCharsets.UTF_8)))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode())
                .as("token endpoint answer: %s; emulator stderr:\n%s", response.body(), stderr())
                .isEqualTo(200);
        return JSON.readTree(response.body()).path("access_token").asString();
    }

    /** GET {@code path} relative to the first API's URL, with the token as the Cognito authorizer expects it. */
    public HttpResponse<String> get(String path, String token) throws IOException, InterruptedException {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create(endpoints.path("apiUrl").asString() + path))
                        .header("Authorization", token)
                        .timeout(Duration.ofSeconds(60))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** What the emulator printed on stderr so far. */
    public String stderr() throws IOException {
        return Files.readString(stderr);
    }

    /** SIGTERM, as {@code docker stop} sends it: the emulator stops its functions and exits. */
    @Override
    public void close() throws IOException {
        process.destroy();
        int code = waitFor(process);
        // The JVM's exit status after SIGTERM when its shutdown hooks ran: 128 + 15.
        assertThat(code).as("exit status after SIGTERM; stderr:\n%s", stderr()).isIn(0, 143);
    }

    private static int waitFor(Process process) {
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return process.waitFor();
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            return -1;
        }
    }
}
