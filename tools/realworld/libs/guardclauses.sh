# ardalis/GuardClauses: guard extension methods ([NotNull], [CallerArgumentExpression], generics); xunit.
LIB_PROJECTS="src/GuardClauses/GuardClauses.csproj"
TEST_PROJECT="test/GuardClauses.UnitTests/GuardClauses.UnitTests.csproj"
DEFINES=""
fixup() {
  retarget src/GuardClauses/GuardClauses.csproj net8.0
  retarget test/GuardClauses.UnitTests/GuardClauses.UnitTests.csproj net10.0
  # Coverage/report tools the registry here does not serve (not needed to run the tests); nearest served versions.
  python3 - test/GuardClauses.UnitTests/GuardClauses.UnitTests.csproj <<'PY'
import re, sys
p = sys.argv[1]
s = open(p, encoding="utf-8-sig").read()
s = re.sub(r'\s*<PackageReference Include="(altcover|ReportGenerator)"[^>]*/>', "", s)
s = re.sub(r'\s*<PackageReference Include="coverlet\.(msbuild|collector)"[^>]*>.*?</PackageReference>', "", s, flags=re.S)
s = s.replace('"xunit" Version="2.7.1"', '"xunit" Version="2.9.3"')
s = re.sub(r'"xunit.runner.visualstudio" Version="[^"]*"', '"xunit.runner.visualstudio" Version="3.1.5"', s)
open(p, "w", encoding="utf-8").write(s)
PY
}
