#!/usr/bin/env bash
# Where the emulator's time goes under the benchmark's load (docs/performance.md, "Emulator throughput"). Not a test.
#
#   bench/emulator-jfr.sh              # 10 s warm-up, then 15 s under wrk -t2 -c32 with JFR's profiling settings
#   SECONDS_UNDER_LOAD=30 bench/emulator-jfr.sh
#   FUNCTION_LOG_LEVEL=WARN SKIP_BUILD=1 bench/emulator-jfr.sh    # with the START/END/REPORT lines silenced
#   ANALYZE=/tmp/x/emulator.jfr bench/emulator-jfr.sh                # only print the analysis of a recording
#
# Prints the hottest methods (self time) and the share of samples per capability (which frame of ours, or of the
# libraries, is on the stack), from jdk.ExecutionSample events. Keeps the recording in $WORK/emulator.jfr.
set -euo pipefail
cd "$(dirname "$0")/.."

SECONDS_UNDER_LOAD="${SECONDS_UNDER_LOAD:-15}"
JAVA_OPTS="${JAVA_OPTS:--Xms256m -Xmx256m -XX:+UseParallelGC}"
for tool in wrk python3 curl jcmd jfr; do
  command -v "$tool" >/dev/null || { echo "$tool is missing: install it and run again" >&2; exit 6; }
done

analyze() {
jfr print --events jdk.ExecutionSample --stack-depth 96 "$1" | python3 -c '
import collections, re, sys
events, threads, stack, thread = [], [], None, ""
for line in sys.stdin:
    s = line.strip()
    if s.startswith("sampledThread"):
        thread = re.sub(r"[-0-9 ]*\(.*$|\d+$", "", s.split("\"")[1]).rstrip("-")
    if s.startswith("jdk.ExecutionSample"):
        stack = []
    elif stack is not None and s.startswith("stackTrace = ["):
        pass
    elif stack is not None and s == "]":
        events.append(stack); threads.append(thread); stack = None
    elif stack is not None and "line:" in s:
        stack.append(re.sub(r"\(.*", "", s))
total = len(events)
print(f"{total} samples")
top = collections.Counter(st[0] for st in events if st)
print("\nHottest methods (self):")
for frame, n in top.most_common(25):
    print(f"  {100*n/total:5.1f} %  {frame}")
# Each sample goes to the capability of the frame nearest the top of its stack that belongs to one: time spent in the
# JDK or in Jackson counts for whoever called it, the Netty encoder counts as Netty even when our code asked for a write.
buckets = [
    ("function: aws-lambda-java-serialization (event in, response out)", ("com.amazonaws.services.lambda.runtime.serialization", "com.amazonaws.lambda.thirdparty")),
    ("function: the handler itself", ("dev.gatewaycli.handler",)),
    ("emulator: proxy event (streaming JSON generator)", ("dev.gatewaycli.emulator.apigateway.ProxyEvent",)),
    ("emulator: proxy response (streaming JSON parser)", ("dev.gatewaycli.emulator.apigateway.ProxyResponse",)),
    ("emulator: authorizer", ("dev.gatewaycli.emulator.apigateway.CognitoAuthorizer",)),
    ("emulator: routing", ("dev.gatewaycli.emulator.apigateway.RouteTable",)),
    ("logging (Logback, on any thread)", ("ch.qos.logback", "org.slf4j")),
    ("emulator: function runtime (invocation, Context, REPORT line)", ("dev.gatewaycli.emulator.lambda",)),
    ("emulator: API handler (headers, ids, response)", ("dev.gatewaycli.emulator",)),
    ("Reactor (Mono plumbing)", ("reactor.core",)),
    ("Reactor Netty", ("reactor.netty",)),
    ("Netty (HTTP codec, buffers, epoll)", ("io.netty",)),
    ("JDK concurrency (hand-off, futures, parking)", ("java.util.concurrent",)),
]
share = collections.Counter()
for st in events:
    for frame in st:
        hit = next((name for name, prefixes in buckets if frame.startswith(prefixes)), None)
        if hit:
            share[hit] += 1
            break
    else:
        share["other (JDK only)"] += 1
print("\nSelf time by capability (nearest capability frame to the top of each sample):")
for name, _ in buckets + [("other (JDK only)", ())]:
    print(f"  {100*share[name]/total:5.1f} %  {name}")
print("\nSamples by thread:")
for name, n in collections.Counter(threads).most_common(6):
    print(f"  {100*n/total:5.1f} %  {name}")
'
}
if [ -n "${ANALYZE:-}" ]; then analyze "$ANALYZE"; exit 0; fi

if [ -z "${SKIP_BUILD:-}" ]; then
  ./mvnw -B -q -pl emulator -am package -DskipTests
fi
CP="emulator/target/classes:emulator/target/test-classes:$(cat emulator/target/bench.classpath)"
mkdir -p "${XDG_CACHE_HOME:-$HOME/.cache}"
WORK="$(mktemp -d "${XDG_CACHE_HOME:-$HOME/.cache}/gateway-cli-bench.XXXXXX")"
# shellcheck disable=SC2086
java $JAVA_OPTS -DFUNCTION_LOG_LEVEL="${FUNCTION_LOG_LEVEL:-INFO}" -Dlogback.configurationFile=bench/emulator-logback.xml -DLOG_FILE="$WORK/emulator.log" \
  -cp "$CP" dev.gatewaycli.emulator.EmulatorMain >"$WORK/out" 2>"$WORK/err" &
PID=$!
trap 'kill $PID 2>/dev/null || true' EXIT
for _ in $(seq 1 120); do [ -s "$WORK/out" ] && break; sleep 0.5; done
[ -s "$WORK/out" ] || { echo "the emulator did not start:" >&2; cat "$WORK/err" >&2; exit 1; }
LINE="$(head -1 "$WORK/out")"
json() { python3 -c 'import json,sys; print(json.loads(sys.argv[1])[sys.argv[2]])' "$LINE" "$1"; }
TOKEN="$(curl -sf -u "$(json clientId):$(json clientSecret)" -H 'Content-Type: application/x-www-form-urlencoded' \
  -d grant_type=client_credentials "$(json tokenUrl)" | python3 -c 'import json,sys; print(json.load(sys.stdin)["access_token"])')"
API_URL="$(json apiUrl)"

wrk -t2 -c32 -d10s -H "Authorization: $TOKEN" "$API_URL" >/dev/null
jcmd "$PID" JFR.start name=bench settings=profile filename="$WORK/emulator.jfr" >/dev/null
wrk -t2 -c32 -d"${SECONDS_UNDER_LOAD}s" -H "Authorization: $TOKEN" "$API_URL" | grep -E 'Requests/sec'
jcmd "$PID" JFR.stop name=bench >/dev/null
echo "Recording: $WORK/emulator.jfr (load average $(cut -d' ' -f1-3 /proc/loadavg))"

analyze "$WORK/emulator.jfr"
