# scriban/scriban: a text-templating scripting engine — a lexer/parser to a syntax tree of ~100 node classes, visitors,
# an interpreter that evaluates nodes through virtual `Evaluate(TemplateContext)`, async twins of the evaluators written
# by the project's own code generator into `ScribanAsync.generated.cs` / `ScribanVisitors.generated.cs` (checked in:
# files whose names end in `.generated.cs`, which Roslyn treats as generated code), built-in function libraries
# exposed to scripts by reflection (`ScriptObject.Import`, member renamers, delegate-wrapped custom functions), `dynamic`
# and `IScriptCustomFunction`; the accessibility of every public type is `#if SCRIBAN_PUBLIC public #else internal`
# (the package's source-embedding mode). TreatWarningsAsErrors, nullable, LangVersion latest, IsAotCompatible, MinVer,
# central packages. NUnit 4 + NSubstitute. Scriban is annotated; Scriban.Tests runs. Sourced by run.sh in the copy.
LIB_PROJECTS="src/Scriban/Scriban.csproj"
TEST_PROJECT="src/Scriban.Tests/Scriban.Tests.csproj"
# Its #if blocks test its own constants: SCRIBAN_PUBLIC is defined in Scriban.props.
DEFINES="SCRIBAN_PUBLIC;NET9_0_OR_GREATER;NET10_0_OR_GREATER"
fixup() {
  # The installed SDK 10.0.401 (the repository pins 10.0.100 with latestMinor, which takes it already). One target
  # framework: the library net8.0 (one of its own; the SDK cannot go into netstandard2.0); the tests are net10.0 already.
  sed -i -E 's#<TargetFrameworks>[^<]*</TargetFrameworks>#<TargetFramework>net8.0</TargetFramework>#' src/Scriban/Scriban.props
  # Versions the registry here does not serve: the nearest served one.
  sed -i -E \
    -e 's#"NUnit" Version="4.6.0"#"NUnit" Version="4.6.1"#' \
    -e 's#"NUnit3TestAdapter" Version="6.2.0"#"NUnit3TestAdapter" Version="6.3.0"#' \
    -e 's#"Microsoft.NET.Test.Sdk" Version="18.5.1"#"Microsoft.NET.Test.Sdk" Version="18.7.1"#' \
    src/Directory.Packages.props
  grep -q '<TargetFramework>net8.0</TargetFramework>' src/Scriban/Scriban.props || { echo "fixup: Scriban.props not retargeted" >&2; return 1; }
  return 0
}
