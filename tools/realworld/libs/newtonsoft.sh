# JamesNK/Newtonsoft.Json: JSON serializer, JToken/LINQ to JSON, readers/writers; its tests are NUnit-style
# sources run through xunit on .NET (Core). Nullable enable, LangVersion 9.0, no warnings-as-errors.
LIB_PROJECTS="Src/Newtonsoft.Json/Newtonsoft.Json.csproj"
TEST_PROJECT="Src/Newtonsoft.Json.Tests/Newtonsoft.Json.Tests.csproj"
# The library's own DefineConstants for net8.0 (its csproj), so the Annotator sees the same code the compiler does.
DEFINES="HAVE_APPCONTEXT;HAVE_ADO_NET;HAVE_APP_DOMAIN;HAVE_ASYNC;HAVE_ASYNC_DISPOSABLE;HAVE_BIG_INTEGER;HAVE_BINARY_FORMATTER;HAVE_BINARY_SERIALIZATION;HAVE_BINARY_EXCEPTION_SERIALIZATION;HAVE_CHAR_TO_LOWER_WITH_CULTURE;HAVE_CHAR_TO_STRING_WITH_CULTURE;HAVE_COM_ATTRIBUTES;HAVE_COMPONENT_MODEL;HAVE_CONCURRENT_COLLECTIONS;HAVE_COVARIANT_GENERICS;HAVE_DATA_CONTRACTS;HAVE_DATE_TIME_OFFSET;HAVE_DB_NULL_TYPE_CODE;HAVE_DYNAMIC;HAVE_EMPTY_TYPES;HAVE_ENTITY_FRAMEWORK;HAVE_EXPRESSIONS;HAVE_FAST_REVERSE;HAVE_FSHARP_TYPES;HAVE_FULL_REFLECTION;HAVE_GUID_TRY_PARSE;HAVE_HASH_SET;HAVE_ICLONEABLE;HAVE_ICONVERTIBLE;HAVE_IGNORE_DATA_MEMBER_ATTRIBUTE;HAVE_INOTIFY_COLLECTION_CHANGED;HAVE_INOTIFY_PROPERTY_CHANGING;HAVE_ISET;HAVE_LINQ;HAVE_MEMORY_BARRIER;HAVE_METHOD_IMPL_ATTRIBUTE;HAVE_NON_SERIALIZED_ATTRIBUTE;HAVE_READ_ONLY_COLLECTIONS;HAVE_REFLECTION_EMIT;HAVE_REGEX_TIMEOUTS;HAVE_SECURITY_SAFE_CRITICAL_ATTRIBUTE;HAVE_SERIALIZATION_BINDER_BIND_TO_NAME;HAVE_STREAM_READER_WRITER_CLOSE;HAVE_STRING_JOIN_WITH_ENUMERABLE;HAVE_TIME_SPAN_PARSE_WITH_CULTURE;HAVE_TIME_SPAN_TO_STRING_WITH_CULTURE;HAVE_TIME_ZONE_INFO;HAVE_TRACE_WRITER;HAVE_TYPE_DESCRIPTOR;HAVE_UNICODE_SURROGATE_DETECTION;HAVE_VARIANT_TYPE_PARAMETERS;HAVE_VERSION_TRY_PARSE;HAVE_XLINQ;HAVE_XML_DOCUMENT;HAVE_XML_DOCUMENT_TYPE;HAVE_CONCURRENT_DICTIONARY;HAVE_INDEXOF_STRING_COMPARISON;HAVE_REPLACE_STRING_COMPARISON;HAVE_GETHASHCODE_STRING_COMPARISON;HAVE_NULLABLE_ATTRIBUTES;HAVE_DYNAMIC_CODE_COMPILED;HAS_ARRAY_EMPTY;HAVE_DATE_ONLY"
fixup() {
  python3 - <<'PY'
import json, random, re

def edit(path, *subs):
    s = open(path, encoding="utf-8-sig").read()
    for old, new in subs:
        n = len(re.findall(old, s, flags=re.S))
        if n == 0:
            raise SystemExit(f"fixup: {old!r} not found in {path}")
        s = re.sub(old, new, s, flags=re.S)
    open(path, "w", encoding="utf-8").write(s)

# One target framework each: the library net8.0 (one of its own), the tests net10.0 (one of their own; only the
# .NET 10 runtime runs them here). The net10.0 tests bind to the library's net6.0 build: net8.0 now.
# LangVersion 9.0 -> 12.0 in both copies: the SDK needs C# 11 (INS0015 otherwise; see docs/real-world.md).
# Package validation against the 13.0.1 baseline is a packing check, not needed to build or test.
edit("Src/Newtonsoft.Json/Newtonsoft.Json.csproj",
     (r'<TargetFrameworks Condition="\'\$\(LibraryFrameworks\)\'==\'\'">[^<]*</TargetFrameworks>\s*'
      r'<TargetFrameworks Condition="\'\$\(LibraryFrameworks\)\'!=\'\'">[^<]*</TargetFrameworks>',
      "<TargetFramework>net8.0</TargetFramework>"),
     (r"<LangVersion>9\.0</LangVersion>", "<LangVersion>12.0</LangVersion>"),
     (r"<EnablePackageValidation>true</EnablePackageValidation>", "<EnablePackageValidation>false</EnablePackageValidation>"))
edit("Src/Newtonsoft.Json.Tests/Newtonsoft.Json.Tests.csproj",
     (r'<TargetFrameworks Condition="\'\$\(TestFrameworks\)\'==\'\'">[^<]*</TargetFrameworks>\s*'
      r'<TargetFrameworks Condition="\'\$\(TestFrameworks\)\'!=\'\'">[^<]*</TargetFrameworks>',
      "<TargetFramework>net10.0</TargetFramework>"),
     (r"<LangVersion>9\.0</LangVersion>", "<LangVersion>12.0</LangVersion>"),
     (r"<ReferringTargetFrameworkForProjectReferences>net6\.0</ReferringTargetFrameworkForProjectReferences>",
      "<ReferringTargetFrameworkForProjectReferences>net8.0</ReferringTargetFrameworkForProjectReferences>"),
     # BenchmarkDotNet 0.12.1 asks for Microsoft.CodeAnalysis.CSharp >= 2.10.0, whose Common 2.10.0 the registry no longer
     # serves (2026-12-08: restore failed with NU1102); a direct reference lifts it to a served version.
     (r"</Project>\s*$", "  <ItemGroup><PackageReference Include=\"Microsoft.CodeAnalysis.CSharp\" Version=\"3.11.0\" /></ItemGroup>\n</Project>\n"))

# Versions the registry here does not serve (or whose dependencies it does not serve): the nearest served one.
edit("Src/Directory.Build.props",
     (r"<AutofacPackageVersion>4\.6\.2<", "<AutofacPackageVersion>4.8.1<"),
     (r"<BenchmarkDotNetPackageVersion>0\.10\.10<", "<BenchmarkDotNetPackageVersion>0.12.1<"),
     (r"<MicrosoftNETTestSdkPackageVersion>16\.3\.0<", "<MicrosoftNETTestSdkPackageVersion>16.9.4<"),
     (r"<MoqPackageVersion>4\.8\.1<", "<MoqPackageVersion>4.13.1<"),
     # xunit 2.3.1's own dependencies (xunit.core/xunit.assert 2.3.1) are not served: 2.4.1 with its runner 2.4.3.
     (r"<XunitPackageVersion>2\.3\.1<", "<XunitPackageVersion>2.4.1<"),
     (r"<XunitRunnerVisualStudioPackageVersion>2\.3\.1<", "<XunitRunnerVisualStudioPackageVersion>2.4.3<"),
     # SourceLink cannot map a checkout whose origin is a local folder (an error); not needed to build or test.
     (r"</PropertyGroup>", "  <EnableSourceLink>false</EnableSourceLink>\n  </PropertyGroup>"))

# The test data file large.json (a few MB) is not in the stored snapshot of the repository; the test project copies
# it to its output (a build error when missing) and four tests read it. A generated file of the same shape
# (an array of people with friends, one named 'Woodard Caldwell'), the same in both copies.
rng = random.Random(12)
first = ["Amos", "Alice", "Bryant", "Carla", "Dunn", "Elsa", "Frank", "Gail", "Hobbs", "Iris"]
last = ["Caldwell", "Moss", "Hale", "Pierce", "Vance", "Ochoa", "Reyes", "Stone"]
people = []
for i in range(500):
    people.append({
        "_id": "%024x" % rng.getrandbits(96), "index": i, "guid": "%08x-0000-4000-8000-%012x" % (i, rng.getrandbits(48)),
        "isActive": rng.random() < 0.5, "balance": "$%d,%03d.%02d" % (rng.randint(1, 3), rng.randint(0, 999), rng.randint(0, 99)),
        "picture": "http://placehold.it/32x32", "age": rng.randint(20, 40), "eyeColor": rng.choice(["blue", "brown", "green"]),
        "name": "Woodard Caldwell" if i == 0 else rng.choice(first) + " " + rng.choice(last),
        "gender": rng.choice(["male", "female"]), "company": "ACME", "email": "person%d@acme.example" % i,
        "phone": "+1 (800) 555-%04d" % i, "address": "%d Main Street, Springfield" % i,
        "about": "Lorem ipsum dolor sit amet. " * 5, "registered": "2014-0%d-1%dT10:00:00 -10:00" % (rng.randint(1, 9), rng.randint(0, 9)),
        "latitude": rng.uniform(-90, 90), "longitude": rng.uniform(-180, 180),
        "tags": [rng.choice(["et", "id", "ad", "non", "sunt"]) for _ in range(7)],
        "friends": [{"id": j, "name": rng.choice(first) + " " + rng.choice(last)} for j in range(3)],
        "greeting": "Hello!", "favoriteFruit": rng.choice(["apple", "banana", "strawberry"]),
    })
with open("Src/Newtonsoft.Json.Tests/large.json", "w", encoding="utf-8") as f:
    json.dump(people, f, indent=2)
PY
  # Its NuGet.Config (<clear/>, nuget.org) sits in Src/, below the folder run.sh gives the local feed to, and would
  # clear that feed: moved up to the root (same sources), where run.sh adds the feed after its <clear/>.
  mv Src/NuGet.Config nuget.config
}
