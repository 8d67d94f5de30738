using System;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Xunit;
using Xunit.Abstractions;

namespace Instrumentation.Package.Tests;

/// <summary>
/// A library that declares itself trim- and AOT-compatible (<c>IsAotCompatible</c>: the trim and AOT analyzers run on
/// every file, the generated ones included) and treats warnings as errors, annotating methods that carry trimming
/// contracts (<c>[RequiresUnreferencedCode]</c>, <c>[RequiresDynamicCode]</c>, <c>[DynamicallyAccessedMembers]</c> on a
/// parameter, a type parameter and a result, a static method of a <c>[RequiresUnreferencedCode]</c> class, a method of
/// a generic class whose type parameter carries <c>[DynamicallyAccessedMembers]</c>) and a <c>[DoesNotReturn]</c> throw
/// helper, and methods that require preview features (one with a preview enum as metric label and span attribute, a log
/// method with a preview parameter) called from code that opted in; beside them an ingest operation
/// with an enum label and a log field and a log method with a classified parameter (the rest of what the generators
/// write must be trim- and AOT-clean too). Adding the SDK must not break its
/// build: before the interceptors repeated these contracts, the generated code warned IL2026, IL3050, IL2067 and IL2091
/// (and CS8770 for the throw helper), errors here, and reported CA2252 (an error by default) for the preview method, then for the operation class and the log state that
/// name the preview enum.
/// </summary>
public sealed class AotCompatibleConsumerTests
{
    private readonly ITestOutputHelper _output;

    public AotCompatibleConsumerTests(ITestOutputHelper output) => _output = output;

    private const string Library = """
        using System;
        using System.Diagnostics.CodeAnalysis;
        using Instrumentation;

        namespace Trimmed;

        public static class Plugins
        {
            [Operation("plugins.load")]
            [RequiresUnreferencedCode("Loads a type by name.", Url = "https://example.org/trim")]
            [RequiresDynamicCode("Makes a generic type.")]
            public static Type? Load(string name) => Type.GetType(name);

            [RequiresUnreferencedCode("Calls Load.")]
            [RequiresDynamicCode("Calls Load.")]
            public static Type? LoadByName(string name) => Load(name);

            [Operation("plugins.create")]
            public static object? Create([DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicParameterlessConstructor)] Type type) =>
                Activator.CreateInstance(type);

            [Operation("plugins.create_generic")]
            public static object? CreateOf<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicParameterlessConstructor)] T>() =>
                Activator.CreateInstance(typeof(T));

            [Operation("plugins.type_of")]
            [return: DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.All)]
            public static Type TypeOf([DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.All)] Type type) => type;

            public static object? Use<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicParameterlessConstructor)] T>(
                [DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.All)] Type type) =>
                Create(TypeOf(type)) ?? CreateOf<T>();
        }

        [RequiresUnreferencedCode("Every member reflects.")]
        public static class Reflective
        {
            [Operation("reflective.members")]
            public static int Members(string name) => Type.GetType(name)?.GetMembers().Length ?? 0;
        }

        public static class Callers
        {
            [RequiresUnreferencedCode("Calls Reflective.")]
            public static int Count(string name) => Reflective.Members(name);

            public static object Make() => new Factory<Callers.Item>().Create();

            public sealed class Item
            {
            }
        }

        public sealed class Factory<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicParameterlessConstructor)] T>
        {
            [Operation("factory.create")]
            public object Create() => Activator.CreateInstance(typeof(T))!;
        }

        public enum Channel { Store, OnlineStore }

        public sealed partial class Ingestion
        {
            private readonly Microsoft.Extensions.Logging.ILogger _logger;

            public Ingestion(Microsoft.Extensions.Logging.ILogger logger) => _logger = logger;

            [Ingest("ingest.receive")]
            public int Receive(TenantContext tenant, [MetricLabel("channel")] Channel channel, [LogField("sku")] string sku, [Batch] int[] readings)
            {
                Received(sku, readings.Length);
                return readings.Length;
            }

            [LogMethod(Microsoft.Extensions.Logging.LogLevel.Information, "Received {count} readings for {email}")]
            private partial void Received([PersonalData] string email, int count);

            public int Run() => Receive(new TenantContext("org", "project"), Channel.OnlineStore, "sku-1", new[] { 1, 2 });
        }

        [System.Runtime.Versioning.RequiresPreviewFeatures("A preview enum.")]
        public enum PreviewKind { Small, Large }

        public static partial class Preview
        {
            [Operation("preview.feature")]
            [System.Runtime.Versioning.RequiresPreviewFeatures("A preview API.")]
            public static int Feature() => 1;

            [Operation("preview.labelled")]
            [System.Runtime.Versioning.RequiresPreviewFeatures("A preview API with a preview label.")]
            public static int Labelled([MetricLabel] PreviewKind kind, [SpanAttribute] PreviewKind shape) => (int)kind + (int)shape;

            [System.Runtime.Versioning.RequiresPreviewFeatures("Logs a preview value.")]
            [LogMethod(Microsoft.Extensions.Logging.LogLevel.Information, "Kind {kind} seen")]
            public static partial void KindSeen(Microsoft.Extensions.Logging.ILogger logger, PreviewKind kind);

            [System.Runtime.Versioning.RequiresPreviewFeatures("Calls a preview API.")]
            public static int Caller(Microsoft.Extensions.Logging.ILogger logger)
            {
                KindSeen(logger, PreviewKind.Large);
                return Feature() + Labelled(PreviewKind.Large, PreviewKind.Small);
            }
        }

        public static class Guard
        {
            [Operation("guard.fail")]
            [DoesNotReturn]
            public static void Fail(string name) => throw new ArgumentNullException(name);

            public static int Length(string? text)
            {
                if (text is null)
                {
                    Fail(nameof(text));
                }

                return text.Length;
            }
        }
        """;

    [Fact]
    public async Task An_aot_compatible_library_with_trimming_contracts_builds_with_warnings_as_errors()
    {
        var repository = PackageTestSupport.RepositoryRoot();
        var work = Path.Combine(Path.GetTempPath(), "ins-aot-" + Guid.NewGuid().ToString("N"));
        var project = Path.Combine(work, "trimmed");
        Directory.CreateDirectory(project);
        try
        {
            var feed = await PackedPackages.GetAsync(_output);
            await File.WriteAllTextAsync(Path.Combine(project, "Trimmed.csproj"), $"""
                <Project Sdk="Microsoft.NET.Sdk">
                  <PropertyGroup>
                    <TargetFramework>net10.0</TargetFramework>
                    <Nullable>enable</Nullable>
                    <IsAotCompatible>true</IsAotCompatible>
                    <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
                    <EmitCompilerGeneratedFiles>true</EmitCompilerGeneratedFiles>
                  </PropertyGroup>
                  <ItemGroup>
                    <PackageReference Include="Instrumentation.Sdk" Version="{feed.Version}" />
                  </ItemGroup>
                </Project>
                """);
            await File.WriteAllTextAsync(Path.Combine(project, "Plugins.cs"), Library);
            await File.WriteAllTextAsync(Path.Combine(project, "NuGet.config"), feed.NuGetConfig());
            await File.WriteAllTextAsync(Path.Combine(project, "global.json"), File.ReadAllText(Path.Combine(repository, "global.json")));

            var build = await DotnetCli.RunAsync(_output, project, Path.Combine(work, "packages"), "build", "-c", "Release");
            Assert.Contains("Trimmed.dll", build, StringComparison.Ordinal);
            Assert.DoesNotMatch(@"warning [A-Z]+\d+", build);

            // The calls were intercepted (else the build proves nothing): one interceptor per annotated method called.
            var generated = Directory.GetFiles(Path.Combine(project, "obj"), "Instrumentation.Operations.g.cs", SearchOption.AllDirectories).Single();
            var text = await File.ReadAllTextAsync(generated);
            Assert.Equal(10, text.Split("[__InterceptsLocation(").Length - 1);
            Assert.Contains("[global::System.Diagnostics.CodeAnalysis.RequiresUnreferencedCodeAttribute(\"Loads a type by name.\", Url = \"https://example.org/trim\")]", text, StringComparison.Ordinal);
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
