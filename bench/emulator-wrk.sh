#!/usr/bin/env bash
# Throughput and memory of the emulator (docs/performance.md, "Emulator throughput"). Not a test: run it by hand.
#
#   bench/emulator-wrk.sh                 # 5 rounds of 10 s each, then a 60 s memory run
#   REPEAT=3 MEM_SECONDS=120 bench/emulator-wrk.sh
#
# Authorised GET /prod/ through the emulator (bundled model of our stack, real function jar in the emulator's JVM:
# --functions in-process, so that this measures the emulator; bench/lambda-runtimes.sh measures functions in their
# own processes) with one cached token,
# driven by wrk (2 threads, 32 connections, loopback), beside the same wrk against a bare Reactor Netty server that
# returns the same body with the same JVM settings, alternating in the same run. Two emulators run: one logging the
# function's START/END/REPORT lines at INFO (what a user gets; this is the one the targets are judged on) and one with
# that logger silenced (FUNCTION_LOG_LEVEL=WARN), which shows what the lines cost. Targets (docs/performance.md):
# >= 5,000 req/s, >= 40 % of the bare server, p99 < 20 ms, memory flat over 60 s (heap after a full GC, and RSS).
# The load average of the machine is printed beside every round: on a shared machine it explains most of the spread.
set -euo pipefail
cd "$(dirname "$0")/.."

DURATION="${DURATION:-10s}"
THREADS=2
CONNECTIONS=32
REPEAT="${REPEAT:-5}"
MEM_SECONDS="${MEM_SECONDS:-60}"
JAVA_OPTS="${JAVA_OPTS:--Xms256m -Xmx256m -XX:+UseParallelGC}"

if ! command -v wrk >/dev/null; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "wrk is missing: installing it with apt-get" >&2
    apt-get install -y wrk >/dev/null
  else
    echo "wrk is missing: install it (sudo apt-get install wrk) and run again" >&2
    exit 6
  fi
fi
for tool in python3 curl jcmd; do
  command -v "$tool" >/dev/null || { echo "$tool is missing: install it and run again" >&2; exit 6; }
done

echo "Building the emulator and its class path (./mvnw -pl emulator -am package -DskipTests)..." >&2
./mvnw -B -q -pl emulator -am package -DskipTests
CP="emulator/target/classes:emulator/target/test-classes:$(cat emulator/target/bench.classpath)"

mkdir -p "${XDG_CACHE_HOME:-$HOME/.cache}"
WORK="$(mktemp -d "${XDG_CACHE_HOME:-$HOME/.cache}/gateway-cli-bench.XXXXXX")"
PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; }
trap cleanup EXIT

json() { python3 -c 'import json,sys; print(json.loads(sys.argv[1])[sys.argv[2]])' "$1" "$2"; }

# Starts a JVM whose first stdout line is JSON; echoes "<pid> <line>". Extra JVM options in $EXTRA_OPTS.
start_jvm() {
  local name="$1"; shift
  # shellcheck disable=SC2086
  java $JAVA_OPTS ${EXTRA_OPTS:-} -Dlogback.configurationFile=bench/emulator-logback.xml -DLOG_FILE="$WORK/$name.log" \
    -cp "$CP" "$@" >"$WORK/$name.out" 2>"$WORK/$name.err" &
  local pid=$!
  for _ in $(seq 1 120); do
    if [ -s "$WORK/$name.out" ]; then echo "$pid $(head -1 "$WORK/$name.out")"; return; fi
    sleep 0.5
  done
  kill "$pid" 2>/dev/null || true
  echo "$name did not start within 60 s:" >&2; cat "$WORK/$name.err" >&2; exit 1
}

# A token from an emulator's token endpoint (its printed JSON line in $1); checks that it opens GET /prod/.
token_for() {
  local line="$1" token status
  token="$(curl -sf -u "$(json "$line" clientId):$(json "$line" clientSecret)" \
    -H 'Content-Type: application/x-www-form-urlencoded' -d grant_type=client_credentials "$(json "$line" tokenUrl)" \
    | python3 -c 'import json,sys; print(json.load(sys.stdin)["access_token"])')"
  status="$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: $token" "$(json "$line" apiUrl)")"
  [ "$status" = 200 ] || { echo "authorised GET $(json "$line" apiUrl) answered $status, not 200" >&2; exit 1; }
  echo "$token"
}

# start_jvm runs in a subshell (process substitution): the PIDs are recorded here, for the EXIT trap.
read -r EMU_PID EMU_JSON < <(start_jvm emulator dev.gatewaycli.emulator.EmulatorMain --functions in-process)
PIDS+=("$EMU_PID")
API_URL="$(json "$EMU_JSON" apiUrl)"
TOKEN="$(token_for "$EMU_JSON")"

read -r QUIET_PID QUIET_JSON < <(EXTRA_OPTS=-DFUNCTION_LOG_LEVEL=WARN start_jvm quiet dev.gatewaycli.emulator.EmulatorMain --functions in-process)
PIDS+=("$QUIET_PID")
QUIET_URL="$(json "$QUIET_JSON" apiUrl)"
QUIET_TOKEN="$(token_for "$QUIET_JSON")"

read -r BARE_PID BARE_JSON < <(start_jvm bare dev.gatewaycli.emulator.bench.BareNettyServer)
PIDS+=("$BARE_PID")
BARE_URL="http://127.0.0.1:$(json "$BARE_JSON" port)/prod/"

# wrk output -> "<req/s> <p99 ms> <non-2xx>"; $3 is the Authorization header's value.
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
load() { cut -d' ' -f1 /proc/loadavg; }

# The JIT needs a while: the first seconds of a cold JVM run at a third of its steady speed.
echo "Warming up the three JVMs (10 s each)..." >&2
run_wrk "$API_URL" 10s "$TOKEN" >/dev/null
run_wrk "$QUIET_URL" 10s "$QUIET_TOKEN" >/dev/null
run_wrk "$BARE_URL" 10s "$TOKEN" >/dev/null

EMU_RPS=(); EMU_P99=(); QUIET_RPS=(); QUIET_P99=(); BARE_RPS=(); BARE_P99=(); RATIOS=(); QUIET_RATIOS=(); LOADS=()
for round in $(seq 1 "$REPEAT"); do
  LOADS+=("$(load)")
  read -r rps p99 bad < <(run_wrk "$API_URL" "$DURATION" "$TOKEN")
  [ "$bad" = 0 ] || { echo "round $round: $bad non-2xx responses from the emulator" >&2; exit 1; }
  read -r qrps qp99 qbad < <(run_wrk "$QUIET_URL" "$DURATION" "$QUIET_TOKEN")
  [ "$qbad" = 0 ] || { echo "round $round: $qbad non-2xx responses from the quiet emulator" >&2; exit 1; }
  read -r brps bp99 _ < <(run_wrk "$BARE_URL" "$DURATION" "$TOKEN")
  EMU_RPS+=("$rps"); EMU_P99+=("$p99"); QUIET_RPS+=("$qrps"); QUIET_P99+=("$qp99"); BARE_RPS+=("$brps"); BARE_P99+=("$bp99")
  RATIOS+=("$(python3 -c "print(f'{100 * $rps / $brps:.1f}')")")
  QUIET_RATIOS+=("$(python3 -c "print(f'{100 * $qrps / $brps:.1f}')")")
  echo "round $round (load $(load)): emulator $rps req/s p99 $p99 ms | quiet $qrps req/s p99 $qp99 ms |" \
    "bare $brps req/s p99 $bp99 ms | emulator/bare ${RATIOS[-1]} %" >&2
done

median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }

# Live heap (KiB) and RSS (KiB) of the emulator. GC.class_histogram runs a full GC and counts what survived at the
# same safepoint; reading the heap's "used" after a separate GC.run would count what the load allocated in between.
memory() {
  local heap
  heap="$(jcmd "$EMU_PID" GC.class_histogram | awk '$1 == "Total" {printf "%d", $3 / 1024}')"
  echo "$heap $(ps -o rss= -p "$EMU_PID" | tr -d ' ')"
}

echo "Memory over a ${MEM_SECONDS} s run (live heap after a full GC / RSS, every 10 s)..." >&2
kill "$BARE_PID" "$QUIET_PID"
MEM_LINES=("$(memory)")
MEM_LOAD_START="$(load)"
wrk -t"$THREADS" -c"$CONNECTIONS" -d"${MEM_SECONDS}s" --latency -H "Authorization: $TOKEN" "$API_URL" >"$WORK/mem-wrk.txt" &
WRK_PID=$!
for _ in $(seq 10 10 "$MEM_SECONDS"); do
  sleep 10
  MEM_LINES+=("$(memory)")
done
wait "$WRK_PID"
MEM_LINES+=("$(memory)")

E_RPS="$(median "${EMU_RPS[@]}")"; E_P99="$(median "${EMU_P99[@]}")"
Q_RPS="$(median "${QUIET_RPS[@]}")"; Q_P99="$(median "${QUIET_P99[@]}")"
B_RPS="$(median "${BARE_RPS[@]}")"; B_P99="$(median "${BARE_P99[@]}")"
RATIO="$(median "${RATIOS[@]}")"; QUIET_RATIO="$(median "${QUIET_RATIOS[@]}")"
HEAPS="$(printf '%s\n' "${MEM_LINES[@]}" | awk '{printf "%s%.1f", (NR>1?" → ":""), $1/1024}')"
RSSES="$(printf '%s\n' "${MEM_LINES[@]}" | awk '{printf "%s%.0f", (NR>1?" → ":""), $2/1024}')"
MEM_RPS="$(grep -o 'Requests/sec: *[0-9.]*' "$WORK/mem-wrk.txt" | awk '{printf "%.0f", $2}')"
MEM_P99="$(grep -E '^ +99%' "$WORK/mem-wrk.txt" | awk '{print $2}')"
LOG_LINES="$(wc -l <"$WORK/emulator.log")"

cat <<REPORT

$(date '+%Y-%m-%d %H:%M'), $(java -version 2>&1 | head -1), $(nproc) cores, load average at the rounds' starts: ${LOADS[*]}
| $REPEAT rounds of $DURATION, wrk -t$THREADS -c$CONNECTIONS, JVM $JAVA_OPTS | median req/s | median p99 | median ratio to bare (per round) |
|---|---|---|---|
| emulator, authorised GET /prod/ (cached token, real function, START/END/REPORT at INFO) | $E_RPS | $E_P99 ms | $RATIO % |
| emulator, function log lines silenced | $Q_RPS | $Q_P99 ms | $QUIET_RATIO % |
| bare Reactor Netty, same body | $B_RPS | $B_P99 ms | |

Per round: emulator ${EMU_RPS[*]} req/s, p99 ${EMU_P99[*]} ms; quiet ${QUIET_RPS[*]} req/s, p99 ${QUIET_P99[*]} ms;
bare ${BARE_RPS[*]} req/s, p99 ${BARE_P99[*]} ms; emulator/bare ${RATIOS[*]} %; quiet/bare ${QUIET_RATIOS[*]} %.
Memory over ${MEM_SECONDS} s at $MEM_RPS req/s (p99 $MEM_P99, load $MEM_LOAD_START → $(load)), sampled every 10 s:
live heap after a full GC (MiB) $HEAPS; RSS (MiB) $RSSES. The emulator's log: $LOG_LINES lines.
REPORT
