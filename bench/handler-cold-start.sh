#!/usr/bin/env bash
# Cold start of the Lambda handler: wall time of a whole fresh JVM process that constructs HelloHandler, invokes it
# once with an authorized GET / proxy event and prints the body, beside a JVM running an empty main measured in the
# same run with the same flags. Also prints the size of handler/target/handler.jar.
#
# Usage: bench/handler-cold-start.sh            (builds the handler module first)
#        SKIP_BUILD=1 bench/handler-cold-start.sh
# Knobs:  ROUNDS (default 10) x RUNS_PER_ROUND (default 3) timed runs per variant, WARMUP (default 1 per round),
#         JAVA (default: java on PATH), FLAGS (the tuned set, see below).
#
# The variants are interleaved: each round runs hyperfine over all of them, so on a shared, noisy machine the baseline
# and the handler see the same background load instead of one getting a quiet minute and the other a busy one. The
# figures are the median (and min/max) over all rounds' runs.
#
# Needs hyperfine. When it is missing the script installs it with apt-get if it runs as root, and says so; otherwise
# it stops and tells you how. This is a benchmark, not a test: nothing here fails on a slow figure.
set -euo pipefail

cd "$(dirname "$0")/.."
ROUNDS="${ROUNDS:-10}"
RUNS_PER_ROUND="${RUNS_PER_ROUND:-3}"
WARMUP="${WARMUP:-1}"
JAVA="${JAVA:-java}"
# The tuned set: C1 only (no C2 compiler for a process that lives 30 ms) and the serial collector (no parallel GC
# worker threads to start): what AWS documents as the defaults of Lambda's java17+ runtimes ("Customize Java runtime
# startup behavior"). Class-data sharing stays at -Xshare:auto (the default): -Xshare:on aborts the JVM whenever
# address-space randomisation keeps the archive from mapping at its base address, which made runs fail at random.
FLAGS="${FLAGS:--XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xshare:auto}"

if ! command -v hyperfine >/dev/null 2>&1; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    echo "hyperfine is missing: installing it with 'apt-get update && apt-get install -y hyperfine'" >&2
    apt-get update -qq >/dev/null && apt-get install -y -qq hyperfine >/dev/null
  else
    echo "hyperfine is required: install it (Debian/Ubuntu: sudo apt-get install -y hyperfine) and run again" >&2
    exit 1
  fi
fi

if [ "${SKIP_BUILD:-0}" != "1" ]; then
  # -DskipTests still compiles the test sources, where the two mains live (they must stay out of handler.jar).
  ./mvnw -B -q -pl handler -am package -DskipTests
fi

JAR=handler/target/handler.jar
BENCH_CLASSES=handler/target/test-classes/dev/gatewaycli/handler/bench
for f in "$JAR" "$BENCH_CLASSES/ColdStartMain.class" "$BENCH_CLASSES/EmptyMain.class"; do
  [ -f "$f" ] || { echo "missing $f: build the handler module first (drop SKIP_BUILD)" >&2; exit 1; }
done

mkdir -p "${XDG_CACHE_HOME:-$HOME/.cache}"
WORK="$(mktemp -d "${XDG_CACHE_HOME:-$HOME/.cache}/gateway-cli-bench.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT
# Only the two benchmark classes beside handler.jar, and in a jar of their own: nothing else of the test build is on
# the class path, and an application CDS archive accepts jars only, not directories.
JAR_TOOL="$(dirname "$(readlink -f "$(command -v "$JAVA")")")/jar"
[ -x "$JAR_TOOL" ] || JAR_TOOL=jar
"$JAR_TOOL" --create --file "$WORK/bench.jar" -C handler/target/test-classes dev/gatewaycli/handler/bench/ColdStartMain.class \
  -C handler/target/test-classes dev/gatewaycli/handler/bench/EmptyMain.class
# A private copy of handler.jar: a concurrent reactor build (-am) may rewrite handler/target mid-benchmark, and an
# AppCDS archive is only mapped while the jars it was dumped with keep their size and timestamp.
cp "$JAR" "$WORK/handler.jar"
CP="$WORK/handler.jar:$WORK/bench.jar"
BASE="$WORK/bench.jar"

EXPECTED='{"content":"Hello from the Lambda function!"}'
ACTUAL="$("$JAVA" -cp "$CP" dev.gatewaycli.handler.bench.ColdStartMain)"
if [ "$ACTUAL" != "$EXPECTED" ]; then
  echo "the handler printed '$ACTUAL', expected '$EXPECTED': not timing a broken handler" >&2
  exit 1
fi

# An application class-data-sharing archive of exactly this start-up (JDK 13+): dumped once, mapped by every timed run
# of the last variant. It shows what archiving the function's classes would buy; the stack does not set it up.
# shellcheck disable=SC2086
"$JAVA" -XX:ArchiveClassesAtExit="$WORK/handler.jsa" $FLAGS -cp "$CP" dev.gatewaycli.handler.bench.ColdStartMain \
  >/dev/null 2>"$WORK/cds.log" || { cat "$WORK/cds.log" >&2; exit 1; }

JAVA_VERSION="$("$JAVA" -version 2>&1 | sed -n 2p)"
LOAD_BEFORE="$(cut -d' ' -f1-3 /proc/loadavg)"
JAR_BYTES="$(stat -c %s "$JAR")"

NAMES=(
  "baseline: empty main, plain java -cp"
  "handler: plain java -cp"
  "baseline: empty main, tuned flags"
  "handler: tuned flags"
  "handler: tuned flags + AppCDS archive"
)
COMMANDS=(
  "$JAVA -cp $BASE dev.gatewaycli.handler.bench.EmptyMain"
  "$JAVA -cp $CP dev.gatewaycli.handler.bench.ColdStartMain"
  "$JAVA $FLAGS -cp $BASE dev.gatewaycli.handler.bench.EmptyMain"
  "$JAVA $FLAGS -cp $CP dev.gatewaycli.handler.bench.ColdStartMain"
  "$JAVA $FLAGS -XX:SharedArchiveFile=$WORK/handler.jsa -cp $CP dev.gatewaycli.handler.bench.ColdStartMain"
)
ARGS=()
for i in "${!NAMES[@]}"; do ARGS+=(-n "${NAMES[$i]}" "${COMMANDS[$i]}"); done

: >"$WORK/times.tsv"
: >"$WORK/cpu.tsv"
for round in $(seq 1 "$ROUNDS"); do
  hyperfine --shell=none --warmup "$WARMUP" --runs "$RUNS_PER_ROUND" --style basic \
    --export-json "$WORK/round.json" "${ARGS[@]}" >"$WORK/hyperfine.log" 2>&1 \
    || { echo "hyperfine failed in round $round:" >&2; cat "$WORK/hyperfine.log" >&2; exit 1; }
  # hyperfine's JSON holds, per command, its name in "command" and every run's wall time in seconds in "times".
  # "user" and "system" are that round's mean CPU seconds: less sensitive than wall time to other load on the box.
  awk -v cpu="$WORK/cpu.tsv" '
    /"command":/ { sub(/.*"command": "/, ""); sub(/",$/, ""); name = $0 }
    /"user":/    { user = $2 + 0 }
    /"system":/  { print name "\t" (user + $2) >> cpu }
    /"times": \[/ { in_times = 1; next }
    in_times && /\]/ { in_times = 0 }
    in_times { gsub(/[ ,]/, ""); print name "\t" $0 }
  ' "$WORK/round.json" >>"$WORK/times.tsv"
done

echo
echo "Machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(. /etc/os-release && echo "$PRETTY_NAME"), $JAVA_VERSION"
echo "handler.jar: $JAR_BYTES bytes ($(awk -v b="$JAR_BYTES" 'BEGIN {printf "%.1f KiB", b/1024}'))"
echo "hyperfine $(hyperfine --version | cut -d' ' -f2), $ROUNDS interleaved rounds x $RUNS_PER_ROUND runs (+$WARMUP warm-up each); tuned flags: $FLAGS"
echo "load average before: $LOAD_BEFORE; after: $(cut -d' ' -f1-3 /proc/loadavg)"
echo
echo "| what | runs | median wall ms | min wall ms | max wall ms | CPU ms (user+sys, mean) |"
echo "|---|---|---|---|---|---|"
for name in "${NAMES[@]}"; do
  CPU_MS="$(awk -F'\t' -v n="$name" '$1 == n { s += $2; c++ } END { if (c) printf "%.1f", s / c * 1000; else print "-" }' "$WORK/cpu.tsv")"
  awk -F'\t' -v n="$name" '$1 == n { print $2 }' "$WORK/times.tsv" | sort -g | awk -v n="$name" -v cpu="$CPU_MS" '
    { t[NR] = $1 * 1000 }
    END {
      if (NR == 0) { printf "| %s | 0 | - | - | - | %s |\n", n, cpu; exit }
      median = (NR % 2) ? t[(NR + 1) / 2] : (t[NR / 2] + t[NR / 2 + 1]) / 2
      printf "| %s | %d | %.1f | %.1f | %.1f | %s |\n", n, NR, median, t[1], t[NR], cpu
    }'
done
