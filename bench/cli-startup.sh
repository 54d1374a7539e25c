#!/usr/bin/env bash
# CLI start-up and token-cache benchmark (docs/performance.md). Whole-process wall time, median of RUNS runs after
# WARMUP warm-up runs, with hyperfine, against a local WireMock stub on 127.0.0.1 playing Cognito's token endpoint and
# the API stage. Beside gateway-cli, in the same hyperfine run: a bare `java` printing a line (the floor the goals are
# set against: cached token <= 5x, cached call <= 8x, --help <= 6x), a plain picocli JVM printing --help (the floor
# for any picocli CLI), both compiled here, curl doing the same API request, and `call --local /` (an emulator started
# in the process; goal <= 2.5x the cached call; its token cached by the run before, as from a user's second run on),
# and `call --local --no-cache /` (a token requested from the emulator every run). Then, per JDK and round, the cached
# call and `call --local /` again, interleaved ($INTERLEAVED rounds of bench/cli-ab.py, each round one run of each in random order): hyperfine
# times each command's runs in a block, so a load that changes between the blocks moves the ratio of the two; here
# both see the same load, and the median of the per-round ratios is reported beside the ratio of the medians. Then:
# token requests made by 100 consecutive `call` runs within one token lifetime (counted at the stub; must be 1).
#
#   bench/cli-startup.sh                      # JDK 17 (system) and Temurin 25 when present
#   JDKS="/usr/lib/jvm/java-17-openjdk-amd64" RUNS=20 bench/cli-startup.sh
#   INTERLEAVED=0 bench/cli-startup.sh         # hyperfine only, without the interleaved rounds
#   ROUNDS=3 BASELINE=/tmp/old-checkout bench/cli-startup.sh   # 3 rounds; and another checkout's launcher
#                                             # (e.g. `git archive <commit> | tar -x -C /tmp/old-checkout`)
#                                             # in the same hyperfine runs: before/after on equal terms
#   tar -xzf dist/target/gateway-cli-0.1.0-SNAPSHOT.tar.gz -C cli/target   # the release archive, unpacked, and
#   INSTALLED=cli/target/gateway-cli-0.1.0-SNAPSHOT bench/cli-startup.sh   # its launcher (POSIX sh, class-data
#                                             # archive in the XDG cache) beside the repository's
#
# The machine may be shared: compare rows of one round (same moment, same load), above all the "x floor" column;
# the load average is recorded at the start of every round.
#
# Needs: hyperfine (apt-get install hyperfine), curl, jq. Writes results to cli/target/bench/.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="$root/cli/target/bench"
RUNS="${RUNS:-15}"
ROUNDS="${ROUNDS:-1}"
BASELINE="${BASELINE:-}"
INSTALLED="${INSTALLED:-}"
WARMUP="${WARMUP:-3}"
CALLS="${CALLS:-100}"
INTERLEAVED="${INTERLEAVED:-15}"
default_jdks="/usr/lib/jvm/java-17-openjdk-amd64 /usr/lib/jvm/temurin-25-jdk-amd64"
JDKS="${JDKS:-$default_jdks}"

for tool in hyperfine curl jq; do
  command -v "$tool" >/dev/null || { echo "bench: $tool is missing; install it: apt-get install $tool" >&2; exit 6; }
done
if [[ -n "$INSTALLED" && ! -x "$INSTALLED/bin/gateway-cli" ]]; then
  echo "bench: $INSTALLED/bin/gateway-cli is not an executable launcher; unpack the release archive (see above)" >&2
  exit 6
fi
mkdir -p "$out"
cd "$root"

version_of() { sed -n "s:.*<$1>\(.*\)</$1>.*:\1:p" "$root/pom.xml" | head -1; }
fetch() { # groupId:artifactId:version -> path of the jar in target/bench
  local gav="$1" artifact version
  artifact="$(cut -d: -f2 <<<"$gav")"; version="$(cut -d: -f3 <<<"$gav")"
  if [[ ! -f "$out/$artifact-$version.jar" ]]; then
    ./mvnw -q -B dependency:copy -Dartifact="$gav" -DoutputDirectory="$out" >/dev/null
  fi
  echo "$out/$artifact-$version.jar"
}
wiremock_jar="$(fetch "org.wiremock:wiremock-standalone:$(version_of wiremock.version)")"
picocli_jar="$(fetch "info.picocli:picocli:$(version_of picocli.version)")"

# --- the floor: a plain picocli command, compiled here ---------------------------------------------------------------
mkdir -p "$out/floor"
cat >"$out/floor/Hello.java" <<'EOF'
import picocli.CommandLine;
import picocli.CommandLine.Command;

@Command(name = "hello", mixinStandardHelpOptions = true, description = "A plain picocli JVM: the start-up floor.")
public class Hello implements Runnable {
	public void run() { System.out.println("hello"); }
	public static void main(String[] args) { System.exit(new CommandLine(new Hello()).execute(args)); }
}
EOF
cat >"$out/floor/Line.java" <<'EOF'
public class Line {
	public static void main(String[] args) { System.out.println("hello"); }
}
EOF
javac --release 17 -cp "$picocli_jar" -d "$out/floor" "$out/floor/Hello.java" "$out/floor/Line.java"

# --- the stub: WireMock standalone on a free loopback port -----------------------------------------------------------
port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
stub="$out/stub"
rm -rf "$stub"; mkdir -p "$stub/mappings"
# A JWT-shaped token (this measures start-up and caching, not signatures; the tests use real RS256 tokens).
token="eyJraWQiOiJiZW5jaCIsImFsZyI6IlJTMjU2In0.eyJzdWIiOiJiZW5jaCIsInRva2VuX3VzZSI6ImFjY2VzcyJ9.c2lnbmF0dXJl"
cat >"$stub/mappings/token.json" <<EOF
{"request": {"method": "POST", "url": "/oauth2/token"},
 "response": {"status": 200, "headers": {"Content-Type": "application/json;charset=UTF-8"},
              "jsonBody": {"access_token": "$token", "expires_in": 3600, "token_type": "Bearer"}}}
EOF
cat >"$stub/mappings/api.json" <<'EOF'
{"request": {"method": "GET", "url": "/prod/"},
 "response": {"status": 200, "headers": {"Content-Type": "application/json"},
              "body": "{\"content\":\"Hello from the Lambda function!\"}"}}
EOF
java -jar "$wiremock_jar" --bind-address 127.0.0.1 --port "$port" --root-dir "$stub" --disable-banner \
  >"$out/stub.log" 2>&1 &
stub_pid=$!
trap 'kill "$stub_pid" 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do
  curl -fs "http://127.0.0.1:$port/__admin/health" >/dev/null 2>&1 && break
  sleep 0.2
done
token_requests() {
  curl -fs -X POST "http://127.0.0.1:$port/__admin/requests/count" \
    -d '{"method":"POST","url":"/oauth2/token"}' | jq .count
}

# --- the CLI's environment: private config and cache -----------------------------------------------------------------
home="$out/home"
rm -rf "$home"; mkdir -p "$home"
export HOME="$home" XDG_CONFIG_HOME="$home/config" XDG_CACHE_HOME="$home/cache"
export GATEWAY_TOKEN_URL="http://127.0.0.1:$port/oauth2/token" GATEWAY_API_URL="http://127.0.0.1:$port/prod"
export GATEWAY_CLIENT_ID="benchclient0000000000000000" GATEWAY_CLIENT_SECRET="benchsecretbenchsecretbenchsecret"

summary="$out/summary.md"
{
  echo "Machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, $(. /etc/os-release; echo "$PRETTY_NAME");" \
    "load average at start: $(cut -d' ' -f1-3 /proc/loadavg). hyperfine $RUNS runs after $WARMUP warm-ups."
  echo
  echo "| round (load) | JDK | command | median (s) | mean ± σ (s) | min (s) | x bare java | x cached call |"
  echo "|---|---|---|---|---|---|---|---|"
} >"$summary"

baseline=()
installed=()
for round in $(seq 1 "$ROUNDS"); do
for jdk in $JDKS; do
  [[ -x "$jdk/bin/java" ]] || { echo "bench: skipping $jdk (no bin/java)" >&2; continue; }
  name="$(sed -n 's/^JAVA_VERSION="\(.*\)"/\1/p' "$jdk/release")"
  export JAVA_HOME="$jdk"
  # Build, extract, train the archive for this JDK, and fill the token cache: none of that is timed.
  ./gateway-cli --version >/dev/null
  ./gateway-cli token >/dev/null
  if [[ -n "$BASELINE" ]]; then
    "$BASELINE/gateway-cli" --version >/dev/null
    "$BASELINE/gateway-cli" token >/dev/null
    baseline=(-n "baseline gateway-cli --help" "$BASELINE/gateway-cli --help"
      -n "baseline gateway-cli token (cached)" "$BASELINE/gateway-cli token"
      -n "baseline gateway-cli call (cached token)" "$BASELINE/gateway-cli call /")
  fi
  if [[ -n "$INSTALLED" ]]; then
    "$INSTALLED/bin/gateway-cli" --version >/dev/null # trains its archive in $XDG_CACHE_HOME/gateway-cli/launcher
    installed=(-n "installed gateway-cli --help" "$INSTALLED/bin/gateway-cli --help"
      -n "installed gateway-cli call (cached token)" "$INSTALLED/bin/gateway-cli call /")
  fi
  load="$(cut -d' ' -f1 /proc/loadavg)"
  json="$out/hyperfine-jdk${name%%.*}-round$round.json"
  # `call --local` once before timing: the model extracted and the pool's signing keys made into the cache, as after
  # a user's first run.
  ./gateway-cli call --local / >/dev/null
  hyperfine -N --style basic --warmup "$WARMUP" --runs "$RUNS" --export-json "$json" \
    -n "bare java printing a line (floor)" "$jdk/bin/java -cp $out/floor Line" \
    -n "plain picocli JVM --help" "$jdk/bin/java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -cp $picocli_jar:$out/floor Hello --help" \
    -n "curl GET (same request)" "curl -fsS -H 'Authorization: $token' http://127.0.0.1:$port/prod/" \
    -n "gateway-cli --help" "./gateway-cli --help" \
    -n "gateway-cli token (cached)" "./gateway-cli token" \
    -n "gateway-cli call (cached token)" "./gateway-cli call /" \
    -n "gateway-cli call --local /" "./gateway-cli call --local /" \
    -n "gateway-cli call --local --no-cache /" "./gateway-cli call --local --no-cache /" \
    ${baseline[@]+"${baseline[@]}"} ${installed[@]+"${installed[@]}"} >&2
  jq -r --arg jdk "$name" --arg round "$round ($load)" '
    (.results[] | select(.command | startswith("bare java")) | .median) as $floor
    | (.results[] | select(.command == "gateway-cli call (cached token)") | .median) as $call
    | .results[]
    | "| \($round) | \($jdk) | \(.command) | \(.median * 1000 | round / 1000) | \(.mean * 1000 | round / 1000) ± \(.stddev * 1000 | round / 1000) | \(.min * 1000 | round / 1000) | \(.median / $floor * 10 | round / 10) | \(.median / $call * 100 | round / 100) |"' \
    "$json" >>"$summary"
  if (( INTERLEAVED > 0 )); then
    {
      echo
      echo "Round $round, JDK $name, interleaved (\`bench/cli-ab.py $INTERLEAVED\`, the cached call first):"
      echo
      python3 "$root/bench/cli-ab.py" "$INTERLEAVED" \
        "gateway-cli call (cached token)=./gateway-cli call /" \
        "gateway-cli call --local /=./gateway-cli call --local /" \
        "bare java printing a line (floor)=$jdk/bin/java -cp $out/floor Line"
      echo
    } >>"$summary"
  fi
done
done

# --- token requests made by CALLS consecutive `call` runs within one token lifetime -----------------------------------
rm -rf "$XDG_CACHE_HOME"
curl -fs -X DELETE "http://127.0.0.1:$port/__admin/requests" >/dev/null
failures=0
for _ in $(seq 1 "$CALLS"); do
  ./gateway-cli call / >/dev/null || failures=$((failures + 1))
done
count="$(token_requests)"
{
  echo
  echo "Load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)."
  echo
  echo "Token requests made by $CALLS consecutive \`gateway-cli call\` runs (empty cache at the start, JDK $name): **$count** ($failures runs failed)."
} >>"$summary"

cat "$summary"
[[ "$count" == "1" && "$failures" == "0" ]] || { echo "bench: expected 1 token request and no failures" >&2; exit 1; }
