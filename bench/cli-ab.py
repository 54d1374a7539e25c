#!/usr/bin/env python3
"""Interleaved A/B timing of whole commands, for a shared, loaded machine (docs/performance.md).

hyperfine runs all runs of one command, then all of the next: when the load changes during the run (other builds
starting or ending), later commands are judged under another load than earlier ones. Here every round runs each
command once, in a new random order, so that every command sees the same mix of load; the result is each command's
median wall time, its ratio to the first command's (the floor) median, and the median of its per-round ratios to the
first command (each pair timed within one round, under the same load: the steadier figure when the load changes
during the run).

  bench/cli-ab.py ROUNDS 'floor=java -cp ... Hello --help' 'after=./gateway-cli call /' 'before=/tmp/old/gateway-cli call /'

The environment (GATEWAY_*, XDG_* pointing at a local stub) is the caller's; stdout and stderr are discarded; a
command that fails is reported and stops the run.
"""
import os
import random
import shlex
import statistics
import subprocess
import sys
import time


def main():
    rounds = int(sys.argv[1])
    commands = [arg.split("=", 1) for arg in sys.argv[2:]]
    times = {name: [] for name, _ in commands}
    loads = []
    for _ in range(rounds):
        loads.append(os.getloadavg()[0])
        order = list(commands)
        random.shuffle(order)
        for name, command in order:
            start = time.perf_counter()
            result = subprocess.run(shlex.split(command), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            elapsed = time.perf_counter() - start
            if result.returncode != 0:
                sys.exit(f"cli-ab: '{name}' exited {result.returncode}: {command}")
            times[name].append(elapsed)
    first = times[commands[0][0]]
    floor = statistics.median(first)
    print(f"{rounds} interleaved rounds; load average (1 min) from {min(loads):.1f} to {max(loads):.1f}\n")
    print("| command | median (s) | min (s) | x first | x first, per round (median) |")
    print("|---|---|---|---|---|")
    for name, _ in commands:
        median = statistics.median(times[name])
        paired = statistics.median(t / f for t, f in zip(times[name], first))
        print(f"| {name} | {median:.3f} | {min(times[name]):.3f} | {median / floor:.2f} | {paired:.2f} |")


if __name__ == "__main__":
    main()
