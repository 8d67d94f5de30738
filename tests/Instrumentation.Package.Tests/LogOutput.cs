using System.Globalization;
using System.Text;
using Xunit.Abstractions;

namespace Instrumentation.Package.Tests;

/// <summary>Collects <see cref="DotnetCli"/> output where no test's output is at hand (the shared pack, class fixtures).</summary>
internal sealed class LogOutput : ITestOutputHelper
{
    private readonly StringBuilder _log;

    public LogOutput(StringBuilder log) => _log = log;

    public void WriteLine(string message) => _log.AppendLine(message);

    public void WriteLine(string format, params object[] args) => _log.AppendLine(string.Format(CultureInfo.InvariantCulture, format, args));
}
