# nietras/Sep: a SIMD CSV reader/writer — ref structs (SepReader.Row/Col, SepWriter.Row/Col), unsafe code and
# pointers, Vector64-512 parsers, interpolated string handlers, `[Conditional]` assert/trace helpers, sync/async
# pairs of files generated from one another by a per-file `#define SYNC` (a test checks that they stay line for line
# the same), ValueTask/IAsyncEnumerable readers. C# 14, nullable, AnalysisLevel latest with CodeAnalysisTreatWarnings
# AsErrors and EnforceCodeStyleInBuild, trimming/AOT analyzers, artifacts output (artifacts/obj/<project>/), MinVer;
# MSTest 4 + coverlet. Sep is annotated; its test project Sep.Test runs. Sourced by run.sh inside the copied checkout.
LIB_PROJECTS="src/Sep/Sep.csproj"
TEST_PROJECT="src/Sep.Test/Sep.Test.csproj"
# Sep's own symbols are per-file #defines (SYNC, SEPSTRINGPOOL_CACHE_LAST) or Debug-only; the library builds for
# net10.0 here, so the framework symbols its #if blocks test (NET9_0_OR_GREATER, NET10_0_OR_GREATER) are added.
DEFINES="NET9_0_OR_GREATER;NET10_0_OR_GREATER;NET10_0"
fixup() {
  # One target framework: the frameworks come from src/Directory.Build.props (net10.0;net9.0;net8.0); library and
  # tests both get net10.0. Not net8.0 for the library: the tests (net10.0) use API that Sep only has under
  # NET9_0_OR_GREATER (SepReader as IEnumerable<Row>, Cols.JoinPathsToString, span header lookups): CS1061/CS1503.
  sed -i -E 's#<TargetFrameworks>[^<]*</TargetFrameworks>#<TargetFramework>net10.0</TargetFramework>#' src/Directory.Build.props
  # The SDK the repository pins (10.0.400) is not installed; the machine's 10.0.401 is the same feature band.
  sed -i 's#"version": "10.0.400"#"version": "10.0.401"#' global.json
  # Package validation restores the baseline package Sep 0.5.0 (not served here); it only matters for `dotnet pack`.
  sed -i 's#<EnablePackageValidation>true</EnablePackageValidation>#<EnablePackageValidation>false</EnablePackageValidation>#' src/Sep/Sep.csproj
  # Versions the registry here does not serve: the nearest served one.
  sed -i 's#"MSTest" Version="4.3.3"#"MSTest" Version="4.4.0"#' src/Sep.Test/Sep.Test.csproj
}
