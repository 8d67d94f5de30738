# FluentValidation/FluentValidation: strongly-typed validation rules built with a fluent, expression-tree based API
# (RuleFor(x => x.Prop)), heavy generics (AbstractValidator<T>, IRuleBuilder<T, TProperty>, property validators) and
# lambdas, async validators (ValidateAsync, MustAsync, CustomAsync); strong-named, InternalsVisibleTo its tests, C# 12
# (LangVersion 12), TreatWarningsAsErrors; xunit 2.2. It uses another source generator, Zomp.SyncMethodGenerator:
# [CreateSyncVersion] async methods (AbstractValidator.ValidateInternalAsync, PropertyRule/CollectionPropertyRule/
# IncludeRule.ValidateAsync...) get their sync twin (ValidateInternal, Validate...) written by that generator, with
# `#if SYNC_ONLY` blocks only in the sync copy. FluentValidation is annotated; FluentValidation.Tests runs (it also
# compiles two of the library's source files, Internal/ExtensionsInternal.cs and TrackingCollection.cs, by link).
# Sourced by run.sh inside the copied checkout.
LIB_PROJECTS="src/FluentValidation/FluentValidation.csproj"
TEST_PROJECT="src/FluentValidation.Tests/FluentValidation.Tests.csproj"
# The library's only symbols are NET7_0_OR_GREATER/NET8_0_OR_GREATER (run.sh's defaults) and SYNC_ONLY, which is
# Zomp.SyncMethodGenerator's own marker and is never defined for the compiler: nothing to add.
DEFINES=""
# Zomp.SyncMethodGenerator (1.6.17 here) is not served by the registry here. The generator is built from the snapshot
# of zompinc/sync-method-generator 024bff9 (2.0.x: N.SourceGenerators.UnionTypes and Nerdbank.GitVersioning, not
# served either, replaced by a hand-written Operation union and ThisAssembly class) and referenced as an <Analyzer>
# in both copies. Its folder comes from ZOMP_GENERATOR_DIR.
ZOMP_GENERATOR_DIR="${ZOMP_GENERATOR_DIR:-/tmp/rw12/zomp/src/Zomp.SyncMethodGenerator/bin/Release/netstandard2.0}"
fixup() {
  [ -f "$ZOMP_GENERATOR_DIR/Zomp.SyncMethodGenerator.dll" ] || { echo "no Zomp.SyncMethodGenerator.dll in $ZOMP_GENERATOR_DIR" >&2; return 1; }
  sed -i "s#<PackageReference Include=\"Zomp.SyncMethodGenerator\" Version=\"1.6.17\" PrivateAssets=\"All\" />#<Analyzer Include=\"$ZOMP_GENERATOR_DIR/Zomp.SyncMethodGenerator.dll\" />#" \
    src/FluentValidation/FluentValidation.csproj
  # One target framework each: the library is already net8.0 only; the tests get net10.0 (the only runtime here).
  sed -i -E 's#<TargetFrameworks>net8.0;net9.0;net10.0</TargetFrameworks>#<TargetFramework>net10.0</TargetFramework>#' \
    src/FluentValidation.Tests/FluentValidation.Tests.csproj
  # Package validation restores the baseline package FluentValidation 12.0.0; it only matters for `dotnet pack`.
  sed -i 's#<EnablePackageValidation>true</EnablePackageValidation>#<EnablePackageValidation>false</EnablePackageValidation>#g' \
    src/FluentValidation/FluentValidation.csproj src/FluentValidation.DependencyInjectionExtensions/FluentValidation.DependencyInjectionExtensions.csproj
  # The SDK package needs Microsoft.Extensions.DependencyInjection >= 10.0.0 on net10.0 and, through
  # Microsoft.Extensions.Compliance.Abstractions 8.10.0, DependencyInjection.Abstractions >= 8.0.2 on net8.0: the
  # library's pins (DependencyInjection 8.0.0 in the tests, DependencyInjection.Abstractions 2.1.0 in the DI
  # extensions) would be downgrades, NU1605, an error under TreatWarningsAsErrors, in restore, which run.sh does not
  # retry leniently. Both copies get the versions the SDK needs so before and after stay comparable.
  sed -i 's#"Microsoft.Extensions.DependencyInjection" Version="8.0.0"#"Microsoft.Extensions.DependencyInjection" Version="10.0.0"#' \
    src/FluentValidation.Tests/FluentValidation.Tests.csproj
  sed -i 's#"Microsoft.Extensions.DependencyInjection.Abstractions" Version="2.1.0"#"Microsoft.Extensions.DependencyInjection.Abstractions" Version="8.0.2"#' \
    src/FluentValidation.DependencyInjectionExtensions/FluentValidation.DependencyInjectionExtensions.csproj
  # Microsoft.Extensions.Compliance.Abstractions 8.10.0 (an SDK dependency) wants ObjectPool 8.0.10, not served here:
  # NU1603 (8.0.11 taken), which the registry notes say to keep out of warnings-as-errors.
  sed -i 's#<TreatWarningsAsErrors>true</TreatWarningsAsErrors>#<TreatWarningsAsErrors>true</TreatWarningsAsErrors>\n    <WarningsNotAsErrors>$(WarningsNotAsErrors);NU1603</WarningsNotAsErrors>#' src/Directory.Build.props
  # global.json asks for 10.0.0 with rollForward latestFeature: the machine's 10.0.401 is taken as it is.
  # Versions the registry here does not serve, or whose dependencies it does not serve (xunit 2.2.0 needs xunit.core/
  # xunit.assert 2.2.0; Microsoft.NET.Test.Sdk/TestHost 16.x need Microsoft.CodeCoverage 16.1.1 or
  # System.Xml.XPath.XmlDocument 4.0.1: NU1102, or NU1603 which TreatWarningsAsErrors makes an error): the nearest
  # served versions whose whole dependency set restores. The meta package xunit is replaced by what xunit 2.2.0 consisted
  # of (xunit.core + xunit.assert): xunit 2.4.1 adds xunit.analyzers, whose warnings (xUnit2013...) are errors here.
  sed -i -E \
    -e 's#"Microsoft.NET.Test.Sdk" Version="16.0.1"#"Microsoft.NET.Test.Sdk" Version="17.0.0"#' \
    -e 's#"Microsoft.TestPlatform.TestHost" Version="16.0.1"#"Microsoft.TestPlatform.TestHost" Version="17.0.0"#' \
    -e 's#"System.ComponentModel.Annotations" Version="4.4.1"#"System.ComponentModel.Annotations" Version="4.4.0"#' \
    -e 's#"xunit.runner.visualstudio" Version="2.2.0"#"xunit.runner.visualstudio" Version="2.4.1"#' \
    -e 's#<PackageReference Include="xunit" Version="2.2.0" />#<PackageReference Include="xunit.core" Version="2.4.1" />\n    <PackageReference Include="xunit.assert" Version="2.4.1" />#' \
    src/FluentValidation.Tests/FluentValidation.Tests.csproj
}
