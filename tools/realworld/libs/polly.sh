# App-vNext/Polly: resilience pipelines (retry, circuit breaker, hedging, timeout, rate limiting, chaos) built on
# ValueTask-returning generic strategies and callbacks; strong-named, InternalsVisibleTo its tests, central package
# management (Directory.Packages.props: run.sh adds the SDK with VersionOverride), xunit + Shouldly + NSubstitute +
# FsCheck. Polly.Core is annotated; its test project Polly.Core.Tests runs. Sourced by run.sh inside the copied checkout.
LIB_PROJECTS="src/Polly.Core/Polly.Core.csproj"
TEST_PROJECT="test/Polly.Core.Tests/Polly.Core.Tests.csproj"
# Polly.Core's LegacySupport sources are only compiled before netcoreapp3.1; nothing to add for net8.0.
DEFINES=""
fixup() {
  # One target framework each (the SDK package targets net8.0/net10.0; only the .NET 10 runtime runs tests here).
  sed -i -E 's#<TargetFrameworks>[^<]*</TargetFrameworks>#<TargetFramework>net8.0</TargetFramework>#' \
    src/Polly.Core/Polly.Core.csproj src/Polly.Testing/Polly.Testing.csproj
  sed -i -E 's#<TargetFrameworks>net10.0;net9.0;net8.0</TargetFrameworks>#<TargetFramework>net10.0</TargetFramework>#; /<TargetFrameworks Condition=/d' \
    test/Polly.Core.Tests/Polly.Core.Tests.csproj test/Polly.TestUtils/Polly.TestUtils.csproj
  # The SDK the repository pins (10.0.400) is not installed; the machine's 10.0.401 is the same feature band.
  sed -i 's#"version": "10.0.400"#"version": "10.0.401"#' global.json
  # Its analyzer set: SonarAnalyzer is not served here (not an open-source licence); the repository's own switch turns
  # off the three analyzer packages in both copies (the SDK's analyzers and the .NET analyzers stay on).
  sed -i 's#</PropertyGroup>#  <SKIP_POLLY_ANALYZERS>true</SKIP_POLLY_ANALYZERS>\n    <EnablePackageValidation>false</EnablePackageValidation>\n    <MinVerSkip>true</MinVerSkip>\n  </PropertyGroup>#' Directory.Build.props
  # Coverage collection and report generation (ReportGenerator is not served) are CI extras, not needed to test.
  sed -i 's#<PackageReference Include="ReportGenerator" PrivateAssets="all" />##; s#<CollectCoverage>true</CollectCoverage>#<CollectCoverage>false</CollectCoverage>#' eng/Test.targets
  # Versions the registry here does not serve: the nearest served one.
  sed -i -E \
    -e 's#"coverlet.msbuild" Version="6.0.4"#"coverlet.msbuild" Version="6.0.0"#' \
    -e 's#"FsCheck.Xunit" Version="3.3.4"#"FsCheck.Xunit" Version="3.4.0"#' \
    -e 's#"JunitXml.TestLogger" Version="8.0.0"#"JunitXml.TestLogger" Version="8.1.0"#' \
    -e 's#"NSubstitute" Version="6.2.0"#"NSubstitute" Version="6.1.0"#' \
    -e 's#"Microsoft.Extensions.TimeProvider.Testing" Version="10.4.0"#"Microsoft.Extensions.TimeProvider.Testing" Version="10.10.0"#' \
    -e 's#"Microsoft.Bcl.TimeProvider" Version="8.0.0"#"Microsoft.Bcl.TimeProvider" Version="8.0.1"#' \
    -e 's#Update="Microsoft.Bcl.TimeProvider" Version="9.0.0"#Update="Microsoft.Bcl.TimeProvider" Version="10.0.0"#' \
    Directory.Packages.props
}
