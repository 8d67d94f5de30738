using Instrumentation;
using Instrumentation.Logging;
using Instrumentation.OpenTelemetry;
using Instrumentation.Prometheus;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

var complete = Environment.GetEnvironmentVariable("COMPLETE") == "1";
// No meter listener runs yet: operations skip their instrument checks (MeterListening reads the runtime's list of started
// listeners, which trimming and NativeAOT must keep); check.sh requires False here and True once the meter provider runs.
Console.WriteLine("meter listening before any provider: " + Instrumentation.Operations.MeterListening.Possible);
var tracingBuilder = Sdk.CreateTracerProviderBuilder().AddGeneratedInstrumentation(o => { o.SamplingRatio = complete ? 0.0 : 1.0; o.CompleteErrorTraces = complete; })
    .AddConsoleExporter();
using var tracing = tracingBuilder.Build();
var prometheus = new PrometheusScrapeReader();
using var metrics = Sdk.CreateMeterProviderBuilder().AddGeneratedInstrumentation().AddReader(prometheus).Build();
Console.WriteLine("meter listening with a meter provider: " + Instrumentation.Operations.MeterListening.Possible);
using var loggerFactory = LoggerFactory.Create(logging => logging
    .AddInstrumentationJsonConsole()
    .AddOpenTelemetry(o => { o.IncludeFormattedMessage = true; o.IncludeScopes = true; o.AddInstrumentationProcessor().AddConsoleExporter(); }));
InstrumentationLogging.Use(loggerFactory);

var logger = loggerFactory.CreateLogger("App");
var orders = new Orders(loggerFactory.CreateLogger<Orders>());
var tenant = new TenantContext("org-1", "shop");
Console.WriteLine("total " + orders.Place(tenant, 3, "alice.CANARY@example.com"));
Console.WriteLine("async total " + await orders.PlaceAsync(tenant, 4, new Customer("Bob", "bob.CANARY@example.com", "hunter2-CANARY")));
try { orders.Batch(tenant); } catch (Exception e) { Console.WriteLine("caught " + e.GetType().Name); }
Log.SignInFailed(logger, "dave.CANARY@example.com", 2);
// A log scope reaches OTLP as attributes of every record in it (IncludeScopes): the processor swaps it for a safe copy
// through OpenTelemetry's internal fields (LogRecordScopes), which trimming must keep. check.sh looks for the copy.
using (logger.BeginScope("scope for {ScopeEmail}", "scope.CANARY@example.com"))
{
    logger.LogInformation("Inside a scope");
}
Log.CustomerSeen(logger, new Customer("Eve", "eve.CANARY@example.com", "pw-CANARY"));
// Scenario: the app itself reflects over the types' properties (e.g. a mapper/debug dump), ctors not kept
Console.WriteLine("props Contact=" + typeof(Contact).GetProperties().Length + " Profile=" + typeof(Profile).GetProperties().Length);
Log.ContactSeen(logger, new Contact("Zoe", "555-0100-PHONECANARY"));
Log.ContactSeen(logger, new Profile { Name = "Yan", Phone = "555-0101-PHONECANARY" });
Log.ContactTyped(logger, new Contact("Xia", "555-0102-PHONECANARY"));
Console.WriteLine(orders.Touch(tenant, new Contact("Wu", "555-0103-PHONECANARY")));
Console.WriteLine(prometheus.Scrape());

public sealed record Contact(string Name, [PersonalData] string Phone);
public sealed class Profile { public string Name { get; set; } = ""; [PersonalData] public string Phone { get; set; } = ""; }
public sealed record Customer(string Name, [PersonalData] string Email, [SecretData] string Password);

public sealed partial class Orders(ILogger<Orders> logger)
{
    [Operation("orders.place", LogCompletion = true)]
    public int Place(TenantContext tenant, int quantity, [PersonalData, SpanAttribute("buyer_email"), LogField("buyer_email")] string email)
    {
        if (quantity <= 0) throw new ArgumentOutOfRangeException(nameof(quantity), quantity, "bad quantity for " + "zed.CANARY@example.com");
        OrderAccepted(quantity, email);
        return quantity * 2;
    }

    [Operation("orders.place_async")]
    public async Task<int> PlaceAsync(TenantContext tenant, int quantity, [SpanAttribute("customer")] Customer customer)
    {
        await Task.Yield();
        CustomerOrdered(customer, quantity);
        return quantity * 3;
    }

    [Operation("orders.batch")]
    public int Batch(TenantContext tenant) { Place(tenant, 1, "ok.CANARY@example.com"); return Place(tenant, 0, "carol.CANARY@example.com"); }

    [Operation("orders.touch")]
    public int Touch(TenantContext tenant, [SpanAttribute("contact"), LogField("contact")] Contact contact)
    {
        Touched();
        return contact.Name.Length;
    }

    // Carries the operation's 'contact' log field (a generated formatter, like the span attribute); check.sh compares it.
    [LogMethod(LogLevel.Information, "Contact touched")]
    private partial void Touched();

    [LogMethod(LogLevel.Information, "Order of {quantity} items accepted for {email}")]
    private partial void OrderAccepted(int quantity, [PersonalData] string email);

    [LogMethod(LogLevel.Information, "Customer {customer} ordered {quantity}")]
    private partial void CustomerOrdered(Customer customer, int quantity);
}

public static partial class Log
{
    [LogMethod(LogLevel.Warning, "User {email} failed to sign in ({attempt})")]
    public static partial void SignInFailed(ILogger logger, [PersonalData] string email, int attempt);

    [LogMethod(LogLevel.Information, "Contact {contact}")]
    public static partial void ContactSeen(ILogger logger, object contact);

    [LogMethod(LogLevel.Information, "Typed contact {contact}")]
    public static partial void ContactTyped(ILogger logger, Contact contact);

    [LogMethod(LogLevel.Information, "Seen {customer}")]
    public static partial void CustomerSeen(ILogger logger, object customer);
}
