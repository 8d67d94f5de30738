#!/usr/bin/env python3
"""Figures of one tools/realworld/run.sh run: reads <work>/{before,after}.* and writes <work>/summary.txt."""
import glob
import os
import re
import sys
import xml.etree.ElementTree as ET

work, name, lib_projects, test_project = sys.argv[1], sys.argv[2], sys.argv[3].split(), sys.argv[4]
NS = "{http://microsoft.com/schemas/VisualStudio/TeamTest/2010}"
DIAG = re.compile(r"^(?P<file>.+?)\((?P<line>\d+),(?P<col>\d+)\): (?P<sev>warning|error) ?(?P<id>[A-Z]*\d*): (?P<msg>.*?)(?: \[[^\]]*\])?$")


def keyvalues(path):
    result = {}
    if os.path.exists(path):
        for line in open(path, encoding="utf-8"):
            if "=" in line:
                key, value = line.strip().split("=", 1)
                result[key] = value
    return result


def outcomes(trx):
    """(test name, outcome) rows; a theory may repeat one display name, so rows are compared as counts."""
    if not os.path.exists(trx):
        return []
    return [(row.get("testName"), row.get("outcome")) for row in ET.parse(trx).getroot().iter(NS + "UnitTestResult")]


def passed_counts(rows):
    """Passed rows per test method: theory arguments are left out of the key, as some hold the run's clock or
    a new Guid (GuardClauses) and so differ between two runs."""
    counts = {}
    for test, outcome in rows:
        if outcome == "Passed":
            method = test.split("(", 1)[0]
            counts[method] = counts.get(method, 0) + 1
    return counts


def diagnostics(log):
    """Distinct diagnostics of a build log (MSBuild repeats them in its summary)."""
    seen = {}
    if not os.path.exists(log):
        return []
    for line in open(log, encoding="utf-8", errors="replace"):
        m = DIAG.match(line.strip())
        if m:
            seen[(m["file"], m["line"], m["col"], m["id"])] = m
    return list(seen.values())


def generated(diag):
    # Case-insensitive: a project may name its own output folder (Jint: CompilerGeneratedFilesOutputPath ...Generated).
    return "Instrumentation.Generators" in diag["file"] or "/generated/" in diag["file"].lower()


def generated_files(project):
    """The generated sources of a project: under its obj/, or under artifacts/obj/<project name>/ when the repository
    uses the SDK's artifacts layout (UseArtifactsOutput, e.g. Polly). The folder is "generated" by default; a project
    that sets CompilerGeneratedFilesOutputPath itself may spell it otherwise (Jint: "Generated")."""
    folders = [os.path.join(work, "after", os.path.dirname(project), "obj"),
               os.path.join(work, "after", "artifacts", "obj", os.path.splitext(os.path.basename(project))[0])]
    for folder in folders:
        for path in glob.glob(os.path.join(folder, "**", "*.cs"), recursive=True):
            if "generated" in (part.lower() for part in os.path.relpath(path, folder).split(os.sep)[:-1]):
                yield path


def intercepted(project):
    sites = 0
    for path in generated_files(project):
        sites += open(path, encoding="utf-8", errors="replace").read().count("InterceptsLocation(")
    return sites


def operations(project):
    """(operations declared, operations with at least one intercepted call) in a project's generated code."""
    declared, called = set(), set()
    for path in generated_files(project):
        text = open(path, encoding="utf-8", errors="replace").read()
        # A generated class per operation, or (plain operations) a PlainOperation field named the same way.
        declared |= set(re.findall(r"class (Operation\d+)\b", text))
        declared |= set(re.findall(r"PlainOperation (Operation\d+) =", text))
        cut = text.find("static class Interceptors")
        if cut >= 0:
            called |= set(re.findall(r"\b(Operation\d+)\.", text[cut:]))
    return len(declared), len(called & declared)


before, after = keyvalues(os.path.join(work, "before.txt")), keyvalues(os.path.join(work, "after.txt"))
annotate = {}
for line in open(os.path.join(work, "annotate.txt"), encoding="utf-8"):
    if "=" in line:
        key, value = line.strip().split("=", 1)
        annotate[key] = annotate.get(key, 0) + int(value)
spans = keyvalues(os.path.join(work, "after.spans.txt"))
tb, ta = outcomes(os.path.join(work, "before.trx")), outcomes(os.path.join(work, "after.trx"))
pb, pa = passed_counts(tb), passed_counts(ta)
lost = sorted(t for t, n in pb.items() for _ in range(n - pa.get(t, 0)))
after_build_log = os.path.join(work, "after.build.log")
diags_after = diagnostics(after_build_log)
gen = [d for d in diags_after if generated(d)]
ins = [d for d in diags_after if d["id"].startswith("INS")]
crash = [d for d in diags_after if d["id"] in ("CS8785", "AD0001")]

rows = [
    ("tests passed (of run)", f"{sum(pb.values())}/{len(tb)}", f"{sum(pa.values())}/{len(ta)}"),
    ("tests passing before, not after", "", str(len(lost))),
    ("build exit code", before.get("build_rc", "?"), after.get("build_rc", "?") + (f" (lenient rebuild: {after['lenient_build_rc']})" if "lenient_build_rc" in after else "")),
    ("build time, s", before.get("build_s", "?"), after.get("build_s", "?")),
    ("test time, s", before.get("test_s", "?"), after.get("test_s", "?")),
    ("methods annotated", "", str(annotate.get("annotated", 0))),
    ("intercepted call sites (library)", "", str(sum(intercepted(p) for p in lib_projects))),
    ("operations with an intercepted call (library)", "", "{1} of {0}".format(*[sum(x) for x in zip(*[operations(p) for p in lib_projects])])),
    ("intercepted call sites (test project)", "", str(intercepted(test_project))),
    ("spans recorded during the tests", "", spans.get("spans", "none (counter file not written)")),
    ("distinct span names recorded", "", spans.get("distinct_span_names", "-")),
    ("warnings+errors in build (distinct)", str(len(diagnostics(os.path.join(work, "before.build.log")))), str(len(diags_after))),
    ("  of them in generated code", "", str(len(gen))),
    ("  INS diagnostics", "", str(len(ins))),
    ("  CS8785 / AD0001 (generator or analyzer crashed)", "", str(len(crash))),
]

with open(os.path.join(work, "summary.txt"), "w", encoding="utf-8") as out:
    for key, b, a in rows:
        out.write(f"{key}\tbefore={b}\tafter={a}\n")
    for key, value in sorted(annotate.items()):
        out.write(f"annotator.{key}\t{value}\n")
    for t in lost:
        failed = sorted({o for name, o in ta if name.split("(", 1)[0] == t and o != "Passed"}) or ["missing"]
        out.write(f"lost\t{t}\t{','.join(failed)}\n")
    by_id = {}
    for d in gen + ins + crash:
        by_id.setdefault((d["sev"], d["id"]), []).append(d)
    for (sev, diag_id), items in sorted(by_id.items()):
        first = items[0]
        out.write(f"diag\t{sev} {diag_id} x{len(items)}\t{first['file']}({first['line']},{first['col']}): {first['msg']}\n")

print(f"\n## {name}\n")
print("| figure | before | after |")
print("|---|---|---|")
for key, b, a in rows:
    print(f"| {key} | {b} | {a} |")
print()
details = open(os.path.join(work, "summary.txt"), encoding="utf-8").read().split("\n")[len(rows):]
lost_lines = [line for line in details if line.startswith("lost\t")]
print("\n".join(line for line in details if not line.startswith("lost\t")))
print("\n".join(lost_lines[:10]) + (f"\n... {len(lost_lines) - 10} more lost tests in summary.txt" if len(lost_lines) > 10 else ""))
