#!/usr/bin/env bash
# The reliability suite (`pnpm test:reliability`): builds, then runs reliability/src/main.ts and
# prints its table, closing with `reliability: N passed, N failed`. Arguments pick sections
# (bad-input, leaks, faults, load, rolling-restart). The load section holds about 2,000
# connections at once, so the descriptor limit is raised first where the hard limit allows.
set -euo pipefail
cd "$(dirname "$0")/../.."
export TURBO_TELEMETRY_DISABLED=1
npx --yes pnpm@10.34.9 build --output-logs=errors-only
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
if [[ "$(ulimit -n)" != unlimited && "$(ulimit -n)" -lt 4096 ]]; then
  echo "reliability: the descriptor limit is $(ulimit -n); the slowloris check needs about 2,100"
fi
cd reliability
# tsx keeps a disk cache of compiled files and tidies it from the main thread with callback fs
# calls; one in flight when a section counts its handles reads as a leak (FSReqCallback). The suite
# compiles its few files in memory instead.
export TSX_DISABLE_CACHE=1
exec node --import tsx src/main.ts "$@"
