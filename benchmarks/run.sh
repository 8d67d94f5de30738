#!/usr/bin/env bash
# Runs the BenchmarkDotNet suites of SPEC §4 and writes the RESULTS.md sections of that run.
#   ./benchmarks/run.sh                    protocol mode (the figures for RESULTS.md): 4 rounds A B B A, see below
#   ./benchmarks/run.sh --rounds 6         protocol mode with 6 rounds (A B B A A B)
#   ./benchmarks/run.sh --quick            one short round of every suite, a check that everything runs (no verdicts)
#   ./benchmarks/run.sh --filter '*Log*'   any further arguments go to BenchmarkDotNet (e.g. a narrower filter)
#
# The protocol (why: the machine is a shared 2-core VM; one run's time verdicts flip on the next):
#   - The suite runs in R rounds, each a separate BenchmarkDotNet invocation (one launch per case, 2 warmups,
#     7 measured iterations of 200 ms). Rounds alternate the execution order A B B A (B = every class's cases in
#     reverse order, benchmarks/Instrumentation.Benchmarks/RoundOrderer.cs), so load that drifts during a round
#     does not always favour the same peer.
#   - Each round records the machine's load: /proc/loadavg before and after, and the share of CPU time the whole
#     machine was busy during the round (/proc/stat); report.py prints them with every table.
#   - report.py pools the measured iterations of all rounds per case: the median, and a 95% bootstrap confidence
#     interval of the median (seeded, so the report is reproducible from the same files). Tables and ratios to a
#     peer use those medians; each verdict is also computed from every round's own table (same launch, same load).
#   - A verdict (met / missed) is published only when every round of this run and the previous protocol run with
#     the same command agree on it; otherwise the reading says "not agreed" and publishes no verdict.
# Output: benchmarks/results/<UTC time>-<mode>/ with round-N/ (BenchmarkDotNet's reports), rounds.tsv, run.log,
# command.txt, verdicts.json and RESULTS.sections.md — paste those sections into RESULTS.md.
# The EdgeIngest end-to-end comparison is separate: ./benchmarks/e2e.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
mode=protocol
rounds=4
job=(--launchCount 1 --warmupCount 2 --iterationCount 7 --iterationTime 200)
while [ "$#" -gt 0 ]; do
  case "$1" in
    --quick) mode=quick; rounds=1; job=(--launchCount 1 --warmupCount 1 --iterationCount 3 --iterationTime 100); shift ;;
    --rounds) rounds="$2"; shift 2 ;;
    *) break ;;
  esac
done
# The SPEC §4 suites; the analyzers' compile-time share (CompileShareBenchmarks, ~25 s per invocation) has
# its own command in RESULTS.md: ./benchmarks/run.sh --quick --filter '*CompileShare*' --strategy Monitoring
filter=(--filter '*.OperationBenchmarks.*' '*.NestedOperationBenchmarks.*' '*.AsyncOperationBenchmarks.*' '*.LogBenchmarks.*' '*.ScrubBenchmarks.*' '*.FunnelBenchmarks.*' '*.GeneratorBenchmarks.*')
if [ "$#" -gt 0 ]; then filter=("$@"); fi
run_dir="benchmarks/results/$(date -u +%Y%m%d-%H%M%S)-$mode"
mkdir -p "$run_dir"
dotnet build benchmarks/Instrumentation.Benchmarks -c Release -nologo -clp:ErrorsOnly
shown="./benchmarks/run.sh"
if [ "$mode" = quick ]; then shown+=" --quick"; else shown+=" --rounds $rounds"; fi
for a in "$@"; do shown+=" $(printf '%q' "$a")"; done
dll=benchmarks/Instrumentation.Benchmarks/bin/Release/net10.0/Instrumentation.Benchmarks.dll
printf '%s\n%s\n' "$shown" "dotnet $dll ${job[*]} ${filter[*]} --exporters json (per round)" > "$run_dir/command.txt"
echo "command: $shown"

busy() { awk '/^cpu /{idle=$5+$6; total=0; for(i=2;i<=NF;i++) total+=$i; print total, idle}' /proc/stat; }
printf 'round\torder\tload_before\tload_after\tbusy_percent\tseconds\n' > "$run_dir/rounds.tsv"
start=$(date +%s)
for ((r = 1; r <= rounds; r++)); do
  # A B B A A B B A ...: rounds 2,3 (mod 4) run in reverse order.
  order=forward
  if [ $(( r % 4 )) -eq 2 ] || [ $(( r % 4 )) -eq 3 ]; then order=reverse; fi
  dir="$run_dir/round-$r"
  mkdir -p "$dir"
  load_before=$(cut -d' ' -f1 /proc/loadavg)
  read -r t0 i0 < <(busy)
  r0=$(date +%s)
  echo "== round $r/$rounds ($order), load average $load_before"
  BENCHMARK_ROUND_ORDER=$order dotnet "$dll" "${job[@]}" "${filter[@]}" --artifacts "$dir" --exporters json 2>&1 | tee -a "$run_dir/run.log"
  read -r t1 i1 < <(busy)
  load_after=$(cut -d' ' -f1 /proc/loadavg)
  pct=$(awk -v t="$((t1 - t0))" -v i="$((i1 - i0))" 'BEGIN { printf "%.0f", (t > 0 ? 100 * (t - i) / t : 0) }')
  printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$r" "$order" "$load_before" "$load_after" "$pct" "$(( $(date +%s) - r0 ))" >> "$run_dir/rounds.tsv"
done
echo "benchmarks took $(( $(date +%s) - start )) s" | tee -a "$run_dir/run.log"
# The previous protocol run with the same command, for the two-run agreement of verdicts.
previous=""
if [ "$mode" = protocol ]; then
  for d in $(ls -1d benchmarks/results/*-protocol 2>/dev/null | sort -r); do
    [ "$d" = "$run_dir" ] && continue
    if [ -f "$d/verdicts.json" ] && [ "$(head -1 "$d/command.txt")" = "$shown" ]; then previous="$d"; break; fi
  done
fi
python3 benchmarks/report.py "$run_dir" ${previous:+--previous "$previous"} > "$run_dir/RESULTS.sections.md"
echo "sections for RESULTS.md: $run_dir/RESULTS.sections.md${previous:+ (verdicts compared with $previous)}"
