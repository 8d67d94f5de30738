using System.Threading.Tasks;
using Instrumentation.Analyzers.Tests.Infrastructure;
using Xunit;

namespace Instrumentation.Analyzers.Tests;

/// <summary>
/// INS1035. A newcomer put <c>[SpanAttribute]</c>, <c>[LogField]</c> and <c>[MetricLabel]</c> on the parameters of a
/// service method and forgot <c>[Operation]</c> (or put it on the controller action that calls the method): the app built
/// without a word, and no span, attribute or log field appeared. Nothing reads those attributes without an operation.
/// </summary>
public sealed class ParameterRoleTests
{
    private const string Usings = "using System; using System.Collections.Generic; using System.Threading.Tasks; using Instrumentation;\n";

    [Fact]
    public async Task INS1035_parameter_roles_on_a_method_without_an_operation_attribute_are_reported_at_each_attribute()
    {
        const string source = Usings + """
            public class Orders
            {
                public int Save([{|#0:SpanAttribute|}] string sku, [{|#1:LogField("order_id")|}] string orderId, [{|#2:MetricLabel|}] bool express) => 0;
                [FunnelEvent("OrderPlaced", OrgId = "org")]
                public void Place(string org, [{|#3:Batch|}] int[] items) { }
            }
            """;

        await VerifyAll.AnalyzerAsync(
            source,
            VerifyAll.Diagnostic("INS1035").WithLocation(0).WithArguments("SpanAttribute", "sku", "Orders.Save"),
            VerifyAll.Diagnostic("INS1035").WithLocation(1).WithArguments("LogField", "orderId", "Orders.Save"),
            VerifyAll.Diagnostic("INS1035").WithLocation(2).WithArguments("MetricLabel", "express", "Orders.Save"),
            VerifyAll.Diagnostic("INS1035").WithLocation(3).WithArguments("Batch", "items", "Orders.Place"));
    }

    [Fact]
    public async Task INS1035_on_the_parameters_of_a_local_function_and_a_lambda()
    {
        // An analyzer trial: neither can carry an operation, and neither was reported (no symbol action sees them).
        const string source = Usings + """
            public class Orders
            {
                public int Save(string sku)
                {
                    int Local([{|#0:SpanAttribute|}] string s) => s.Length;
                    Func<string, int> lambda = ([{|#1:LogField("order_id")|}] string id) => id.Length;
                    return Local(sku) + lambda(sku);
                }
            }
            """;

        await VerifyAll.AnalyzerAsync(
            source,
            VerifyAll.Diagnostic("INS1035").WithLocation(0).WithArguments("SpanAttribute", "s", "Orders.Save.Local"),
            VerifyAll.Diagnostic("INS1035").WithLocation(1).WithArguments("LogField", "id", "the lambda in Orders.Save"));
    }

    [Fact]
    public async Task INS1035_message_says_what_to_do()
    {
        const string source = Usings + """
            public class Orders { public void Save([{|#0:SpanAttribute("sku")|}] string sku) { } }
            """;

        await Verify<ParameterRoleAnalyzer>.AnalyzerAsync(
            source,
            Verify<ParameterRoleAnalyzer>.Diagnostic("INS1035").WithLocation(0).WithMessage(
                "[SpanAttribute] on parameter 'sku' records nothing: 'Orders.Save' has no operation attribute ([Operation], [Ingest], [Broadcast], [Flow] or [FlowNode]), so its calls get no span, metric or log field; annotate 'Orders.Save', or move the attribute to the parameter of the annotated method that receives this value"));
    }

    [Fact]
    public async Task INS1035_is_not_reported_where_an_operation_reads_the_roles()
    {
        const string source = Usings + """
            public enum Sensor { Temperature }
            public interface IStore { [Operation("store.save")] void Save([SpanAttribute] string sku); }
            public sealed class Store : IStore { public void Save([SpanAttribute] string sku) { } }
            public abstract class Base { [Operation("base.run")] public abstract void Run([LogField("job_id")] string jobId); }
            public sealed class Derived : Base { public override void Run([LogField("job_id")] string jobId) { } }
            public interface IRepo<T> { [Operation("repo.get")] T Get([SpanAttribute("id")] int id); }
            public sealed class ExplicitStore : IStore, IRepo<int> { void IStore.Save([SpanAttribute] string sku) { } int IRepo<int>.Get([SpanAttribute("id")] int id) => id; }
            public class Ingest
            {
                [Ingest("i.receive")]
                public void Receive(TenantContext tenant, [MetricLabel] Sensor sensor, [Batch] int[] items, [SpanAttribute] string id) { }
                [Operation("o.run")]
                public void Run([OrgId] string org, [ProjectId] string project, [DeviceUuid] string device, [LogField] string jobId) { }
                [Broadcast("b.send")]
                public void Send(TenantContext tenant, [QueueSize] int queued, [LatencyStart] long started) { }
                public void Plain([NotInstrumented] string x, [PersonalData] string email) { }
            }
            """;

        await VerifyAll.AnalyzerAsync(source);
    }
}
