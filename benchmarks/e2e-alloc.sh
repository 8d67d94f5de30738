#!/usr/bin/env bash
# EdgeIngest end to end, LOAD-INDEPENDENT cost of instrumentation (issue 18 §2, docs/performance-e2e.md):
# allocated bytes per acknowledged message and GC collections per 10,000 messages, instrumented build vs the
# build with instrumentation compiled out (-p:InstrumentationEnabled=false). Not in CI (minutes, two servers).
#
#   ./benchmarks/e2e-alloc.sh [pairs=1] [devices=10] [rate=400] [duration=20]
#     pairs: ABBA blocks; 1 = four runs (on, off, off, on), 2 = eight, ...
#     rate:  offered messages/s in total (open loop, a fixed rate well below saturation, so both builds handle the
#            same messages and the time-driven background work — exporters, timers — is the same in both).
#   E2E_ALLOC_TYPES=1 ./benchmarks/e2e-alloc.sh ...   also samples allocations by type in every server
#            (benchmarks/AllocationSampler, a startup hook on the runtime's GCAllocationTick events, ~1 event per
#            100 KB) and prints the top types per build, as share of the measured window's sampled bytes.
#   E2E_ALLOC_STACKS=1 ./benchmarks/e2e-alloc.sh ...  also samples allocations WITH their call stacks in every server
#            (benchmarks/AllocationStacks attaches over EventPipe for the measured window; same ~100 KB sampling) and
#            prints, per message, which code allocates more in the instrumented build: bytes by type and by the first
#            frame of the SDK, the sample or OpenTelemetry on the stack; every stack is kept in E2E_WORK/stacks-*.tsv.
#   E2E_OUT=file.md   also write the markdown table there.
#   E2E_GC_FIXED=1    run the servers with workstation GC and a fixed 64 MB gen0 budget (DOTNET_gcServer=0,
#            DOTNET_GCgen0size): by default ASP.NET Core's Server GC with DATAS sizes gen0 from the process's
#            throughput and CPU, so GC counts depend on load; with a fixed budget they follow allocated bytes.
#   E2E_WORK=dir      build into and keep everything in dir (reruns build incrementally; logs, scrapes, type samples stay).
#
# The sample runs as a user would run it: OTLP on (http/protobuf to a local receiver started here that answers
# 200 to every export and counts them), --sampling-ratio 0.1, JSON console logs (to a file), the funnel writer on
# SQLite. Each run: start the server, warm up (5 s of the same load), scrape /metrics, run the load generator for
# `duration` seconds, scrape /metrics again. Allocated bytes and collections come from the runtime's own
# System.Runtime meter exported at /metrics (dotnet.gc.heap.total_allocated, dotnet.gc.collections; with
# OpenTelemetry.Instrumentation.Runtime): the difference between the two scrapes, divided by the messages the
# server acknowledged in between. Both are counts, so they do not depend on how loaded the machine is.
set -Eeuo pipefail
cd "$(dirname "$0")/.."
. benchmarks/e2e-common.sh
pairs=${1:-1}; devices=${2:-10}; rate=${3:-400}; duration=${4:-20}
command="$(printf '%q ' "$0" "$@")"
[ -n "${E2E_ALLOC_TYPES:-}" ] && command="E2E_ALLOC_TYPES=1 $command"
[ -n "${E2E_ALLOC_STACKS:-}" ] && command="E2E_ALLOC_STACKS=1 $command"
[ -n "${E2E_GC_FIXED:-}" ] && command="E2E_GC_FIXED=1 $command"
gc_env=()
[ -n "${E2E_GC_FIXED:-}" ] && gc_env=(DOTNET_gcServer=0 DOTNET_GCgen0size=0x4000000)
work=${E2E_WORK:-$(mktemp -d)}
mkdir -p "$work"
server=""; sink=""
cleanup() {
  if [ -n "$server" ]; then kill -TERM "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; fi
  if [ -n "$sink" ]; then kill -TERM "$sink" 2>/dev/null || true; wait "$sink" 2>/dev/null || true; fi
  if [ -z "${E2E_WORK:-}" ]; then rm -rf "$work"; fi
}
trap cleanup EXIT
# set -e stops at the first failing step (a server that does not start, a load generator that exits non-zero):
# say which, instead of ending without a word.
trap 'echo "e2e-alloc.sh: stopped: \"$BASH_COMMAND\" failed (exit $?) at line $LINENO; run logs are in $work (kept with E2E_WORK)" >&2' ERR

echo "== build (instrumented, compiled out, load generator${E2E_ALLOC_TYPES:+, allocation sampler}${E2E_ALLOC_STACKS:+, allocation stacks})"
e2e_build "$work"
stacks=""
if [ -n "${E2E_ALLOC_STACKS:-}" ]; then
  dotnet build benchmarks/AllocationStacks -c Release -nologo -clp:ErrorsOnly --artifacts-path "$work/stacks" >/dev/null
  stacks="$(realpath "$work/stacks/bin/AllocationStacks/release/AllocationStacks.dll")"
fi
hook=""
if [ -n "${E2E_ALLOC_TYPES:-}" ]; then
  dotnet build benchmarks/AllocationSampler -c Release -nologo -clp:ErrorsOnly --artifacts-path "$work/sampler" >/dev/null
  hook="$(realpath "$work/sampler/bin/AllocationSampler/release/AllocationSampler.dll")"
fi

echo "== OTLP receiver (http/protobuf, answers 200 to every export)"
otlp_port=$(free_port)
python3 benchmarks/otlp-sink.py "$otlp_port" "$work/otlp-count" &
sink=$!

scrape() { # $1 = port, $2 = file
  curl -sf "http://127.0.0.1:$1/metrics" > "$2"
}

run_one() { # $1 = on|off, $2 = run index
  local port tag="$1-$2"
  port=$(free_port)
  e2e_fresh_store "$work/$tag.db"
  env OTEL_EXPORTER_OTLP_ENDPOINT="http://127.0.0.1:$otlp_port" OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf \
      ASPNETCORE_ENVIRONMENT=Production "${gc_env[@]}" ${hook:+DOTNET_STARTUP_HOOKS="$hook" ALLOCATION_SAMPLER_OUT="$work/types-$tag.tsv"} \
      dotnet "$(dll "$1")" --urls "http://127.0.0.1:$port" --db "$work/$tag.db" --sampling-ratio 0.1 \
      --spill-dir "$work/spill-$tag" > "$work/$tag.log" 2>&1 &
  server=$!
  for _ in $(seq 1 300); do curl -sf "http://127.0.0.1:$port/ready" >/dev/null 2>&1 && break; sleep 0.2; done
  dotnet "$loadgen" --url "http://127.0.0.1:$port" --devices "$devices" --rate "$rate" --duration 5 --json > /dev/null
  scrape "$port" "$work/$tag.before"
  [ -n "$hook" ] && touch "$work/types-$tag.tsv.start" && sleep 1.5
  local result recorder=""
  if [ -n "$stacks" ]; then
    dotnet "$stacks" "$server" "$duration" "$work/stacks-$tag.tsv" > "$work/stacks-$tag.txt" 2>&1 &
    recorder=$!
    sleep 1
  fi
  result=$(dotnet "$loadgen" --url "http://127.0.0.1:$port" --devices "$devices" --rate "$rate" --duration "$duration" --json)
  [ -n "$recorder" ] && { wait "$recorder" || echo "allocation stacks of $tag failed: $(tail -3 "$work/stacks-$tag.txt")" >&2; }
  scrape "$port" "$work/$tag.after"
  if [ -n "$hook" ]; then
    touch "$work/types-$tag.tsv.stop"
    for _ in $(seq 1 50); do [ -e "$work/types-$tag.tsv.stop" ] || break; sleep 0.2; done
  fi
  kill -TERM "$server"; wait "$server" || true; server=""
  python3 - "$1" "$2" "$work/$tag.before" "$work/$tag.after" "$result" <<'PY'
import json, re, sys
build, index, before, after, result = sys.argv[1:6]
def read(path):
    alloc = gcs = None
    for line in open(path):
        if line.startswith("#"): continue
        m = re.match(r'([a-zA-Z_:][a-zA-Z0-9_:]*)(\{[^}]*\})?\s+(\S+)', line)
        if not m: continue
        name, value = m.group(1), float(m.group(3))
        if re.fullmatch(r'(dotnet_gc_heap_total_allocated|process_runtime_dotnet_gc_allocations_size)(_bytes)?(_total)?', name):
            alloc = (alloc or 0) + value
        elif re.fullmatch(r'(dotnet_gc_collections|process_runtime_dotnet_gc_collections_count)(_total)?', name):
            gcs = (gcs or 0) + value
    if alloc is None or gcs is None:
        sys.exit(f"{path}: no GC allocation/collection counters in /metrics")
    return alloc, gcs
(a0, g0), (a1, g1) = read(before), read(after)
r = json.loads(result)
acked = r["acknowledged"]
print(json.dumps({"build": build, "run": int(index), "acknowledged": acked,
                  "bytes_per_msg": round((a1 - a0) / max(acked, 1)), "gc_per_10k": round((g1 - g0) * 10000 / max(acked, 1), 2),
                  "allocated_bytes": a1 - a0, "collections": g1 - g0}))
PY
}

results="$work/results.jsonl"; : > "$results"
echo "== runs (ABBA x $pairs): $devices devices, $rate msg/s offered, $duration s measured after 5 s warm-up"
i=0
for _ in $(seq 1 "$pairs"); do
  for b in on off off on; do
    i=$((i + 1))
    run_one "$b" "$i" | tee -a "$results"
  done
done
echo "   OTLP exports received: $(cat "$work/otlp-count" 2>/dev/null || echo none)"

python3 - "$results" "$command" "$work" "${E2E_ALLOC_TYPES:-}" "${E2E_OUT:-}" "${E2E_ALLOC_STACKS:-}" <<'PY'
import glob, json, os, statistics, sys
results, command, work, types, out, stacks = sys.argv[1:7]
rows = [json.loads(l) for l in open(results)]
load = open("/proc/loadavg").read().split()[:3]
def med(b, k): return statistics.median(r[k] for r in rows if r["build"] == b)
lines = [f"`{command}` — load average {' '.join(load)}", "",
         "| build | runs | bytes / acknowledged message (each run) | median | GC / 10k messages (each run) | median |",
         "|---|---|---|---|---|---|"]
for b, name in (("on", "instrumented"), ("off", "compiled out")):
    rs = [r for r in rows if r["build"] == b]
    lines.append(f"| {name} | {len(rs)} | {', '.join(str(r['bytes_per_msg']) for r in rs)} | {med(b, 'bytes_per_msg'):.0f} | "
                 f"{', '.join(str(r['gc_per_10k']) for r in rs)} | {med(b, 'gc_per_10k'):.2f} |")
lines.append("")
lines.append(f"Instrumentation adds {med('on', 'bytes_per_msg') - med('off', 'bytes_per_msg'):.0f} B per message "
             f"({med('on', 'bytes_per_msg') / med('off', 'bytes_per_msg'):.2f}x the compiled-out build's allocation).")
if types:
    for b in ("on", "off"):
        totals = {}
        for path in glob.glob(os.path.join(work, f"types-{b}-*.tsv")):
            for line in open(path):
                n, _, t = line.rstrip("\n").split("\t")
                totals[t] = totals.get(t, 0) + int(n)
        whole = sum(totals.values()) or 1
        lines += ["", f"Top allocated types, {b} (sampled bytes in the measured windows, share):", ""]
        for t, n in sorted(totals.items(), key=lambda e: -e[1])[:25]:
            lines.append(f"- {100 * n / whole:5.1f} %  {t}")
if stacks:
    # Per message, by (type, first frame of our code): the SDK, the sample, OpenTelemetry or Microsoft.Data.Sqlite,
    # whichever is nearest the allocation; framework-only stacks (timers, the GC's own) fall under "(framework)".
    ours = ("Instrumentation.", "EdgeIngest.", "OpenTelemetry.", "Microsoft.Data.Sqlite.", "Microsoft.Extensions.Logging.", "Microsoft.AspNetCore.")
    def site(stack):
        for frame in stack.split(" < "):
            if frame.startswith(ours):
                return frame.split("(")[0]
        return "(framework)"
    per = {}
    for b in ("on", "off"):
        acc, runs = {}, 0
        for r in rows:
            if r["build"] != b: continue
            path = os.path.join(work, f"stacks-{b}-{r['run']}.tsv")
            if not os.path.exists(path): continue
            runs += 1
            for line in open(path):
                n, _, t, st = line.rstrip("\n").split("\t", 3)
                key = (t, site(st))
                acc[key] = acc.get(key, 0) + int(n) / max(r["acknowledged"], 1)
        per[b] = {k: v / max(runs, 1) for k, v in acc.items()}
    keys = set(per["on"]) | set(per["off"])
    diff = sorted(((per["on"].get(k, 0) - per["off"].get(k, 0), k) for k in keys), reverse=True)
    lines += ["", "Sampled bytes per message, instrumented minus compiled out, by type and the nearest frame of the SDK, the sample,",
              "OpenTelemetry, SQLite, logging or ASP.NET Core (each sample stands for ~100 KB, so rows under ~50 B are noise):", "",
              "| B / msg | type | nearest frame |", "|---:|---|---|"]
    for d, (t, f) in diff[:30]:
        lines.append(f"| {d:.0f} | {t} | {f} |")
text = "\n".join(lines)
print(text)
if out:
    open(out, "w").write(text + "\n")
PY
