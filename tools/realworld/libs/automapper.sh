# AutoMapper/AutoMapper: a convention-based object-object mapper that builds LINQ expression trees for every map and
# compiles them (`Expression.Lambda(...).Compile()`), and whose expression builders call the library's own methods found
# by reflection (`typeof(X).GetMethod(nameof(...))`, `MethodOf(() => ...)`); heavy open generics and constraints
# (`IMappingExpression<TSource, TDestination>`, `IMemberConfigurationExpression<,,>`), fluent configuration, a queryable
# projection (`ProjectTo`) that rewrites expression trees, type converters and value resolvers found by reflection.
# TreatWarningsAsErrors, Features=strict, LangVersion latest (C# 14 here), ImplicitUsings with global static usings
# (`using static System.Linq.Expressions.Expression`), strong-named (public sign). xunit 2 + Shouldly.
# AutoMapper is annotated; AutoMapper.UnitTests runs (IntegrationTests need SQL Server). Sourced by run.sh in the copy.
LIB_PROJECTS="src/AutoMapper/AutoMapper.csproj"
TEST_PROJECT="src/UnitTests/AutoMapper.UnitTests.csproj"
DEFINES=""
fixup() {
  # The stored snapshot lacks the checked-in nuget.exe (a large binary), which nothing here uses.
  # Its nuget.config names only a dnceng feed (not reachable here): removed, so the machine's sources serve restore.
  rm -f nuget.config
  # The library is net8.0 already; the tests net9.0 -> net10.0 (only the .NET 10 runtime runs here).
  retarget src/UnitTests/AutoMapper.UnitTests.csproj net10.0
  # API compatibility against the last major version: a PreBuild target curls the old package from nuget.org's CDN
  # (no internet here), and Microsoft.DotNet.ApiCompat 7.0.0-beta comes from the dnceng feed. Both dropped.
  python3 - <<'PY'
import re
p = "src/AutoMapper/AutoMapper.csproj"
s = open(p, encoding="utf-8-sig").read()
for old in (r'\s*<PackageReference Include="Microsoft.DotNet.ApiCompat"[^>]*/>',
            r'\s*<ItemGroup>\s*<ResolvedMatchingContract [^>]*/>\s*</ItemGroup>',
            r'\s*<Target Name="PreBuild".*?</Target>'):
    if not re.search(old, s, flags=re.S):
        raise SystemExit(f"fixup: {old!r} not found in {p}")
    s = re.sub(old, "", s, flags=re.S)
open(p, "w", encoding="utf-8").write(s)
PY
  # MinVer reads git tags (none in the copies).
  add_property src/AutoMapper/AutoMapper.csproj MinVerSkip true
  # Versions the registry here does not serve: the nearest served one.
  sed -i 's#"Microsoft.NET.Test.Sdk" Version="17.11.1"#"Microsoft.NET.Test.Sdk" Version="17.11.2"#' src/UnitTests/AutoMapper.UnitTests.csproj
  grep -q 'Microsoft.DotNet.ApiCompat' src/AutoMapper/AutoMapper.csproj && { echo "fixup: ApiCompat still referenced" >&2; return 1; }
  grep -q '<TargetFramework>net10.0</TargetFramework>' src/UnitTests/AutoMapper.UnitTests.csproj || { echo "fixup: tests not retargeted" >&2; return 1; }
  return 0
}
