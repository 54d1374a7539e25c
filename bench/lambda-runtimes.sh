#!/usr/bin/env bash
# Functions in their own processes through the emulated Lambda Runtime API (docs/performance.md, "Lambda runtimes").
# Not a test: run it by hand, on a machine with nothing else running.
#
#   bench/lambda-runtimes.sh                          # 3 alternating rounds of 10 s, 5 cold-start rounds
#   DURATION=2s WARMUP=1s WARMUP_MAX=1 REPEAT=1 COLD=1 bench/lambda-runtimes.sh   # a quick check that it works
#   WARM=0 COLD=5 bench/lambda-runtimes.sh            # cold starts only (COLD=0: warm throughput only)
#   BUILD=0 ...                                       # use the classes already built
#
# Warm throughput: wrk -t2 -c8 through the whole emulated path, a Cognito access token checked by the authorizer
# included, against three emulators in the same run, alternating round by round:
#   - node:       GET /prod/node/hello of the runtimes test app, a Node.js function in its own processes
#   - java:       GET /prod/ of the bundled model (our stack's Java function) in its own JVMs (the default mode)
#   - in-process: the same Java function in the emulator's JVM (--functions in-process)
# Goal: at least 1,500 requests/s for the warm Node.js function on a 2-core machine, p99 under 20 ms.
# Warm means the emulator's JIT is done: each emulator is warmed up with wrk in slices of $WARMUP (5 s) until its JIT
# compiler threads used less than 5 % of the slice's time (read from /proc/<pid>/task/*/stat), at most $WARMUP_MAX
# slices (12); the report gives each emulator's warm-up. A fixed 5 s left the first rounds measuring the JIT at work.
#
# Cold start: a fresh emulator per round invokes a Node.js, a Python and two Java functions of the runtimes app (java21
# and java17, each on the JDK the emulator picks for its runtime) once each and reads their Init Duration (the
# environment's spawn until its first /next) from the REPORT lines; beside it, in the same round, the bare interpreters
# the environments ran: node -e 0, python3 -c 0, and java -version of the JDK each Java function reported as its
# java.home (each timed from spawn to exit). Goal: an environment's start within 1.5x of its bare interpreter's.
set -euo pipefail
cd "$(dirname "$0")/.."

DURATION="${DURATION:-10s}"
WARMUP="${WARMUP:-5s}"
WARMUP_MAX="${WARMUP_MAX:-12}"
REPEAT="${REPEAT:-3}"
COLD="${COLD:-5}"
WARM="${WARM:-1}"
BUILD="${BUILD:-1}"
THREADS=2
CONNECTIONS=8
JAVA_OPTS="${JAVA_OPTS:--Xms256m -Xmx256m -XX:+UseParallelGC}"

for tool in wrk python3 curl node java; do
  command -v "$tool" >/dev/null || { echo "$tool is missing: install it and run again" >&2; exit 6; }
done

if [ "$BUILD" = 1 ]; then
  echo "Building the emulator and the test apps (./mvnw -pl emulator -am package -DskipTests)..." >&2
  ./mvnw -B -q -pl emulator -am package -DskipTests
fi
CP="emulator/target/classes:emulator/target/test-classes:$(cat emulator/target/bench.classpath)"
RUNTIMES=testapps/target/assemblies/runtimes

WORK="$(mktemp -d "${XDG_CACHE_HOME:-$HOME/.cache}/gateway-cli-bench.XXXXXX")"
PIDS=()
cleanup() {
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  rm -rf "$WORK"
}
trap cleanup EXIT

json() { python3 -c 'import json,sys; print(json.loads(sys.argv[1])[sys.argv[2]])' "$1" "$2"; }

# Starts an emulator whose first stdout line is its endpoints; echoes "<pid> <line>". $1 names it, $2 is its logback
# configuration, the rest are EmulatorMain's options.
start_emulator() {
  local name="$1" logback="$2"; shift 2
  # shellcheck disable=SC2086
  java $JAVA_OPTS -Dlogback.configurationFile="$logback" -DLOG_FILE="$WORK/$name.log" \
    -cp "$CP" dev.gatewaycli.emulator.EmulatorMain "$@" >"$WORK/$name.out" 2>"$WORK/$name.err" &
  local pid=$!
  for _ in $(seq 1 240); do
    if [ -s "$WORK/$name.out" ]; then echo "$pid $(head -1 "$WORK/$name.out")"; return; fi
    sleep 0.25
  done
  kill "$pid" 2>/dev/null || true
  echo "$name did not start within 60 s:" >&2; cat "$WORK/$name.err" >&2; exit 1
}

token_for() {
  curl -sf -u "$(json "$1" clientId):$(json "$1" clientSecret)" -H 'Content-Type: application/x-www-form-urlencoded' \
    -d grant_type=client_credentials "$(json "$1" tokenUrl)" | python3 -c 'import json,sys; print(json.load(sys.stdin)["access_token"])'
}

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
load() { cut -d' ' -f1 /proc/loadavg; }
# CPU ticks the JIT compiler threads of JVM $1 have used so far.
jit_ticks() {
  local total=0 task
  for task in /proc/"$1"/task/*; do
    case "$(cat "$task/comm" 2>/dev/null)" in
      C1\ CompilerThre* | C2\ CompilerThre*) total=$((total + $(awk '{print $14 + $15}' "$task/stat" 2>/dev/null || echo 0))) ;;
    esac
  done
  echo "$total"
}
# Warms emulator $1 (pid) up at URL $2 with token $3 (see the header); echoes "<slices> <JIT share of the last, %>".
warm_up() {
  local pid="$1" url="$2" token="$3" slice before after share=100 slices=0 hz seconds
  hz="$(getconf CLK_TCK)"; seconds="$(python3 -c "import re,sys; v,u=re.fullmatch(r'([\d.]+)(ms|s|m)?','$WARMUP').groups(); print(float(v)*{'ms':0.001,'s':1,'m':60,None:1}[u])")"
  for slice in $(seq 1 "$WARMUP_MAX"); do
    before="$(jit_ticks "$pid")"
    run_wrk "$url" "$WARMUP" "$token" >/dev/null
    after="$(jit_ticks "$pid")"
    slices="$slice"
    share="$(python3 -c "print(round(100 * ($after - $before) / $hz / $seconds, 1))")"
    python3 -c "import sys; sys.exit(0 if $share < 5 else 1)" && break
  done
  echo "$slices $share"
}
median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }

# ---------------------------------------------------------------- warm throughput

N_RPS=(); N_P99=(); J_RPS=(); J_P99=(); I_RPS=(); I_P99=(); LOADS=(); ENVIRONMENTS=-; JVMS=-
if [ "$WARM" = 1 ]; then
read -r NODE_PID NODE_JSON < <(start_emulator node bench/emulator-logback.xml --cloud-assembly "$RUNTIMES")
PIDS+=("$NODE_PID")
read -r JAVA_PID JAVA_JSON < <(start_emulator java bench/emulator-logback.xml)
PIDS+=("$JAVA_PID")
read -r INPROC_PID INPROC_JSON < <(start_emulator in-process bench/emulator-logback.xml --functions in-process)
PIDS+=("$INPROC_PID")
NODE_URL="$(json "$NODE_JSON" apiUrl)node/hello"; NODE_TOKEN="$(token_for "$NODE_JSON")"
JAVA_URL="$(json "$JAVA_JSON" apiUrl)"; JAVA_TOKEN="$(token_for "$JAVA_JSON")"
INPROC_URL="$(json "$INPROC_JSON" apiUrl)"; INPROC_TOKEN="$(token_for "$INPROC_JSON")"
for check in "$NODE_URL $NODE_TOKEN" "$JAVA_URL $JAVA_TOKEN" "$INPROC_URL $INPROC_TOKEN"; do
  read -r url token <<<"$check"
  status="$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: $token" "$url")"
  [ "$status" = 200 ] || { echo "authorised GET $url answered $status, not 200" >&2; exit 1; }
done

echo "Warming up (wrk in slices of $WARMUP until the JIT is done; the first requests start the execution environments)..." >&2
read -r NODE_WARM NODE_JIT < <(warm_up "$NODE_PID" "$NODE_URL" "$NODE_TOKEN")
read -r JAVA_WARM JAVA_JIT < <(warm_up "$JAVA_PID" "$JAVA_URL" "$JAVA_TOKEN")
read -r INPROC_WARM INPROC_JIT < <(warm_up "$INPROC_PID" "$INPROC_URL" "$INPROC_TOKEN")
WARMED="warm-up slices of $WARMUP (JIT share of the last): node $NODE_WARM ($NODE_JIT %), java $JAVA_WARM ($JAVA_JIT %), in-process $INPROC_WARM ($INPROC_JIT %)"
echo "$WARMED" >&2

for round in $(seq 1 "$REPEAT"); do
  LOADS+=("$(load)")
  read -r nr np nb < <(run_wrk "$NODE_URL" "$DURATION" "$NODE_TOKEN")
  read -r jr jp jb < <(run_wrk "$JAVA_URL" "$DURATION" "$JAVA_TOKEN")
  read -r ir ip ib < <(run_wrk "$INPROC_URL" "$DURATION" "$INPROC_TOKEN")
  for bad in "$nb" "$jb" "$ib"; do
    [ "$bad" = 0 ] || { echo "round $round: non-2xx responses ($nb node, $jb java, $ib in-process)" >&2; exit 1; }
  done
  N_RPS+=("$nr"); N_P99+=("$np"); J_RPS+=("$jr"); J_P99+=("$jp"); I_RPS+=("$ir"); I_P99+=("$ip")
  echo "round $round (load $(load)): node $nr req/s p99 $np ms | java $jr req/s p99 $jp ms |" \
    "in-process $ir req/s p99 $ip ms" >&2
done
ENVIRONMENTS="$(pgrep -c -P "$NODE_PID" node || true)"
JVMS="$(pgrep -c -P "$JAVA_PID" java || true)"
for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
PIDS=()
fi

# ---------------------------------------------------------------- cold start

cat >"$WORK/cold-logback.xml" <<'XML'
<configuration>
  <appender name="FILE" class="ch.qos.logback.core.FileAppender">
    <file>${LOG_FILE}</file>
    <encoder><pattern>%logger %msg%n</pattern></encoder>
  </appender>
  <logger name="dev.gatewaycli.emulator.function" level="INFO"/>
  <root level="WARN"><appender-ref ref="FILE"/></root>
</configuration>
XML

# Wall time of one command from spawn to exit, in ms.
bare() { python3 -c '
import subprocess, sys, time
t = time.perf_counter()
subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
print(f"{(time.perf_counter() - t) * 1000:.2f}")' "$@"; }
# The interpreters the environments run: python3 through a shim (pyenv) is the interpreter behind it.
PYTHON="$(python3 -c 'import sys; print(sys.executable)')"
# The java a Java function ran on: its report's javaHome line ($1 is the report's body).
java_of() { printf '%s\n' "$1" | awk -F= '/^javaHome=/ {print $2 "/bin/java"; exit}'; }

if [ "$COLD" -gt 0 ]; then
# Round 0, not counted: the first Java environment of a user's cache starts the class data archive of the Java
# runtime in the background (made once per user, JDK and runtime client); the rounds measure the starts that follow.
CACHE="${XDG_CACHE_HOME:-$HOME/.cache}/gateway-cli"
read -r COLD_PID COLD_JSON < <(start_emulator cold "$WORK/cold-logback.xml" --cloud-assembly "$RUNTIMES")
PIDS+=("$COLD_PID")
for path in java/report java/report17; do
  curl -sf -o /dev/null -H "Authorization: $(token_for "$COLD_JSON")" "$(json "$COLD_JSON" apiUrl)$path"
done
# The training runs as child JVMs of the emulator (on JDK 17-24 the runtime client's start listing its classes, then
# the dump; on JDK 25 and later one JVM recording the start, whose own child writes the AOT cache as it exits): wait
# until none has been seen for two checks in a row (the second JVM starts as the first ends).
quiet=0
for _ in $(seq 1 600); do
  if pgrep -P "$COLD_PID" -f -- '-XX:DumpLoadedClassList=|-Xshare:dump|-XX:AOTCacheOutput=' >/dev/null; then quiet=0; else quiet=$((quiet + 1)); fi
  [ "$quiet" -ge 2 ] && break
  sleep 0.5
done
compgen -G "$CACHE/runtime-java-cds/*/runtime.*" >/dev/null || echo "no class data archive after 300 s: Java starts without it" >&2
kill "$COLD_PID"; wait "$COLD_PID" 2>/dev/null || true
PIDS=()

CN=(); CP_=(); CJ=(); CJ17=(); BN=(); BP=(); BJ=(); BJ17=()
for round in $(seq 1 "$COLD"); do
  LOADS+=("$(load)")
  rm -f "$WORK/cold.log" "$WORK/cold.out"
  read -r COLD_PID COLD_JSON < <(start_emulator cold "$WORK/cold-logback.xml" --cloud-assembly "$RUNTIMES")
  PIDS+=("$COLD_PID")
  token="$(token_for "$COLD_JSON")"
  for path in node/hello python/inline; do
    curl -sf -o /dev/null -H "Authorization: $token" "$(json "$COLD_JSON" apiUrl)$path"
  done
  JAVA="$(java_of "$(curl -sf -H "Authorization: $token" "$(json "$COLD_JSON" apiUrl)java/report")")"
  JAVA17="$(java_of "$(curl -sf -H "Authorization: $token" "$(json "$COLD_JSON" apiUrl)java/report17")")"
  BN+=("$(bare node -e 0)"); BP+=("$(bare "$PYTHON" -c 0)"); BJ+=("$(bare "$JAVA" -version)")
  BJ17+=("$(bare "$JAVA17" -version)")
  kill "$COLD_PID"; wait "$COLD_PID" 2>/dev/null || true
  PIDS=()
  read -r cn cp cj cj17 < <(python3 - "$WORK/cold.log" <<'PY'
import re, sys
init = {}
for line in open(sys.argv[1]):
    m = re.search(r"function\.Runtimes-(NodeHello|PythonInline|JavaReport17|JavaReport)[A-F0-9]{8}\S* REPORT .*Init Duration: ([\d.]+) ms", line)
    if m:
        init[m.group(1)] = m.group(2)
print(*(init.get(f, "nan") for f in ("NodeHello", "PythonInline", "JavaReport", "JavaReport17")))
PY
)
  CN+=("$cn"); CP_+=("$cp"); CJ+=("$cj"); CJ17+=("$cj17")
  echo "cold round $round: node $cn ms (bare ${BN[-1]}) | python $cp ms (bare ${BP[-1]}) | java21 $cj ms (bare ${BJ[-1]})" \
    "| java17 $cj17 ms (bare ${BJ17[-1]})" >&2
done
fi

# A JDK's version and whether its environments had an AOT cache or a static archive, from its release file.
jdk_of() {
  local v; v="$(sed -n 's/^JAVA_VERSION="\(.*\)"$/\1/p' "$(dirname "$(dirname "$1")")/release")"
  if [ "${v%%.*}" -ge 25 ]; then echo "JDK $v, AOT cache"; else echo "JDK $v, static archive"; fi
}
ratio() { python3 -c "print(f'{float(\"$1\") / float(\"$2\"):.2f}')"; }
MN="$(median "${CN[@]}")"; MP="$(median "${CP_[@]}")"; MJ="$(median "${CJ[@]}")"; MJ17="$(median "${CJ17[@]}")"
BMN="$(median "${BN[@]}")"; BMP="$(median "${BP[@]}")"; BMJ="$(median "${BJ[@]}")"; BMJ17="$(median "${BJ17[@]}")"

cat <<REPORT

$(date "+%Y-%m-%d %H:%M"), emulator on $(java -version 2>&1 | head -1), node $(node --version), $("$PYTHON" --version 2>&1), $(nproc) cores, load at the rounds' starts: ${LOADS[*]}
REPORT
if [ "$WARM" = 1 ]; then cat <<REPORT
| $REPEAT rounds of $DURATION, wrk -t$THREADS -c$CONNECTIONS, authorizer included | median req/s | median p99 | rounds (req/s) |
|---|---|---|---|
| Node.js function, own processes (goal >= 1,500 req/s, p99 < 20 ms) | $(median "${N_RPS[@]}") | $(median "${N_P99[@]}") ms | ${N_RPS[*]} |
| Java function, own JVMs (default mode) | $(median "${J_RPS[@]}") | $(median "${J_P99[@]}") ms | ${J_RPS[*]} |
| Java function, in the emulator's JVM | $(median "${I_RPS[@]}") | $(median "${I_P99[@]}") ms | ${I_RPS[*]} |

Execution environments at the end: $ENVIRONMENTS node processes, $JVMS JVMs (the emulator starts one per concurrent invocation).
Emulators' $WARMED.
REPORT
fi
if [ "$COLD" -gt 0 ]; then
cat <<REPORT

| $COLD cold-start rounds | environment's Init Duration (median) | bare interpreter (median) | ratio (goal <= 1.5) |
|---|---|---|---|
| Node.js ($(command -v node)) | $MN ms | $BMN ms (node -e 0) | $(ratio "$MN" "$BMN") |
| Python ($PYTHON) | $MP ms | $BMP ms (python3 -c 0) | $(ratio "$MP" "$BMP") |
| Java, java21 ($JAVA, $(jdk_of "$JAVA")) | $MJ ms | $BMJ ms (java -version of that JDK) | $(ratio "$MJ" "$BMJ") |
| Java, java17 ($JAVA17, $(jdk_of "$JAVA17")) | $MJ17 ms | $BMJ17 ms (java -version of that JDK) | $(ratio "$MJ17" "$BMJ17") |

Per round: node ${CN[*]} ms (bare ${BN[*]}); python ${CP_[*]} ms (bare ${BP[*]}); java21 ${CJ[*]} ms (bare ${BJ[*]});
java17 ${CJ17[*]} ms (bare ${BJ17[*]}).
REPORT
fi
