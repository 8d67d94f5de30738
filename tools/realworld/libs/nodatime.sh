# nodatime/nodatime: dates, times, time zones and calendars — dozens of `readonly struct` value types (Instant, Duration,
# LocalDate, LocalDateTime, ZonedDateTime, Offset, Period…) with operators (+, -, ==, <, implicit/explicit conversions),
# `IEquatable<T>`/`IComparable<T>`/`IFormattable`/`IXmlSerializable` implemented explicitly and implicitly, `in`
# parameters, static abstract-free "pseudo-mutators" (`PlusDays`, `With(adjuster)`), pattern parsers/formatters built from
# delegates, calendar systems as sealed classes behind an abstract base, a binary time-zone database read from an embedded
# resource; CheckForOverflowUnderflow, TreatWarningsAsErrors, nullable, LangVersion latest (C# 14 here), strong-named,
# IsAotCompatible, Microsoft.CodeAnalysis.NetAnalyzers, central package management. NUnit 4 with ~17,000 test cases.
# NodaTime is annotated; NodaTime.Test runs. Sourced by run.sh inside the copied checkout.
LIB_PROJECTS="src/NodaTime/NodaTime.csproj"
TEST_PROJECT="src/NodaTime.Test/NodaTime.Test.csproj"
DEFINES=""
fixup() {
  # One target framework: the library net8.0 (one of its own; the SDK cannot go into its netstandard2.0), NodaTime.Testing
  # (netstandard2.0 only, referenced by the tests, references the library) net8.0 so it can reference the net8.0-only
  # library, the tests net10.0 (one of their own; net48 cannot run here).
  retarget src/NodaTime/NodaTime.csproj net8.0
  retarget src/NodaTime.Testing/NodaTime.Testing.csproj net8.0
  retarget src/NodaTime.Test/NodaTime.Test.csproj net10.0
  # NodaTime.Testing, written for netstandard2.0, has two `TryGetValue(id, out string value)` calls that net8.0's
  # [MaybeNullWhen(false)] annotation turns into CS8600 (an error under its warnings as errors): off for that project.
  add_property src/NodaTime.Testing/NodaTime.Testing.csproj NoWarn '$(NoWarn);CS8600'
  # SauceControl.InheritDoc (a build-time doc-comment post-processor in Directory.Build.targets) is not served.
  sed -i '/SauceControl.InheritDoc/d' Directory.Build.targets Directory.Packages.props
  # Versions the registry here does not serve: the nearest served one.
  sed -i -E \
    -e 's#"NUnit" Version="4.6.0"#"NUnit" Version="4.6.1"#' \
    -e 's#"NUnit3TestAdapter" Version="6.2.0"#"NUnit3TestAdapter" Version="6.3.0"#' \
    -e 's#"Microsoft.NET.Test.Sdk" Version="18.5.1"#"Microsoft.NET.Test.Sdk" Version="18.7.1"#' \
    -e 's#"Microsoft.Extensions.TimeProvider.Testing" Version="10.5.0"#"Microsoft.Extensions.TimeProvider.Testing" Version="10.10.0"#' \
    -e 's#"Microsoft.CodeAnalysis.NetAnalyzers" Version="10.0.203"#"Microsoft.CodeAnalysis.NetAnalyzers" Version="10.0.303"#' \
    Directory.Packages.props
  # Package validation restores the baseline package (NodaTime 3.3.0 and NodaTime.Testing 3.3.0: not served); it checks
  # packing, not behaviour.
  sed -i 's#<EnablePackageValidation>true</EnablePackageValidation>#<EnablePackageValidation>false</EnablePackageValidation>#' \
    src/NodaTime/NodaTime.csproj src/NodaTime.Testing/NodaTime.Testing.csproj
  # ApprovalTests 7.0.0 asks for DiffEngine 16.2.3, EmptyFiles 8.10.1, System.Data.SqlClient 4.9.0 (not served; the next
  # ones are taken): NU1603, an error under its warnings as errors.
  add_property src/NodaTime.Test/NodaTime.Test.csproj WarningsNotAsErrors '$(WarningsNotAsErrors);NU1603'
  grep -q 'SauceControl' Directory.Build.targets && { echo "fixup: InheritDoc still referenced" >&2; return 1; }
  return 0
}
