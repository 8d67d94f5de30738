# xoofx/markdig: a fast CommonMark Markdown processor — many small hot struct methods (`StringSlice`, `BlockProcessor`),
# unsafe code, `ref` parameters, LangVersion preview; **NUnit 4** (the others here are xunit), a test project that is
# an Exe with its own `Main`, test sources generated during the build by an `Exec` of a sibling tool (SpecFileGen turns
# the CommonMark spec files into thousands of test methods calling `Markdown.ToHtml`), central package management in
# src/Directory.Packages.props, `InternalsVisibleTo` its tests. Sourced by run.sh inside the copied checkout.
LIB_PROJECTS="src/Markdig/Markdig.csproj"
TEST_PROJECT="src/Markdig.Tests/Markdig.Tests.csproj"
# What the compiler defines for net8.0 that Markdig's #if blocks test, beyond run.sh's defaults.
DEFINES="NETCOREAPP3_1_OR_GREATER"
fixup() {
  # One target framework each: the library net8.0 (one of its own, in Markdig.targets), the tests and the spec tool
  # net10.0 (the only runtime here; the test project finds the tool by its own TargetFramework).
  sed -i -E 's#<TargetFrameworks>[^<]*</TargetFrameworks>#<TargetFramework>net8.0</TargetFramework>#' src/Markdig/Markdig.targets
  retarget src/Markdig.Tests/Markdig.Tests.csproj net10.0
  retarget src/SpecFileGen/SpecFileGen.csproj net10.0
  # Versions the registry here does not serve: the nearest served one.
  sed -i -E \
    -e 's#"NUnit" Version="4.5.0"#"NUnit" Version="4.6.1"#' \
    -e 's#"NUnit3TestAdapter" Version="6.1.0"#"NUnit3TestAdapter" Version="6.3.0"#' \
    src/Directory.Packages.props
}
