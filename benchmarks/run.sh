#!/usr/bin/env bash
# Runs the BenchmarkDotNet suites of SPEC §4 and leaves the reports in benchmarks/results/.
#   ./benchmarks/run.sh --quick   short runs of every suite (under 10 minutes on 2 cores)
#   ./benchmarks/run.sh           default BenchmarkDotNet jobs (much longer, for the figures in RESULTS.md)
#   ./benchmarks/run.sh --quick --filter '*Log*'   any extra arguments go to BenchmarkDotNet
set -euo pipefail
cd "$(dirname "$0")/.."
job=()
if [ "${1:-}" = "--quick" ]; then
  # One launch, 2 warmups, 5 measured iterations of ~150 ms: the 40 cases take about 6-8 minutes.
  job=(--launchCount 1 --warmupCount 2 --iterationCount 5 --iterationTime 150)
  shift
fi
filter=(--filter '*')
if [ "$#" -gt 0 ]; then filter=("$@"); fi
dotnet build benchmarks/Instrumentation.Benchmarks -c Release -nologo -clp:ErrorsOnly
cmd=(dotnet benchmarks/Instrumentation.Benchmarks/bin/Release/net10.0/Instrumentation.Benchmarks.dll "${job[@]}" "${filter[@]}" --artifacts benchmarks/results --exporters github)
echo "command: ${cmd[*]}"
"${cmd[@]}"
