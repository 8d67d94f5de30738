# JoshClose/CsvHelper: CSV reading and writing — reflection- and expression-tree-built record mapping (class maps
# `Map(m => m.Id)`), `dynamic` records, IAsyncEnumerable readers, many generic overloads; xunit 2.4 + Castle.Core.
# ImplicitUsings, nullable with **nullable warnings as errors** (`<WarningsAsErrors>nullable</WarningsAsErrors>`),
# LangVersion latest (library) / preview (tests), strong name by public signing. Sourced by run.sh inside the copy.
LIB_PROJECTS="src/CsvHelper/CsvHelper.csproj"
TEST_PROJECT="tests/CsvHelper.Tests/CsvHelper.Tests.csproj"
# What the compiler defines for net8.0 that the library's #if blocks test.
DEFINES="NET;NET6_0_OR_GREATER;NET8_0_OR_GREATER"
fixup() {
  # One target framework each (the library's list includes .NET Framework targets that do not build here).
  retarget src/CsvHelper/CsvHelper.csproj net8.0
  retarget tests/CsvHelper.Tests/CsvHelper.Tests.csproj net10.0
  # Versions the registry here does not serve: the nearest served one.
  sed -i 's#"Castle.Core" Version="4.4.1"#"Castle.Core" Version="5.2.1"#' tests/CsvHelper.Tests/CsvHelper.Tests.csproj
  # .NET 10 has System.Linq.AsyncEnumerable built in: the package's ToAsyncEnumerable is then ambiguous (CS0121).
  sed -i '/"System.Linq.Async"/d' tests/CsvHelper.Tests/CsvHelper.Tests.csproj
}
