#!/usr/bin/env bash
# EdgeIngest end to end (SPEC §4): the same load against the sample built normally and built with
# instrumentation compiled out (-p:InstrumentationEnabled=false), alternating runs on the same machine.
#   ./benchmarks/e2e.sh [runs=3] [devices=20] [rate=400] [duration=20]
# Prints one JSON line per run and the mean throughput / ack P95 of each build and their ratio.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-3}; devices=${2:-20}; rate=${3:-400}; duration=${4:-20}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
echo "== build (instrumented, compiled out, load generator)"
dotnet build samples/EdgeIngest -c Release -nologo -clp:ErrorsOnly --artifacts-path "$work/on" >/dev/null
dotnet build samples/EdgeIngest -c Release -nologo -clp:ErrorsOnly --artifacts-path "$work/off" -p:InstrumentationEnabled=false >/dev/null
dotnet build samples/EdgeIngest.LoadGen -c Release -nologo -clp:ErrorsOnly >/dev/null
loadgen=samples/EdgeIngest.LoadGen/bin/Release/net10.0/EdgeIngest.LoadGen.dll

run_one() { # $1 = on|off, $2 = run index
  local dll="$work/$1/bin/EdgeIngest/release/EdgeIngest.dll"
  local port=$((5600 + $2))
  local db="$work/$1-$2.db"
  dotnet "$dll" --urls "http://127.0.0.1:$port" --db "$db" > "$work/$1-$2.log" 2>&1 &
  local pid=$!
  for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$port/ready" >/dev/null 2>&1 && break; sleep 0.2; done
  local result
  result=$(dotnet "$loadgen" --url "http://127.0.0.1:$port" --devices "$devices" --rate "$rate" --duration "$duration" --json)
  kill -TERM "$pid"; wait "$pid" || true
  echo "{\"build\":\"$1\",\"run\":$2,\"result\":$result}"
}

results="$work/results.jsonl"
for i in $(seq 1 "$runs"); do
  run_one on "$i" | tee -a "$results"
  run_one off "$i" | tee -a "$results"
done

python3 - "$results" <<'PY'
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
def mean(build, key):
    values = [r["result"][key] for r in rows if r["build"] == build and r["result"][key] is not None]
    return sum(values) / len(values)
on_t, off_t = mean("on", "throughput_per_s"), mean("off", "throughput_per_s")
on_p, off_p = mean("on", "ack_p95_ms"), mean("off", "ack_p95_ms")
print(f"instrumented:  throughput {on_t:.1f} msg/s, ack P95 {on_p:.2f} ms")
print(f"compiled out:  throughput {off_t:.1f} msg/s, ack P95 {off_p:.2f} ms")
print(f"ratio (instrumented / compiled out): throughput {100*on_t/off_t:.1f}%, ack P95 {on_p/off_p:.2f}x")
PY
