#!/bin/sh
# The CDK CLI's "app" (see /cdk.json): runs dev.gatewaycli.stack.GatewayApp, which synthesizes into $CDK_OUTDIR with
# the CLI's context. Maven runs only when this script has not built yet or a pom or main source of the handler or the
# stack changed since, so a `cdk diff` after `cdk synth` starts the app at once.
set -e
cd "$(dirname "$0")/.."
classpath_file=stack/target/cdk-app.classpath
stamp=stack/target/cdk-app.stamp
if [ ! -f "$stamp" ] || [ ! -f "$classpath_file" ] || [ ! -f handler/target/handler.jar ] \
    || [ -n "$(find pom.xml handler/pom.xml handler/src/main stack/pom.xml stack/src/main -newer "$stamp" 2>/dev/null | head -n 1)" ]; then
  echo "gateway-cli stack: building the handler and the stack (./mvnw -q -B -pl stack -am package -DskipTests)" >&2
  # The build synthesizes the model jar with its own output directory and default context: hide the CLI's (and
  # the CDK CLI's relative perf-counter and error file paths, which the nested synthesis cannot write).
  # Maven's output goes to stderr, to keep the app's stdout for the CDK CLI.
  env -u CDK_OUTDIR -u CDK_CONTEXT_JSON -u CDK_PERF_COUNTERS_FILE -u CDK_ERROR_FILE ./mvnw -q -B -pl stack -am package -DskipTests >&2
  touch "$stamp"
fi
exec "${JAVA_HOME:+$JAVA_HOME/bin/}java" -cp "stack/target/classes:$(cat "$classpath_file")" dev.gatewaycli.stack.GatewayApp
