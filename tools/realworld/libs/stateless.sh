# dotnet-state-machine/stateless: state machines; xunit. Sourced by run.sh inside the copied checkout.
LIB_PROJECTS="src/Stateless/Stateless.csproj"
TEST_PROJECT="test/Stateless.Tests/Stateless.Tests.csproj"
DEFINES="TASKS"
fixup() {
  # Only net10.0 runs here, and the SDK package targets net8.0/net10.0: one target framework each.
  retarget src/Stateless/Stateless.csproj net8.0
  retarget test/Stateless.Tests/Stateless.Tests.csproj net10.0
  # Versions the registry here does not serve: the nearest served one.
  sed -i 's#"xunit" Version="2.4.0"#"xunit" Version="2.4.1"#; s#"xunit.runner.visualstudio" Version="2.4.0"#"xunit.runner.visualstudio" Version="2.4.1"#' test/Stateless.Tests/Stateless.Tests.csproj
  sed -i 's#"Microsoft.SourceLink.GitHub" Version="1.1.1"#"Microsoft.SourceLink.GitHub" Version="8.0.0"#' src/Stateless/Stateless.csproj
}
