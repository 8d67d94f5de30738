using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using System.Threading;
using System.Threading.Tasks;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace Instrumentation.Runtime.Tests.Infrastructure;

/// <summary>
/// xUnit's own framework with one addition: after each test method has run and its class has been disposed,
/// <see cref="ProcessWideState"/> is checked. A <c>BeforeAfterTestAttribute</c> cannot do it: its <c>After</c> runs
/// before the class's <c>Dispose</c> (where tests restore the state) and its <c>Before</c> after the next class's
/// constructor (where tests set it).
/// </summary>
public sealed class StateCheckingTestFramework(IMessageSink messageSink) : XunitTestFramework(messageSink)
{
    /// <inheritdoc/>
    protected override ITestFrameworkExecutor CreateExecutor(AssemblyName assemblyName) =>
        new Executor(assemblyName, SourceInformationProvider, DiagnosticMessageSink);

    private sealed class Executor(AssemblyName assemblyName, ISourceInformationProvider sourceInformationProvider, IMessageSink diagnosticMessageSink)
        : XunitTestFrameworkExecutor(assemblyName, sourceInformationProvider, diagnosticMessageSink)
    {
        protected override async void RunTestCases(IEnumerable<IXunitTestCase> testCases, IMessageSink executionMessageSink, ITestFrameworkExecutionOptions executionOptions)
        {
            using var runner = new AssemblyRunner(TestAssembly, testCases, DiagnosticMessageSink, executionMessageSink, executionOptions);
            await runner.RunAsync();
        }
    }

    private sealed class AssemblyRunner(ITestAssembly testAssembly, IEnumerable<IXunitTestCase> testCases, IMessageSink diagnosticMessageSink, IMessageSink executionMessageSink, ITestFrameworkExecutionOptions executionOptions)
        : XunitTestAssemblyRunner(testAssembly, testCases, diagnosticMessageSink, executionMessageSink, executionOptions)
    {
        protected override Task<RunSummary> RunTestCollectionAsync(IMessageBus messageBus, ITestCollection testCollection, IEnumerable<IXunitTestCase> testCases, CancellationTokenSource cancellationTokenSource) =>
            new CollectionRunner(testCollection, testCases, DiagnosticMessageSink, messageBus, TestCaseOrderer, new ExceptionAggregator(Aggregator), cancellationTokenSource).RunAsync();
    }

    private sealed class CollectionRunner(ITestCollection testCollection, IEnumerable<IXunitTestCase> testCases, IMessageSink diagnosticMessageSink, IMessageBus messageBus, ITestCaseOrderer testCaseOrderer, ExceptionAggregator aggregator, CancellationTokenSource cancellationTokenSource)
        : XunitTestCollectionRunner(testCollection, testCases, diagnosticMessageSink, messageBus, testCaseOrderer, aggregator, cancellationTokenSource)
    {
        protected override Task<RunSummary> RunTestClassAsync(ITestClass testClass, IReflectionTypeInfo @class, IEnumerable<IXunitTestCase> testCases) =>
            new ClassRunner(testClass, @class, testCases, DiagnosticMessageSink, MessageBus, TestCaseOrderer, new ExceptionAggregator(Aggregator), CancellationTokenSource, CollectionFixtureMappings).RunAsync();
    }

    private sealed class ClassRunner(ITestClass testClass, IReflectionTypeInfo @class, IEnumerable<IXunitTestCase> testCases, IMessageSink diagnosticMessageSink, IMessageBus messageBus, ITestCaseOrderer testCaseOrderer, ExceptionAggregator aggregator, CancellationTokenSource cancellationTokenSource, IDictionary<Type, object> collectionFixtureMappings)
        : XunitTestClassRunner(testClass, @class, testCases, diagnosticMessageSink, messageBus, testCaseOrderer, aggregator, cancellationTokenSource, collectionFixtureMappings)
    {
        protected override async Task<RunSummary> RunTestMethodAsync(ITestMethod testMethod, IReflectionMethodInfo method, IEnumerable<IXunitTestCase> testCases, object[] constructorArguments)
        {
            var summary = await base.RunTestMethodAsync(testMethod, method, testCases, constructorArguments);
            var left = ProcessWideState.Leftovers();
            if (left.Count == 0)
            {
                return summary;
            }

            ProcessWideState.RestoreDefaults();
            var failure = new InvalidOperationException(
                testMethod.TestClass.Class.Name + "." + testMethod.Method.Name + " left process-wide state behind for the tests after it: "
                + string.Join("; ", left) + ". Restore it in the test (a finally block or the class's Dispose).");
            // Reported as one more failed result of the method's first case, so every runner counts and shows it.
            var testCase = testCases.First();
            var test = new XunitTest(testCase, testCase.DisplayName + " (left process-wide state behind)");
            MessageBus.QueueMessage(new TestCaseStarting(testCase));
            MessageBus.QueueMessage(new TestStarting(test));
            MessageBus.QueueMessage(new TestFailed(test, 0, string.Empty, failure));
            MessageBus.QueueMessage(new TestFinished(test, 0, string.Empty));
            MessageBus.QueueMessage(new TestCaseFinished(testCase, 0, 1, 1, 0));
            summary.Failed++;
            summary.Total++;
            return summary;
        }
    }
}
