#!/usr/bin/env python3
"""Times whole commands in turns (A, B, C, A, B, C, ...) and writes hyperfine's JSON shape (command, times).

    interleave.py --out FILE.json [--runs N] [--warmup W] [--prepare CMD] [--fresh-out DIR] -n NAME CMD [...]

Commands compared with each other are measured in the same rounds, one after the other, so that a change in the
machine's load during the run touches them alike (a shared machine's speed moves by tens of per cent over minutes;
hyperfine measures one command's runs, then the next's). A command without shell syntax is started directly (no
shell, as `hyperfine -N`); one with `&&`, a redirection or a glob goes through `bash -c`. `--prepare` runs before
every timed run and is not timed. The wall time of each run is kept; a run that exits non-zero stops everything.

`--fresh-out DIR` gives every run a new output folder: `{out}` in a command becomes DIR/1, DIR/2, ... DIR is removed
after the last round (untimed, then `sync`). Deleting the previous run's output just before a run (as `--prepare
"rm -rf ..."` did) sometimes put the file system's cost of that deletion into the timed run (Benchmarks/analysis.md).
"""

import argparse
import itertools
import json
import os
import shlex
import shutil
import subprocess
import sys
import time

SHELL_SYNTAX = set("&|<>*;$`")


def start(command):
    if any(character in SHELL_SYNTAX for character in command):
        return ["bash", "-c", command]
    return shlex.split(command)


def run(argv, name):
    began = time.perf_counter()
    finished = subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    elapsed = time.perf_counter() - began
    if finished.returncode != 0:
        sys.exit("interleave.py: %s exited with %d" % (name, finished.returncode))
    return elapsed


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", required=True)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--warmup", type=int, default=1)
    parser.add_argument("--prepare")
    parser.add_argument("--fresh-out")
    parser.add_argument("-n", nargs=2, action="append", metavar=("NAME", "CMD"), required=True)
    arguments = parser.parse_args()
    commands = [(name, command, start(command)) for name, command in arguments.n]
    times = {name: [] for name, _, _ in commands}
    folders = itertools.count(1)
    if arguments.fresh_out:
        shutil.rmtree(arguments.fresh_out, ignore_errors=True)
        os.makedirs(arguments.fresh_out)
        subprocess.run(["sync"], check=True)
    for round_number in range(arguments.warmup + arguments.runs):
        for name, _, argv in commands:
            if arguments.prepare:
                subprocess.run(["bash", "-c", arguments.prepare], check=True)
            if arguments.fresh_out:
                folder = os.path.join(arguments.fresh_out, str(next(folders)))
                argv = [part.replace("{out}", folder) for part in argv]
            elapsed = run(argv, name)
            if round_number >= arguments.warmup:
                times[name].append(elapsed)
    if arguments.fresh_out:
        shutil.rmtree(arguments.fresh_out, ignore_errors=True)
        subprocess.run(["sync"], check=True)
    with open(arguments.out, "w") as file:
        json.dump(
            {"results": [{"command": name, "shell_command": command, "times": times[name]}
                         for name, command, _ in commands]},
            file, indent=1)


if __name__ == "__main__":
    main()
