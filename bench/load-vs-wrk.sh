#!/usr/bin/env bash
# gateway-cli load beside wrk (docs/performance.md, "Load test client"). Not a test: run it by hand.
#
#   bench/load-vs-wrk.sh                       # 3 alternating rounds of 10 s, then a 1,000,000-request memory run
#   REPEAT=5 DURATION=20s MEM_REQUESTS=200000 bench/load-vs-wrk.sh
#   LOAD_JAVA_OPTS='-XX:TieredStopAtLevel=1 -XX:+UseSerialGC' bench/load-vs-wrk.sh   # the launcher's JIT/GC flags
#   TLS=1 bench/load-vs-wrk.sh                 # both clients over HTTPS, against the emulator's --tls
#   TLS=1 B_JAVA_OPTS='-Dgateway-cli.load.tls-engine=jdk' bench/load-vs-wrk.sh   # and load with the JDK's TLS, each round
#   B_JAR=/path/to/other/gateway-cli.jar bench/load-vs-wrk.sh                     # and another build of load, each round
#
#   SKIP_BUILD=1 bench/load-vs-wrk.sh          # reuse the last build
#
# Both clients drive the same authorised GET /prod/ of the emulator (bundled model of our stack, real function jar in
# the emulator's JVM, --functions in-process: this measures the client, not a function's own JVMs)
# over the same number of keep-alive connections for the same time, alternating in one run, so they share the
# machine's load. wrk gets a token from the emulator with curl; load fetches its own (one token for the run). The
# emulator is the same JVM for every round, warmed up first. Targets (docs/performance.md): load >= 80 % of wrk's
# throughput, load's p50 within 20 % of wrk's, and load's max RSS < 256 MB over a 1,000,000-request run.
# With TLS=1 the emulator serves HTTPS (EmulatorMain --tls, a CA of the run's own in its work directory): wrk
# (OpenSSL) and load (the JDK's TLS through Netty's SslHandler) each handshake once per connection and keep it alive;
# load trusts the CA through GATEWAY_CA_FILE, curl through --cacert. Same targets. load's TLS engine is OpenSSL where
# it loads (netty-tcnative, linux-x86_64), else the JDK's; its JSON names it, and the table shows it.
# With B_JAVA_OPTS or B_JAR a second load client ("load B": that jar, those JVM options) runs in every round right
# after the first, so both are measured under the same machine load; its ratio to wrk is in the table too.
set -euo pipefail
cd "$(dirname "$0")/.."

DURATION="${DURATION:-10s}"
CONNECTIONS="${CONNECTIONS:-32}"
THREADS="${THREADS:-2}"
REPEAT="${REPEAT:-3}"
MEM_REQUESTS="${MEM_REQUESTS:-1000000}"
EMU_JAVA_OPTS="${EMU_JAVA_OPTS:--Xms256m -Xmx256m -XX:+UseParallelGC}"
# The CLI as `java -jar` runs it, JVM defaults (no -Xmx): the memory figure is what a user gets.
LOAD_JAVA_OPTS="${LOAD_JAVA_OPTS:-}"
TLS="${TLS:-0}"
B_JAVA_OPTS="${B_JAVA_OPTS:-}"
B_JAR="${B_JAR:-}"
B=0
if [ -n "$B_JAVA_OPTS" ] || [ -n "$B_JAR" ]; then B=1; fi

install_or_die() { # $1 command, $2 Debian package
  command -v "$1" >/dev/null && return
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "$1 is missing: installing $2 with apt-get" >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$2" >/dev/null
  else
    echo "$1 is missing: install it (sudo apt-get install $2) and run again" >&2
    exit 6
  fi
}
install_or_die wrk wrk
install_or_die /usr/bin/time time
for tool in python3 curl; do
  command -v "$tool" >/dev/null || { echo "$tool is missing: install it and run again" >&2; exit 6; }
done

if [ "${SKIP_BUILD:-0}" != 1 ]; then
  echo "Building the CLI and the emulator (./mvnw -pl cli -am package -DskipTests)..." >&2
  ./mvnw -B -q -pl cli -am package -DskipTests
fi
CP="emulator/target/classes:$(cat emulator/target/bench.classpath)"
JAR=cli/target/gateway-cli.jar

WORK="$(mktemp -d)"
PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$WORK"; }
trap cleanup EXIT

json() { python3 -c 'import json,sys; print(json.loads(sys.argv[1])[sys.argv[2]])' "$1" "$2"; }

TLS_ARGS=()
CURL_TLS=()
if [ "$TLS" = 1 ]; then
  TLS_ARGS=(--tls --ca-dir "$WORK/ca")
  CURL_TLS=(--cacert "$WORK/ca/ca.pem")
fi
# shellcheck disable=SC2086
java $EMU_JAVA_OPTS -Dlogback.configurationFile=bench/emulator-logback.xml -DLOG_FILE="$WORK/emulator.log" \
  -cp "$CP" dev.gatewaycli.emulator.EmulatorMain --functions in-process "${TLS_ARGS[@]}" >"$WORK/emulator.out" 2>"$WORK/emulator.err" &
EMU_PID=$!
PIDS+=("$EMU_PID")
for _ in $(seq 1 120); do [ -s "$WORK/emulator.out" ] && break; sleep 0.5; done
[ -s "$WORK/emulator.out" ] || { echo "the emulator did not start:" >&2; cat "$WORK/emulator.err" >&2; exit 1; }
EMU_JSON="$(head -1 "$WORK/emulator.out")"
API_URL="$(json "$EMU_JSON" apiUrl)"
TOKEN_URL="$(json "$EMU_JSON" tokenUrl)"
CLIENT_ID="$(json "$EMU_JSON" clientId)"
CLIENT_SECRET="$(json "$EMU_JSON" clientSecret)"
TOKEN="$(curl -sf "${CURL_TLS[@]}" -u "$CLIENT_ID:$CLIENT_SECRET" -H 'Content-Type: application/x-www-form-urlencoded' \
  -d grant_type=client_credentials "$TOKEN_URL" | python3 -c 'import json,sys; print(json.load(sys.stdin)["access_token"])')"
STATUS="$(curl -s "${CURL_TLS[@]}" -o /dev/null -w '%{http_code}' -H "Authorization: $TOKEN" "$API_URL")"
[ "$STATUS" = 200 ] || { echo "authorised GET $API_URL answered $STATUS, not 200" >&2; exit 1; }

# The CLI's configuration: environment only, a private cache (one token, fetched once and cached).
export HOME="$WORK/home" XDG_CONFIG_HOME="$WORK/home/config" XDG_CACHE_HOME="$WORK/home/cache"
export GATEWAY_TOKEN_URL="$TOKEN_URL" GATEWAY_API_URL="$API_URL" GATEWAY_CLIENT_ID="$CLIENT_ID"
export GATEWAY_CLIENT_SECRET="$CLIENT_SECRET"
if [ "$TLS" = 1 ]; then
  export GATEWAY_CA_FILE="$WORK/ca/ca.pem"
fi

run_load() { # $@: load arguments; prints the JSON summary
  # shellcheck disable=SC2086
  java $LOAD_JAVA_OPTS -jar "$JAR" load --progress never -o json "$@" || true
}

run_load_b() { # as run_load, for load B
  # shellcheck disable=SC2086
  java $LOAD_JAVA_OPTS $B_JAVA_OPTS -jar "${B_JAR:-$JAR}" load --progress never -o json "$@" || true
}

# wrk output -> "<req/s> <p50 ms> <non-2xx>"
run_wrk() {
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"$1" --latency -H "Authorization: $TOKEN" "$API_URL" | python3 -c '
import re, sys
text = sys.stdin.read()
rps = float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1))
v, unit = re.search(r"\s50%\s+([\d.]+)(us|ms|s)", text).groups()
p50 = float(v) * {"us": 0.001, "ms": 1, "s": 1000}[unit]
bad = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", text)
print(f"{rps:.0f} {p50:.3f} {bad.group(1) if bad else 0}")'
}

# load's JSON -> "<req/s> <p50 ms> <failed> <TLS engine, or http>"
load_figures() {
  python3 -c '
import json, sys
j = json.loads(sys.stdin.read())
tls = j.get("tls") or {}
print("%.0f %.3f %d %s" % (j["throughput"], j["latencyMs"]["p50"], j["failed"], tls.get("engine", "http")))'
}

LOAD_BEFORE="$(cut -d' ' -f1-3 /proc/loadavg)"
echo "Warming up the emulator (wrk 10 s)..." >&2
run_wrk 10s >/dev/null

WRK_RPS=(); WRK_P50=(); LOAD_RPS=(); LOAD_P50=(); B_RPS=(); B_P50=()
ENGINE=http; B_ENGINE=http
for round in $(seq 1 "$REPEAT"); do
  read -r rps p50 bad < <(run_wrk "$DURATION")
  [ "$bad" = 0 ] || { echo "round $round: $bad non-2xx answers to wrk" >&2; exit 1; }
  WRK_RPS+=("$rps"); WRK_P50+=("$p50")
  read -r lrps lp50 lbad ENGINE < <(run_load -c "$CONNECTIONS" --duration "$DURATION" | load_figures)
  [ "$lbad" = 0 ] || { echo "round $round: $lbad failed requests from load" >&2; exit 1; }
  LOAD_RPS+=("$lrps"); LOAD_P50+=("$lp50")
  line="round $round: wrk $rps req/s p50 $p50 ms | load ($ENGINE) $lrps req/s p50 $lp50 ms"
  if [ "$B" = 1 ]; then
    read -r brps bp50 bbad B_ENGINE < <(run_load_b -c "$CONNECTIONS" --duration "$DURATION" | load_figures)
    [ "$bbad" = 0 ] || { echo "round $round: $bbad failed requests from load B" >&2; exit 1; }
    B_RPS+=("$brps"); B_P50+=("$bp50")
    line="$line | load B ($B_ENGINE) $brps req/s p50 $bp50 ms"
  fi
  echo "$line" >&2
done
LOAD_AFTER="$(cut -d' ' -f1-3 /proc/loadavg)"

median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }

echo "Memory: one run of $MEM_REQUESTS requests under /usr/bin/time -v..." >&2
# shellcheck disable=SC2086
/usr/bin/time -v java $LOAD_JAVA_OPTS -jar "$JAR" load --progress never -o json -n "$MEM_REQUESTS" \
  -c "$CONNECTIONS" >"$WORK/mem.json" 2>"$WORK/mem.time" || true
MEM_RSS_KB="$(awk -F': ' '/Maximum resident set size/ {print $2}' "$WORK/mem.time")"
read -r MEM_RPS MEM_P50 MEM_FAILED _ < <(load_figures <"$WORK/mem.json")
MEM_REQS="$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["requests"])' "$WORK/mem.json")"
MEM_WALL="$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$WORK/mem.time")"

W_RPS="$(median "${WRK_RPS[@]}")"; W_P50="$(median "${WRK_P50[@]}")"
L_RPS="$(median "${LOAD_RPS[@]}")"; L_P50="$(median "${LOAD_P50[@]}")"
RATIO="$(python3 -c "print(f'{100 * $L_RPS / $W_RPS:.0f}')")"
P50_DIFF="$(python3 -c "print(f'{100 * ($L_P50 - $W_P50) / $W_P50:+.0f}')")"
B_ROWS=""
if [ "$B" = 1 ]; then
  LB_RPS="$(median "${B_RPS[@]}")"; LB_P50="$(median "${B_P50[@]}")"
  B_RATIO="$(python3 -c "print(f'{100 * $LB_RPS / $W_RPS:.0f}')")"
  B_P50_DIFF="$(python3 -c "print(f'{100 * ($LB_P50 - $W_P50) / $W_P50:+.0f}')")"
  B_ROWS="| load B: ${B_JAR:-the same jar}, java ${LOAD_JAVA_OPTS:-} ${B_JAVA_OPTS:-} (TLS: $B_ENGINE) | $LB_RPS | $LB_P50 ms | ${B_RPS[*]}; ${B_P50[*]} |
| load B / wrk | $B_RATIO % | p50 $B_P50_DIFF % | |"
fi

cat <<REPORT

| client ($REPEAT alternating rounds of $DURATION, $CONNECTIONS connections, $( [ "$TLS" = 1 ] && echo HTTPS || echo HTTP )) | median req/s | median p50 | rounds (req/s; p50 ms) |
|---|---|---|---|
| wrk -t$THREADS -c$CONNECTIONS | $W_RPS | $W_P50 ms | ${WRK_RPS[*]}; ${WRK_P50[*]} |
| gateway-cli load -c $CONNECTIONS (java ${LOAD_JAVA_OPTS:-defaults}; TLS: $ENGINE) | $L_RPS | $L_P50 ms | ${LOAD_RPS[*]}; ${LOAD_P50[*]} |
| load / wrk | $RATIO % | p50 $P50_DIFF % | |
$B_ROWS

Load average (1/5/15 min): $LOAD_BEFORE before the rounds, $LOAD_AFTER after.
Memory: load -n $MEM_REQUESTS -c $CONNECTIONS: $MEM_REQS requests ($MEM_FAILED failed) in $MEM_WALL at $MEM_RPS req/s,
p50 $MEM_P50 ms; max RSS $((MEM_RSS_KB / 1024)) MiB ($MEM_RSS_KB KiB, /usr/bin/time -v).
REPORT
