# sebastienros/fluid: Liquid templates — a parser built on Parlot (parser combinators, `Parser<T>` graphs built once in
# `FluidParser`'s constructor), an AST of `Statement`/`Expression` classes rendered through virtual
# `ValueTask<Completion> WriteToAsync(…)` / `ValueTask<FluidValue> EvaluateAsync(…)` with synchronous fast paths
# (`IsCompletedSuccessfully` checks, then an `Awaited` helper), filters as `FilterDelegate` method groups registered in
# dictionaries, `FluidValue` subclasses with many overrides, a member-access strategy built on reflection and
# expression trees, recursion limits (`MaxRecursion`, `MaxSteps`). LangVersion latest, ImplicitUsings,
# TreatWarningsAsErrors, AnalysisLevel latest-Recommended, strong-named, PolySharp, central packages.
# **Its own source generator beside ours**: Fluid.SourceGenerator (a project reference with OutputItemType=Analyzer in the
# tests) compiles Liquid templates and writes member accessors at build time, and it runs Fluid itself inside the
# compiler: it references Fluid.csproj built again as `Fluid.SourceGenerator.Runtime` and embeds that assembly (and
# Parlot…) as resources that it loads from an AssemblyLoadContext `Resolving` handler. xunit v3 on
# Microsoft.Testing.Platform. Fluid is annotated; Fluid.Tests runs. Sourced by run.sh in the copy.
LIB_PROJECTS="Fluid/Fluid.csproj"
TEST_PROJECT="Fluid.Tests/Fluid.Tests.csproj"
# The library builds for net10.0 here (below): the framework symbols beyond run.sh's NET5-8 defaults.
DEFINES="NET9_0_OR_GREATER;NET10_0_OR_GREATER;NET10_0"
fixup() {
  # Its `test` section puts `dotnet test` in Microsoft.Testing.Platform mode, which does not take run.sh's
  # `--logger trx`: the tests run through VSTest instead (xunit.v3.mtp-off + xunit.runner.visualstudio, below). The
  # pinned 10.0.100 rolls forward to the installed 10.0.401 by itself (latestMajor).
  cat >global.json <<'JSON'
{
  "sdk": {
    "version": "10.0.100",
    "rollForward": "latestMajor"
  }
}
JSON
  # One target framework: net10.0 for the library and its view engines (one of their own each; the SDK cannot go into
  # netstandard2.0), the tests are net10.0 already. Not net8.0 for the library: there it references System.Linq.Async,
  # whose AsyncEnumerable then meets the runtime's in the net10.0 tests (CS0121); the repository builds the tests against
  # the library's net10.0 build. The source generator (netstandard2.0) references Fluid.csproj to embed it: it is
  # retargeted to net10.0 too, or restore refuses the net10.0-only Fluid (NU1201). The compiler here runs on .NET 10 and
  # loads a net10.0 analyzer; RS1041 (which warns of hosts on .NET Framework) is not an error then.
  # One framework, but still as <TargetFrameworks>: Directory.Packages.props picks the FileProviders version by
  # '$(TargetFramework)', which a plain <TargetFramework> in the project body sets only after that file is read (NU1604).
  sed -i -E 's#<TargetFrameworks?>[^<]*</TargetFrameworks?>#<TargetFrameworks>net10.0</TargetFrameworks>#' \
    Fluid/Fluid.csproj Fluid.ViewEngine/Fluid.ViewEngine.csproj Fluid.MvcViewEngine/Fluid.MvcViewEngine.csproj \
    MinimalApis.LiquidViews/MinimalApis.LiquidViews.csproj Fluid.SourceGenerator/Fluid.SourceGenerator.csproj
  sed -i 's#<NoWarn>$(NoWarn);NU1604;RS1036;RS2008</NoWarn>#<NoWarn>$(NoWarn);NU1604;RS1036;RS2008;RS1041</NoWarn>#' \
    Fluid.SourceGenerator/Fluid.SourceGenerator.csproj
  python3 - <<'PY'
import re
def edit(path, *subs):
    s = open(path, encoding="utf-8-sig").read()
    for old, new in subs:
        if not re.search(old, s, flags=re.S):
            raise SystemExit(f"fixup: {old!r} not found in {path}")
        s = re.sub(old, new, s, flags=re.S)
    open(path, "w", encoding="utf-8").write(s)
# Tests through VSTest: xunit.v3.mtp-off (the same xunit v3 without the testing platform's entry point) with the VSTest
# adapter and Test.Sdk, instead of xunit.v3.mtp-v2.
edit("Fluid.Tests/Fluid.Tests.csproj",
     (r'<PackageReference Include="xunit.v3.mtp-v2" />',
      '<PackageReference Include="xunit.v3.mtp-off" />\n    <PackageReference Include="xunit.runner.visualstudio" />\n'
      '    <PackageReference Include="Microsoft.NET.Test.Sdk" />'))
edit("Directory.Packages.props",
     (r'<PackageVersion Include="xunit.v3.mtp-v2" Version="4.0.0" />',
      '<PackageVersion Include="xunit.v3.mtp-off" Version="4.0.2" />\n    <PackageVersion Include="xunit.runner.visualstudio" Version="4.0.1" />'),
     # Versions the registry here does not serve: the nearest served one.
     (r'"Parlot" Version="1.5.8"', '"Parlot" Version="1.5.9"'),
     (r'"Microsoft.CodeAnalysis.CSharp" Version="4.13.0"', '"Microsoft.CodeAnalysis.CSharp" Version="4.14.0"'))
# The two ASP.NET Core view engines pin FileProviders 9.0.14 (not served); on net10.0 the shared framework has it, so
# the reference would be pruned and NU1510 (an error here) says to remove it: removed.
for p in ("Fluid.MvcViewEngine/Fluid.MvcViewEngine.csproj", "MinimalApis.LiquidViews/MinimalApis.LiquidViews.csproj"):
    edit(p, (r'\s*<PackageReference Include="Microsoft.Extensions.FileProviders.Abstractions" VersionOverride="9.0.14" />', ''))
PY
  grep -q '<TargetFrameworks>net10.0</TargetFrameworks>' Fluid/Fluid.csproj || { echo "fixup: Fluid.csproj not retargeted" >&2; return 1; }
  return 0
}
