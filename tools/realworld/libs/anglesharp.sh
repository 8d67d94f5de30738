# AngleSharp/AngleSharp: an HTML5/CSS3/XML parser to a W3C DOM — a tokenizer and tree builder as large state machines
# over a `TextSource`, hundreds of DOM classes behind interfaces (`IElement`, `INode`, `IHtmlDocument`…) with
# `[DomName]`/`[DomAccessor]` attributes that bindings read by reflection, CSS selectors parsed into combinator trees,
# an event loop and async resource loading (`Task` with ConfigureAwait(false) everywhere), `IEnumerable` iterators over
# the tree, `InternalsVisibleTo` the (strong-named) tests. TreatWarningsAsErrors, nullable, LangVersion latest (C# 14
# here), strong-named. NUnit 3. AngleSharp.Core is annotated; AngleSharp.Core.Tests runs. Sourced by run.sh in the copy.
LIB_PROJECTS="src/AngleSharp/AngleSharp.Core.csproj"
TEST_PROJECT="src/AngleSharp.Core.Tests/AngleSharp.Core.Tests.csproj"
DEFINES=""
fixup() {
  # One target framework each: the library net8.0 (its own are netstandard2.0 and net8.0; the SDK cannot go into
  # netstandard2.0), the tests net10.0 (theirs is net8.0; only the .NET 10 runtime runs here).
  retarget src/AngleSharp/AngleSharp.Core.csproj net8.0
  retarget src/AngleSharp.Core.Tests/AngleSharp.Core.Tests.csproj net10.0
  python3 - <<'PY'
import re
def edit(path, *subs):
    s = open(path, encoding="utf-8-sig").read()
    for old, new in subs:
        if not re.search(old, s, flags=re.S):
            raise SystemExit(f"fixup: {old!r} not found in {path}")
        s = re.sub(old, new, s, flags=re.S)
    open(path, "w", encoding="utf-8").write(s)
# Not served here: ConfigureAwaitChecker.Analyzer (an analyzer only) and GitHubActionsTestLogger (a CI logger only).
edit("src/AngleSharp/AngleSharp.Core.csproj",
     (r'\s*<PackageReference Include="ConfigureAwaitChecker.Analyzer"[^>]*/>', ''))
edit("src/AngleSharp.Core.Tests/AngleSharp.Core.Tests.csproj",
     (r'\s*<PackageReference Include="GitHubActionsTestLogger"[^>]*/>', ''),
     # The nearest served version.
     (r'"Microsoft.NET.Test.Sdk" Version="17.9.0"', '"Microsoft.NET.Test.Sdk" Version="17.10.0"'))
PY
  # On net10.0 the tests meet CA2022 (inexact Stream.Read, a warning of the .NET 10 analyzers that the net8.0 build
  # does not report), an error under TreatWarningsAsErrors: off in the tests, in both copies.
  add_property src/AngleSharp.Core.Tests/AngleSharp.Core.Tests.csproj NoWarn '$(NoWarn);CA2022'
  grep -q '<TargetFramework>net8.0</TargetFramework>' src/AngleSharp/AngleSharp.Core.csproj || { echo "fixup: library not retargeted" >&2; return 1; }
  return 0
}
