#!/usr/bin/env python3
"""Turns one benchmarks/run.sh run into the sections of RESULTS.md.

    python3 benchmarks/report.py RUN_DIR [--previous PREVIOUS_RUN_DIR]

RUN_DIR is the directory run.sh made: round-N/results/*-report-full-compressed.json (BenchmarkDotNet's
reports, one directory per round of the protocol), rounds.tsv (the machine's load per round), command.txt and
run.log. The measured iterations of all rounds are pooled per case: the table shows their median and a 95%
bootstrap confidence interval of the median. Every section gets the machine line, the load of each round, the
exact command, the date, the job, its table, and readings against the SPEC §4 targets computed from that
table. A verdict (met/missed) is published only when it holds in every round's own table and in the previous
run's report (PREVIOUS_RUN_DIR/verdicts.json, same command); otherwise the reading says "not agreed".
This run's verdicts are written to RUN_DIR/verdicts.json for the next run.
"""
import glob
import json
import os
import random
import re
import statistics
import sys
from datetime import datetime, timezone


def load_round(results_dir):
    """One BenchmarkDotNet invocation: per suite, its rows with the mean and the measured iterations (ns/op)."""
    suites = {}
    for path in sorted(glob.glob(os.path.join(results_dir, "results", "*-report-full-compressed.json"))):
        data = json.load(open(path))
        for b in data["Benchmarks"]:
            suites.setdefault(b["Type"], {"host": data["HostEnvironmentInfo"], "rows": [], "file": path})
            params = dict(p.split("=", 1) for p in b["Parameters"].split("&")) if b["Parameters"] else {}
            stats = b.get("Statistics") or {}
            memory = b.get("Memory") or {}
            samples = [m["Nanoseconds"] / m["Operations"] for m in b.get("Measurements") or []
                       if m.get("IterationMode") == "Workload" and m.get("IterationStage") == "Result" and m.get("Operations")]
            suites[b["Type"]]["rows"].append({
                "method": b["Method"],
                "params": params,
                "mean": stats.get("Mean"),
                "margin": (stats.get("ConfidenceInterval") or {}).get("Margin"),
                "alloc": memory.get("BytesAllocatedPerOperation"),
                "job": b["DisplayInfo"].split(": ", 1)[-1],
                "samples": samples if samples else ([stats["Mean"]] if stats.get("Mean") is not None else []),
            })
    return suites


def round_dirs(run_dir):
    dirs = glob.glob(os.path.join(run_dir, "round-*"))
    return sorted(dirs, key=lambda d: int(d.rsplit("-", 1)[-1])) or [run_dir]


def median_ci(samples, resamples=2000, seed=20261202):
    """The median and a 95% percentile-bootstrap confidence interval of it (seeded: reproducible)."""
    if not samples:
        return None, None, None
    med = statistics.median(samples)
    if len(samples) < 3:
        return med, min(samples), max(samples)
    rng = random.Random(seed)
    meds = sorted(statistics.median(rng.choices(samples, k=len(samples))) for _ in range(resamples))
    return med, meds[int(0.025 * resamples)], meds[int(0.975 * resamples) - 1]


def pooled(rounds):
    """Every round's rows pooled per case: median of all measured iterations, its 95% CI, the per-round means."""
    suites = {}
    for suites_of_round in rounds:
        for name, suite in suites_of_round.items():
            target = suites.setdefault(name, {"host": suite["host"], "rows": [], "file": suite["file"], "keys": {}})
            for row in suite["rows"]:
                key = (row["method"], tuple(sorted(row["params"].items())))
                if key not in target["keys"]:
                    target["keys"][key] = dict(row, samples=[], round_means=[], allocs=[])
                    target["rows"].append(target["keys"][key])
                merged = target["keys"][key]
                merged["samples"] += row["samples"]
                merged["round_means"].append(row["mean"])
                merged["allocs"].append(row["alloc"])
    for suite in suites.values():
        for row in suite["rows"]:
            med, lo, hi = median_ci(row["samples"])
            row["mean"], row["ci"] = med, (lo, hi)
            row["margin"] = None if lo is None else max(med - lo, hi - med)
            known = [a for a in row["allocs"] if a is not None]
            row["alloc"] = max(known) if known else None
    return suites


def load(run_dir):
    return [load_round(d) for d in round_dirs(run_dir)]


def load_lines(run_dir):
    path = os.path.join(run_dir, "rounds.tsv")
    if not os.path.exists(path):
        return []
    rows = [line.split("\t") for line in open(path).read().splitlines()[1:] if line.strip()]
    return [f"round {r[0]} ({'A' if r[1] == 'forward' else 'B'}): load average {r[2]} → {r[3]}, machine busy {r[4]}% of the round, {r[5]} s"
            for r in rows]


VERDICT = re.compile(r"\*\*([^*]+?): (met|missed)\b([^*]*)\*\*")


def verdicts_of(lines):
    found = {}
    for line in lines:
        for label, verdict, _ in VERDICT.findall(line):
            found[label.strip()] = verdict
    return found


def allocation_only(label):
    """Verdicts that do not depend on time (allocated bytes, pipeline step states): exact, so one run's rounds suffice."""
    return label.endswith("no boxing") or "0 B per event" in label or label == "Unrelated edit regenerates nothing"


def agree(lines, round_verdicts, previous, section):
    """Keeps a verdict only when every round and the previous run agree with it; otherwise says why not."""
    out = []
    for line in lines:
        def replace(match):
            label, verdict = match.group(1).strip(), match.group(2)
            per_round = [v.get(label) for v in round_verdicts]
            before = (previous or {}).get(section, {}).get(label)
            if all(v == verdict for v in per_round) and (before == verdict or allocation_only(label)):
                return match.group(0)
            why = f"rounds: {', '.join(v or 'n/a' for v in per_round)}; previous run: {before or 'none'}"
            return f"**{match.group(1)}: not agreed** ({verdict}{match.group(3)} on the pooled medians; {why})"
        out.append(VERDICT.sub(replace, line, count=0))
    return out


def t(ns):
    if ns is None:
        return "NA"
    if ns >= 1e6:
        return f"{ns / 1e6:,.1f} ms"
    if ns >= 1e3:
        return f"{ns / 1e3:,.2f} µs"
    return f"{ns:,.2f} ns"


def b(x):
    if x is None:
        return "NA"
    if x >= 1024 * 1024:
        return f"{x / 1024 / 1024:,.2f} MB"
    return f"{x:,} B"


class Table:
    def __init__(self, rows):
        self.rows = rows

    def get(self, method, **params):
        for r in self.rows:
            if r["method"] == method and all(r["params"].get(k) == str(v) for k, v in params.items()):
                return r
        return None

    def values(self, key):
        return list(dict.fromkeys(r["params"].get(key) for r in self.rows if key in r["params"]))


def machine(host):
    return (f"BenchmarkDotNet {host['BenchmarkDotNetVersion']}, {host['OsVersion']}, {host['ProcessorName']}, "
            f"{host['PhysicalCoreCount']} physical / {host['LogicalCoreCount']} logical cores, "
            f".NET SDK {host['DotNetCliVersion']}, {host['RuntimeVersion']}, {host['Architecture']}")


def render_table(rows, param_names):
    head = ["Method"] + param_names + ["Median", "95% CI of the median", "Round means", "Allocated"]
    out = ["| " + " | ".join(head) + " |", "|" + "|".join(["---"] * (1 + len(param_names)) + ["---:"] * 4) + "|"]
    for r in rows:
        lo, hi = r.get("ci") or (None, None)
        ci = "NA" if lo is None else f"{t(lo)} – {t(hi)}"
        means = " / ".join(t(m) for m in r.get("round_means") or [r["mean"]])
        out.append("| " + " | ".join([r["method"]] + [r["params"].get(p, "") for p in param_names]
                                     + [t(r["mean"]), ci, means, b(r["alloc"])]) + " |")
    return out


def ratio_reading(label, typical, generated, target=3.0):
    if not typical or not generated or typical["mean"] is None or generated["mean"] is None:
        return f"{label}: not measured"
    ratio = typical["mean"] / generated["mean"]
    needed = typical["mean"] / target
    zero = generated["alloc"] == 0
    verdict = "met" if ratio >= target and zero else "missed"
    detail = f"{ratio:.2f}× faster than typical ({t(generated['mean'])} vs {t(typical['mean'])}), {b(generated['alloc'])}"
    if ratio < target:
        detail += f"; {target:g}× needs ≤ {t(needed)}: missed by {t(generated['mean'] - needed)}"
    if not zero:
        detail += "; not 0 B"
    return f"**{label}: {verdict}** — {detail}"


def floor_reading(table, env, typical, generated):
    floor = table.get("MetricsFloor", Environment=env)
    if not (floor and typical and generated):
        return None
    return (f"Why: the metrics floor (two clock reads + the histogram record + the calls counter, nothing else) costs {t(floor['mean'])} "
            f"in this table, so no implementation recording these metrics can be more than {typical['mean'] / floor['mean']:.2f}× faster than typical here; "
            f"generated − floor = {'+' if generated['mean'] >= floor['mean'] else '−'}{t(abs(generated['mean'] - floor['mean']))} (the generated code's own work: liveness checks, the root/parent check, "
            f"state, the disabled log call; a negative difference is noise).")


def no_slower(label, reference, generated):
    if not reference or not generated:
        return f"{label}: not measured"
    diff = generated["mean"] - reference["mean"]
    margin = (generated["margin"] or 0) + (reference["margin"] or 0)
    if diff <= 0:
        return f"**{label}: met** — {t(generated['mean'])} vs hand-optimized {t(reference['mean'])} ({-diff / reference['mean']:.0%} faster)"
    note = " (within the two rows' error margins)" if diff <= margin else ""
    return f"**{label}: missed by {t(diff)} ({diff / reference['mean']:.0%})**{note} — {t(generated['mean'])} vs hand-optimized {t(reference['mean'])}"


def operations(table):
    out = []
    none = dict(Environment="None")
    bare, gen_nolog, gen = table.get("Bare", **none), table.get("GeneratedWithoutLog", **none), table.get("Generated", **none)
    if bare and gen_nolog:
        d = gen_nolog["mean"] - bare["mean"]
        ok = d <= 2 and gen_nolog["alloc"] == 0
        out.append(f"**No listeners, within 2 ns of bare and 0 B: {'met' if ok else 'missed'}** — the interceptor alone "
                   f"(GeneratedWithoutLog) {t(gen_nolog['mean'])} vs bare {t(bare['mean'])}: +{t(d)}"
                   + ("" if d <= 2 else f", missed by {t(d - 2)}") + f", {b(gen_nolog['alloc'])}."
                   + (f" Generated with its disabled log call: +{t(gen['mean'] - bare['mean'])} (the log call has its own target, see Logs)." if gen else ""))
    u = dict(Environment="MetricsUnsampled")
    typical = table.get("TypicalHandWritten", **u)
    for method, label in (("GeneratedSkipRootPerOperation", "Metrics listened, unsampled root with the per-operation opt-in, 0 B and ≥ 3× faster than typical"),
                          ("GeneratedSkipRootProjectWide", "Same with the project-wide InstrumentationSkipUnsampledRoots")):
        out.append(ratio_reading(label, typical, table.get(method, **u)))
    floor = floor_reading(table, "MetricsUnsampled", typical, table.get("GeneratedSkipRootPerOperation", **u))
    if floor:
        out.append(floor)
    gen_u, hand_u = table.get("Generated", **u), table.get("HandOptimized", **u)
    if gen_u and hand_u:
        out.append(f"Default root (no opt-in), metrics listened, trace not sampled: generated allocates {b(gen_u['alloc'])}, "
                   f"hand-optimized {b(hand_u['alloc'])} — the propagation-only Activity the SDK creates for an unsampled root "
                   f"(kept by default so the trace context reaches children, SPEC §4); typical / generated = {typical['mean'] / gen_u['mean']:.2f}.")
    s = dict(Environment="MetricsSampled")
    gen_s, hand_s = table.get("Generated", **s), table.get("HandOptimized", **s)
    out.append(no_slower("Metrics + sampled trace, no slower than hand-optimized", hand_s, gen_s))
    if gen_s and hand_s:
        out.append(f"**Sampled, only the Activity allocated:** generated {b(gen_s['alloc'])}, hand-optimized {b(hand_s['alloc'])} "
                   f"(the same Activity and tags, plus {b(hand_s['alloc'] - gen_s['alloc'])}: its boxed `attempt`). That the generated bytes are exactly "
                   f"a bare Activity's with the same tags is asserted in `SdkAllocationTests`.")
    for env in table.values("Environment"):
        big, small = table.get("GeneratedUncachedInteger", Environment=env), table.get("Generated", Environment=env)
        if big and small:
            out.append(f"Integer span attribute outside the cache (-128..1023), {env}: +{b(big['alloc'] - small['alloc'])} "
                       + ("(one boxed long per recorded span: Activity.SetTag takes object)" if env == "MetricsSampled" else "(nothing is recorded, nothing boxed)"))
    return out


def nested(table):
    out = []
    for opt_in in table.values("ParentBasedSampling") or [None]:
        extra = {} if opt_in is None else {"ParentBasedSampling": opt_in}
        # ParentBasedSampling is on by default in both registrations since issue 18 §5; off only with CompleteErrorTraces.
        suffix = "" if opt_in is None else (" — ParentBasedSampling on (the registrations' default)" if opt_in == "True" else " — ParentBasedSampling off")
        u = dict(Environment="MetricsUnsampled", **extra)
        typical, hand_u, gen_u = table.get("TypicalHandWritten", **u), table.get("HandOptimized", **u), table.get("Generated", **u)
        out.append(ratio_reading("Nested in an unsampled trace, metrics listened, 0 B and ≥ 3× faster than typical" + suffix, typical, gen_u))
        floor = table.get("MetricsFloor", **u)
        if floor and typical and gen_u:
            out.append(f"Why: the metrics floor (two clock reads + the histogram record + the calls counter, nothing else) costs {t(floor['mean'])} in this table, "
                       f"so no implementation recording these metrics can be more than {typical['mean'] / floor['mean']:.2f}× faster than typical here "
                       f"(typical gets no Activity either: the parent-based sampler drops the child); generated − floor = "
                       f"{'+' if gen_u['mean'] >= floor['mean'] else '−'}{t(abs(gen_u['mean'] - floor['mean']))}.")
        if floor and gen_u and opt_in == "True":
            # Issue 18 §5: under the default configuration, within 15 ns of the work any implementation of these metrics must do.
            over = gen_u["mean"] - floor["mean"]
            verdict = "met" if over <= 15 and gen_u["alloc"] == 0 else "missed"
            out.append(f"**Nested in an unsampled trace, default configuration, within 15 ns of the metrics floor and 0 B: {verdict}** — "
                       f"generated {t(gen_u['mean'])} vs floor {t(floor['mean'])}: {'+' if over >= 0 else '−'}{t(abs(over))}, {b(gen_u['alloc'])}")
        if hand_u and gen_u:
            out.append(f"Same environment vs hand-optimized: {t(gen_u['mean'])} vs {t(hand_u['mean'])} ({hand_u['mean'] / gen_u['mean']:.2f}×).")
        s = dict(Environment="MetricsSampled", **extra)
        out.append(no_slower("Nested, metrics + sampled trace, no slower than hand-optimized" + suffix, table.get("HandOptimized", **s), table.get("Generated", **s)))
    out.append("With no listeners there is no parent span (StartActivity returns null), so the None rows measure the same code as the root table's. "
               "ParentBasedSampling changes only the generated rows (the hand-written ones are the same code either way).")
    return out


def async_ops(table):
    # BenchmarkDotNet counts the bytes of every thread, so thread-pool work around an awaited yield shows
    # as a fraction of a byte to a few bytes per operation in every row alike: under 8 B is not an object.
    noise = 8
    out = []
    for completion in table.values("Completion"):
        for env in table.values("Environment"):
            p = dict(Environment=env, Completion=completion)
            bare, gen = table.get("Bare", **p), table.get("Generated", **p)
            bare_t, gen_t = table.get("BareTask", **p), table.get("GeneratedTask", **p)
            typical = table.get("TypicalHandWritten", **p)
            if not (bare and gen):
                continue
            added = gen["alloc"] - bare["alloc"]
            added_t = gen_t["alloc"] - bare_t["alloc"] if bare_t and gen_t else None
            claim = env in ("None", "MetricsUnsampled")
            line = f"{completion}, {env}: ValueTask generated adds {b(added)}"
            if claim:
                line = f"**{line} — {'met' if abs(added) < noise else 'missed'} (target 0 B)**"
            else:
                line += " (the sampled span's Activity and its context switch)"
            if added_t is not None:
                line += f"; Task<int> adds {b(added_t)}"
                if claim and added_t >= noise:
                    line += " (one state-machine box, which is also the returned Task: a Task cannot be pooled)"
            if typical:
                line += f"; typical {t(typical['mean'])} / {b(typical['alloc'])} vs generated {t(gen['mean'])} / {b(gen['alloc'])}"
            out.append(line)
    out.append("Under MetricsUnsampled the generated async workloads use SkipUnsampledRoot; typical and hand-optimized code cannot skip the SDK's propagation-only root Activity.")
    return out


def logs(table):
    out = []
    off = dict(LevelEnabled="False")
    on = dict(LevelEnabled="True")
    for method in ("Generated", "GeneratedWithClassifiedArgument"):
        r = table.get(method, **off)
        ref = table.get("LoggerMessageGenerator", **off)
        if r:
            ok = r["mean"] < 2 and r["alloc"] == 0
            out.append(f"**{method}, level disabled, < 2 ns and 0 B: {'met' if ok else 'missed'}** — {t(r['mean'])}, {b(r['alloc'])}"
                       + ("" if r["mean"] < 2 else f", missed by {t(r['mean'] - 2)}")
                       + (f"; the runtime's [LoggerMessage] in the same run: {t(ref['mean'])}" if ref else ""))
    for method in ("Generated", "GeneratedWithClassifiedArgument"):
        r = table.get(method, **on)
        if r:
            out.append(f"**{method}, level enabled, no boxing: {'met' if r['alloc'] == 0 else 'missed'}** — {b(r['alloc'])}, {t(r['mean'])}")
    # Issue 18 §4: no slower than the runtime's [LoggerMessage] in the same run, disabled or enabled, with or without
    # classified arguments; behind EnableRedaction() no slower than Microsoft.Gen.Logging with the same redactor.
    for level, params in (("disabled", off), ("enabled", on)):
        ref = table.get("LoggerMessageGenerator", **params)
        for method in ("Generated", "GeneratedWithClassifiedArgument"):
            r = table.get(method, **params)
            if r and ref:
                out.append(peer_reading(f"{method}, level {level}, no slower than [LoggerMessage]", r, ref, "[LoggerMessage]"))
        r, ref = table.get("GeneratedClassifiedBehindEnableRedaction", **params), table.get("GenLoggingClassifiedWithEnableRedaction", **params)
        if r and ref:
            out.append(peer_reading(f"Classified, behind EnableRedaction(), level {level}, no slower than Microsoft.Gen.Logging", r, ref, "Microsoft.Gen.Logging")
                       + f"; allocated {b(r['alloc'])} vs {b(ref['alloc'])}")
    return out


def log_reading_sink(table):
    """Issue 18 §4 with a sink that formats each message and reads each value, as real sinks do."""
    out = []
    ref = table.get("LoggerMessageGenerator")
    for method in ("Generated", "GeneratedWithClassifiedArgument", "GenLoggingUnclassified"):
        r = table.get(method)
        if r and ref:
            out.append(peer_reading(f"{method}, read by the sink, no slower than [LoggerMessage]", r, ref, "[LoggerMessage]")
                       + f"; allocated {b(r['alloc'])} vs {b(ref['alloc'])}")
    return out or ["Logs with a reading sink: not measured"]


def peer_reading(label, r, ref, peer):
    """Met when the generated row's median is no higher than its peer's in the same run."""
    diff = r["mean"] - ref["mean"]
    verdict = "met" if diff <= 0 else "missed"
    return (f"**{label}: {verdict}** — {t(r['mean'])} vs {peer} {t(ref['mean'])} "
            f"({'+' if diff >= 0 else '−'}{t(abs(diff))}, ratio {r['mean'] / ref['mean']:.2f})")


def funnel(table, log):
    out = []
    for method in ("EnqueueDirect", "GeneratedEmitter"):
        r = table.get(method)
        if r:
            out.append(f"**{method}, 0 B per event in steady state: {'met' if r['alloc'] == 0 else 'missed'}** — {b(r['alloc'])}, {t(r['mean'])}")
    drops = re.findall(r"// funnel: (\d+) events enqueued, 0 dropped", log)
    if drops:
        out.append(f"No event dropped in any run (default BlockBriefly policy; the cleanup fails the run otherwise): {', '.join(f'{int(x):,}' for x in drops if x != '0')} events enqueued.")
    return out


def generator(table, log):
    out = []
    # Rows whose benchmark failed have no statistics (NA in the table): no reading is made from them.
    measured = [r for r in table.rows if r["mean"] is not None]
    cold = {int(r["params"]["Methods"]): r for r in measured if r["method"] == "ColdGeneration"}
    edit = {int(r["params"]["Methods"]): r for r in measured if r["method"] == "UnrelatedEdit"}
    if 2000 in cold:
        ms = cold[2000]["mean"] / 1e6
        out.append(f"**2,000 annotated methods well under 1 s: {'met' if ms < 1000 else 'missed'}** — cold generation {ms:,.0f} ms")
    if 2000 in cold and 10000 in cold:
        per2, per10 = cold[2000]["mean"] / 2000, cold[10000]["mean"] / 10000
        growth = cold[10000]["mean"] / cold[2000]["mean"]
        linear = per10 <= per2 * 1.2
        out.append(f"**Linear growth: {'met' if linear else 'missed'}** — 5× the methods (2,000 → 10,000) took {growth:.1f}× the time "
                   f"({per2 / 1e3:,.1f} → {per10 / 1e3:,.1f} µs per method; allocation {b(cold[2000]['alloc'])} → {b(cold[10000]['alloc'])}, "
                   f"{cold[10000]['alloc'] / cold[2000]['alloc']:.1f}×). Criterion: time per method at 10,000 within 20% of that at 2,000.")
    for method, name in (("ColdOperationsOnly", "operation generator alone"), ("ColdLogMethodsOnly", "log-method generator alone")):
        rows = {int(r["params"]["Methods"]): r for r in measured if r["method"] == method}
        if 2000 in rows and 10000 in rows:
            out.append(f"{name}: {t(rows[2000]['mean'])} → {t(rows[10000]['mean'])} ({rows[10000]['mean'] / rows[2000]['mean']:.1f}× for 5× the methods)")
    checked = re.findall(r"// unrelated edit at (\d+) methods: (\d+) outputs all Cached; (\d+) named pipeline steps all Cached/Unchanged", log)
    if len(measured) < len(table.rows):
        out.append(f"**{len(table.rows) - len(measured)} benchmark(s) of this table failed (NA)**: see run.log.")
    for size in sorted(edit):
        if size in cold:
            share = edit[size]["mean"] / cold[size]["mean"]
            label = f"Unrelated edit at {size:,} methods ≤ 10 % of a cold generation"
            if size == 2000:
                out.append(f"**{label}: {'met' if share <= 0.10 else 'missed'}** — {t(edit[size]['mean'])} vs cold {t(cold[size]['mean'])} ({share:.1%})")
            else:
                out.append(f"{label}: {t(edit[size]['mean'])} vs cold {t(cold[size]['mean'])} ({share:.1%})")
    if 2000 in edit and 10000 in edit:
        per2, per10 = edit[2000]["mean"] / 2000, edit[10000]["mean"] / 10000
        out.append(f"**Unrelated edit grows linearly or better: {'met' if per10 <= per2 * 1.2 else 'missed'}** — 2,000 → 10,000 methods: "
                   f"{t(edit[2000]['mean'])} → {t(edit[10000]['mean'])} ({edit[10000]['mean'] / edit[2000]['mean']:.1f}× for 5×; criterion: per method at 10,000 within 20 % of 2,000)")
    sizes = sorted({int(m) for m, _, _ in checked})
    if sizes:
        out.append(f"**Unrelated edit regenerates nothing: met** — checked in the benchmark's setup at {', '.join(f'{s:,}' for s in sizes)} methods "
                   f"(every output Cached, every named pipeline step Cached/Unchanged; the run fails otherwise)."
                   + (" The edit costs " + ", ".join(t(edit[s]["mean"]) + f" at {s:,}" for s in sorted(edit))
                      + ": what remains is Roslyn's own ForAttributeWithMetadataName pass over every annotated declaration of the new compilation "
                        "(the generators reuse their parsed declarations and bound call sites, DeclarationMemo and CallSiteBinder)." if edit else ""))
    return out


def complete_traces(table):
    """Issue 16 §5: what complete error traces cost on an unsampled request in which nothing fails."""
    off = table.get("UnsampledRequestWithThreeNestedOperations", CompleteErrorTraces="False")
    on = table.get("UnsampledRequestWithThreeNestedOperations", CompleteErrorTraces="True")
    if not (off and on):
        return []
    return [f"Cost of CompleteErrorTraces on an unsampled request of four operations that does not fail: {t(on['mean'])} vs "
            f"{t(off['mean'])} off (ratio {on['mean'] / off['mean']:.2f}, +{t(on['mean'] - off['mean'])}); allocated "
            f"{b(on['alloc'])} vs {b(off['alloc'])} (+{b(on['alloc'] - off['alloc'])}: every span of the trace is recorded and held until its root ends)"]


def inlining(table):
    """Issue 18 §6: a no-listener call of a tiny method the JIT inlines, annotated vs not, inlining effects included."""
    plain, annotated, hand = table.get("Unannotated"), table.get("Annotated"), table.get("HandSplit")
    if not (plain and annotated):
        return ["Inlining: not measured"]
    d = annotated["mean"] - plain["mean"]
    ok = d <= 2 and annotated["alloc"] == 0
    line = (f"**No listeners, tiny inlinable method, within 2 ns of the un-annotated call and 0 B: {'met' if ok else 'missed'}** — "
            f"{t(annotated['mean'])} vs {t(plain['mean'])} per call: {'+' if d >= 0 else '−'}{t(abs(d))}, {b(annotated['alloc'])}")
    if hand:
        line += f"; the hand-split ideal (inlined check, slow path apart): {t(hand['mean'])}"
    return [line]


def many_operations(table):
    """Issue 18 §6 as real code meets it: 512 different tiny methods, each from its own call site, nobody listening."""
    plain, annotated = table.get("Unannotated"), table.get("Annotated")
    if not (plain and annotated):
        return ["Many operations: not measured"]
    d = annotated["mean"] - plain["mean"]
    ok = d <= 2 and annotated["alloc"] == 0
    return [f"**No listeners, 512 different tiny methods from their own call sites, within 2 ns of the un-annotated call and 0 B: "
            f"{'met' if ok else 'missed'}** — {t(annotated['mean'])} vs {t(plain['mean'])} per call: "
            f"{'+' if d >= 0 else '−'}{t(abs(d))}, {b(annotated['alloc'])}"]


def log_parts(table):
    """Issue 18 §4: the pieces of work the generated enabled log does beyond [LoggerMessage], against the two calls' difference."""
    ref, gen = table.get("LoggerMessageGenerator"), table.get("Generated")
    parts = [(name, table.get(name)) for name in ("Scrub", "Correlation")]
    if not (ref and gen) or any(r is None for _, r in parts):
        return ["Log parts: not measured"]
    total = sum(r["mean"] for _, r in parts)
    out = [f"Generated − [LoggerMessage] = {t(gen['mean'] - ref['mean'])} ({t(gen['mean'])} vs {t(ref['mean'])}); the pieces alone: "
           + ", ".join(f"{name.lower()} {t(r['mean'])}" for name, r in parts) + f", together {t(total)}."]
    tracing, correlation = table.get("GeneratedInATracingProcess"), table.get("CorrelationInATracingProcess")
    if tracing and correlation:
        out.append(f"In a process that has traced (an activity was current once, none now): Generated − [LoggerMessage] = "
                   f"{t(tracing['mean'] - ref['mean'])} ({t(tracing['mean'])}), correlation {t(correlation['mean'])} — "
                   "the Activity.Current read a log line pays there (OpenTelemetry's own logger reads it too, for every record, whichever generator wrote the call).")
    return out


def scrub(table):
    """Issue 18 §4: the scrubber's pre-scan against its previous version, per text, and the whole scrub."""
    out = []
    for text in ("ShortId", "IdWithDigits", "Guid", "CleanSentence", "SentenceWithEmail"):
        now, before, whole = (table.get(m, Text=text) for m in ("PreScan", "PreviousPreScan", "Scrub"))
        if now and before and whole:
            out.append(f"{text}: pre-scan {t(now['mean'])} vs the previous pre-scan {t(before['mean'])} ({now['mean'] / before['mean']:.2f}×); "
                       f"whole scrub {t(whole['mean'])}, {b(whole['alloc'])}")
    return out or ["Scrub: not measured"]


def funnel_store(table):
    """Issue 18 §2: the SQLite funnel store per row, with random event ids against time-ordered ones (what the writer makes)."""
    random, ordered = table.get("WriteBatch", Ids="random"), table.get("WriteBatch", Ids="time-ordered")
    if not (random and ordered):
        return ["Funnel store: not measured"]
    return [f"Per stored row, batches of 50 into a table of 200,000+ rows: time-ordered ids {t(ordered['mean'])}, random ids "
            f"{t(random['mean'])} — random ids cost {random['mean'] / ordered['mean']:.1f}× as much"]


def funnel_store_api(table):
    """Issue 18 §2: the SQLite funnel store (statements on SQLite's handle) against the same write through ADO.NET."""
    out = []
    for rows in ("1", "50"):
        store, ado = table.get("Store", Rows=rows), table.get("AdoNet", Rows=rows)
        if not (store and ado):
            out.append(f"Batches of {rows}: not measured")
            continue
        out.append(f"Batches of {rows}: the store {t(store['mean'])} per batch, ADO.NET {t(ado['mean'])} — "
                   f"{store['mean'] / ado['mean']:.2f}× the peer's time ({'faster' if store['mean'] < ado['mean'] else 'not faster'})")
    return out


def build_cost(table, log=""):
    """Issue 18 §7: a build of a library whose every method is annotated and called once, against the compiler alone."""
    measured = [r for r in table.rows if r["mean"] is not None]
    plain = {int(r["params"]["CallSites"]): r for r in measured if r["method"] == "Unannotated"}
    annotated = {int(r["params"]["CallSites"]): r for r in measured if r["method"] == "Annotated"}
    out = []
    for size in sorted(set(plain) & set(annotated)):
        ratio = annotated[size]["mean"] / plain[size]["mean"]
        text = (f"{size:,} call sites: {t(annotated[size]['mean'])} vs {t(plain[size]['mean'])} for the compiler alone, {ratio:.2f}× "
                f"(allocated {b(annotated[size]['alloc'])} vs {b(plain[size]['alloc'])})")
        if size == 2000:
            out.append(f"**Build with the generator within 1.5× of the compiler alone at 2,000 call sites: {'met' if ratio <= 1.5 else 'missed'}** — {text}")
        else:
            out.append(text)
    chars = re.findall(r"// generated characters: (\d+), per call site: (\d+)", log)
    if chars:
        out.append("Generated characters per call site (setup, per size in order): " + ", ".join(f"{int(per):,}" for _, per in chars))
    if len(measured) < len(table.rows):
        out.append(f"**{len(table.rows) - len(measured)} benchmark(s) of this table failed (NA)**: see run.log.")
    return out


SECTIONS = [
    ("Instrumentation.Benchmarks.Operations.OperationBenchmarks", "Operation instrumentation, root operations (sync)", ["Environment"], operations),
    ("Instrumentation.Benchmarks.Operations.NestedOperationBenchmarks", "Operation instrumentation, nested in a local parent span (sync)", ["Environment", "ParentBasedSampling"], nested),
    ("Instrumentation.Benchmarks.Operations.AsyncOperationBenchmarks", "Async operations (ValueTask<int> and Task<int>, roots)", ["Environment", "Completion"], async_ops),
    ("Instrumentation.Benchmarks.Logging.LogBenchmarks", "Logs", ["LevelEnabled"], logs),
    ("Instrumentation.Benchmarks.Logging.LogReadingSinkBenchmarks", "Logs read by a sink (message formatted, every value read)", [], log_reading_sink),
    ("Instrumentation.Benchmarks.Logging.LogPartsBenchmarks", "Logs: the generated log's own work, piece by piece", [], log_parts),
    ("Instrumentation.Benchmarks.Operations.InliningBenchmarks", "Tiny inlinable method, no listeners (inlining effects included)", [], inlining),
    ("Instrumentation.Benchmarks.Operations.ManyOperationsBenchmarks", "Many different call sites, no listeners (issue 18 §6)", [], many_operations),
    ("Instrumentation.Benchmarks.Logging.ScrubBenchmarks", "Free-text scrubbing of unclassified strings", ["Text"], scrub),
    ("Instrumentation.Benchmarks.Funnel.FunnelBenchmarks", "Funnel events", [], None),
    ("Instrumentation.Benchmarks.Funnel.FunnelStoreBenchmarks", "The funnel store's event ids (SQLite, per row)", ["Ids"], funnel_store),
    ("Instrumentation.Benchmarks.Funnel.FunnelStoreApiBenchmarks", "The funnel store on SQLite's own API vs ADO.NET (per batch)", ["Rows"], funnel_store_api),
    ("Instrumentation.Benchmarks.Operations.CompleteErrorTracesBenchmarks", "Complete error traces (opt-in tail sampling)", ["CompleteErrorTraces"], complete_traces),
    ("Instrumentation.Benchmarks.Generator.GeneratorBenchmarks", "Generator", ["Methods"], None),
    ("Instrumentation.Benchmarks.Generator.BuildCostBenchmarks", "Build cost: operation generator + compiling its output vs the compiler alone", ["CallSites"], build_cost),
]


def readings(type_name, reader, table, log):
    if reader is funnel or type_name.endswith("FunnelBenchmarks"):
        return funnel(table, log)
    if type_name.endswith("GeneratorBenchmarks"):
        return generator(table, log)
    if type_name.endswith("BuildCostBenchmarks"):
        return build_cost(table, log)
    return reader(table) if reader else []


def main():
    args = sys.argv[1:]
    previous_dir = None
    if "--previous" in args:
        i = args.index("--previous")
        previous_dir = args[i + 1]
        del args[i:i + 2]
    run_dir = args[0]
    rounds = load(run_dir)
    suites = pooled(rounds)
    previous_file = os.path.join(previous_dir, "verdicts.json") if previous_dir else None
    previous = json.load(open(previous_file)) if previous_file and os.path.exists(previous_file) else None
    command_file = os.path.join(run_dir, "command.txt")
    lines = open(command_file).read().splitlines() if os.path.exists(command_file) else ["(unknown)"]
    command = f"{lines[0]}` (runs `{lines[1]}`)" if len(lines) > 1 else lines[0] + "`"
    log = open(os.path.join(run_dir, "run.log"), errors="replace").read() if os.path.exists(os.path.join(run_dir, "run.log")) else ""
    load_text = load_lines(run_dir)
    out = []
    verdicts = {}
    for type_name, title, params, reader in SECTIONS:
        key = type_name.rsplit(".", 1)[-1]
        suite = suites.get(key) or suites.get(type_name)
        if not suite:
            continue
        table = Table(suite["rows"])
        date = datetime.fromtimestamp(os.path.getmtime(suite["file"]), timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
        out += [f"## {title}", "",
                f"- Machine: {machine(suite['host'])}",
                f"- Load: {'; '.join(load_text) if load_text else 'not recorded (run before the protocol)'}",
                f"- Command: `{command}",
                f"- Date: {date}; job per round: {suite['rows'][0]['job']}; {len(rounds)} round(s) pooled", ""]
        out += render_table(suite["rows"], params)
        found = readings(type_name, reader, table, log)
        per_round = []
        for r in rounds:
            own = r.get(key) or r.get(type_name)
            per_round.append(verdicts_of(readings(type_name, reader, Table(own["rows"]), log)) if own else {})
        verdicts[title] = verdicts_of(found)
        out += ["", f"Readings (pooled medians; a verdict stands only where all {len(rounds)} round(s) and the previous run "
                    f"{'(' + os.path.basename(previous_dir) + ')' if previous else '(none found)'} agree):", ""]
        out += [f"- {line}" for line in agree(found, per_round, previous, title)] + [""]
    json.dump(verdicts, open(os.path.join(run_dir, "verdicts.json"), "w"), indent=2, sort_keys=True)
    print("\n".join(out))


if __name__ == "__main__":
    main()
