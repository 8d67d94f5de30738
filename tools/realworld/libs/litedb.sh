# mbdavid/LiteDB: an embedded NoSQL document database in one data file — a storage engine of pages behind a disk service
# and a WAL, `Stream` subclasses (AesStream, ConcurrentStream, TempStream), locks and threads (LockService with
# ReaderWriterLockSlim, a transaction monitor, a background checkpoint), `IDisposable` with finalizers, `BsonValue` with
# implicit/explicit conversion operators, indexers and `IComparable`, `BsonDocument`/`BsonArray` as dictionaries and lists,
# an expression language (BsonExpression) parsed and compiled to LINQ expression trees whose method calls are found by
# reflection, a LINQ-to-BsonExpression visitor, a reflection-based BsonMapper, and `IEnumerable` iterators over pages and
# index nodes. LangVersion latest (C# 14 here), unsafe blocks, no nullable, warnings are warnings. xunit 2 + FluentAssertions.
# LiteDB is annotated; LiteDB.Tests runs (its Release build leaves out the Internals folder, as the library's own CI does).
# Sourced by run.sh inside the copied checkout.
LIB_PROJECTS="LiteDB/LiteDB.csproj"
TEST_PROJECT="LiteDB.Tests/LiteDB.Tests.csproj"
# Its #if blocks test DEBUG, NETFRAMEWORK and HAVE_* (net45 only): run.sh's defaults are what net8.0 Release defines.
DEFINES=""
fixup() {
  # One target framework each: the library net8.0 (its own are net4.5, netstandard1.3 and netstandard2.0; the SDK cannot
  # go into netstandard2.0, and net8.0 reads the netstandard2.0 code paths), the tests net10.0 (theirs is net8; only the
  # .NET 10 runtime runs here).
  retarget LiteDB/LiteDB.csproj net8.0
  retarget LiteDB.Tests/LiteDB.Tests.csproj net10.0
  # Versions the registry here does not serve: xunit.runner.console and xunit.runner.reporters 2.9.2 (the console runner
  # and its reporters, for `xunit.console`; `dotnet test` runs through xunit.runner.visualstudio and needs neither).
  sed -i -E '/"xunit.runner.console"/,/<\/PackageReference>/d; /"xunit.runner.reporters"/d' LiteDB.Tests/LiteDB.Tests.csproj
  # The tests' own language version: C# 12, net8's default. On net10.0 the default is C# 14, whose first-class span
  # conversions bind `array.Contains(x)` inside expression trees to MemoryExtensions.Contains(ReadOnlySpan<T>, T), which
  # LiteDB's LINQ visitor cannot translate (6 tests fail with "Method Contains not available to convert to BsonExpression").
  add_property LiteDB.Tests/LiteDB.Tests.csproj LangVersion 12
  # Issue2534_Tests and the three Recursion_Tests all open "Demo.db" in shared mode, whose named mutex is thread-affine.
  # SharedEngine.OpenDatabase waits on it for every call but CloseDatabase releases it only for the outermost one, so a
  # test that queries inside FindAll leaves the mutex owned by its thread; a later test that xunit happens to run on
  # another (live) pool thread then waits forever. Both copies hang on Issue2534 in about half the runs. One file per
  # test: the leak stays within the test that causes it.
  sed -i 's#Filename = "Demo.db",#Filename = "Issue2534.db",#' LiteDB.Tests/Issues/Issue2534_Tests.cs
  sed -i -E 's#private void Test\(Action<ILiteCollection<BsonDocument>> action\)#private void Test(Action<ILiteCollection<BsonDocument>> action, [System.Runtime.CompilerServices.CallerMemberName] string test = "")#; s#Filename = "Demo.db",#Filename = "Recursion_" + test + ".db",#' \
    LiteDB.Tests/Engine/Recursion_Tests.cs
  grep -q '"Demo.db"' LiteDB.Tests/Issues/Issue2534_Tests.cs LiteDB.Tests/Engine/Recursion_Tests.cs && { echo "fixup: Demo.db still shared" >&2; return 1; }
  grep -q 'CallerMemberName' LiteDB.Tests/Engine/Recursion_Tests.cs || { echo "fixup: Recursion_Tests not changed" >&2; return 1; }
  grep -q 'xunit.runner.console' LiteDB.Tests/LiteDB.Tests.csproj && { echo "fixup: xunit.runner.console still referenced" >&2; return 1; }
  grep -q '<TargetFramework>net8.0</TargetFramework>' LiteDB/LiteDB.csproj || { echo "fixup: LiteDB.csproj not retargeted" >&2; return 1; }
  return 0
}
