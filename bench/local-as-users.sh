#!/usr/bin/env bash
# `gateway-cli local` as users run it, beside a bare Reactor Netty server, both through wrk (docs/performance.md,
# "The emulator as users run it"). Not a test: run it by hand, on a quiet machine.
#
#   bench/local-as-users.sh                                  # the launcher's defaults, 3 rounds of 10 s
#   REPEAT=5 DURATION=20s bench/local-as-users.sh
#   SKIP_BUILD=1 bench/local-as-users.sh                     # reuse the last build
#   VARIANTS='default|-XX:+UseParallelGC|-Xms256m -Xmx256m|-XX:TieredStopAtLevel=1|no-archive|no-function-logs|--functions process' \
#     bench/local-as-users.sh                                # what each JVM flag is worth, one at a time
#
# `local` is started by the launcher (./gateway-cli local --port 0 -o json --no-profile), so it gets what a user
# gets: the launcher's JVM flags and class-data archive, the bundled stack's function where local runs it by default
# (in local's own JVM: StackModelSource.defaultFunctionMode), and the function's START/END/REPORT lines on stderr (here
# a file: a terminal is slower still). Each variant adds one thing to that: a JVM option through
# GATEWAY_CLI_JAVA_OPTS, `no-archive` (GATEWAY_CLI_NO_ARCHIVE=1), `no-function-logs` or `--functions process` (the
# options). Each `local` is warmed up with wrk for WARMUP (10 s), then every round measures it and the bare server
# back to back (wrk -t2 -c32 --latency, authorised GET of the first API's stage, one cached token), and the ratio is
# taken per round. Target: the default >= 30 % of the bare server in the same run.
set -euo pipefail
cd "$(dirname "$0")/.."

DURATION="${DURATION:-10s}"
WARMUP="${WARMUP:-10s}"
CONNECTIONS="${CONNECTIONS:-32}"
THREADS="${THREADS:-2}"
REPEAT="${REPEAT:-3}"
VARIANTS="${VARIANTS:-default}"
BARE_JAVA_OPTS="${BARE_JAVA_OPTS:--Xms256m -Xmx256m -XX:+UseParallelGC}"

for tool in wrk python3 curl; do
  command -v "$tool" >/dev/null || { echo "$tool is missing: install it and run again" >&2; exit 6; }
done

if [ "${SKIP_BUILD:-0}" != 1 ]; then
  echo "Building the CLI and the emulator's bench classes (./mvnw -pl cli -am package -DskipTests)..." >&2
  ./mvnw -B -q -pl cli -am package -DskipTests
fi
BARE_CP="emulator/target/classes:emulator/target/test-classes:$(cat emulator/target/bench.classpath)"

mkdir -p "${XDG_CACHE_HOME:-$HOME/.cache}"
WORK="$(mktemp -d "${XDG_CACHE_HOME:-$HOME/.cache}/gateway-cli-bench.XXXXXX")"
PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$WORK"; }
trap cleanup EXIT
# A private home: the launcher's archive and the CLI's profile and cache never touch the user's own.
export HOME="$WORK/home" XDG_CONFIG_HOME="$WORK/home/config" XDG_CACHE_HOME="$WORK/home/cache"
mkdir -p "$HOME"

json() { python3 -c 'import json,sys; print(json.loads(sys.argv[1])[sys.argv[2]])' "$1" "$2"; }
load() { cut -d' ' -f1 /proc/loadavg; }
median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }

# wrk output -> "<req/s> <p99 ms> <non-2xx>"
run_wrk() {
  local url="$1" duration="$2" token="$3"
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"$duration" --latency -H "Authorization: $token" "$url" | python3 -c '
import re, sys
text = sys.stdin.read()
rps = float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1))
v, unit = re.search(r"\s99%\s+([\d.]+)(us|ms|s)", text).groups()
p99 = float(v) * {"us": 0.001, "ms": 1, "s": 1000}[unit]
bad = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", text)
print(f"{rps:.0f} {p99:.2f} {bad.group(1) if bad else 0}")'
}

# Waits for the first stdout line of a process started in the background; prints it.
first_line() {
  local out="$1" err="$2" pid="$3"
  for _ in $(seq 1 240); do
    if [ -s "$out" ]; then head -1 "$out"; return; fi
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.5
  done
  echo "did not start:" >&2; cat "$err" >&2; exit 1
}

# shellcheck disable=SC2086
java $BARE_JAVA_OPTS -cp "$BARE_CP" dev.gatewaycli.emulator.bench.BareNettyServer >"$WORK/bare.out" 2>"$WORK/bare.err" &
BARE_PID=$!
PIDS+=("$BARE_PID")
BARE_URL="http://127.0.0.1:$(json "$(first_line "$WORK/bare.out" "$WORK/bare.err" "$BARE_PID")" port)/prod/"

# The launcher trains its archive on first use; do it now, outside the measurements.
./gateway-cli --help >/dev/null

REPORT=()
IFS='|' read -r -a VARIANT_LIST <<<"$VARIANTS"
for variant in "${VARIANT_LIST[@]}"; do
  opts="" no_archive="" extra_args=()
  case "$variant" in
    default) ;;
    no-archive) no_archive=1 ;;
    no-function-logs) extra_args=(--no-function-logs) ;;
    --functions\ *) read -r -a extra_args <<<"$variant" ;;
    *) opts="$variant" ;;
  esac
  name="local-$(echo "$variant" | tr -c 'A-Za-z0-9' '_')"
  GATEWAY_CLI_JAVA_OPTS="$opts" GATEWAY_CLI_NO_ARCHIVE="$no_archive" \
    ./gateway-cli local --port 0 -o json --no-profile ${extra_args[@]+"${extra_args[@]}"} \
    >"$WORK/$name.out" 2>"$WORK/$name.err" &
  pid=$!
  PIDS+=("$pid")
  line="$(first_line "$WORK/$name.out" "$WORK/$name.err" "$pid")"
  api="$(json "$line" apiUrl)"
  token="$(curl -sf -u "$(json "$line" clientId):$(json "$line" clientSecret)" \
    -H 'Content-Type: application/x-www-form-urlencoded' -d grant_type=client_credentials "$(json "$line" tokenUrl)" \
    | python3 -c 'import json,sys; print(json.load(sys.stdin)["access_token"])')"
  status="$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: $token" "$api")"
  [ "$status" = 200 ] || { echo "$variant: authorised GET $api answered $status" >&2; exit 1; }

  echo "$variant: warming up local and the bare server ($WARMUP each)..." >&2
  run_wrk "$api" "$WARMUP" "$token" >/dev/null
  run_wrk "$BARE_URL" "$WARMUP" "$token" >/dev/null
  L_RPS=(); L_P99=(); B_RPS=(); RATIOS=(); LOADS=()
  for round in $(seq 1 "$REPEAT"); do
    LOADS+=("$(load)")
    read -r rps p99 bad < <(run_wrk "$api" "$DURATION" "$token")
    [ "$bad" = 0 ] || { echo "$variant round $round: $bad non-2xx responses" >&2; exit 1; }
    read -r brps _ _ < <(run_wrk "$BARE_URL" "$DURATION" "$token")
    L_RPS+=("$rps"); L_P99+=("$p99"); B_RPS+=("$brps")
    RATIOS+=("$(python3 -c "print(f'{100 * $rps / $brps:.1f}')")")
    echo "$variant round $round (load $(load)): local $rps req/s p99 $p99 ms | bare $brps req/s | ${RATIOS[-1]} %" >&2
  done
  lines="$(grep -c '^REPORT RequestId' "$WORK/$name.err" || true)"
  dropped="$({ grep -o '[0-9]* function log lines* dropped' "$WORK/$name.err" || true; } | awk '{s+=$1} END {print s+0}')"
  REPORT+=("| $variant | $(median "${L_RPS[@]}") | $(median "${L_P99[@]}") ms | $(median "${B_RPS[@]}") | $(median "${RATIOS[@]}") % | ${RATIOS[*]} | ${LOADS[*]} | $lines / $dropped |")
  kill "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
done

cat <<REPORT

$(date '+%Y-%m-%d %H:%M'), $(java -version 2>&1 | head -1), $(nproc) cores; wrk -t$THREADS -c$CONNECTIONS, $REPEAT rounds of $DURATION after $WARMUP of warm-up; bare server JVM $BARE_JAVA_OPTS
| local (./gateway-cli local, plus) | median req/s | median p99 | bare median req/s | median ratio | ratios per round | load average at the rounds' starts | REPORT lines / dropped |
|---|---|---|---|---|---|---|---|
$(printf '%s\n' "${REPORT[@]}")
REPORT
