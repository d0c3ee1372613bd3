#!/usr/bin/env bash
# Runs a WASI program under `kiln run` and under Node.js's WASI and checks that both give the
# same bytes on stdout and stderr, the same exit code and the same files in the sandbox.
# usage: same_as_node.sh KILN NODE_RUNNER SETUP [--env K=V]… PROGRAM.wasm [ARGS…]
# SETUP is a shell snippet that fills the fresh directory $ROOT, which both runs get as /sandbox
# (empty: no directory). $STDIN, when set, is fed to both through printf %b (so \n works).
# Exits 77 (skipped) without Node.js.
set -u
kiln="$1" runner="$2" setup="$3"
shift 3
env_flags=()
while [ "$1" = --env ]; do
  env_flags+=(--env "$2")
  shift 2
done
program="$1"
shift
if ! command -v node >/dev/null; then
  echo "skipped: node is not installed"
  exit 77
fi
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

status=0
for name in kiln node; do
  dir_flag=()
  if [ -n "$setup" ]; then
    mkdir "$work/$name.root"
    (cd "$work/$name.root" && ROOT="$work/$name.root" bash -c "$setup") || { echo "setup failed"; exit 1; }
    dir_flag=(--dir "$work/$name.root::/sandbox")
  fi
  if [ "$name" = kiln ]; then
    command=("$kiln" run "${env_flags[@]}" "${dir_flag[@]}" "$program" "$@")
  else
    command=(node --no-warnings --single-threaded-gc "$runner" "${env_flags[@]}" "${dir_flag[@]}" "$program" "$@")
  fi
  printf '%b' "${STDIN:-}" | "${command[@]}" >"$work/$name.out" 2>"$work/$name.err"
  echo $? >"$work/$name.code"
done
for part in out err code; do
  if ! cmp -s "$work/kiln.$part" "$work/node.$part"; then
    echo "$part differs (< kiln, > node):"
    diff "$work/kiln.$part" "$work/node.$part" | head -20
    status=1
  fi
done
if [ -n "$setup" ] && ! diff -r --no-dereference "$work/kiln.root" "$work/node.root" >/dev/null; then
  echo "the sandboxes differ afterwards:"
  diff -r --no-dereference "$work/kiln.root" "$work/node.root" | head -20
  status=1
fi
[ "$status" = 0 ] && echo "same output, exit code $(cat "$work/kiln.code") and files as Node.js"
exit "$status"
