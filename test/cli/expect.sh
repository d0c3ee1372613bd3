#!/usr/bin/env bash
# Runs a shell command and checks its exit code and that its output (stdout and stderr)
# matches an extended regular expression.
# usage: expect.sh EXIT_CODE REGEX COMMAND
set -u
expected_exit="$1"
pattern="$2"
command="$3"
output="$(bash -c "$command" 2>&1)"
actual_exit=$?
status=0
if [ "$actual_exit" != "$expected_exit" ]; then
  echo "expected exit code $expected_exit, got $actual_exit"
  status=1
fi
if ! grep -Eq -- "$pattern" <<<"$output"; then
  echo "output does not match /$pattern/"
  status=1
fi
if [ "$status" != 0 ]; then
  echo "--- command: $command"
  echo "--- output:"
  echo "$output"
fi
exit "$status"
