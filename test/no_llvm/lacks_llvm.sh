#!/usr/bin/env bash
# Passes when no line of its input names LLVM, and says so; fails (quoting the lines) when one does, or
# when there is no input at all, which would make the check vacuous.
# usage: COMMAND | lacks_llvm.sh WHAT
set -u
what="$1"
input="$(cat)"
if [ -z "$input" ]; then
  echo "$what: nothing to check"
  exit 1
fi
if grep -i llvm <<<"$input"; then
  echo "$what: mentions LLVM (above)"
  exit 1
fi
echo "$what: no LLVM in"
echo "$input"
