#!/usr/bin/env bash
# Runs `kiln run WASM` with standard input on a pipe that gets LINE only once the program has
# printed MARKER, so a test of waiting on stdin does not depend on how long compiling takes.
# usage: feed_stdin_late.sh KILN WASM MARKER LINE
set -u
kiln="$1" wasm="$2" marker="$3" line="$4"
dir="$(mktemp -d)"
trap 'rm -rf "$dir"' EXIT
mkfifo "$dir/in"
"$kiln" run "$wasm" <"$dir/in" >"$dir/out" 2>&1 &
pid=$!
exec 3>"$dir/in"  # the program's stdin stays open, and empty, until the line is written
for _ in $(seq 600); do
  grep -q -- "$marker" "$dir/out" && break
  sleep 0.05
done
echo "$line" >&3
exec 3>&-
wait "$pid"
status=$?
cat "$dir/out"
exit "$status"
