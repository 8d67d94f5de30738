# HangfireIO/Cronos again, with LangVersion 12 in both copies: its own LangVersion 9.0 cannot compile the
# SDK's generated code at all (see docs/real-world.md), so this variant is what measures the rest.
source "$(dirname "${BASH_SOURCE[0]}")/cronos.sh"
fixup() {
  retarget src/Cronos/Cronos.csproj net8.0
  retarget tests/Cronos.Tests/Cronos.Tests.csproj net10.0
  add_property src/Cronos/Cronos.csproj NoWarn '$(NoWarn);SYSLIB0051'
  sed -i 's#<LangVersion>9.0</LangVersion>#<LangVersion>12.0</LangVersion>#' Directory.Build.props
}
