#!/usr/bin/env bash
# Stands in for `kiln run [--dir …] [--env …] FILE ARGS…` with Node.js's WASI, for scripts written
# around kiln's command line (e.g. feed_stdin_late.sh). Exits 77 (skipped) without Node.js.
command -v node >/dev/null || { echo "skipped: node is not installed"; exit 77; }
[ "$1" = run ] || { echo "usage: node_as_kiln.sh run [OPTIONS] FILE [ARGS…]" >&2; exit 2; }
shift
exec node --no-warnings --single-threaded-gc "$(dirname "${BASH_SOURCE[0]}")/node_wasi.mjs" "$@"
