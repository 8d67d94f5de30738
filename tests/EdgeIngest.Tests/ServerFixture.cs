using System.Threading.Tasks;
using Xunit;

namespace EdgeIngest.Tests;

/// <summary>One app shared by the tests of a class (each test provisions its own tenant and compares deltas).</summary>
public sealed class ServerFixture : IAsyncLifetime
{
    public EdgeIngestServer Server { get; private set; } = null!;

    public async Task InitializeAsync() => Server = await EdgeIngestServer.StartAsync();

    public async Task DisposeAsync() => await Server.DisposeAsync();
}
