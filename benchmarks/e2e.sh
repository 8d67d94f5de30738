#!/usr/bin/env bash
# EdgeIngest end to end (SPEC §4): throughput at saturation of the sample built normally ("instrumented")
# and built with instrumentation compiled out (-p:InstrumentationEnabled=false), same load, same machine,
# alternating runs (ABBA order, so slow drift of the machine hits both builds alike).
#
#   ./benchmarks/e2e.sh [runs=6] [devices=20] [rate=max] [duration=30]
#     rate: offered msg/s in total, or "max" (default): closed loop, each device keeps 32 messages in
#           flight and sends the next as soon as one is acknowledged, so the server is saturated and
#           throughput (acknowledgements inside the measured window) is its capacity.
#   E2E_RAMP="250 1000 4000 max" ./benchmarks/e2e.sh   (default ramp: one 10 s run per offered rate and
#           build first, to show where throughput stops following the offered load; E2E_RAMP="" skips it)
#   E2E_OUT=file.md   also write the markdown tables there.
#   E2E_WARMUP=5      seconds of the same load before each measured run (default 5; 0 measures from a cold start).
#
# Before measuring it checks that the compiled-out assembly holds no generated instrumentation (no
# GeneratedTelemetry type, no interceptors) and that the instrumented one does.
set -Eeuo pipefail
cd "$(dirname "$0")/.."
. benchmarks/e2e-common.sh
runs=${1:-6}; devices=${2:-20}; rate=${3:-max}; duration=${4:-30}
warmup=${E2E_WARMUP:-5}
command="$(printf '%q ' "$0" "$@")"
[ -n "${E2E_RAMP+x}" ] && command="E2E_RAMP=\"$E2E_RAMP\" $command"
[ -n "${E2E_WARMUP+x}" ] && command="E2E_WARMUP=$E2E_WARMUP $command"
machine="$(. /etc/os-release && echo "$PRETTY_NAME"), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(nproc) cores, .NET SDK $(dotnet --version)"
ramp=${E2E_RAMP-"250 1000 4000 max"}
out=${E2E_OUT:-}
work=$(mktemp -d)
server=""; sink=""
cleanup() {
  if [ -n "$server" ]; then kill -TERM "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; fi
  if [ -n "$sink" ]; then kill -TERM "$sink" 2>/dev/null || true; wait "$sink" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
# set -e stops at the first failing step (a server that does not start, a load generator that exits non-zero):
# say which, instead of ending without a word.
trap 'echo "e2e.sh: stopped: \"$BASH_COMMAND\" failed (exit $?) at line $LINENO; run logs are in $work (kept with E2E_WORK)" >&2' ERR

echo "== build (instrumented, compiled out, load generator)"
e2e_build "$work"

echo "== verify: generated instrumentation present only in the instrumented build"
python3 - "$(dll on)" "$(dll off)" <<'PY'
import sys
# Type and method names live in the metadata #Strings heap as UTF-8.
markers = [b"GeneratedTelemetry", b"InterceptsLocationAttribute", b"Intercept0"]
on, off = (open(p, "rb").read() for p in sys.argv[1:3])
missing = [m.decode() for m in markers if m not in on]
leaked = [m.decode() for m in markers if m in off]
if missing or leaked:
    sys.exit(f"instrumented build lacks {missing}, compiled-out build still has {leaked}")
print("   instrumented: " + ", ".join(m.decode() for m in markers) + " present; compiled out: none of them")
PY

echo "== OTLP receiver (http/protobuf, answers 200 to every export)"
otlp_port=$(free_port)
python3 benchmarks/otlp-sink.py "$otlp_port" "$work/otlp-count" &
sink=$!

cpu_ticks() { # user + system clock ticks of a process so far
  awk '{ print $14 + $15 }' "/proc/$1/stat"
}

run_one() { # $1 = on|off, $2 = label, $3 = offered msg/s, $4 = seconds
  local port
  port=$(free_port)
  # As a user runs it: OTLP on (to the local receiver), 10 % trace sampling, JSON console logs, the funnel writer.
  e2e_fresh_store "$work/$1-$2.db"
  env OTEL_EXPORTER_OTLP_ENDPOINT="http://127.0.0.1:$otlp_port" OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf \
      ASPNETCORE_ENVIRONMENT=Production \
      dotnet "$(dll "$1")" --urls "http://127.0.0.1:$port" --db "$work/$1-$2.db" --sampling-ratio 0.1 \
      --spill-dir "$work/spill-$1-$2" > "$work/$1-$2.log" 2>&1 &
  server=$!
  for _ in $(seq 1 150); do curl -sf "http://127.0.0.1:$port/ready" >/dev/null 2>&1 && break; sleep 0.2; done
  local result cpu0 cpu1
  # Warm-up at the same load first (JIT tiering, pools, connections), so the measured window is the steady state
  # of both builds: the instrumented build has more code to compile, and a cold start billed it to throughput.
  if [ "$warmup" -gt 0 ]; then
    dotnet "$loadgen" --url "http://127.0.0.1:$port" --devices "$devices" --rate "$3" --duration "$warmup" --json > /dev/null
  fi
  cpu0=$(cpu_ticks "$server")
  result=$(dotnet "$loadgen" --url "http://127.0.0.1:$port" --devices "$devices" --rate "$3" --duration "$4" --json)
  cpu1=$(cpu_ticks "$server")
  kill -TERM "$server"; wait "$server" || true; server=""
  # Server CPU per acknowledged message: less disturbed by other load on the machine than throughput.
  local cpu_us
  cpu_us=$(python3 -c "import json,os,sys; r=json.loads(sys.argv[1]); print(round((int(sys.argv[3]) - int(sys.argv[2])) / os.sysconf('SC_CLK_TCK') * 1e6 / max(r['acknowledged'], 1), 1))" "$result" "$cpu0" "$cpu1")
  echo "{\"build\":\"$1\",\"label\":\"$2\",\"cpu_us_per_msg\":$cpu_us,\"result\":$result}"
}

results="$work/results.jsonl"
rampfile="$work/ramp.jsonl"
: > "$results"; : > "$rampfile"
if [ -n "$ramp" ]; then
  echo "== ramp: offered load vs throughput (one 10 s run per rate and build)"
  for r in $ramp; do
    run_one on "ramp-$r" "$r" 10 | tee -a "$rampfile"
    run_one off "ramp-$r" "$r" 10 | tee -a "$rampfile"
  done
fi

echo "== comparison: $runs runs per build, ABBA order, $devices devices, offered $rate msg/s, $duration s each"
for i in $(seq 1 "$runs"); do
  if [ $((i % 2)) -eq 1 ]; then order="on off"; else order="off on"; fi
  for b in $order; do run_one "$b" "run-$i" "$rate" "$duration" | tee -a "$results"; done
done

echo "   OTLP exports received: $(cat "$work/otlp-count" 2>/dev/null || echo none)"
python3 - "$results" "$rampfile" "$runs" "$devices" "$rate" "$duration" "$out" "$machine" "${command% }" <<'PY'
import json, os, statistics, sys, datetime
results, rampfile, runs, devices, rate, duration, out, machine, command = sys.argv[1:10]
rows = [json.loads(l) for l in open(results)]
ramp = [json.loads(l) for l in open(rampfile)]
name = {"on": "instrumented", "off": "compiled out"}
lines = [f"- Machine: {machine}", f"- Command: `{command}`",
         f"- Date: {datetime.datetime.now(datetime.timezone.utc):%Y-%m-%d %H:%M} UTC; the instrumented build runs the SDK as a user runs the sample (OTLP export of traces, metrics and logs to a local receiver, 10% trace sampling, JSON console logs, funnel writer); the compiled-out build is the same sample with -p:InstrumentationEnabled=false; each run measured after {os.environ.get('E2E_WARMUP', '5')} s of the same load", ""]
if ramp:
    lines += ["Ramp (10 s per point): offered load vs acknowledged throughput", "",
              "| offered | instrumented msg/s | compiled out msg/s | instrumented ack P95 | compiled out ack P95 | server CPU per message (instrumented / compiled out) |", "|---|---:|---:|---:|---:|---:|"]
    for label in dict.fromkeys(r["label"] for r in ramp):
        on_row = next(r for r in ramp if r["label"] == label and r["build"] == "on")
        off_row = next(r for r in ramp if r["label"] == label and r["build"] == "off")
        on, off = on_row["result"], off_row["result"]
        lines.append(f"| {label[5:]} | {on['throughput_per_s']:,.0f} | {off['throughput_per_s']:,.0f} | {on['ack_p95_ms']} ms | {off['ack_p95_ms']} ms | {on_row['cpu_us_per_msg']:,.0f} / {off_row['cpu_us_per_msg']:,.0f} µs |")
    lines.append("")
lines += [f"Comparison: {runs} runs per build (ABBA), {devices} devices, offered {rate} msg/s, {duration} s per run", "",
          "| build | run | sent | acknowledged | errors | throughput | ack P50 / P95 / P99 | server CPU per message |", "|---|---|---:|---:|---:|---:|---|---:|"]
for r in rows:
    x = r["result"]
    lines.append(f"| {name[r['build']]} | {r['label'][4:]} | {x['sent']:,} | {x['acknowledged']:,} | {x['errors']} | {x['throughput_per_s']:,.1f} msg/s | {x['ack_p50_ms']} / {x['ack_p95_ms']} / {x['ack_p99_ms']} ms | {r['cpu_us_per_msg']:,.0f} µs |")
def values(build, key):
    return [r["result"][key] for r in rows if r["build"] == build and r["result"][key] is not None]
on_t, off_t = values("on", "throughput_per_s"), values("off", "throughput_per_s")
on_p, off_p = values("on", "ack_p95_ms"), values("off", "ack_p95_ms")
ratio = 100 * statistics.mean(on_t) / statistics.mean(off_t)
on_c = [r["cpu_us_per_msg"] for r in rows if r["build"] == "on"]
off_c = [r["cpu_us_per_msg"] for r in rows if r["build"] == "off"]
lines += ["",
          f"instrumented: throughput mean {statistics.mean(on_t):,.1f} msg/s (median {statistics.median(on_t):,.1f}, min {min(on_t):,.1f}, max {max(on_t):,.1f}), ack P95 mean {statistics.mean(on_p):.2f} ms",
          f"compiled out: throughput mean {statistics.mean(off_t):,.1f} msg/s (median {statistics.median(off_t):,.1f}, min {min(off_t):,.1f}, max {max(off_t):,.1f}), ack P95 mean {statistics.mean(off_p):.2f} ms",
          f"ratio (instrumented / compiled out): throughput {ratio:.1f}% (medians {100 * statistics.median(on_t) / statistics.median(off_t):.1f}%), ack P95 {statistics.mean(on_p) / statistics.mean(off_p):.2f}x",
          f"server CPU per acknowledged message: instrumented {statistics.median(on_c):,.0f} µs, compiled out {statistics.median(off_c):,.0f} µs (medians; the capacity ratio this implies: {100 * statistics.median(off_c) / statistics.median(on_c):.1f}%)",
          f"reading: throughput >= 97% of compiled out -- {'met' if ratio >= 97 else f'missed by {97 - ratio:.1f} points'} ({ratio:.1f}%)"]
text = "\n".join(lines)
print(text)
if out:
    open(out, "w").write(text + "\n")
PY
