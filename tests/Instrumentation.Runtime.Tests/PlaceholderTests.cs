namespace Instrumentation.Runtime.Tests;

public sealed class ProjectBuildsTests
{
    [Xunit.Fact]
    public void Test_project_compiles_against_its_references()
    {
        Xunit.Assert.Equal("Instrumentation.Runtime.Tests", typeof(ProjectBuildsTests).Assembly.GetName().Name);
    }
}
