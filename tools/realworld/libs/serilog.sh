# serilog/serilog: the structured logger itself — Log/ILogger overload families (generic T0..T2 and params object?[]),
# message-template parsing, sinks, enrichers; xunit. LangVersion latest (C# 14 here), ImplicitUsings, nullable,
# TreatWarningsAsErrors, strong-named. Sourced by run.sh inside the copied checkout.
LIB_PROJECTS="src/Serilog/Serilog.csproj"
TEST_PROJECT="test/Serilog.Tests/Serilog.Tests.csproj"
# Its own DefineConstants for net8.0 (its csproj), so the Annotator sees the same code the compiler does.
DEFINES="FEATURE_DEFAULT_INTERFACE;FEATURE_SPAN;FEATURE_ITUPLE;FEATURE_DATE_AND_TIME_ONLY;FEATURE_ASYNCDISPOSABLE;FEATURE_WRITE_STRINGBUILDER;FEATURE_TOHEXSTRING;FEATURE_DICTIONARYTRYADD"
fixup() {
  # One target framework each: the library net8.0 (one of its own), the tests net10.0 (one of their own). The
  # Windows-only .NET Framework lists carry a Condition and are left as they are.
  retarget src/Serilog/Serilog.csproj net8.0
  retarget test/Serilog.Tests/Serilog.Tests.csproj net10.0
  retarget test/TestDummies/TestDummies.csproj net8.0
  # Versions the registry here does not serve: the nearest served one.
  sed -i 's#"Microsoft.NET.Test.Sdk" Version="17.11.1"#"Microsoft.NET.Test.Sdk" Version="17.11.2"#; s#"System.ServiceModel.Http" Version="8.1.0"#"System.ServiceModel.Http" Version="10.1.0"#; s#"System.ServiceModel.Primitives" Version="8.1.0"#"System.ServiceModel.Primitives" Version="10.1.0"#' \
    test/Serilog.Tests/Serilog.Tests.csproj
  sed -i 's#"PolySharp" Version="1.14.1"#"PolySharp" Version="1.15.0"#' test/TestDummies/TestDummies.csproj
}
