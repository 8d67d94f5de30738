#!/usr/bin/env bash
# Runs every test of the repository on a fresh machine.
#  1. installs the servers the integration tests start themselves (PostgreSQL, Prometheus, Alertmanager), the
#     browser the page tests drive (Chromium) and the NativeAOT linker (clang, lld) when missing;
#  2. builds the solution in Release and runs all test projects;
#  3. runs tools/aot/check.sh (an app published JIT / trimmed / NativeAOT: no SDK warning, no classified value in
#     clear, the same spans), counted as one test;
#  4. prints "N passed, N failed" and exits non-zero when any test fails.
set -euo pipefail
cd "$(dirname "$0")"

need=()
[ -x /usr/lib/postgresql/15/bin/initdb ] || ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need+=(postgresql)
command -v prometheus >/dev/null 2>&1 || need+=(prometheus)
command -v prometheus-alertmanager >/dev/null 2>&1 || need+=(prometheus-alertmanager)
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v clang >/dev/null 2>&1 || need+=(clang)
command -v ld.lld >/dev/null 2>&1 || need+=(lld)
if [ ${#need[@]} -gt 0 ]; then
  echo "== installing ${need[*]} (apt-get)"
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
  # The tests start their own servers on 127.0.0.1; stop any the package started.
  $SUDO service postgresql stop >/dev/null 2>&1 || true
  $SUDO service prometheus stop >/dev/null 2>&1 || true
  $SUDO service prometheus-alertmanager stop >/dev/null 2>&1 || true
fi

echo "== build"
dotnet build Instrumentation.sln -c Release -nologo -clp:ErrorsOnly

echo "== test"
results=$(mktemp -d)
status=0
dotnet test Instrumentation.sln -c Release --no-build -nologo \
  --logger "trx" --results-directory "$results" -- RunConfiguration.TestSessionTimeout=3000000 || status=$?

passed=0; failed=0
for f in "$results"/*.trx; do
  [ -f "$f" ] || continue
  c=$(grep -o '<Counters [^>]*>' "$f" | head -1)
  p=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$c"); p=${p:-0}
  x=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$c"); x=${x:-0}
  passed=$((passed + p)); failed=$((failed + x))
done
rm -rf "$results"

echo "== NativeAOT and trimming (tools/aot/check.sh)"
if ./tools/aot/check.sh "$(mktemp -d)/aot"; then passed=$((passed + 1)); else failed=$((failed + 1)); fi

echo "tests: $passed passed, $failed failed"
if [ "$status" -ne 0 ] || [ "$failed" -ne 0 ] || [ "$passed" -eq 0 ]; then exit 1; fi
