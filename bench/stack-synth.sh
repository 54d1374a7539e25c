#!/usr/bin/env bash
# Stack synthesis timings for docs/performance.md "## Stack synthesis". Not a test: run by hand on a quiet machine.
#   bench/stack-synth.sh [runs]      (default 5 runs each; needs a prior ./mvnw -B -q -pl stack -am package)
# Prints the median wall time of:
#   baseline   a JVM that does nothing (java -version) and a Node.js that does nothing, to read the rest against
#   build      the build-time synthesis alone (ModelExport: fresh JVM, jsii, synth, cdk-nag, model files)
#   app        the CDK app alone as the CDK CLI runs it (GatewayApp into a temporary CDK_OUTDIR)
#   cdk synth  `npx aws-cdk@<aws-cdk-cli.version> synth -q` from the root, app already built (no Maven)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-5}
cp_file=stack/target/cdk-app.classpath
[ -f "$cp_file" ] && [ -f handler/target/handler.jar ] \
  || { echo "build first: ./mvnw -B -q -pl stack -am package" >&2; exit 1; }
classpath="stack/target/classes:$(cat "$cp_file")"
cli_version=$(sed -n 's:.*<aws-cdk-cli.version>\(.*\)</aws-cdk-cli.version>.*:\1:p' pom.xml)
export JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION=20
mkdir -p "${XDG_CACHE_HOME:-$HOME/.cache}"
tmp=$(mktemp -d "${XDG_CACHE_HOME:-$HOME/.cache}/gateway-cli-bench.XXXXXX"); trap 'rm -rf "$tmp"' EXIT

# median of N wall-clock runs of "$@", in seconds
median() {
  local times=()
  for _ in $(seq "$runs"); do
    local start end
    start=$(date +%s.%N)
    "$@" > /dev/null 2>&1 || { echo "failed: $*" >&2; exit 1; }
    end=$(date +%s.%N)
    times+=("$(echo "$end - $start" | bc)")
  done
  printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {printf "%.2f", (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'
}

touch stack/target/cdk-app.stamp   # the app is built: keep stack/cdk-app.sh from running Maven
echo "machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), $(java -version 2>&1 | head -1), node $(node --version), CDK CLI $cli_version"
echo "baseline java -version: $(median java -version) s"
echo "baseline node -e 0:     $(median node -e 0) s"
echo "build-time synthesis:   $(median java -cp "$classpath" dev.gatewaycli.stack.model.ModelExport handler/target/handler.jar "$tmp/cdk.out" "$tmp/model") s"
echo "app alone (CDK_OUTDIR): $(median env CDK_OUTDIR="$tmp/app.out" java -cp "$classpath" dev.gatewaycli.stack.GatewayApp) s"
npx --yes "aws-cdk@$cli_version" --version > /dev/null   # fetch the CLI once, outside the timing
echo "cdk synth -q:           $(median npx --yes "aws-cdk@$cli_version" synth -q --output "$tmp/cli.out") s"
echo "runs per figure: $runs (median)"
