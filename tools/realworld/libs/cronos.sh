# HangfireIO/Cronos: cron expressions; xunit; AnalysisMode=All + TreatWarningsAsErrors, LangVersion 9.0.
LIB_PROJECTS="src/Cronos/Cronos.csproj"
TEST_PROJECT="tests/Cronos.Tests/Cronos.Tests.csproj"
DEFINES=""
fixup() {
  retarget src/Cronos/Cronos.csproj net8.0
  retarget tests/Cronos.Tests/Cronos.Tests.csproj net10.0
  # net8.0 (not one of its own targets) marks its ISerializable constructors obsolete.
  add_property src/Cronos/Cronos.csproj NoWarn '$(NoWarn);SYSLIB0051'
}
