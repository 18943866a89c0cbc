#!/usr/bin/env bash
# CI: the API reference builds with zero warnings (typedoc, treatWarningsAsErrors), and the packed
# libraries work for their users: installed from tarballs into ESM, CommonJS and strict TypeScript
# projects, every README code block runs and type-checks there unchanged (scripts/consumers/run.mjs).
# The recipes in examples/ run in the test command itself (vitest project `examples`).
set -euo pipefail
cd "$(dirname "$0")/../.."
pnpm() { npx --yes pnpm@10.34.9 "$@"; }

echo "--- API reference (pnpm docs)"
pnpm docs
echo "--- consumers from tarballs (pnpm consumers)"
pnpm consumers
