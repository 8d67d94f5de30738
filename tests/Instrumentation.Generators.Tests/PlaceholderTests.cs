namespace Instrumentation.Generators.Tests;

public sealed class ProjectBuildsTests
{
    [Xunit.Fact]
    public void Test_project_compiles_against_its_references()
    {
        Xunit.Assert.Equal("Instrumentation.Generators.Tests", typeof(ProjectBuildsTests).Assembly.GetName().Name);
    }
}
