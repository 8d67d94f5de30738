using System;
using System.IO;
using System.Text;
using System.Threading.Tasks;
using Xunit;

namespace Instrumentation.Package.Tests;

/// <summary>
/// The multi-project solution of <see cref="CrossProjectPackageTests"/>, written and built ONCE from the shared packed
/// package (restored into its own packages folder); each test then runs one of its programs. Deleted after the class.
/// </summary>
public sealed class CrossProjectSolution : IAsyncLifetime
{
    private readonly string _work = Path.Combine(Path.GetTempPath(), "ins-xproj-" + Guid.NewGuid().ToString("N"));

    /// <summary>The solution folder.</summary>
    public string Directory => Path.Combine(_work, "solution");

    /// <summary>The private NuGet packages folder (the machine's cache is only a fallback), so the test package is not left behind.</summary>
    public string PackagesFolder => Path.Combine(_work, "packages");

    /// <summary>The output of <c>dotnet build</c> of the whole solution.</summary>
    public string BuildOutput { get; private set; } = string.Empty;

    public async Task InitializeAsync()
    {
        var log = new StringBuilder();
        var output = new LogOutput(log);
        try
        {
            var feed = await PackedPackages.GetAsync(output);
            Write(feed);
            BuildOutput = await DotnetCli.RunAsync(output, Directory, PackagesFolder, "build", "Shop.slnx", "-c", "Release");
        }
        catch (Exception exception)
        {
            throw new InvalidOperationException("The cross-project solution did not build:\n" + log, exception);
        }
    }

    public Task DisposeAsync()
    {
        try
        {
            System.IO.Directory.Delete(_work, recursive: true);
        }
        catch (IOException)
        {
        }

        return Task.CompletedTask;
    }

    private void Write(PackedFeed feed)
    {
        var repository = PackageTestSupport.RepositoryRoot();
        var package = $"""<PackageReference Include="Instrumentation.Sdk" Version="{feed.Version}" />""";
        const string Common = """
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <ImplicitUsings>disable</ImplicitUsings>
                <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
            """;
        Write(CrossProjectPackageTests.LibraryProject, $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
            {Common}
              </PropertyGroup>
              <ItemGroup>{package}</ItemGroup>
            </Project>
            """);
        Write("Shop/OrderService.cs", CrossProjectPackageTests.LibrarySource);
        Write("App/App.csproj", $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
            {Common}
              </PropertyGroup>
              <ItemGroup>
                {package}
                <ProjectReference Include="../Shop/Shop.csproj" />
                <Compile Include="../Probe.cs" />
              </ItemGroup>
            </Project>
            """);
        Write("App/Program.cs", CrossProjectPackageTests.AppProgram);
        Write("RefOnly/RefOnly.csproj", $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
            {Common}
              </PropertyGroup>
              <ItemGroup>
                <!-- No PackageReference: the runtime, the buildTransitive props/targets and the analyzers come through the library's. -->
                <ProjectReference Include="../Shop/Shop.csproj" />
                <Compile Include="../Probe.cs" />
              </ItemGroup>
            </Project>
            """);
        Write("RefOnly/Program.cs", CrossProjectPackageTests.ReferenceOnlyProgram);
        Write("CustomNs/CustomNs.csproj", $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
            {Common}
                <InterceptorsNamespaces>My.Ns</InterceptorsNamespaces>
              </PropertyGroup>
              <ItemGroup>
                {package}
                <ProjectReference Include="../Shop/Shop.csproj" />
                <Compile Include="../Probe.cs" />
              </ItemGroup>
            </Project>
            """);
        Write("CustomNs/Program.cs", CrossProjectPackageTests.CustomNamespacesProgram);
        Write("Shop.Tests/Shop.Tests.csproj", $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
            {Common}
                <IsPackable>false</IsPackable>
                <IsTestProject>true</IsTestProject>
              </PropertyGroup>
              <ItemGroup>
                {package}
                <PackageReference Include="Microsoft.NET.Test.Sdk" Version="18.0.1" />
                <PackageReference Include="xunit" Version="2.9.3" />
                <PackageReference Include="xunit.runner.visualstudio" Version="3.1.5" />
                <ProjectReference Include="../Shop/Shop.csproj" />
                <Compile Include="../Probe.cs" />
              </ItemGroup>
            </Project>
            """);
        Write("Shop.Tests/OrderServiceTests.cs", CrossProjectPackageTests.TestClass);
        Write("Probe.cs", CrossProjectPackageTests.Probe);
        Write("Shop.slnx", """
            <Solution>
              <Project Path="Shop/Shop.csproj" />
              <Project Path="App/App.csproj" />
              <Project Path="RefOnly/RefOnly.csproj" />
              <Project Path="CustomNs/CustomNs.csproj" />
              <Project Path="Shop.Tests/Shop.Tests.csproj" />
            </Solution>
            """);
        Write("NuGet.config", feed.NuGetConfig());
        Write("global.json", File.ReadAllText(Path.Combine(repository, "global.json")));
    }

    private void Write(string relativePath, string text)
    {
        var path = Path.Combine(Directory, relativePath);
        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
    }
}
