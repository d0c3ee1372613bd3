#!/usr/bin/env python3
"""Time to first output: runs COMMAND, prints the seconds from its start until the first line
on its standard output, then stops it (the rest of its run is not measured).
usage: first_output.py COMMAND [ARGS...]"""
import subprocess
import sys
import time


def main() -> int:
    if len(sys.argv) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    start = time.monotonic()
    process = subprocess.Popen(sys.argv[1:], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    line = process.stdout.readline()
    elapsed = time.monotonic() - start
    process.kill()
    process.wait()
    if not line:
        print(f"first_output.py: {sys.argv[1]} printed nothing", file=sys.stderr)
        return 1
    print(f"{elapsed:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
