#!/usr/bin/env bash
# Runs the BenchmarkDotNet suites of SPEC §4 and writes the RESULTS.md sections of that run.
#   ./benchmarks/run.sh            full mode: BenchmarkDotNet's default jobs (the figures for RESULTS.md; ~1.5-2 h)
#   ./benchmarks/run.sh --quick    short runs of every suite, for a check (under 10 minutes on 2 quiet cores)
#   ./benchmarks/run.sh --quick --filter '*Log*'   any further arguments go to BenchmarkDotNet
# Output: benchmarks/results/<UTC time>-<mode>/ with BenchmarkDotNet's reports (results/), run.log,
# command.txt and RESULTS.sections.md: one section per table with the machine line, the exact command,
# the date, the table and its readings against SPEC §4 — paste those sections into RESULTS.md.
# The EdgeIngest end-to-end comparison is separate: ./benchmarks/e2e.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
mode=full
job=()
if [ "${1:-}" = "--quick" ]; then
  mode=quick
  # One launch, 1 warmup, 3 measured iterations of ~100 ms (the generator suite runs one invocation
  # per iteration anyway). Wide error bars: a check that everything works, not figures to publish.
  job=(--launchCount 1 --warmupCount 1 --iterationCount 3 --iterationTime 100)
  shift
fi
# The SPEC §4 suites; the analyzers' compile-time share (CompileShareBenchmarks, ~25 s per invocation) has
# its own command in RESULTS.md: ./benchmarks/run.sh --quick --filter '*CompileShare*' --strategy Monitoring
filter=(--filter '*.OperationBenchmarks.*' '*.NestedOperationBenchmarks.*' '*.AsyncOperationBenchmarks.*' '*.LogBenchmarks.*' '*.FunnelBenchmarks.*' '*.GeneratorBenchmarks.*')
if [ "$#" -gt 0 ]; then filter=("$@"); fi
run_dir="benchmarks/results/$(date -u +%Y%m%d-%H%M%S)-$mode"
mkdir -p "$run_dir"
dotnet build benchmarks/Instrumentation.Benchmarks -c Release -nologo -clp:ErrorsOnly
cmd=(dotnet benchmarks/Instrumentation.Benchmarks/bin/Release/net10.0/Instrumentation.Benchmarks.dll "${job[@]}" "${filter[@]}" --artifacts "$run_dir" --exporters json)
shown="./benchmarks/run.sh"
if [ "$mode" = quick ]; then shown+=" --quick"; fi
for a in "$@"; do shown+=" $(printf '%q' "$a")"; done
printf '%s\n%s\n' "$shown" "${cmd[*]}" > "$run_dir/command.txt"
echo "command: $shown"
echo "   runs: ${cmd[*]}"
start=$(date +%s)
"${cmd[@]}" 2>&1 | tee "$run_dir/run.log"
echo "benchmarks took $(( $(date +%s) - start )) s" | tee -a "$run_dir/run.log"
python3 benchmarks/report.py "$run_dir" > "$run_dir/RESULTS.sections.md"
echo "sections for RESULTS.md: $run_dir/RESULTS.sections.md"
