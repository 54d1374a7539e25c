package dev.gatewaycli.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Which command lines run without a Spring context: {@code token}, {@code call} and the root alone. */
class DirectWiringTest {

    @Test
    void servesWhenTheCommandIsTokenOrCallOrNoneThenTrue() {
        assertThat(DirectWiring.serves("token")).isTrue();
        assertThat(DirectWiring.serves("-v", "call", "/local")).isTrue();
        assertThat(DirectWiring.serves("--profile", "local", "token", "--local"))
                .isTrue();
        assertThat(DirectWiring.serves("-o", "json", "call", "verify")).isTrue();
        assertThat(DirectWiring.serves("--help")).isTrue();
        assertThat(DirectWiring.serves()).isTrue();
    }

    @Test
    void servesWhenAnotherCommandIsNamedThenFalse() {
        assertThat(DirectWiring.serves("local")).isFalse();
        assertThat(DirectWiring.serves("--profile", "prod", "verify")).isFalse();
        assertThat(DirectWiring.serves("-o", "json", "load", "token")).isFalse();
        assertThat(DirectWiring.serves("--", "token")).isFalse();
    }
}
