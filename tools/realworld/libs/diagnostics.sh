# CommunityToolkit/dotnet, CommunityToolkit.Diagnostics: Guard and ThrowHelper — hundreds of `[DoesNotReturn]` throw
# helpers, `[DoesNotReturnIf]`, `[NotNull]` and `[CallerArgumentExpression]` parameters, generic numeric guards
# (`where T : notnull, IComparable<T>`), T4-generated sources checked in; PolySharp polyfills; MSTest 4. Warnings as
# errors in its Release build, EnforceCodeStyleInBuild, LangVersion 12, strong-named. Sourced by run.sh inside the copy.
LIB_PROJECTS="src/CommunityToolkit.Diagnostics/CommunityToolkit.Diagnostics.csproj"
TEST_PROJECT="tests/CommunityToolkit.Diagnostics.UnitTests/CommunityToolkit.Diagnostics.UnitTests.csproj"
# Its own DefineConstants for net8.0 (src/Directory.Build.targets), so the Annotator sees the same code the compiler does.
DEFINES="NETSTANDARD2_1_OR_GREATER"
fixup() {
  # One target framework each: the library net8.0 (one of its own), the tests net10.0 (one of their own).
  retarget src/CommunityToolkit.Diagnostics/CommunityToolkit.Diagnostics.csproj net8.0
  retarget tests/CommunityToolkit.Diagnostics.UnitTests/CommunityToolkit.Diagnostics.UnitTests.csproj net10.0
  # SourceLink cannot map a checkout whose origin is a local folder; its switch is read by Directory.Build.props itself,
  # so it goes first in that file.
  sed -i '0,/<Project>/s#<Project>#<Project>\n  <PropertyGroup><SourceLinkEnabled>false</SourceLinkEnabled></PropertyGroup>#' Directory.Build.props
  # Versions the registry here does not serve: the nearest served one.
  sed -i 's#"DotNet.ReproducibleBuilds" Version="2.0.2"#"DotNet.ReproducibleBuilds" Version="2.0.5"#' Directory.Build.props
  sed -i 's#"MSTest.TestAdapter" Version="4.0.1"#"MSTest.TestAdapter" Version="4.0.2"#; s#"MSTest.TestFramework" Version="4.0.1"#"MSTest.TestFramework" Version="4.0.2"#' \
    tests/CommunityToolkit.Diagnostics.UnitTests/CommunityToolkit.Diagnostics.UnitTests.csproj
}
