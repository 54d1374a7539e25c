#!/usr/bin/env bash
# The JUnit extension's start as a test suite meets it: ExtensionStartBench (emulator test sources) starts, uses
# (one token request) and stops a GatewayEmulatorExtension ROUNDS times in one JVM, waiting TESTS_MS between start
# and stop as a test class's tests would, beside a bare Reactor Netty server bound and answering one request in the
# same JVM and rounds (the floor). Prints, per JDK: the first start, the median and the maximum of the later ones, ms.
#
#   bench/emulator-start.sh                               # JDK 17 (system) and Temurin 25 when present
#   ROUNDS=40 TESTS_MS=500 JDKS=/usr/lib/jvm/java-17-openjdk-amd64 bench/emulator-start.sh
#   SKIP_BUILD=1 bench/emulator-start.sh                  # reuse the last build
#
# `call --local` against a cached `call`, whole processes, is in bench/cli-startup.sh.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
ROUNDS="${ROUNDS:-20}"
TESTS_MS="${TESTS_MS:-1000}"
JDKS="${JDKS:-/usr/lib/jvm/java-17-openjdk-amd64 /usr/lib/jvm/temurin-25-jdk-amd64}"

if [[ -z "${SKIP_BUILD:-}" ]]; then
  echo "Building the emulator and its class path (./mvnw -pl emulator -am package -DskipTests)..." >&2
  ./mvnw -B -q -pl emulator -am package -DskipTests
fi
CP="emulator/target/classes:emulator/target/test-classes:$(cat emulator/target/bench.classpath)"

# The model is extracted into the user's cache as the extension does it; a throw-away one keeps the real one clean.
cache="$(mktemp -d "${XDG_CACHE_HOME:-$HOME/.cache}/gateway-cli-bench.XXXXXX")"
trap 'rm -rf "$cache"' EXIT

printf 'load average at start: %s\n' "$(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-8s %-70s %9s %12s %9s\n' JDK what first_ms median_later max_later
for jdk in $JDKS; do
  [[ -x "$jdk/bin/java" ]] || { echo "bench: skipping $jdk (no bin/java)" >&2; continue; }
  name="$(sed -n 's/^JAVA_VERSION="\(.*\)"/\1/p' "$jdk/release")"
  XDG_CACHE_HOME="$cache" LOG_FILE="$cache/emulator.log" "$jdk/bin/java" -cp "$CP" \
    -Dlogback.configurationFile=bench/emulator-logback.xml \
    dev.gatewaycli.emulator.bench.ExtensionStartBench "$ROUNDS" "$TESTS_MS" 2>/dev/null \
    | while IFS=$'\t' read -r what first median max; do
        printf '%-8s %-70s %9s %12s %9s\n' "$name" "$what" "$first" "$median" "$max"
      done
done
printf 'load average at end: %s\n' "$(cut -d' ' -f1-3 /proc/loadavg)"
