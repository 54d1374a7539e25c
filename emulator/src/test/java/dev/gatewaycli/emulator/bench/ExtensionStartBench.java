package dev.gatewaycli.emulator.bench;

import dev.gatewaycli.emulator.junit.GatewayEmulatorExtension;
import dev.gatewaycli.emulator.model.StackModel;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/**
 * The JUnit extension's start as a test suite meets it (bench/emulator-start.sh): in one JVM, {@code rounds} times
 * what a test class with a static {@link GatewayEmulatorExtension} does before and after its tests (start, one token
 * request, stop), timed from the extension's {@code beforeAll} until the emulator answers a token request. The first
 * start pays the JVM's class loading and the model's extraction; the later ones are what every further test class
 * pays. Between start and stop it waits as long as a test class's tests would run (second argument, 1000 ms by
 * default), since the extension uses that time to prepare the next start. Beside it, in the same JVM and run: a bare Reactor Netty server bound and answering one request, the floor of
 * any emulator start. Prints one line per figure: {@code what first_ms median_later_ms max_later_ms}.
 */
public final class ExtensionStartBench {

    private ExtensionStartBench() {}

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        // A test class's own run between two starts: what the extension makes ready meanwhile (the next keys) is ready.
        long testsMillis = args.length > 1 ? Long.parseLong(args[1]) : 1000;
        HttpClient http = HttpClient.newHttpClient();
        List<Double> bare = new ArrayList<>();
        List<Double> extension = new ArrayList<>();
        for (int i = 0; i < rounds; i++) {
            long t0 = System.nanoTime();
            DisposableServer server = HttpServer.create()
                    .host("127.0.0.1")
                    .port(0)
                    .handle((request, response) -> response.sendString(reactor.core.publisher.Mono.just("{}")))
                    .bindNow();
            get(http, "http://127.0.0.1:" + server.port() + "/");
            bare.add((System.nanoTime() - t0) / 1e6);
            server.disposeNow();

            GatewayEmulatorExtension ext = GatewayEmulatorExtension.newInstance()
                    .model(StackModel::bundled)
                    .build();
            long t1 = System.nanoTime();
            ext.beforeAll(null);
            postToken(http, ext);
            extension.add((System.nanoTime() - t1) / 1e6);
            Thread.sleep(testsMillis);
            ext.afterAll(null);
        }
        print("bare Reactor Netty server, bind + 1 request (floor)", bare);
        print("GatewayEmulatorExtension (bundled model), start + 1 token request", extension);
    }

    private static void print(String what, List<Double> times) {
        List<Double> later = new ArrayList<>(times.subList(1, times.size()));
        Collections.sort(later);
        double median = later.isEmpty() ? Double.NaN : later.get(later.size() / 2);
        double max = later.isEmpty() ? Double.NaN : later.get(later.size() - 1);
        System.out.printf("%s\t%.1f\t%.1f\t%.1f%n", what, times.get(0), median, max);
    }

    private static void get(HttpClient http, String url) throws Exception {
        HttpResponse<String> r =
                http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException(url + " answered " + r.statusCode());
        }
    }

    private static void postToken(HttpClient http, GatewayEmulatorExtension ext) throws Exception {
        String basic = java.util.Base64.getEncoder()
                .encodeToString(
                        (ext.clientId() + ":" + ext.clientSecret()).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        HttpResponse<String> r = http.send(
                HttpRequest.newBuilder(URI.create(ext.tokenUrl()))
                        .header("Authorization", "Basic " + basic)
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("token request answered " + r.statusCode() + ": " + r.body());
        }
    }
}
