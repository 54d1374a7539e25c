#!/bin/sh
# The image's runtime, made from what the build machine has, since no base image can be pulled: a Java runtime that
# jlink links from the JDK running the build (into /opt/java/openjdk, where the eclipse-temurin images keep theirs),
# the build machine's Node.js (the build needs it for the CDK; /usr/local/bin/node in the image), the C library and
# every other shared library that runtime, node and the Lambda Java runtime client's native library load (found with
# ldd and copied to the paths the dynamic linker looks in), and the few files a process expects of
# a Linux root: /etc/passwd and /etc/group with the user the image runs as, /etc/hosts, /etc/nsswitch.conf, /tmp, a
# home directory. docs/install.md describes the result.
#
#   runtime-rootfs.sh JDK_HOME STANDALONE_JAR OUTPUT_DIR WORK_DIR
#
# NODE names the node to copy (default: the one on PATH). Python is not copied: an interpreter is a directory tree
# (its standard library) that pyenv, Debian and others lay out each their own way; docs/install.md says how to build
# on a base that has it.
#
# Needs Linux with glibc (ldd) on x86_64 or aarch64: the image runs what it copies from here.
set -eu

jdk=$1
jar=$2
out=$3
work=$4

fail() {
    printf 'runtime-rootfs: %s\n' "$*" >&2
    exit 1
}

[ "$(uname -s)" = Linux ] || fail "the image's runtime is copied from the build machine, which must run Linux (found $(uname -s)); build the image there, or on another base with -Djib.from.image=... (docs/install.md)"
command -v ldd >/dev/null 2>&1 || fail "ldd is missing: the image's runtime needs a glibc build machine (Debian's libc-bin)"
case $(uname -m) in
    x86_64) ric_library=jni/libaws-lambda-jni.linux-x86_64.so ;;
    aarch64) ric_library=jni/libaws-lambda-jni.linux-aarch_64.so ;;
    *) fail "no Lambda Java runtime client library for $(uname -m)" ;;
esac
[ -x "$jdk/bin/jlink" ] || fail "$jdk has no bin/jlink: build with a full JDK (JAVA_HOME)"
[ -f "$jar" ] || fail "$jar is missing: build the emulator-standalone module first"
node=${NODE:-$(command -v node || true)}
[ -n "$node" ] || fail "node (Node.js) is not on PATH: the build needs it for the CDK, and the image carries it"
node=$(readlink -f "$node")
# A version manager's shim is a script that runs a node elsewhere: the image needs that one.
case $(head -c 2 "$node") in
    '#!') fail "$node is a script (a version manager's shim?): set NODE=/path/to/the/node/executable" ;;
esac

rm -rf "$out" "$work"
mkdir -p "$out" "$work"
# Absolute paths: parts below run in other directories.
jar=$(cd "$(dirname "$jar")" && pwd)/$(basename "$jar")
out=$(cd "$out" && pwd)
work=$(cd "$work" && pwd)

# --- the Java runtime ---------------------------------------------------------------------------------------------
# The emulator's modules and what users' Java functions commonly need (Lambda's runtime is a whole JDK): everything
# but the desktop, the compiler and the development tools. Only the modules this JDK has (jdk.crypto.ec is part of
# java.base from JDK 22 on).
wanted='java.base java.compiler java.datatransfer java.instrument java.logging java.management java.management.rmi
java.naming java.net.http java.prefs java.rmi java.scripting java.security.jgss java.security.sasl java.sql
java.sql.rowset java.transaction.xa java.xml java.xml.crypto jdk.charsets jdk.crypto.cryptoki jdk.crypto.ec
jdk.httpserver jdk.management jdk.naming.dns jdk.net jdk.security.auth jdk.security.jgss jdk.unsupported jdk.zipfs'
available=$("$jdk/bin/java" --list-modules | sed 's/@.*//')
modules=
for module in $wanted; do
    if printf '%s\n' "$available" | grep -qx "$module"; then
        modules=${modules:+$modules,}$module
    fi
done
feature=$("$jdk/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = \([0-9]*\).*/\1/p')
if [ "$feature" -ge 21 ]; then compress=zip-6; else compress=2; fi
runtime=$out/opt/java/openjdk
mkdir -p "$out/opt/java"
# The runtime's default CDS archive (--generate-cds-archive) makes the emulator and each Java function's JVM start
# faster; jlink makes it by running the new runtime once.
"$jdk/bin/jlink" --add-modules "$modules" --strip-debug --no-man-pages --no-header-files --compress="$compress" \
    --generate-cds-archive --output "$runtime"

# --- Node.js --------------------------------------------------------------------------------------------------------
# One executable (the official builds and Debian's link only shared libraries, which come below); the emulator runs
# Node.js functions with the node on PATH, and gives them its own runtime client.
mkdir -p "$out/usr/local/bin"
cp "$node" "$out/usr/local/bin/node"
chmod 755 "$out/usr/local/bin/node"
node_version=$("$node" --version)

# --- shared libraries ---------------------------------------------------------------------------------------------
# Every ELF file of the runtime, node, and the runtime client's native library that the emulator copies out of its
# jar for each Java function.
(cd "$work" && "$jdk/bin/jar" xf "$jar" "dev/gatewaycli/emulator/lambda/java-runtime/aws-lambda-java-runtime-interface-client.jar")
(cd "$work" && "$jdk/bin/jar" xf "dev/gatewaycli/emulator/lambda/java-runtime/aws-lambda-java-runtime-interface-client.jar" "$ric_library")
[ -f "$work/$ric_library" ] || fail "$ric_library is not in the runtime client's jar inside $jar"
find "$runtime" -type f \( -name '*.so' -o -path '*/bin/*' \) >"$work/elf-files"
printf '%s\n' "$work/$ric_library" "$out/usr/local/bin/node" >>"$work/elf-files"
: >"$work/libraries"
while IFS= read -r file; do
    # "libz.so.1 => /lib/x86_64-linux-gnu/libz.so.1 (0x...)" and the dynamic linker "/lib64/ld-linux-x86-64.so.2 (0x...)".
    # A library ldd cannot find would be missing in the image too: stop.
    # The runtime's libraries find libjvm.so through the JVM that loaded them, not through a RUNPATH: name its directories.
    if LD_LIBRARY_PATH="$runtime/lib:$runtime/lib/server" ldd "$file" >"$work/ldd.out" 2>&1; then
        if grep -q 'not found' "$work/ldd.out"; then
            fail "$file needs a library this machine does not have: $(grep 'not found' "$work/ldd.out" | tr -s ' \t' ' ')"
        fi
        sed -n -e 's/^.*=> \(\/[^ ]*\) (0x.*$/\1/p' -e 's/^[[:space:]]*\(\/[^ ]*\) (0x.*$/\1/p' "$work/ldd.out" >>"$work/libraries"
    fi
done <"$work/elf-files"
# glibc loads libgcc_s itself (dlopen) to unwind a cancelled thread: not in any NEEDED list, yet required.
libgcc=$(ldconfig -p 2>/dev/null | sed -n 's/^[[:space:]]*libgcc_s.so.1 (libc6[^)]*) => \(.*\)$/\1/p' | head -n 1)
[ -n "$libgcc" ] && printf '%s\n' "$libgcc" >>"$work/libraries"
sort -u "$work/libraries" | while IFS= read -r library; do
    case $library in "$runtime"/*) continue ;; esac # the runtime's own libraries (libjli) are there already
    mkdir -p "$out${library%/*}"
    cp -L "$library" "$out$library"
done
[ -n "$(ls "$out"/lib*/ld-linux-* 2>/dev/null || true)" ] || fail "ldd named no dynamic linker: is $jdk a glibc build?"

# --- the rest of a root filesystem --------------------------------------------------------------------------------
mkdir -p "$out/etc" "$out/tmp" "$out/home/emulator" "$out/assembly"
cat >"$out/etc/passwd" <<'EOF'
root:x:0:0:root:/root:/sbin/nologin
emulator:x:65532:65532:gateway emulator:/home/emulator:/sbin/nologin
EOF
cat >"$out/etc/group" <<'EOF'
root:x:0:
emulator:x:65532:
EOF
cat >"$out/etc/hosts" <<'EOF'
127.0.0.1 localhost
::1 localhost ip6-localhost ip6-loopback
EOF
printf 'passwd: files\ngroup: files\nhosts: files dns\n' >"$out/etc/nsswitch.conf"
mkdir -p "$out/opt/gateway-emulator"
cp "$jar" "$out/opt/gateway-emulator/gateway-emulator.jar"
printf 'runtime-rootfs: Java %s runtime (%s), Node.js %s and %s shared libraries in %s\n' "$feature" "$modules" \
    "$node_version" "$(sort -u "$work/libraries" | grep -vc "^$runtime/")" "$out"
