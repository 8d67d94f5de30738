#!/usr/bin/env bash
# Real-world check of the SDK (issue 12, item 11). See docs/real-world.md.
#
#   tools/realworld/run.sh <library checkout> <libs/NAME.sh> <feed folder> <Instrumentation.Sdk version> [work folder]
#
# 1. copies the checkout twice (before/, after/) and applies libs/NAME.sh's fixups to both (one target framework
#    that runs here, versions the registry here serves);
# 2. before/: restore, build and test as-is (timed; trx);
# 3. after/: annotates every eligible method of the library's source projects with [Operation] (Annotator),
#    references Instrumentation.Sdk from the feed (a nuget.config in the work copy), injects a span counter into the
#    test project, then restore, build and test the same way with the library's own warning settings;
# 4. writes <work>/NAME/summary.txt (key=value) and prints a table.
# Nothing here edits anything outside the work folder.
set -uo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
src_dir="$(cd "$1" && pwd)"
config="$(cd "$(dirname "$2")" && pwd)/$(basename "$2")"
feed="$(cd "$3" && pwd)"
sdk_version="$4"
work_root="${5:-/tmp/realworld-work}"
name="$(basename "$config" .sh)${ANNOTATE_ABSTRACT:+-abstract}${ANNOTATE_INTERFACE:+-interface}${ANNOTATE_TAGS:+-tags}"
work="$work_root/$name"

log() { echo "[$(date -u +%H:%M:%S)] $name: $*" >&2; }

# ---- helpers used by libs/*.sh fixups (run with the copy as current folder) ----
retarget() { # <csproj> <tfm>: one target framework
  sed -i -E "s#<TargetFrameworks>[^<]*</TargetFrameworks>#<TargetFramework>$2</TargetFramework>#; s#<TargetFramework>[^<]*</TargetFramework>#<TargetFramework>$2</TargetFramework>#" "$1"
}
add_property() { # <csproj> <name> <value>: a PropertyGroup before </Project>
  python3 - "$1" "$2" "$3" <<'PY'
import sys
path, prop, value = sys.argv[1:]
text = open(path, encoding="utf-8-sig").read()
i = text.rindex("</Project>")
text = text[:i] + f"  <PropertyGroup>\n    <{prop}>{value}</{prop}>\n  </PropertyGroup>\n" + text[i:]
open(path, "w", encoding="utf-8").write(text)
PY
}
add_package() { # <csproj> <id> <version>; VersionOverride under central package management (NU1008 otherwise)
  python3 - "$1" "$2" "$3" <<'PY'
import os, sys
path, pkg, version = sys.argv[1:]
text = open(path, encoding="utf-8-sig").read()
d = os.path.dirname(os.path.abspath(path))
central = False
while True:
    if os.path.exists(os.path.join(d, "Directory.Packages.props")):
        central = True
        break
    if os.path.dirname(d) == d:
        break
    d = os.path.dirname(d)
attribute = "VersionOverride" if central else "Version"
i = text.rindex("</Project>")
text = text[:i] + f'  <ItemGroup>\n    <PackageReference Include="{pkg}" {attribute}="{version}" />\n  </ItemGroup>\n' + text[i:]
open(path, "w", encoding="utf-8").write(text)
PY
}
now() { date +%s.%N; }
elapsed() { python3 -c "print(f'{float($2)-float($1):.1f}')"; }

# shellcheck disable=SC1090
source "$config"

run_side() { # <side folder> <label>: restore, build, test; writes <label>.* files under $work
  local dir="$1" label="$2" t0 t1 t2 t3 rc
  cd "$dir" || exit 1
  log "$label: restore"
  dotnet restore "$TEST_PROJECT" >"$work/$label.restore.log" 2>&1 || log "$label: RESTORE FAILED (see $label.restore.log)"
  log "$label: build"
  t0=$(now)
  dotnet build "$TEST_PROJECT" -c Release --no-restore -p:EmitCompilerGeneratedFiles=true >"$work/$label.build.log" 2>&1
  rc=$?
  t1=$(now)
  echo "build_rc=$rc" >"$work/$label.txt"
  echo "build_s=$(elapsed "$t0" "$t1")" >>"$work/$label.txt"
  if [ $rc -ne 0 ] && [ "$label" = after ]; then
    # Still learn what the tests do: the same build with warnings not turned into errors (reported as such).
    log "$label: build failed; building again with TreatWarningsAsErrors=false to run the tests anyway"
    dotnet build "$TEST_PROJECT" -c Release --no-restore -p:EmitCompilerGeneratedFiles=true -p:TreatWarningsAsErrors=false \
      >"$work/$label.lenient.build.log" 2>&1
    echo "lenient_build_rc=$?" >>"$work/$label.txt"
  fi
  log "$label: test"
  t2=$(now)
  REALWORLD_SPAN_FILE="$work/$label.spans.txt" dotnet test "$TEST_PROJECT" -c Release --no-build \
    --logger "trx;LogFileName=$work/$label.trx" >"$work/$label.test.log" 2>&1
  echo "test_rc=$?" >>"$work/$label.txt"
  t3=$(now)
  echo "test_s=$(elapsed "$t2" "$t3")" >>"$work/$label.txt"
}

rm -rf "$work"
mkdir -p "$work"
log "copying $src_dir"
cp -a "$src_dir" "$work/before"
(cd "$work/before" && fixup) || { log "fixup failed"; exit 1; }
cp -a "$work/before" "$work/after"

run_side "$work/before" before

# ---- instrument the after/ copy ----
cd "$work/after" || exit 1
annotator="$here/Annotator/bin/Release/net10.0/Annotator.dll"
[ -f "$annotator" ] || dotnet build "$here/Annotator/Annotator.csproj" -c Release >"$work/annotator.build.log" 2>&1
defines="NET;NETCOREAPP;NET5_0_OR_GREATER;NET6_0_OR_GREATER;NET7_0_OR_GREATER;NET8_0_OR_GREATER;NET8_0;RELEASE;TRACE;${DEFINES:-}"
: >"$work/annotate.txt"
for p in $LIB_PROJECTS; do
  dotnet "$annotator" "$(dirname "$p")" --define "$defines" --include-abstract "${ANNOTATE_ABSTRACT:-false}" --include-interface "${ANNOTATE_INTERFACE:-false}" --tag-parameters "${ANNOTATE_TAGS:-false}" >>"$work/annotate.txt" || { log "annotator failed"; exit 1; }
  add_package "$p" Instrumentation.Sdk "$sdk_version"
done
add_package "$TEST_PROJECT" Instrumentation.Sdk "$sdk_version"
cp "$here/SpanCounter.cs.txt" "$(dirname "$TEST_PROJECT")/RealWorldSpanCounter.cs"
# The local feed: a nuget.config of the work copy (never the user's). An existing one gains the source; an
# unsigned local package cannot pass signatureValidationMode=require, so that setting is relaxed (reported).
cfg=$(ls nuget.config NuGet.config NuGet.Config 2>/dev/null | head -1)
if [ -z "$cfg" ]; then
  cat >nuget.config <<EOF
<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <packageSources>
    <add key="instrumentation-local" value="$feed" />
  </packageSources>
</configuration>
EOF
else
  # before </packageSources>: after any <clear/> of the library's own file
  sed -i "s#</packageSources>#  <add key=\"instrumentation-local\" value=\"$feed\" />\n  </packageSources>#" "$cfg"
  # Package source mapping (Polly maps every package to nuget.org): the SDK's packages come from the local feed
  # (a more specific pattern wins); without it restore falls back to whatever version the global packages folder holds.
  if grep -q '</packageSourceMapping>' "$cfg"; then
    sed -i "s#</packageSourceMapping>#  <packageSource key=\"instrumentation-local\">\n      <package pattern=\"Instrumentation.*\" />\n    </packageSource>\n  </packageSourceMapping>#" "$cfg"
  fi
  if grep -q 'signatureValidationMode" value="require"' "$cfg"; then
    sed -i 's#signatureValidationMode" value="require"#signatureValidationMode" value="accept"#' "$cfg"
    # Its trusted-signer list does not name the SDK's dependencies' signers (OpenTelemetry): NU3034, an error
    # under TreatWarningsAsErrors. The list goes in the work copy only.
    python3 -c 'import re,sys; p=sys.argv[1]; s=open(p).read(); open(p,"w").write(re.sub(r"<trustedSigners>.*?</trustedSigners>", "", s, flags=re.S))' "$cfg"
    echo "nuget_signature_validation_relaxed=1" >>"$work/annotate.txt"
  fi
fi

run_side "$work/after" after

# ---- figures ----
python3 "$here/summarize.py" "$work" "$name" "$LIB_PROJECTS" "$TEST_PROJECT"
