using System;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using Xunit;
using Xunit.Abstractions;

namespace Instrumentation.Package.Tests;

/// <summary>
/// Project shapes of real solutions, built from the packed package (docs/getting-started.md, "Projects the package does
/// not fit" and "Visual Basic and F#"): a multi-targeting library with a netstandard2.0 leg, a project whose assembly
/// name is one of the SDK's, and Visual Basic and F# projects next to an instrumented C# library.
/// </summary>
public sealed class ProjectShapeTests
{
    private readonly ITestOutputHelper _output;

    public ProjectShapeTests(ITestOutputHelper output) => _output = output;

    private const string Orders = """
        namespace Shapes
        {
            public sealed class Orders
            {
        #if NET8_0_OR_GREATER
                [Instrumentation.Operation("orders.place")]
        #endif
                public int Place(int quantity) => quantity * 2;

                public int Twice(int quantity) => Place(quantity) + Place(quantity);
            }
        }
        """;

    [Fact]
    public async Task A_netstandard2_0_leg_gets_a_warning_that_names_the_fix_never_an_error_and_the_fix_builds_every_leg()
    {
        // Before: NuGet restored the package for netstandard2.0 too (its build files and analyzers fit any framework)
        // with no runtime library, and every use of the SDK was CS0246 — one error per attribute, nothing said why.
        // INSB0001 says why, as a warning that is never an error: a review found the first version (an error) failing
        // a library whose older leg does not use the SDK, which built before.
        await InWorkFolder("ins-tfm-", async (work, project, feed, packages) =>
        {
            var csproj = Path.Combine(project, "Shapes.csproj");
            await File.WriteAllTextAsync(csproj, Project(feed.Version, "<TargetFrameworks>netstandard2.0;net8.0;net10.0</TargetFrameworks>", condition: null));
            await File.WriteAllTextAsync(Path.Combine(project, "Orders.cs"), Orders.Replace("#if NET8_0_OR_GREATER\n", string.Empty, StringComparison.Ordinal).Replace("#endif\n", string.Empty, StringComparison.Ordinal));

            var (exitCode, output) = await DotnetCli.RunAllowingFailureAsync(_output, project, packages, "build", "-c", "Release");
            Assert.NotEqual(0, exitCode);
            Assert.Contains("warning INSB0001: Instrumentation.Sdk needs .NET 8 or later; this project builds for 'netstandard2.0'", output, StringComparison.Ordinal);
            Assert.Matches(@"\.csproj : warning INSB0001: .* Help: file://\S+/docs/diagnostics/INSB0001\.md", output);
            Assert.Contains("Condition=\"$([MSBuild]::IsTargetFrameworkCompatible('$(TargetFramework)', 'net8.0'))\"", output, StringComparison.Ordinal);
            Assert.DoesNotContain("error INSB0001", output, StringComparison.Ordinal);

            // The reference on every leg, the SDK used only under #if: it built before the check and builds now, also
            // with MSBuild's warnings as errors.
            await File.WriteAllTextAsync(Path.Combine(project, "Orders.cs"), Orders);
            var (passing, passingOutput) = await DotnetCli.RunAllowingFailureAsync(_output, project, packages, "build", "-c", "Release", "-warnaserror");
            Assert.Equal(0, passing);
            Assert.Contains("warning INSB0001", passingOutput, StringComparison.Ordinal);
            Assert.DoesNotContain("error INSB0001", passingOutput, StringComparison.Ordinal);

            // The fix the message names: the reference only where it fits, the attribute under #if.
            await File.WriteAllTextAsync(csproj, Project(feed.Version, "<TargetFrameworks>netstandard2.0;net8.0;net10.0</TargetFrameworks>",
                condition: "$([MSBuild]::IsTargetFrameworkCompatible('$(TargetFramework)', 'net8.0'))"));
            await File.WriteAllTextAsync(Path.Combine(project, "Orders.cs"), Orders);
            var build = await DotnetCli.RunAsync(_output, project, packages, "build", "-c", "Release");
            Assert.DoesNotMatch(@"warning [A-Z]+\d+", build);
            foreach (var framework in new[] { "netstandard2.0", "net8.0", "net10.0" })
            {
                Assert.True(File.Exists(Path.Combine(project, "bin", "Release", framework, "Shapes.dll")), framework + " was built");
            }

            Assert.True(File.Exists(Path.Combine(project, "bin", "Release", "net10.0", "telemetry.json")), "the net10.0 leg is instrumented");
            Assert.False(File.Exists(Path.Combine(project, "bin", "Release", "netstandard2.0", "telemetry.json")), "the netstandard2.0 leg is not");

            // Packed, this recommended shape is asked the INSB0004 question too: the outer build, where the reference
            // conditioned on the framework is not an item, asks each framework's build (a verifier's trial: no warning).
            var (packed, packOutput) = await DotnetCli.RunAllowingFailureAsync(_output, project, packages, "pack", "-c", "Release", "--no-build", "-p:Version=1.0.0-local.1", "-o", Path.Combine(work, "out"));
            Assert.Equal(0, packed);
            Assert.Contains(csproj + " : warning INSB0004: This package depends on Instrumentation.Sdk with NuGet's default exclude=\"Build,Analyzers\".", packOutput, StringComparison.Ordinal);
        });
    }

    [Theory]
    [InlineData("Instrumentation.Runtime")]
    [InlineData("instrumentation.runtime")]
    public async Task A_project_named_like_the_SDK_assembly_gets_an_error_instead_of_failing_at_start(string assemblyName)
    {
        // Before: the build passed and the app stopped at start with a TypeLoadException (its own assembly was loaded
        // in place of the SDK's Instrumentation.Runtime).
        await InWorkFolder("ins-name-", async (work, project, feed, packages) =>
        {
            await File.WriteAllTextAsync(Path.Combine(project, "Shapes.csproj"), Project(feed.Version,
                "<TargetFramework>net10.0</TargetFramework><OutputType>Exe</OutputType><AssemblyName>" + assemblyName + "</AssemblyName>", condition: null));
            await File.WriteAllTextAsync(Path.Combine(project, "Orders.cs"), Orders + "\nnamespace Shapes { public static class Program { public static void Main() => System.Console.WriteLine(new Orders().Place(2)); } }\n");

            var (exitCode, output) = await DotnetCli.RunAllowingFailureAsync(_output, project, packages, "build", "-c", "Release");
            Assert.NotEqual(0, exitCode);
            Assert.Contains("error INSB0002: This project's AssemblyName '" + assemblyName + "' is the name of an assembly of the package Instrumentation.Sdk", output, StringComparison.Ordinal);
            Assert.Single(Regex.Matches(output, @"error [A-Z]+\d+:").Select(m => m.Value).Distinct());
        });
    }

    [Fact]
    public async Task A_compiler_too_old_for_the_generators_gets_a_warning_that_names_the_fix()
    {
        // An older compiler (every .NET 8 SDK, Visual Studio before 17.14) does not load the generators: no
        // instrumentation and CS8795 on every [LogMethod], nothing said why (a stranger's trial found the docs claiming
        // the .NET 8 SDK works). This machine's MSBuild is new enough, so the test raises the minimum the check compares
        // with; a build on the current one gives no warning.
        await InWorkFolder("ins-compiler-", async (work, project, feed, packages) =>
        {
            await File.WriteAllTextAsync(Path.Combine(project, "Shapes.csproj"), Project(feed.Version, "<TargetFramework>net8.0</TargetFramework>", condition: null));
            await File.WriteAllTextAsync(Path.Combine(project, "Orders.cs"), Orders);

            var current = await DotnetCli.RunAsync(_output, project, packages, "build", "-c", "Release");
            Assert.DoesNotContain("INSB0005", current, StringComparison.Ordinal);

            var (exitCode, output) = await DotnetCli.RunAllowingFailureAsync(_output, project, packages, "build", "-c", "Release", "--no-incremental", "-warnaserror", "-p:_InstrumentationMinimumMSBuildVersion=99.0");
            Assert.Equal(0, exitCode); // a warning, never an error
            Assert.Contains("warning INSB0005: Instrumentation.Sdk's generators and analyzers need a compiler of Roslyn 4.14 or later", output, StringComparison.Ordinal);
            Assert.Matches(@"warning INSB0005: .* Help: file://\S+/docs/diagnostics/INSB0005\.md", output);
        });
    }

    [Fact]
    public async Task An_apps_own_telemetry_json_is_not_overwritten_by_the_catalog()
    {
        // A stranger's app copied its settings file telemetry.json to the output; the catalog was written over it and the
        // app read {"schemaVersion":1,…} instead of its settings, with no warning.
        await InWorkFolder("ins-catalog-clash-", async (work, project, feed, packages) =>
        {
            await File.WriteAllTextAsync(Path.Combine(project, "Shapes.csproj"), Project(feed.Version, "<TargetFramework>net10.0</TargetFramework>", condition: null)
                .Replace("</Project>", "  <ItemGroup><None Update=\"telemetry.json\" CopyToOutputDirectory=\"PreserveNewest\" /></ItemGroup>\n</Project>", StringComparison.Ordinal));
            await File.WriteAllTextAsync(Path.Combine(project, "Orders.cs"), Orders);
            await File.WriteAllTextAsync(Path.Combine(project, "telemetry.json"), "{\"sampling\":0.25}");

            var (exitCode, output) = await DotnetCli.RunAllowingFailureAsync(_output, project, packages, "build", "-c", "Release", "-warnaserror");
            Assert.Equal(0, exitCode); // a warning, never an error
            Assert.Contains("warning INSB0006: The project copies a telemetry.json of its own to the output", output, StringComparison.Ordinal);
            Assert.Matches(@"warning INSB0006: .* Help: file://\S+/docs/diagnostics/INSB0006\.md", output);
            var bin = Path.Combine(project, "bin", "Release", "net10.0");
            Assert.Equal("{\"sampling\":0.25}", await File.ReadAllTextAsync(Path.Combine(bin, "telemetry.json")));
            Assert.Contains("\"orders.place\"", await File.ReadAllTextAsync(Path.Combine(bin, "Shapes.telemetry.json")), StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task Packing_a_library_with_the_default_reference_warns_that_what_its_users_get_rests_on_NuGet_ignoring_the_exclusion()
    {
        // NuGet writes exclude="Build,Analyzers" for the default reference, but the .NET SDK passes a transitive package's
        // analyzers to the compiler anyway (NuGet/Home#7426) and buildTransitive files are not excluded: an app that
        // references only the library's package runs the generator and its calls are intercepted (a newcomer's trial found
        // the docs said the opposite). The warning says so, and that a NuGet honouring the exclusion would change it.
        await InWorkFolder("ins-packed-", async (work, project, feed, packages) =>
        {
            await File.WriteAllTextAsync(Path.Combine(project, "Orders.cs"), Orders);
            var libraryProject = Path.Combine(project, "Lib.csproj");
            await File.WriteAllTextAsync(libraryProject, Project(feed.Version, "<TargetFramework>net10.0</TargetFramework>", condition: null));

            var (exitCode, output) = await DotnetCli.RunAllowingFailureAsync(_output, project, packages, "pack", "-c", "Release", "-p:Version=1.0.0-local.1", "-o", Path.Combine(work, "out"));
            Assert.Equal(0, exitCode); // a warning, not an error, under TreatWarningsAsErrors
            Assert.Contains(libraryProject + " : warning INSB0004: This package depends on Instrumentation.Sdk with NuGet's default exclude=\"Build,Analyzers\"", output, StringComparison.Ordinal);
            Assert.Matches(@"warning INSB0004: .* Help: file://\S+/docs/diagnostics/INSB0004\.md", output);
            var nuspec = ReadNuspec(Path.Combine(work, "out"));
            Assert.Contains("exclude=\"Build,Analyzers\"", nuspec, StringComparison.Ordinal);

            // What such a package's user gets today: the generator runs in an app that references only the package, and
            // writes the interceptors of its calls of the library's operations.
            var app = Path.Combine(work, "app");
            Directory.CreateDirectory(app);
            await File.WriteAllTextAsync(Path.Combine(app, "NuGet.config"), feed.NuGetConfig()
                .Replace("</packageSources>", "  <add key=\"lib\" value=\"" + Path.Combine(work, "out") + "\" />\n  </packageSources>", StringComparison.Ordinal));
            await File.WriteAllTextAsync(Path.Combine(app, "App.csproj"), """
                <Project Sdk="Microsoft.NET.Sdk">
                  <PropertyGroup>
                    <OutputType>Exe</OutputType>
                    <TargetFramework>net10.0</TargetFramework>
                    <EmitCompilerGeneratedFiles>true</EmitCompilerGeneratedFiles>
                  </PropertyGroup>
                  <ItemGroup>
                    <PackageReference Include="Lib" Version="1.0.0-local.1" />
                  </ItemGroup>
                </Project>
                """);
            await File.WriteAllTextAsync(Path.Combine(app, "Program.cs"), "System.Console.WriteLine(new Shapes.Orders().Place(2));\n");
            await DotnetCli.RunAsync(_output, app, packages, "build", "-c", "Release");
            var generated = Directory.GetFiles(Path.Combine(app, "obj"), "Instrumentation.Operations.Referenced.g.cs", SearchOption.AllDirectories);
            Assert.Contains("orders.place", File.ReadAllText(Assert.Single(generated)), StringComparison.Ordinal);

            // The fix the message names: the generator flows with the package, and the warning is gone; a plain build never warns.
            await File.WriteAllTextAsync(libraryProject, File.ReadAllText(libraryProject)
                .Replace("Version=\"" + feed.Version + "\"", "Version=\"" + feed.Version + "\" PrivateAssets=\"none\"", StringComparison.Ordinal));
            (exitCode, output) = await DotnetCli.RunAllowingFailureAsync(_output, project, packages, "pack", "-c", "Release", "-p:Version=1.0.0-local.2", "-o", Path.Combine(work, "out2"));
            Assert.Equal(0, exitCode);
            Assert.DoesNotContain("INSB0004", output, StringComparison.Ordinal);
            Assert.DoesNotContain("exclude=", ReadNuspec(Path.Combine(work, "out2")), StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task Packing_a_multi_targeting_library_warns_too_and_says_what_excluding_buildTransitive_costs_its_users()
    {
        // A library author's trial: a project with TargetFrameworks packs in its outer build, which imported nothing of the
        // package's build/ folder, so INSB0004 never showed; and the PrivateAssets the INSB0003 page suggested
        // (analyzers;build;buildtransitive;contentfiles) gave the library's users the analyzers anyway (NuGet/Home#7426) but
        // not the interceptors' switch: warning INS1031 on every call of the library's operations.
        await InWorkFolder("ins-packed-multi-", async (work, project, feed, packages) =>
        {
            await File.WriteAllTextAsync(Path.Combine(project, "Orders.cs"), Orders);
            var libraryProject = Path.Combine(project, "Lib.csproj");
            await File.WriteAllTextAsync(libraryProject, Project(feed.Version, "<TargetFrameworks>net10.0</TargetFrameworks>", condition: null)
                .Replace("Version=\"" + feed.Version + "\"", "Version=\"" + feed.Version + "\" PrivateAssets=\"analyzers;build;buildtransitive;contentfiles\"", StringComparison.Ordinal));

            var (exitCode, output) = await DotnetCli.RunAllowingFailureAsync(_output, project, packages, "pack", "-c", "Release", "-p:Version=1.0.0-local.1", "-o", Path.Combine(work, "out"));
            Assert.Equal(0, exitCode);
            Assert.Contains(libraryProject + " : warning INSB0004: This package depends on Instrumentation.Sdk with PrivateAssets=\"analyzers;build;buildtransitive;contentfiles\", which NuGet writes as an exclusion of at least Build and Analyzers.", output, StringComparison.Ordinal);
            Assert.Contains("warning INS1031 on each such call", output, StringComparison.Ordinal);
            Assert.Contains("exclude=\"Build,Analyzers,BuildTransitive\"", ReadNuspec(Path.Combine(work, "out")), StringComparison.Ordinal);
        });
    }

    /// <summary>The .nuspec inside the one package in <paramref name="folder"/>.</summary>
    private static string ReadNuspec(string folder)
    {
        using var archive = System.IO.Compression.ZipFile.OpenRead(Assert.Single(Directory.GetFiles(folder, "*.nupkg")));
        var entry = Assert.Single(archive.Entries, e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal));
        using var reader = new StreamReader(entry.Open());
        return reader.ReadToEnd();
    }

    [Fact]
    public async Task A_library_that_keeps_the_package_private_gets_a_warning_and_the_named_fix_runs_in_an_app_without_the_package()
    {
        // Before: PrivateAssets="all" on the library's reference built without a word, and an app referencing only the
        // library stopped at start: FileNotFoundException for Instrumentation.Runtime in the library's '<Module>'
        // initializer (the runtime assembly does not flow through a private reference).
        await InWorkFolder("ins-private-", async (work, project, feed, packages) =>
        {
            var library = Path.Combine(work, "Lib");
            Directory.CreateDirectory(library);
            await File.WriteAllTextAsync(Path.Combine(library, "NuGet.config"), feed.NuGetConfig());
            await File.WriteAllTextAsync(Path.Combine(library, "Orders.cs"), Orders);
            var libraryProject = Path.Combine(library, "Lib.csproj");
            await File.WriteAllTextAsync(libraryProject, Project(feed.Version, "<TargetFramework>net10.0</TargetFramework>", condition: null)
                .Replace("Version=\"" + feed.Version + "\"", "Version=\"" + feed.Version + "\" PrivateAssets=\"all\"", StringComparison.Ordinal));

            var (exitCode, output) = await DotnetCli.RunAllowingFailureAsync(_output, library, packages, "build", "-c", "Release");
            Assert.Equal(0, exitCode); // a warning, not an error, under TreatWarningsAsErrors
            Assert.Contains("warning INSB0003: Instrumentation.Sdk is referenced with PrivateAssets=\"all\"", output, StringComparison.Ordinal);
            // At the project file, where the fix goes (it was the package's targets file), with the page named in the text
            // (the console does not print an MSBuild warning's help link).
            Assert.Contains(libraryProject + " : warning INSB0003:", output, StringComparison.Ordinal);
            Assert.Matches(@"warning INSB0003: .* Help: file://\S+/docs/diagnostics/INSB0003\.md", output);
            // It no longer suggests PrivateAssets="analyzers;build;buildtransitive;contentfiles": the analyzers flow anyway
            // (NuGet/Home#7426) and the app got INS1031 on each call of the library's operations (a library author's trial).
            Assert.Contains("Remove PrivateAssets", output, StringComparison.Ordinal);
            Assert.DoesNotContain("analyzers;build;buildtransitive", output, StringComparison.Ordinal);

            // The fix the message names: the runtime flows, the app (no PackageReference of its own) runs the library's
            // instrumentation.
            await File.WriteAllTextAsync(libraryProject, File.ReadAllText(libraryProject)
                .Replace(" PrivateAssets=\"all\"", string.Empty, StringComparison.Ordinal));
            await File.WriteAllTextAsync(Path.Combine(project, "App.csproj"), """
                <Project Sdk="Microsoft.NET.Sdk">
                  <PropertyGroup>
                    <OutputType>Exe</OutputType>
                    <TargetFramework>net10.0</TargetFramework>
                    <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
                  </PropertyGroup>
                  <ItemGroup>
                    <ProjectReference Include="../Lib/Lib.csproj" />
                  </ItemGroup>
                </Project>
                """);
            await File.WriteAllTextAsync(Path.Combine(project, "Program.cs"), """
                using System.Diagnostics;

                var spans = 0;
                using var listener = new ActivityListener
                {
                    ShouldListenTo = s => s.Name.StartsWith("Instrumentation.Generated", System.StringComparison.Ordinal),
                    Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
                    ActivityStopped = _ => spans++,
                };
                ActivitySource.AddActivityListener(listener);
                System.Console.WriteLine("twice " + new Shapes.Orders().Twice(2) + " spans " + spans);
                """);
            var build = await DotnetCli.RunAsync(_output, project, packages, "build", "-c", "Release");
            Assert.DoesNotMatch(@"warning [A-Z]+\d+", build);
            var run = await DotnetCli.RunAsync(_output, project, packages, "run", "-c", "Release", "--no-build");
            Assert.Contains("twice 8 spans 2", run, StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task Visual_Basic_and_FSharp_projects_build_without_warnings_next_to_an_instrumented_CSharp_library()
    {
        // The generators and analyzers are C# only (analyzers/dotnet/cs): vbc and fsc must not load them, and the
        // package's build files must not disturb those projects. Calls written in Visual Basic or F# are not intercepted
        // (no C# interceptors there); the library's own calls are.
        await InWorkFolder("ins-lang-", async (work, project, feed, packages) =>
        {
            var library = Path.Combine(work, "Lib");
            var vb = Path.Combine(work, "VbApp");
            var fs = Path.Combine(work, "FsApp");
            Directory.CreateDirectory(library);
            Directory.CreateDirectory(vb);
            Directory.CreateDirectory(fs);
            await File.WriteAllTextAsync(Path.Combine(library, "Lib.csproj"), Project(feed.Version, "<TargetFramework>net10.0</TargetFramework>", condition: null));
            await File.WriteAllTextAsync(Path.Combine(library, "Orders.cs"), Orders);

            const string Listener = "Function(s) s.Name.StartsWith(\"Instrumentation.Generated\")";
            await File.WriteAllTextAsync(Path.Combine(vb, "VbApp.vbproj"), $"""
                <Project Sdk="Microsoft.NET.Sdk">
                  <PropertyGroup>
                    <OutputType>Exe</OutputType>
                    <TargetFramework>net10.0</TargetFramework>
                    <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
                  </PropertyGroup>
                  <ItemGroup>
                    <PackageReference Include="Instrumentation.Sdk" Version="{feed.Version}" />
                    <ProjectReference Include="../Lib/Lib.csproj" />
                  </ItemGroup>
                </Project>
                """);
            await File.WriteAllTextAsync(Path.Combine(vb, "Program.vb"), $$"""
                Imports System.Diagnostics

                Public Class VbOrders
                    <Instrumentation.Operation("vb.place")>
                    Public Function Place(q As Integer) As Integer
                        Return q * 3
                    End Function
                End Class

                Module Program
                    Sub Main()
                        Dim spans As Integer = 0
                        Dim l As New ActivityListener()
                        l.ShouldListenTo = {{Listener}}
                        l.Sample = Function(ByRef options As ActivityCreationOptions(Of ActivityContext)) ActivitySamplingResult.AllDataAndRecorded
                        l.ActivityStopped = Sub(a) spans += 1
                        ActivitySource.AddActivityListener(l)
                        Dim orders As New Shapes.Orders()
                        Console.WriteLine("place " & orders.Place(2))
                        Console.WriteLine("twice " & orders.Twice(2))
                        Console.WriteLine("vb " & New VbOrders().Place(2))
                        Console.WriteLine("spans " & spans)
                    End Sub
                End Module
                """);
            await File.WriteAllTextAsync(Path.Combine(fs, "FsApp.fsproj"), """
                <Project Sdk="Microsoft.NET.Sdk">
                  <PropertyGroup>
                    <OutputType>Exe</OutputType>
                    <TargetFramework>net10.0</TargetFramework>
                    <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
                  </PropertyGroup>
                  <ItemGroup>
                    <Compile Include="Program.fs" />
                    <ProjectReference Include="../Lib/Lib.csproj" />
                  </ItemGroup>
                </Project>
                """);
            await File.WriteAllTextAsync(Path.Combine(fs, "Program.fs"), """
                open System.Diagnostics

                let mutable spans = 0
                let l = new ActivityListener()
                l.ShouldListenTo <- fun s -> s.Name.StartsWith("Instrumentation.Generated")
                l.Sample <- SampleActivity<ActivityContext>(fun _ -> ActivitySamplingResult.AllDataAndRecorded)
                l.ActivityStopped <- fun _ -> spans <- spans + 1
                ActivitySource.AddActivityListener(l)
                let orders = Shapes.Orders()
                printfn "place %d" (orders.Place 2)
                printfn "twice %d" (orders.Twice 2)
                printfn "spans %d" spans
                """);
            await File.WriteAllTextAsync(Path.Combine(vb, "NuGet.config"), feed.NuGetConfig());
            await File.WriteAllTextAsync(Path.Combine(fs, "NuGet.config"), feed.NuGetConfig());
            await File.WriteAllTextAsync(Path.Combine(library, "NuGet.config"), feed.NuGetConfig());

            foreach (var app in new[] { vb, fs })
            {
                var build = await DotnetCli.RunAsync(_output, app, packages, "build", "-c", "Release", "-v", "normal");
                Assert.DoesNotMatch(@"warning [A-Z]+\d+", build);
                if (app == vb)
                {
                    Assert.Matches(@"Instrumentation\.Generators\.dll", build); // the C# library's compile (built first here) loads the generator...
                }

                Assert.DoesNotMatch(@"(vbc|fsc)[^\n]*Instrumentation\.(Generators|Analyzers|CodeFixes)\.dll", build); // ...vbc and fsc do not
                var run = await DotnetCli.RunAsync(_output, app, packages, "run", "-c", "Release", "--no-build");
                Assert.Contains("place 4", run, StringComparison.Ordinal);
                Assert.Contains("twice 8", run, StringComparison.Ordinal);

                // The library's own two calls (in Twice) are intercepted; the call written in VB or F# is not.
                Assert.Contains("spans 2", run, StringComparison.Ordinal);
            }
        });
    }

    private static string Project(string version, string frameworkLines, string? condition) => $"""
        <Project Sdk="Microsoft.NET.Sdk">
          <PropertyGroup>
            {frameworkLines}
            <LangVersion>latest</LangVersion>
            <Nullable>enable</Nullable>
            <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
          </PropertyGroup>
          <ItemGroup>
            <PackageReference Include="Instrumentation.Sdk" Version="{version}"{(condition is null ? string.Empty : " Condition=\"" + condition + "\"")} />
          </ItemGroup>
        </Project>
        """;

    private async Task InWorkFolder(string prefix, Func<string, string, PackedFeed, string, Task> body)
    {
        var repository = PackageTestSupport.RepositoryRoot();
        var work = Path.Combine(Path.GetTempPath(), prefix + Guid.NewGuid().ToString("N"));
        var project = Path.Combine(work, "project");
        Directory.CreateDirectory(project);
        try
        {
            var feed = await PackedPackages.GetAsync(_output);
            await File.WriteAllTextAsync(Path.Combine(project, "NuGet.config"), feed.NuGetConfig());
            await File.WriteAllTextAsync(Path.Combine(work, "global.json"), File.ReadAllText(Path.Combine(repository, "global.json")));
            await body(work, project, feed, Path.Combine(work, "packages"));
        }
        finally
        {
            try
            {
                Directory.Delete(work, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }
}
