using System;
using System.IO;
using System.Linq;
using Xunit;

namespace Instrumentation.Testing.Tests;

/// <summary>The complete example of docs/testing.md is DocsExample.cs, which this project compiles and runs.</summary>
public sealed class DocsExampleTests
{
    [Fact]
    public void The_example_in_docs_testing_md_is_the_compiled_DocsExample_file()
    {
        var page = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "testing.md"));
        var example = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "DocsExample.cs"));

        const string Open = "<!-- example: tests/Instrumentation.Testing.Tests/DocsExample.cs -->\n```csharp\n";
        var start = Normalize(page).IndexOf(Open, StringComparison.Ordinal);
        Assert.True(start >= 0, "docs/testing.md lost its marked example block");
        var body = Normalize(page)[(start + Open.Length)..];
        var block = body[..body.IndexOf("```", StringComparison.Ordinal)];

        Assert.Equal(Normalize(example).TrimEnd(), block.TrimEnd());
    }

    private static string Normalize(string text) => text.Replace("\r\n", "\n", StringComparison.Ordinal);
}
