package dev.gatewaycli.cli.http;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.gatewaycli.cli.config.Settings;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The event loop's life cycle: {@code main} ends it before exit (an idle loop sits in a native {@code epoll_wait},
 * which the JVM's exit waits 0.3 s for), and a later request in the same JVM (tests, the training run) gets a new one.
 */
class WebClientsTest {

    @RegisterExtension
    static WireMockExtension server = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort())
            .build();

    @Test
    void shutdownWhenLoopIdleThenItsThreadIsGoneAndTheNextRequestStartsANewLoop() throws InterruptedException {
        server.stubFor(
                get(urlEqualTo("/ping")).willReturn(aResponse().withStatus(200).withBody("pong")));

        assertThat(ping()).as("first request through the lazily created loop").isEqualTo("pong");
        assertThat(loopThreads()).as("an event-loop thread serves the request").isNotEmpty();
        assertThat(loopThreads())
                .as("the event-loop thread is a daemon: it never keeps the JVM alive")
                .allMatch(Thread::isDaemon);

        List<Thread> loop = loopThreads();
        WebClients.shutdown(Duration.ofSeconds(5));
        for (Thread thread : loop) {
            // The termination future completes just before the thread's last instructions: wait for its end.
            thread.join(Duration.ofSeconds(5).toMillis());
        }
        assertThat(loopThreads())
                .as("after shutdown no event-loop thread is left to delay the JVM's exit")
                .isEmpty();

        assertThat(ping()).as("a request after shutdown gets a new loop").isEqualTo("pong");
        server.verify(2, getRequestedFor(urlEqualTo("/ping")));
    }

    @Test
    void shutdownWhenNoRequestWasMadeThenItReturnsAtOnce() {
        WebClients.shutdown(Duration.ofSeconds(5));
        WebClients.shutdown(Duration.ofSeconds(5));
        assertThat(loopThreads()).as("shutdown starts no loop of its own").isEmpty();
    }

    private static String ping() {
        HttpTrace trace = HttpTrace.off(new PrintWriter(new StringWriter()));
        byte[] body = WebClients.create(Settings.Http.DEFAULTS, trace)
                .get()
                .uri(server.baseUrl() + "/ping")
                .retrieve()
                .bodyToMono(byte[].class)
                .block(Duration.ofSeconds(10));
        return new String(body, java.nio.charset.StandardCharsets.UTF_8);
    }

    private static List<Thread> loopThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter((thread) -> thread.getName().startsWith("gateway-cli-http") && thread.isAlive())
                .toList();
    }
}
