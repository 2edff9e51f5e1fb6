#!/usr/bin/env python3
"""Times whole commands interleaved: every round runs each command once, in a shuffled order, so that a change in the
machine's load during the run falls on all of them alike (hyperfine runs one command's runs back to back).
Prints the median wall time, its range and the median CPU time (user + system) of each command, and the load average.

    bench/interleaved.py [--rounds 15] [--warmup 2] 'command one' 'command two' ...
"""
import argparse, random, resource, shlex, statistics, subprocess, time

parser = argparse.ArgumentParser()
parser.add_argument("--rounds", type=int, default=15)
parser.add_argument("--warmup", type=int, default=2)
parser.add_argument("commands", nargs="+")
options = parser.parse_args()


def run(command):
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(shlex.split(command), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


print("load average before:", open("/proc/loadavg").read().split()[:3])
for _ in range(options.warmup):
    for command in options.commands:
        run(command)
samples = {command: [] for command in options.commands}
for _ in range(options.rounds):
    order = list(options.commands)
    random.shuffle(order)
    for command in order:
        samples[command].append(run(command))
print("load average after: ", open("/proc/loadavg").read().split()[:3])
for command, runs in samples.items():
    walls = [w * 1e3 for w, _ in runs]
    cpus = [c * 1e3 for _, c in runs]
    print(f"{statistics.median(walls):7.1f} ms median ({min(walls):5.1f}-{max(walls):6.1f})  CPU {statistics.median(cpus):4.0f} ms  {command}")
