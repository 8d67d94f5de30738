# Humanizr/Humanizer: strings, dates, numbers, enums and quantities turned into words in ~60 cultures — hundreds of
# `this` extension methods (`"PascalCase".Humanize()`, `3.ToWords(culture)`, `DateTime.Humanize()`), culture-keyed
# registries of formatters/converters/ordinalizers with many small overriding classes, `ReadOnlySpan<char>` helpers
# (a global using alias `CharSpan`), `[Flags]` enums humanized by reflection on attributes. LangVersion preview (C# 14
# here), ImplicitUsings, nullable, TreatWarningsAsErrors, AnalysisLevel latest with EnforceCodeStyleInBuild, strong-named,
# IsAotCompatible; central package management with transitive pinning; Nerdbank.GitVersioning; Polyfill (source-only).
# **Another source generator** runs in the library's own compilation: Humanizer.SourceGenerators (a project reference
# with OutputItemType=Analyzer) turns the locale YAML files (AdditionalFiles) into the culture registries and tables.
# xunit v3 on Microsoft.Testing.Platform. Humanizer is annotated; Humanizer.Tests runs. Sourced by run.sh in the copy.
LIB_PROJECTS="src/Humanizer/Humanizer.csproj"
TEST_PROJECT="tests/Humanizer.Tests/Humanizer.Tests.csproj"
# The library builds for net10.0 here (below): the framework symbols beyond run.sh's NET5-8 defaults.
DEFINES="NET9_0_OR_GREATER;NET10_0_OR_GREATER;NET10_0"
fixup() {
  # The repository pins a .NET 11 preview SDK; the machine's 10.0.401 is what is installed. Its `test` section puts
  # `dotnet test` in Microsoft.Testing.Platform mode, which does not take run.sh's `--logger trx`: the tests run through
  # VSTest instead (xunit.v3 + xunit.runner.visualstudio, below).
  cat >global.json <<'JSON'
{
  "sdk": {
    "version": "10.0.401",
    "rollForward": "latestFeature"
  }
}
JSON
  # One target framework: net10.0 for the library and the tests (one of their own each). Not net8.0 for the library:
  # there Polyfill adds an internal System.Threading.Lock, which the tests (InternalsVisibleTo, net10.0) then see twice
  # (CS0433); the repository builds each test framework against the library of the same framework.
  retarget src/Humanizer/Humanizer.csproj net10.0
  sed -i -E '/<TargetFrameworks Condition="\$\(\[MSBuild\]::IsOSPlatform\(.Windows.\)\)">/d' tests/Humanizer.Tests/Humanizer.Tests.csproj
  sed -i -E 's#<TargetFrameworks Condition="![^"]*">[^<]*</TargetFrameworks>#<TargetFramework>net10.0</TargetFramework>#' tests/Humanizer.Tests/Humanizer.Tests.csproj
  # The three Roslyn-versioned analyzer projects are referenced (ReferenceOutputAssembly=false) only to be packed beside
  # the library; they build against Roslyn 3.8/4.8/4.14 packages, some not served here, and nothing the tests run uses them.
  sed -i '/Humanizer.Analyzers.Roslyn[0-9]*.csproj/d' src/Humanizer/Humanizer.csproj
  # Tests through VSTest: xunit.v3 with the VSTest adapter instead of xunit.v3.mtp-v2 on the testing platform; the
  # testing platform's testconfig.json settings (no parallel collections: the tests switch cultures) as xunit.runner.json;
  # the global `using Xunit;` that xunit.v3.mtp-v2 brought.
  # Verify.XunitV3 and Verify.DiffPlex are not served: the one approval test of the public API (Verify + PublicApiGenerator)
  # goes, with the Verify set-up lines of the module initializer; the code coverage extension is not open source.
  python3 - <<'PY'
import re
def edit(path, *subs):
    s = open(path, encoding="utf-8-sig").read()
    for old, new in subs:
        if not re.search(old, s, flags=re.S):
            raise SystemExit(f"fixup: {old!r} not found in {path}")
        s = re.sub(old, new, s, flags=re.S)
    open(path, "w", encoding="utf-8").write(s)
edit("tests/Humanizer.Tests/Humanizer.Tests.csproj",
     (r'\s*<TestingPlatformDotnetTestSupport>true</TestingPlatformDotnetTestSupport>', ''),
     (r'\s*<UseMicrosoftTestingPlatformRunner>true</UseMicrosoftTestingPlatformRunner>', ''),
     (r'\s*<PackageReference Include="Microsoft.Testing.Extensions.CodeCoverage"[^>]*/>', ''),
     (r'\s*<PackageReference Include="Microsoft.Testing.Extensions.TrxReport"[^>]*/>', ''),
     (r'\s*<PackageReference Include="PublicApiGenerator" />', ''),
     (r'\s*<PackageReference Include="Verify.XunitV3" />', ''),
     (r'\s*<PackageReference Include="Verify.DiffPlex" />', ''),
     (r'<PackageReference Include="xunit.v3.mtp-v2" />',
      '<PackageReference Include="xunit.v3" />\n    <PackageReference Include="xunit.runner.visualstudio" />\n'
      '    <PackageReference Include="Microsoft.NET.Test.Sdk" />\n    <Using Include="Xunit" />\n'
      '    <None Include="xunit.runner.json" CopyToOutputDirectory="PreserveNewest" />'))
edit("tests/Humanizer.Tests/ModuleInitializer.cs",
     (r'using VerifyTests\.DiffPlex;\s*', ''),
     (r'\s*VerifyDiffPlex\.Initialize\(OutputType\.Compact\);', ''),
     (r'\s*VerifierSettings\.InitializePlugins\(\);', ''))
edit("Directory.Packages.props",
     # Versions the registry here does not serve: the nearest served one (Workspaces: the installed compiler's 5.9).
     (r'"Nerdbank.GitVersioning" Version="3.10.91"', '"Nerdbank.GitVersioning" Version="3.10.94"'),
     (r'"Polyfill" Version="11.0.1"', '"Polyfill" Version="11.4.5"'),
     (r'"Microsoft.CodeAnalysis.CSharp.Workspaces" Version="5.6.0"', '"Microsoft.CodeAnalysis.CSharp.Workspaces" Version="5.9.0"'),
     (r'<PackageVersion Include="xunit.v3.mtp-v2" Version="3.2.2" />',
      '<PackageVersion Include="xunit.v3" Version="3.2.2" />\n    <PackageVersion Include="xunit.runner.visualstudio" Version="3.1.5" />\n'
      '    <PackageVersion Include="Microsoft.NET.Test.Sdk" Version="18.0.1" />'))
open("tests/Humanizer.Tests/xunit.runner.json", "w").write(
    '{\n  "diagnosticMessages": true,\n  "methodDisplay": "method",\n  "parallelizeAssembly": true,\n'
    '  "parallelizeTestCollections": false\n}\n')
PY
  rm -r tests/Humanizer.Tests/ApiApprover
  # Humanizer.SourceGenerators compiles two of the library's files by link; the Annotator would annotate them in the
  # library folder, and the generator project (netstandard2.0, no SDK reference possible) would then fail with CS0400
  # ('Instrumentation' not found). The generator gets its own copies of the two files, in both copies of the checkout:
  # copied into its Common/ folder (where the links pointed, compiled by the default glob) and the links removed.
  cp src/Humanizer/Inflections/InflectionUnicodeData.cs src/Humanizer/Localisation/GrammaticalNumber/CardinalPluralRuleMetadata.cs \
    src/Humanizer.SourceGenerators/Common/
  sed -i '/<Compile Include="\.\.\\Humanizer\\/d' src/Humanizer.SourceGenerators/Humanizer.SourceGenerators.csproj
  grep -q 'Include="\.\.\\Humanizer\\' src/Humanizer.SourceGenerators/Humanizer.SourceGenerators.csproj && { echo "fixup: generator still links library files" >&2; return 1; }
  return 0
}
