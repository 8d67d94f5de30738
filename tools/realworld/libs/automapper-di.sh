# AutoMapper/AutoMapper, its dependency-injection tests: AutoMapper.DI.Tests (xunit 2 + Shouldly) calls the annotated
# `services.AddAutoMapper(...)` extension methods (eleven overloads: params Type[] / params Assembly[] / IEnumerable<…>,
# Action<IMapperConfigurationExpression> and Action<IServiceProvider, …>, ServiceLifetime) and resolves IMapper, profiles,
# value resolvers and type converters from Microsoft.Extensions.DependencyInjection (assembly scanning by reflection).
# The library and its fixups are automapper.sh's. Sourced by run.sh in the copy.
# shellcheck disable=SC1091
source "$(dirname "${BASH_SOURCE[0]}")/automapper.sh"
TEST_PROJECT="src/AutoMapper.DI.Tests/AutoMapper.DI.Tests.csproj"
automapper_fixup() { :; }
eval "$(declare -f fixup | sed '1s/fixup/automapper_fixup/')"
fixup() {
  automapper_fixup || return 1
  retarget src/AutoMapper.DI.Tests/AutoMapper.DI.Tests.csproj net10.0
  sed -i 's#"Microsoft.NET.Test.Sdk" Version="17.11.1"#"Microsoft.NET.Test.Sdk" Version="17.11.2"#' src/AutoMapper.DI.Tests/AutoMapper.DI.Tests.csproj
  # On net10.0 the SDK (through OpenTelemetry) needs Microsoft.Extensions.DependencyInjection 10.x: the tests' 9.0.0 pin
  # would be a package downgrade (NU1605, an error), as in MediatR's tests. 10.0.0 in both copies.
  sed -i 's#"Microsoft.Extensions.DependencyInjection" Version="9.0.0"#"Microsoft.Extensions.DependencyInjection" Version="10.0.0"#' src/AutoMapper.DI.Tests/AutoMapper.DI.Tests.csproj
  grep -q '"Microsoft.Extensions.DependencyInjection" Version="10.0.0"' src/AutoMapper.DI.Tests/AutoMapper.DI.Tests.csproj || { echo "fixup: DI version not moved" >&2; return 1; }
  grep -q '<TargetFramework>net10.0</TargetFramework>' src/AutoMapper.DI.Tests/AutoMapper.DI.Tests.csproj || { echo "fixup: DI tests not retargeted" >&2; return 1; }
  return 0
}
