# aaubry/YamlDotNet: YAML parser, emitter, representation model and an object (de)serializer built on reflection —
# type inspectors, node deserializers/type resolvers chained by builders, naming conventions, type converters,
# `IYamlConvertible`, a parser/scanner that is a hand-written state machine over `ref`-free structs (Mark, Cursor);
# WarningsAsErrors, nullable, AnalysisLevel latest-Recommended with EnforceCodeStyleInBuild, LangVersion 12, strong-named;
# xunit 2 + FluentAssertions + FakeItEasy. The test project also runs **another source generator**, YamlDotNet's own
# StaticGenerator (built from source as a project reference with OutputItemType=Analyzer), which writes a static
# type-inspector context for `[YamlStaticContext]`/`[YamlSerializable]` classes of the tests.
# YamlDotNet is annotated; YamlDotNet.Test runs. Sourced by run.sh inside the copied checkout.
LIB_PROJECTS="YamlDotNet/YamlDotNet.csproj"
TEST_PROJECT="YamlDotNet.Test/YamlDotNet.Test.csproj"
# The library's #if blocks test framework symbols (run.sh's defaults cover NET5-8), SIGNED (its Release constant) and
# NETCOREAPP2_1_OR_GREATER.
DEFINES="SIGNED;NETCOREAPP2_1_OR_GREATER;NETCOREAPP3_0_OR_GREATER;NETCOREAPP3_1_OR_GREATER"
fixup() {
  # One target framework each: the library net8.0 (one of its own), the tests net10.0 (one of their own; only the .NET 10
  # runtime runs here). The tests' Windows list carries a Condition and goes too (one line, no condition).
  retarget YamlDotNet/YamlDotNet.csproj net8.0
  sed -i -E '/<TargetFrameworks Condition="\$\(\[MSBuild\]::IsOSPlatform\(.Windows.\)\)">/d' YamlDotNet.Test/YamlDotNet.Test.csproj
  sed -i -E 's#<TargetFrameworks Condition="![^"]*">[^<]*</TargetFrameworks>#<TargetFramework>net10.0</TargetFramework>#' YamlDotNet.Test/YamlDotNet.Test.csproj
  # Its .editorconfig makes IDE0055 (formatting) a warning, an error here: the Annotator writes the attribute on the
  # method's own line, which IDE0055 reports ~1,200 times in the annotated copy. Off in both copies, so the strict
  # build of the annotated copy shows what the SDK reports.
  add_property YamlDotNet/YamlDotNet.csproj NoWarn '$(NoWarn);IDE0055'
  # Versions the registry here does not serve: the nearest served one.
  sed -i -E \
    -e 's#"FakeItEasy" Version="8.3.0"#"FakeItEasy" Version="6.0.1"#' \
    -e 's#"FluentAssertions" Version="6.12.1"#"FluentAssertions" Version="6.12.2"#' \
    -e 's#"Microsoft.NET.Test.Sdk" Version="17.11.1"#"Microsoft.NET.Test.Sdk" Version="17.11.2"#' \
    -e 's#"xunit" Version="2.9.0"#"xunit" Version="2.9.2"#' \
    -e 's#"Microsoft.CodeAnalysis.CSharp" Version="4.4.0"#"Microsoft.CodeAnalysis.CSharp" Version="4.5.0"#' \
    Directory.Packages.props
  # FakeItEasy 6.0.1 asks for Castle.Core 4.3.1 (not served; NU1603, an error under warnings as errors): pinned to the
  # served 4.4.0 (central transitive pinning is on).
  sed -i 's#</ItemGroup>#  <PackageVersion Include="Castle.Core" Version="4.4.0" />\n  </ItemGroup>#' Directory.Packages.props
}
