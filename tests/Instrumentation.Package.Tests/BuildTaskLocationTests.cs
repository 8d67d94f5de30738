using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Xunit;
using Xunit.Abstractions;

namespace Instrumentation.Package.Tests;

/// <summary>
/// The repository's projects load the telemetry.json task from where src/BuildTasks builds it, also when the build
/// uses an artifacts path (benchmarks/e2e.sh and e2e-alloc.sh build the sample that way; on a fresh clone they failed
/// with MSB4062 while the task went to another folder). Property evaluation only: no build.
/// </summary>
public sealed class BuildTaskLocationTests
{
    private readonly ITestOutputHelper _output;

    public BuildTaskLocationTests(ITestOutputHelper output) => _output = output;

    [Fact]
    public async Task The_task_assembly_the_targets_load_is_the_one_built_with_or_without_an_artifacts_path()
    {
        var root = PackageTestSupport.RepositoryRoot();
        var artifacts = Path.Combine(Path.GetTempPath(), "buildtask-location-" + System.Guid.NewGuid().ToString("N"));
        var loaded = await Property("samples/EdgeIngest/EdgeIngest.csproj", "InstrumentationBuildTasksAssembly");
        var built = await Property("src/BuildTasks/Instrumentation.BuildTasks.csproj", "TargetPath", "-p:Configuration=Release");
        var builtWithArtifacts = await Property("src/BuildTasks/Instrumentation.BuildTasks.csproj", "TargetPath", "-p:Configuration=Release", "-p:ArtifactsPath=" + artifacts);

        Assert.Equal(Path.Combine(root, "src", "BuildTasks", "bin", "any", "netstandard2.0", "Instrumentation.BuildTasks.dll"), loaded);
        Assert.Equal(loaded, built);
        Assert.Equal(loaded, builtWithArtifacts);

        async Task<string> Property(string project, string name, params string[] properties)
        {
            var text = await DotnetCli.RunAsync(_output, root, null, new[] { "msbuild", project, "-getProperty:" + name }.Concat(properties).ToArray());
            return Path.GetFullPath(text.Trim());
        }
    }
}
