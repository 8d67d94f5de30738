# sebastienros/jint: a JavaScript interpreter — Acornima parses to an AST that Jint turns into its own tree of
# `JintExpression`/`JintStatement` nodes evaluated by large switches over node types, a `JsValue` hierarchy with
# hand-tuned fast paths (`[MethodImpl(AggressiveInlining)]` everywhere, `ref struct` helpers like ValueStringBuilder and
# `in`/`ref readonly` parameters), the ECMAScript built-ins (Array, Date, Temporal, Intl, RegExp, typed arrays…) as
# `ObjectInstance` subclasses, its own source generator (Jint.SourceGenerators) that writes the built-ins' property
# tables, an interop layer that reflects over CLR types, generics over `TKey`/`TValue` dictionaries. TreatWarningsAsErrors,
# nullable, LangVersion latest (C# 14 here), AnalysisLevel latest-Recommended, EnforceCodeStyleInBuild, Meziantou.Analyzer,
# ImplicitUsings, strong-named, unsafe blocks, central package management. xunit v3 (mtp-off, through VSTest).
# Jint is annotated; Jint.Tests runs (Test262 and the other suites are left out: they fetch their corpus).
# Sourced by run.sh inside the copied checkout.
LIB_PROJECTS="Jint/Jint.csproj"
TEST_PROJECT="Jint.Tests/Jint.Tests.csproj"
# What Jint.csproj defines for net8.0 (its #if blocks test these and NET8_0_OR_GREATER, NETFRAMEWORK, NETSTANDARD2_0).
DEFINES="SUPPORTS_WEAK_TABLE_ADD_OR_UPDATE;SUPPORTS_WEAK_TABLE_CLEAR;SUPPORTS_ASYNC_DISPOSE;SUPPORTS_HALF;SUPPORTS_UTF8_TRANSCODE"
fixup() {
  # One target framework: the library net8.0 (its own are net462, netstandard2.0, netstandard2.1, net8.0 and net10.0;
  # the SDK cannot go into the netstandard ones). The tests are net10.0 already (net472 only on Windows).
  retarget Jint/Jint.csproj net8.0
  python3 - <<'PY'
import re
def edit(path, *subs):
    s = open(path, encoding="utf-8-sig").read()
    for old, new in subs:
        if not re.search(old, s, flags=re.S):
            raise SystemExit(f"fixup: {old!r} not found in {path}")
        s = re.sub(old, new, s, flags=re.S)
    open(path, "w", encoding="utf-8").write(s)
# Versions the registry here does not serve, moved to the nearest served one.
edit("Directory.Packages.props",
     (r'"AwesomeAssertions" Version="9.5.0"', '"AwesomeAssertions" Version="9.6.0"'),
     (r'"Meziantou.Analyzer" Version="3.0.167"', '"Meziantou.Analyzer" Version="3.0.296"'),
     (r'"MongoDB.Bson.signed" Version="2.19.0"', '"MongoDB.Bson.signed" Version="2.14.1"'),
     (r'"xunit.v3.mtp-off" Version="4.0.0"', '"xunit.v3.mtp-off" Version="4.0.2"'))
# Not served at all: Acornima.Extras (no test uses it), Flurl.Http.Signed 4.x (one test, FlurlExtensionTest, removed)
# and GitHubActionsTestLogger (a CI logger only).
edit("Jint.Tests/Jint.Tests.csproj",
     (r'\s*<PackageReference Include="Acornima.Extras" />', ''),
     (r'\s*<PackageReference Include="Flurl.Http.Signed" />', ''),
     (r'\s*<PackageReference Include="GitHubActionsTestLogger" />', ''))
PY
  rm Jint.Tests/Runtime/ExtensionMethods/FlurlExtensionTest.cs
  # Meziantou.Analyzer 3.0.296 (the nearest served to 3.0.167) reports MA0054 on four throws in Temporal that the
  # older one did not: an error under TreatWarningsAsErrors in both copies. Off in the library.
  add_property Jint/Jint.csproj NoWarn '$(NoWarn);MA0054'
  # Its .editorconfig makes IDE0055 (formatting) a warning, with EnforceCodeStyleInBuild an error here: the Annotator
  # writes the attribute on the method's own line, which IDE0055 reports 3,116 times in the annotated copy (none of them
  # the SDK's). Off in both copies, so the strict build of the annotated copy shows what the SDK reports.
  add_property Jint/Jint.csproj NoWarn '$(NoWarn);IDE0055'
  grep -q '<TargetFramework>net8.0</TargetFramework>' Jint/Jint.csproj || { echo "fixup: Jint.csproj not retargeted" >&2; return 1; }
  return 0
}
