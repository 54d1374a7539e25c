#!/usr/bin/env python3
"""Start of a Java execution environment beside `java -version`, without the emulator.

Usage: bench/java-environment-start.py [ROUNDS] [JAVA...]   (default 7 counted rounds, after one uncounted; the
                                                             `java` on PATH)

For each JDK given (its `bin/java`), each round spawns, alternating: that JDK's `java -version` (timed to its exit),
then the Java environment as the emulator starts it on that JDK (Lambda's JVM options for 512 MB, AWS's runtime
interface client, the `runtimes` test app's ReportHandler as the function) without and with what the emulator trains
for that JDK (JDK 17-24: the static class data archive, `-XX:SharedArchiveFile`; JDK 25 and later: the AOT cache,
`-XX:AOTCache`, without `-Xshare:auto`, which the JVM refuses beside it), each against a loopback socket of this
script's, timed from the spawn to its first `GET /2018-06-01/runtime/invocation/next`; the environment is then killed.
Beside the wall times, each process's CPU time (user + system, from wait4) until then, which moves less than wall time
on a shared machine. Prints the medians, their ratios to the same JDK's `java -version`, and the load average at each
round's start.

Needs a build (the `runtimes` test app synthesized: `./mvnw -q -B package -pl emulator -am -DskipTests`) and the
runtime client and the JDKs' archives in the user's cache, which the emulator makes at the first Java environment on
each JDK (e.g. `WARM=0 COLD=1 bench/lambda-runtimes.sh`, whose java21 and java17 functions run on the JDKs of those
versions when installed). This is a benchmark, not a test: nothing fails on a slow figure.
"""
import glob
import json
import os
import socket
import statistics
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CACHE = os.path.join(os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "gateway-cli")
DEFAULT_JAVA = os.path.join(os.path.realpath(subprocess.run(
    ["java", "-XshowSettings:properties", "-version"], capture_output=True, text=True).stderr.split(
    "java.home = ")[1].splitlines()[0]), "bin", "java")
JARS = ["aws-lambda-java-runtime-interface-client.jar", "aws-lambda-java-core.jar",
        "aws-lambda-java-serialization.jar", "utils-lite.jar", "annotations.jar"]
HANDLER = "dev.gatewaycli.testapps.functions.ReportHandler::handleRequest"
# Runtimes.javaOptions("java21", 512)
OPTIONS = ["-XX:MaxHeapSize=445645k", "-XX:MaxMetaspaceSize=52429k", "-XX:ReservedCodeCacheSize=26214k",
           "-XX:+UseSerialGC", "-Xshare:auto", "-XX:+TieredCompilation", "-XX:TieredStopAtLevel=1",
           "-Djava.net.preferIPv4Stack=true"]


def feature(java):
    """The JDK's feature version, from its release file (as the emulator reads it)."""
    for line in open(os.path.join(os.path.dirname(os.path.dirname(os.path.realpath(java))), "release")):
        if line.startswith("JAVA_VERSION="):
            parts = line.split("=", 1)[1].strip().strip('"').split(".")
            return int(parts[1]) if parts[0] == "1" else int(parts[0])
    sys.exit(f"{java}: no JAVA_VERSION in its release file")


def maps(java, archive, class_path):
    """Whether java maps the archive (or AOT cache) for class_path: the JVM refuses it otherwise."""
    if archive.endswith(".aot"):
        check = [java, "-XX:+UseSerialGC", "-XX:AOTMode=on", "-XX:AOTCache=" + archive, "-classpath", class_path,
                 "-version"]
    else:
        check = [java, "-XX:+UseSerialGC", "-Xshare:on", "-XX:SharedArchiveFile=" + archive,
                 "-XX:+PrintSharedArchiveAndExit", "-classpath", class_path]
    return subprocess.run(check, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode == 0


def archive_of(java):
    """The newest archive of java's kind in the cache that java maps, and the runtime client's directory it is for."""
    name = "runtime.aot" if feature(java) >= 25 else "runtime.jsa"
    archives = sorted(glob.glob(os.path.join(CACHE, "runtime-java-cds/*/" + name)), key=os.path.getmtime)
    for archive in reversed(archives):
        for directory in sorted(glob.glob(os.path.join(CACHE, "runtime-java/*/"))):
            if maps(java, archive, ":".join(os.path.join(directory, jar) for jar in JARS)):
                return archive, directory.rstrip("/")
    sys.exit(f"no {name} in {CACHE}/runtime-java-cds that {java} maps: run an emulator's Java function on it once")


def java_task_root():
    template = json.load(open(os.path.join(ROOT, "testapps/target/assemblies/runtimes/Runtimes.template.json")))
    for resource in template["Resources"].values():
        props = resource.get("Properties", {})
        if resource["Type"] == "AWS::Lambda::Function" and props.get("Handler") == HANDLER:
            asset = resource["Metadata"]["aws:asset:path"]
            return os.path.join(ROOT, "testapps/target/assemblies/runtimes", asset)
    sys.exit("the runtimes app has no ReportHandler function")


def until_first_next(command, env, cwd):
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(4)
    server.settimeout(60)
    env = dict(env, AWS_LAMBDA_RUNTIME_API=f"127.0.0.1:{server.getsockname()[1]}")
    start = time.perf_counter_ns()
    process = subprocess.Popen(command, env=env, cwd=cwd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT)
    head = b""
    try:
        connection, _ = server.accept()
        while b"\r\n\r\n" not in head:
            data = connection.recv(65536)
            if not data:
                break
            head += data
    except socket.timeout:
        pass
    wall = (time.perf_counter_ns() - start) / 1e6
    process.kill()
    output = process.stdout.read()
    process.stdout.close()
    _, _, usage = os.wait4(process.pid, 0)
    process.returncode = 0
    server.close()
    if b"/2018-06-01/runtime/invocation/next" not in head:
        sys.exit("the environment never asked for an event:\n" + output.decode(errors="replace")[-3000:])
    return wall, (usage.ru_utime + usage.ru_stime) * 1000


def to_exit(command):
    start = time.perf_counter_ns()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, _, usage = os.wait4(process.pid, 0)
    process.returncode = 0
    return (time.perf_counter_ns() - start) / 1e6, (usage.ru_utime + usage.ru_stime) * 1000


def main():
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 7
    javas = sys.argv[2:] or [DEFAULT_JAVA]
    task_root = java_task_root()
    private_tmp = os.path.join(CACHE, "bench-java-tmp")
    os.makedirs(private_tmp, mode=0o700, exist_ok=True)
    variants = {}
    env = {}
    archives = {}
    for java in javas:
        archive, runtime = archive_of(java)
        archives[java] = archive
        jni = glob.glob(os.path.join(runtime, "libaws-lambda-jni.*.so"))[0]
        class_path = ":".join(os.path.join(runtime, jar) for jar in JARS)
        version = feature(java)

        def environment(options, java=java, jni=jni, class_path=class_path):
            return [java] + options + ["-XX:-UsePerfData", "-Djava.io.tmpdir=" + private_tmp,
                                       "-Dcom.amazonaws.services.lambda.runtime.api.client.runtimeapi."
                                       "NativeClient.JNI=" + jni, "-classpath", class_path,
                                       "com.amazonaws.services.lambda.runtime.api.client.AWSLambda", HANDLER]

        env[java] = {"PATH": os.path.dirname(java) + ":/usr/local/bin:/usr/bin/:/bin:/opt/bin", "TZ": ":UTC",
                     "LANG": "en_US.UTF-8", "_HANDLER": HANDLER, "LAMBDA_TASK_ROOT": task_root,
                     "AWS_REGION": "us-east-1", "AWS_LAMBDA_FUNCTION_NAME": "bench",
                     "AWS_LAMBDA_FUNCTION_VERSION": "$LATEST", "AWS_LAMBDA_FUNCTION_MEMORY_SIZE": "512",
                     "AWS_EXECUTION_ENV": f"AWS_Lambda_java{version}", "AWS_EC2_METADATA_DISABLED": "true",
                     "LAMBDA_RUNTIME_DIR": runtime}
        if archive.endswith(".aot"):
            with_archive = [o for o in OPTIONS if o != "-Xshare:auto"] + ["-XX:AOTCache=" + archive]
            kind = "AOT cache"
        else:
            with_archive = OPTIONS + ["-XX:SharedArchiveFile=" + archive]
            kind = "static archive"
        variants[(java, "java -version")] = None
        variants[(java, "environment, no archive")] = environment(OPTIONS)
        variants[(java, "environment, " + kind)] = environment(with_archive)
    wall = {name: [] for name in variants}
    cpu = {name: [] for name in variants}
    loads = []
    for r in range(rounds + 1):
        load = os.getloadavg()[0]
        row = {}
        for (java, name), command in variants.items():
            row[(java, name)] = to_exit([java, "-version"]) if command is None \
                else until_first_next(command, env[java], task_root)
        if r == 0:
            continue  # uncounted: the page cache
        loads.append(load)
        for key, (w, c) in row.items():
            wall[key].append(w)
            cpu[key].append(c)
        print(f"round {r} (load {load:.2f}): " + " | ".join(
            f"{feature(j)} {n} {w:.0f} ms" for (j, n), (w, _) in row.items()), file=sys.stderr)
    print(f"{time.strftime('%Y-%m-%d %H:%M')}, {rounds} rounds, load at the rounds' starts "
          + " ".join(f"{x:.2f}" for x in loads))
    for java in javas:
        print(f"\n{java} (JDK {feature(java)}), {archives[java]} ({os.path.getsize(archives[java]) // 1024} KiB)")
        base_wall = statistics.median(wall[(java, "java -version")])
        base_cpu = statistics.median(cpu[(java, "java -version")])
        for (j, name) in variants:
            if j != java:
                continue
            w = statistics.median(wall[(j, name)])
            c = statistics.median(cpu[(j, name)])
            print(f"| {name} | {w:.0f} ms | {w / base_wall:.2f}x | {c:.0f} ms CPU | {c / base_cpu:.2f}x |")


if __name__ == "__main__":
    main()
