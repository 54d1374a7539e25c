package dev.gatewaycli.emulator.bench;

import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/**
 * The benchmark's baseline (bench/emulator-wrk.sh): a bare Reactor Netty server answering every request with the
 * seed function's body and headers, nothing else. What the emulator adds on top (routing, the authorizer, the proxy
 * event, the function call) is the difference between the two. Prints its port as one JSON line.
 */
public final class BareNettyServer {

    private static final byte[] BODY =
            "{\"content\":\"Hello from the Lambda function!\"}".getBytes(StandardCharsets.UTF_8);

    private BareNettyServer() {}

    public static void main(String[] args) throws InterruptedException {
        DisposableServer server = HttpServer.create()
                .host("127.0.0.1")
                .port(args.length > 0 ? Integer.parseInt(args[0]) : 0)
                .handle((request, response) -> response.header("Content-Type", "application/json")
                        .header("Access-Control-Allow-Origin", "*")
                        .header("Access-Control-Allow-Headers", "Content-Type")
                        .send(Mono.fromSupplier(() -> Unpooled.wrappedBuffer(BODY))))
                .bindNow();
        System.out.println("{\"port\":" + server.port() + "}");
        System.out.flush();
        server.onDispose().block();
    }
}
