#!/usr/bin/env bash
# Heap held by the generated instruments' metric streams (RESULTS.md, "Heap held by metric streams before any call"):
# a host with WithGeneratedInstrumentation() and a library of 300 annotated operations, loaded after the host started
# (late) or before (early), with the streams sized (the default), unsized (SizeMetricStreams = false) and without the
# registration. Exact figures (heap after full collections), one process per row.
#   ./benchmarks/heap.sh
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet build benchmarks/MetricStreamHeap/App -c Release -nologo -clp:ErrorsOnly >/dev/null
dll=benchmarks/MetricStreamHeap/App/bin/Release/net10.0/MetricStreamHeap.App.dll
printf '| registration | library loaded | heap after start, MB | after the first calls, MB | added by the first calls, MB |\n|---|---|---:|---:|---:|\n'
for load in late early; do
  for mode in none unsized sized; do
    IFS=$'\t' read -r m l started after added _ < <(dotnet "$dll" "$mode" "$load")
    printf '| %s | %s | %s | %s | %s |\n' "$m" "$l" "$started" "$after" "$added"
  done
done
