#!/usr/bin/env bash
# The JIT's cost per call site of an annotated method, against the same call un-annotated (issue 18 §6/§7).
# Not in CI (about a minute).
#
#   ./benchmarks/jit-cost.sh [processes=8]
#
# Each process (a fresh JIT) compiles the 63 measured callers of ManyOperationsTargets.cs of each kind — 8 call sites of
# one-line methods each, 504 sites per kind — optimized at once (DOTNET_TieredCompilation=0, as tier 1 compiles a hot
# caller, with the interceptors' fast paths inlined) and reads the JIT's own clock (System.Runtime.JitInfo) around
# them. Processes alternate which kind is compiled first. Prints each process's line and the medians; the ratio
# annotated / un-annotated is read per process, so a slower machine moves both alike.
set -Eeuo pipefail
cd "$(dirname "$0")/.."
processes=${1:-8}
dotnet build benchmarks/Instrumentation.Benchmarks/Instrumentation.Benchmarks.csproj -c Release -nologo -clp:ErrorsOnly > /dev/null
dll=benchmarks/Instrumentation.Benchmarks/bin/Release/net10.0/Instrumentation.Benchmarks.dll
out=$(mktemp)
trap 'rm -f "$out"' EXIT
for i in $(seq 1 "$processes"); do
  if [ $((i % 2)) -eq 1 ]; then order=unannotated-first; else order=annotated-first; fi
  DOTNET_TieredCompilation=0 dotnet "$dll" --jit-cost "$order" | tee -a "$out"
done
python3 - "$out" <<'PY'
import re, statistics, sys
rows = [dict(re.findall(r"(\w+)=([\w.-]+)", line)) for line in open(sys.argv[1]) if line.startswith("jit-cost:")]
plain = [float(r["unannotated_us_per_site"]) for r in rows]
annotated = [float(r["annotated_us_per_site"]) for r in rows]
ratios = [float(r["ratio"]) for r in rows]
print(f"median over {len(rows)} processes: un-annotated {statistics.median(plain):.1f} µs per call site, "
      f"annotated {statistics.median(annotated):.1f} µs, ratio {statistics.median(ratios):.2f} "
      f"(per process {min(ratios):.2f}–{max(ratios):.2f})")
PY
