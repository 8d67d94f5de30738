#!/usr/bin/env bash
# Trimming and NativeAOT check of the SDK (not in CI: the NativeAOT compile takes a minute or two). See README.md,
# "Trimming and NativeAOT".
#
#   tools/aot/check.sh [work folder]
#
# Run by ./test.sh after the test projects (counted as one test). Packs the SDK from this checkout under a unique version, builds tools/aot/console (sync and async operations, a
# failing nested operation, [LogMethod] with classified arguments, records and classes with classified members, an app
# that reflects over a record's properties, complete error traces) three ways — JIT, PublishTrimmed, PublishAot — and
# checks each: no trim/AOT warning from the SDK's assemblies, no canary value in clear anywhere in the output, the
# same spans as the JIT run, span attributes and log fields of the app's own types written as the JIT writes them
# (generated formatters), and complete error traces exported whole (no "no_pipeline" drop).
# Needs clang for NativeAOT (installed with apt-get when missing). Exit 0 when every check holds.
set -euo pipefail

repo="$(cd "$(dirname "$0")/../.." && pwd)"
work="${1:-/tmp/aot-check}"
# Each prerelease identifier starts with a letter: a numeric one may not have a leading zero (SemVer), so a time before
# 10:00 UTC ("001642") or a commit id of digits only made the version invalid and NuGet's restore fail without a message.
version="0.1.0-aot.g$(git -C "$repo" rev-parse --short HEAD).t$(date -u +%H%M%S)"
rm -rf "$work" && mkdir -p "$work/feed" "$work/app"
log() { echo "[$(date -u +%H:%M:%S)] $*" >&2; }
trap 'log "FAIL: a step stopped the check (exit $?); the last lines of its log:"; tail -n 40 "$(ls -t "$work"/*.log 2>/dev/null | head -1)" >&2 2>/dev/null || true' ERR

if ! command -v clang >/dev/null 2>&1; then
  log "installing clang and lld (the NativeAOT linker)"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get install -y clang lld >/dev/null
fi

log "packing the SDK $version"
dotnet pack "$repo/src/Runtime" -c Release -o "$work/feed" -p:Version="$version" >"$work/pack.log" 2>&1

cp "$repo/tools/aot/console/Program.cs" "$work/app/"
sed "s/@SDK_VERSION@/$version/" "$repo/tools/aot/console/AotConsole.csproj.template" >"$work/app/AotConsole.csproj"
cat >"$work/app/nuget.config" <<XML
<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <packageSources>
    <!-- The machine's own sources (nuget.org or its mirror) stay; the packed SDK is added. -->
    <add key="local" value="$work/feed" />
  </packageSources>
</configuration>
XML

failures=0
fail() { log "FAIL: $*"; failures=$((failures + 1)); }

run_all() { # <label> <binary or 'dotnet dll'>
  local label="$1"; shift
  "$@" >"$work/$label.txt" 2>&1 || fail "$label exited $?"
  COMPLETE=1 "$@" >"$work/$label-complete.txt" 2>&1 || fail "$label (complete error traces) exited $?"
  if grep -q "CANARY" "$work/$label.txt" "$work/$label-complete.txt"; then
    fail "$label wrote a canary value in clear: $(grep -ho '[^ "]*CANARY[^ "]*' "$work/$label.txt" "$work/$label-complete.txt" | sort -u | tr '\n' ' ')"
  fi
  # MeterListening found the runtime's list of started meter listeners (trimming and NativeAOT keep the field): without
  # it every operation would read its instruments on every call, as before issue 18 §6's fix.
  if ! grep -q 'meter listening before any provider: False' "$work/$label.txt" || ! grep -q 'meter listening with a meter provider: True' "$work/$label.txt"; then
    fail "$label: MeterListening.Possible was not False before the meter provider and True after ($(grep -h 'meter listening' "$work/$label.txt" | tr '\n' ' '))"
  fi
  # The scope's copy, redacted (LogRecordScopes): a trimmed-away OpenTelemetry field would withhold the record instead.
  if ! grep -q 'ScopeEmail: \[EMAIL\]' "$work/$label.txt"; then
    fail "$label did not export the log scope's redacted copy ('ScopeEmail: [EMAIL]')"
  fi
  if grep -q 'reason="no_pipeline"' "$work/$label-complete.txt"; then
    fail "$label dropped held spans of a complete error trace (no_pipeline)"
  fi
  grep '^Activity.DisplayName:' "$work/$label.txt" | sort >"$work/$label.spans"
  # Span attributes of the app's own types (generated formatters, not run-time reflection): the same text as the JIT's.
  # (Only the spans' tags: a log's 'object' parameter is rendered at run time, documented to differ under NativeAOT.)
  # The JSON console writes its lines from a thread of its own, so one can land inside the console exporter's block of
  # attributes (CI at 7ca4620: the native run's 'contact' field was cut off by a {"ts":…} line): those lines are left out.
  grep -v '^{"ts":' "$work/$label.txt" >"$work/$label.exporter.txt" || true
  awk '/^Activity\.Tags:/ { tags = 1; next } !/^ / { tags = 0 } tags && /^ +(customer|contact): /' "$work/$label.exporter.txt" | sort >"$work/$label.objects"
  # The same for a log field of the app's own type ('contact' on the log record written inside orders.touch).
  # (Only that record: a log's 'object' parameter named contact is rendered at run time, as above.)
  awk '/^LogRecord\.FormattedMessage:/ { touched = ($0 ~ /Contact touched$/) } /^LogRecord\.Attributes/ { attrs = touched; next } !/^ / { attrs = 0 } attrs && /^ +contact: /' "$work/$label.exporter.txt" | sort >"$work/$label.fields"
  grep '^Activity.DisplayName:' "$work/$label-complete.txt" | sort >"$work/$label-complete.spans"
}

check_warnings() { # <label> <publish log>
  if grep -E "warning IL[0-9]+" "$2" | grep -q "Instrumentation\."; then
    fail "$1: trim/AOT warnings from the SDK: $(grep -E 'warning IL[0-9]+' "$2" | grep 'Instrumentation\.' | sed 's/ \[.*//' | sort -u | head -5)"
  fi
}

cd "$work/app"
log "JIT build and run"
dotnet build -c Release -o "$work/jit" >"$work/jit-build.log" 2>&1
run_all jit dotnet "$work/jit/aotconsole.dll"

log "PublishTrimmed"
dotnet publish -c Release -r linux-x64 --self-contained -p:PublishTrimmed=true -p:TrimmerSingleWarn=false -o "$work/trimmed" >"$work/trimmed-publish.log" 2>&1
check_warnings trimmed "$work/trimmed-publish.log"
run_all trimmed "$work/trimmed/aotconsole"

log "PublishAot"
dotnet publish -c Release -r linux-x64 -p:PublishAot=true -p:TrimmerSingleWarn=false -o "$work/native" >"$work/native-publish.log" 2>&1
check_warnings native "$work/native-publish.log"
run_all native "$work/native/aotconsole"

[ -s "$work/jit.objects" ] || fail "the JIT run wrote no span attribute of the app's own types (customer, contact)"
grep -q 'Name = Wu' "$work/jit.fields" || fail "the JIT run wrote no log field of the app's own type (contact on 'Contact touched')"
for label in trimmed native; do
  cmp -s "$work/jit.spans" "$work/$label.spans" || fail "$label recorded other spans than the JIT run (diff $work/jit.spans $work/$label.spans)"
  cmp -s "$work/jit.objects" "$work/$label.objects" || fail "$label rendered span attributes of the app's own types otherwise than the JIT run (diff $work/jit.objects $work/$label.objects)"
  cmp -s "$work/jit.fields" "$work/$label.fields" || fail "$label rendered log fields of the app's own types otherwise than the JIT run (diff $work/jit.fields $work/$label.fields)"
  cmp -s "$work/jit-complete.spans" "$work/$label-complete.spans" || fail "$label exported other spans of complete error traces than the JIT run"
done

log "spans per run: jit $(wc -l <"$work/jit.spans"), trimmed $(wc -l <"$work/trimmed.spans"), native $(wc -l <"$work/native.spans")"
if [ "$failures" -gt 0 ]; then
  log "$failures check(s) failed; outputs in $work"
  exit 1
fi
log "all checks hold; outputs in $work"
