# jbogard/MediatR: mediator with async request/notification handlers, generic pipelines and IAsyncEnumerable streams;
# xunit, Shouldly, Lamar. Sourced by run.sh inside the copied checkout.
LIB_PROJECTS="src/MediatR/MediatR.csproj"
TEST_PROJECT="test/MediatR.Tests/MediatR.Tests.csproj"
DEFINES=""
fixup() {
  # Only net10.0 runs here, and the SDK package targets net8.0/net10.0: one target framework each.
  retarget src/MediatR/MediatR.csproj net8.0
  retarget src/MediatR.Contracts/MediatR.Contracts.csproj net8.0
  retarget test/MediatR.Tests/MediatR.Tests.csproj net10.0
  # MediatR.Contracts is not served by the registry here: the repository's own project instead of the package.
  sed -i 's#<PackageReference Include="MediatR.Contracts" Version="\[2.0.1, 3.0.0)" />#<ProjectReference Include="..\\MediatR.Contracts\\MediatR.Contracts.csproj" />#' src/MediatR/MediatR.csproj
  # Its LangVersion 10.0 cannot compile the SDK's generated code (INS0015, as Cronos shows): 12 in both copies.
  sed -i 's#<LangVersion>10.0</LangVersion>#<LangVersion>12.0</LangVersion>#' Directory.Build.props
  # Versions the registry here does not serve: the nearest served one.
  sed -i 's#"Lamar" Version="12.1.0"#"Lamar" Version="4.3.1"#; s#"xunit" Version="2.6.1"#"xunit" Version="2.9.3"#' test/MediatR.Tests/MediatR.Tests.csproj
  # The test project runs on net10.0 here, where OpenTelemetry (any instrumentation) needs Microsoft.Extensions 10.x:
  # its 8.0.0 pins would be a package downgrade (NU1605). The library keeps its own 8.0.0 pin on net8.0.
  sed -i 's#"Microsoft.Extensions.DependencyInjection" Version="8.0.0"#"Microsoft.Extensions.DependencyInjection" Version="10.0.0"#; s#"Microsoft.Extensions.DependencyInjection.Abstractions" Version="8.0.0"#"Microsoft.Extensions.DependencyInjection.Abstractions" Version="10.0.0"#' test/MediatR.Tests/MediatR.Tests.csproj
  # The library pins DependencyInjection.Abstractions 8.0.0; the SDK's net8.0 dependency Compliance.Abstractions 8.10.0
  # (the only 8.x served here; nuget.org has 8.0.0) needs >= 8.0.2, a downgrade (NU1605) otherwise: 8.0.2 in both
  # copies. Its ObjectPool >= 8.0.10 is not served here (8.0.11 is taken: NU1603, a registry artifact).
  sed -i 's#"Microsoft.Extensions.DependencyInjection.Abstractions" Version="8.0.0"#"Microsoft.Extensions.DependencyInjection.Abstractions" Version="8.0.2"#' src/MediatR/MediatR.csproj
  add_property src/MediatR/MediatR.csproj WarningsNotAsErrors '$(WarningsNotAsErrors);NU1603'
  # Lamar 4.3.1 (the one served) asks for an older DependencyInjection.Abstractions than the test project's 8.0.0.
  add_property test/MediatR.Tests/MediatR.Tests.csproj WarningsNotAsErrors '$(WarningsNotAsErrors);NU1608;NU1603'
  # Signing needs the key file at its relative path; the copies keep it. MinVer reads git tags (none in the copy).
  add_property src/MediatR/MediatR.csproj MinVerSkip true
  add_property src/MediatR.Contracts/MediatR.Contracts.csproj MinVerSkip true
}
