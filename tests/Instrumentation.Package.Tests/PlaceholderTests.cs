namespace Instrumentation.Package.Tests;

public sealed class ProjectBuildsTests
{
    [Xunit.Fact]
    public void Test_project_compiles_against_its_references()
    {
        Xunit.Assert.Equal("Instrumentation.Package.Tests", typeof(ProjectBuildsTests).Assembly.GetName().Name);
    }
}
