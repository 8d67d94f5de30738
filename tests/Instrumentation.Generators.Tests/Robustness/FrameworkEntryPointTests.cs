using System.Linq;
using Instrumentation.Generators.Tests.CrossProject;
using Instrumentation.Generators.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Xunit;

namespace Instrumentation.Generators.Tests.Robustness;

/// <summary>
/// SignalR invokes a hub's methods by reflection, MVC its controllers' actions: never a call in source, so an operation
/// attribute there records nothing. A helper's SignalR app annotated its hub methods and got no span and no diagnostic.
/// INS0021 (warning) at the attribute now says so; calls written in source are still instrumented.
/// </summary>
public sealed class FrameworkEntryPointTests
{
    private const string Framework = """
        namespace Microsoft.AspNetCore.SignalR
        {
            public abstract class Hub { }
            public abstract class Hub<T> : Hub where T : class { }
        }
        namespace Microsoft.AspNetCore.Mvc
        {
            public abstract class ControllerBase { }
            public sealed class NonActionAttribute : System.Attribute { }
        }
        """;

    [Fact]
    public void Hub_methods_and_controller_actions_are_INS0021_and_the_calls_written_in_source_are_still_intercepted()
    {
        const string source = Framework + """

            namespace App
            {
                using Instrumentation;
                public interface IClient { }
                public sealed class ChatHub : Microsoft.AspNetCore.SignalR.Hub<IClient>
                {
                    [Operation("hub.send")] public int Send(string text) => text.Length;
                    [Operation("hub.helper")] internal int Helper() => 1;
                }
                public class PlainHub : Microsoft.AspNetCore.SignalR.Hub { [Operation("hub.echo")] public string Echo(string text) => text; }
                public sealed class DerivedHub : PlainHub { [Operation("hub.more")] public int More() => 2; }
                public sealed class OrdersController : Microsoft.AspNetCore.Mvc.ControllerBase
                {
                    [Operation("orders.get")] public int Get(int id) => id;
                    [Operation("orders.helper"), Microsoft.AspNetCore.Mvc.NonAction] public int Helper() => 1;
                }
                public sealed class Service { [Operation("service.run")] public int Run() => 1; }
                public static class Use
                {
                    public static int Direct(ChatHub hub, Service service) => hub.Send("x") + hub.Helper() + service.Run();
                }
            }
            """;
        var (output, diagnostics) = OtherGenerators.Run(source);

        var found = diagnostics.Where(d => d.Id == "INS0021").ToList();
        Assert.All(found, d => Assert.Equal(DiagnosticSeverity.Warning, d.Severity));
        Assert.Equal(
            new[] { "Operation(\"hub.send\")", "Operation(\"hub.echo\")", "Operation(\"hub.more\")", "Operation(\"orders.get\")" },
            found.Select(d => d.Location.SourceTree!.GetText().ToString(d.Location.SourceSpan)).ToArray());
        Assert.Equal(
            "'ChatHub.Send' is a SignalR hub method: SignalR calls it by reflection, never as a call written in source, so those calls are not instrumented (only calls in your own code are). Put the attribute on the methods of your own that 'ChatHub.Send' calls (a service method, with the call's CancellationToken), or annotate a method of your own that calls it.",
            found[0].GetMessage(System.Globalization.CultureInfo.InvariantCulture));
        Assert.DoesNotContain(diagnostics, d => d.Id != "INS0021");
        Assert.Equal(new[] { "hub.Send(\"x\")", "hub.Helper()", "service.Run()" }, OtherGenerators.Intercepted(output));
        Assert.Empty(GeneratorHarness.AllDiagnostics(output).Where(d => d.Severity == DiagnosticSeverity.Error));
    }

    [Fact]
    public void A_streaming_hub_method_gets_INS0021_alone_not_also_INS0007s_advice_to_change_its_shape()
    {
        // An iterator is a shape INS0007 reports ("return Task, or move the code into an ordinary method"), but a
        // streaming hub method must stay an iterator: the advice that fits is INS0021's (a helper's SignalR trial).
        const string source = Framework + """

            namespace App
            {
                using Instrumentation;
                public sealed class StreamHub : Microsoft.AspNetCore.SignalR.Hub
                {
                    [Operation("hub.stream")]
                    public async System.Collections.Generic.IAsyncEnumerable<int> Counter(int count)
                    {
                        for (var i = 0; i < count; i++) { await System.Threading.Tasks.Task.Yield(); yield return i; }
                    }

                    [Operation("hub.items")]
                    public System.Collections.Generic.IEnumerable<int> Items() { yield return 1; }
                }
                public sealed class Jobs
                {
                    [Operation("jobs.stream")]
                    public System.Collections.Generic.IEnumerable<int> Items() { yield return 1; }
                }
            }
            """;
        var (_, diagnostics) = OtherGenerators.Run(source);

        Assert.Equal(
            new[] { "INS0021 Operation(\"hub.stream\")", "INS0021 Operation(\"hub.items\")", "INS0007 Items" },
            diagnostics.OrderBy(d => d.Location.SourceSpan.Start)
                .Select(d => d.Id + " " + d.Location.SourceTree!.GetText().ToString(d.Location.SourceSpan)).ToArray());
    }

    [Fact]
    public void A_hub_method_or_action_with_another_unsupported_shape_keeps_INS0007_next_to_INS0021()
    {
        // Only an iterator's INS0007 is dropped (a streaming hub method must stay one). An async void hub method is not
        // instrumented even where the app calls it itself, which INS0021 ("only calls in your own code are") would deny,
        // and INS0007's advice (return Task) is the one that fits.
        const string source = Framework + """

            namespace App
            {
                using Instrumentation;
                public sealed class ChatHub : Microsoft.AspNetCore.SignalR.Hub
                {
                    [Operation("hub.fire")]
                    public async void Fire() { await System.Threading.Tasks.Task.Yield(); }
                }
                public sealed class OrdersController : Microsoft.AspNetCore.Mvc.ControllerBase
                {
                    [Operation("orders.fire")]
                    public async void Fire() { await System.Threading.Tasks.Task.Yield(); }
                }
            }
            """;
        var (_, diagnostics) = OtherGenerators.Run(source);

        var ids = diagnostics.Select(d => d.Id).ToList();
        Assert.Equal(2, ids.Count(id => id == "INS0007"));
        Assert.Equal(2, ids.Count(id => id == "INS0021"));
    }

    [Fact]
    public void Razor_Pages_handlers_are_INS0021_and_the_page_models_other_methods_are_not()
    {
        // Razor Pages finds OnGet, OnPostDeleteAsync, … by name and invokes them through its own executor. A helper's
        // Razor Pages app annotated OnGet: privacy_get_calls_total stayed 0 and the build said nothing.
        const string source = """
            namespace Microsoft.AspNetCore.Mvc.RazorPages
            {
                public abstract class PageModel { }
                public abstract class PageBase { }
                public abstract class Page : PageBase { }
                public sealed class NonHandlerAttribute : System.Attribute { }
            }

            namespace App
            {
                using Instrumentation;
                public sealed class PrivacyModel : Microsoft.AspNetCore.Mvc.RazorPages.PageModel
                {
                    [Operation("privacy.get")] public void OnGet() { }
                    [Operation("privacy.delete")] public System.Threading.Tasks.Task OnPostDeleteAsync(int id) => System.Threading.Tasks.Task.CompletedTask;
                    [Operation("privacy.helper")] public int Compute() => 1;
                    [Operation("privacy.nonhandler"), Microsoft.AspNetCore.Mvc.RazorPages.NonHandler] public int OnSomething() => 1;
                    [Operation("privacy.async")] public System.Threading.Tasks.Task OnAsync() => System.Threading.Tasks.Task.CompletedTask;
                    [Operation("privacy.static")] public static int OnStatic() => 1;
                }
                public sealed class IndexPage : Microsoft.AspNetCore.Mvc.RazorPages.Page
                {
                    [Operation("index.get")] public void OnGet() { }
                }
                public sealed class Service { [Operation("service.on")] public int OnGet() => 1; }
                public static class Use
                {
                    public static int Direct(PrivacyModel page, Service service) { page.OnGet(); return page.Compute() + service.OnGet(); }
                }
            }
            """;
        var (output, diagnostics) = OtherGenerators.Run(source);

        var found = diagnostics.Where(d => d.Id == "INS0021").ToList();
        Assert.Equal(
            new[] { "Operation(\"privacy.get\")", "Operation(\"privacy.delete\")", "Operation(\"index.get\")" },
            found.Select(d => d.Location.SourceTree!.GetText().ToString(d.Location.SourceSpan)).ToArray());
        Assert.Equal(
            "'PrivacyModel.OnGet' is a Razor Pages handler: ASP.NET Core Razor Pages calls it by reflection, never as a call written in source, so those calls are not instrumented (only calls in your own code are). Put the attribute on the methods of your own that 'PrivacyModel.OnGet' calls (a service method, with the call's CancellationToken), or annotate a method of your own that calls it.",
            found[0].GetMessage(System.Globalization.CultureInfo.InvariantCulture));
        Assert.DoesNotContain(diagnostics, d => d.Id != "INS0021");
        Assert.Equal(new[] { "page.OnGet()", "page.Compute()", "service.OnGet()" }, OtherGenerators.Intercepted(output));
    }

    [Fact]
    public void A_page_models_On_helper_whose_verb_no_request_uses_is_not_INS0021()
    {
        // ASP.NET Core parses any public "On…" method of a page model as a handler, but OnRefresh is one for the HTTP
        // method "REFRESH" and OnboardAsync for "BOARD": no request reaches them, the app calls them itself, and those
        // calls are instrumented. INS0021 on them was a false warning, an error under warnings as errors.
        const string source = """
            namespace Microsoft.AspNetCore.Mvc.RazorPages
            {
                public abstract class PageModel { }
            }

            namespace App
            {
                using Instrumentation;
                public sealed class AccountModel : Microsoft.AspNetCore.Mvc.RazorPages.PageModel
                {
                    [Operation("account.get")] public void OnGet() { OnRefresh(); _ = OnboardAsync(); }
                    [Operation("account.put")] public void OnPutName() { }
                    [Operation("account.refresh")] public void OnRefresh() { }
                    [Operation("account.onboard")] public System.Threading.Tasks.Task OnboardAsync() => System.Threading.Tasks.Task.CompletedTask;
                }
            }
            """;
        var (output, diagnostics) = OtherGenerators.Run(source);

        Assert.Equal(
            new[] { "Operation(\"account.get\")", "Operation(\"account.put\")" },
            diagnostics.Where(d => d.Id == "INS0021").Select(d => d.Location.SourceTree!.GetText().ToString(d.Location.SourceSpan)).ToArray());
        Assert.Equal(new[] { "OnRefresh()", "OnboardAsync()" }, OtherGenerators.Intercepted(output));
    }

    [Fact]
    public void A_controller_without_ControllerBase_that_MVC_finds_by_name_or_attribute_is_INS0021_and_other_Controller_classes_are_not()
    {
        // gothinkster/aspnetcore-realworld-example-app's controllers have no base class: MVC finds them by the name suffix
        // (or [Controller]). A newcomer's trial annotated their actions and got no span and no diagnostic. A class named
        // "…Controller" that carries none of MVC's attributes is not reported (a game's InputController).
        const string source = """
            namespace Microsoft.AspNetCore.Mvc
            {
                public sealed class RouteAttribute : System.Attribute { public RouteAttribute(string template) { } }
                public sealed class HttpGetAttribute : System.Attribute { }
                public sealed class ControllerAttribute : System.Attribute { }
                public sealed class NonControllerAttribute : System.Attribute { }
                public sealed class NonActionAttribute : System.Attribute { }
            }

            namespace App
            {
                using Instrumentation;
                using Microsoft.AspNetCore.Mvc;
                [Route("users")]
                public class UsersController
                {
                    [Operation("users.get")] public string Get() => "u";
                    [Operation("users.helper"), NonAction] public int Helper() => 1;
                    [Operation("users.static")] public static int Count() => 1;
                }
                public class ArticlesController
                {
                    [HttpGet, Operation("articles.list")] public int List() => 1;
                }
                [Controller] public class Feeds { [Operation("feeds.read")] public int Read() => 1; }
                public class BaseFeeds { }
                [NonController, Route("x")] public class HiddenController { [Operation("hidden.get")] public int Get() => 1; }
                [Route("y")] internal class InternalController { [Operation("internal.get")] public int Get() => 1; }
                public class InputController { [Operation("input.poll")] public int Poll() => 1; }
                public static class Use
                {
                    public static int Direct(UsersController users, InputController input) => users.Get().Length + users.Helper() + input.Poll();
                }
            }
            """;
        var (output, diagnostics) = OtherGenerators.Run(source);

        Assert.Equal(
            new[] { "Operation(\"users.get\")", "Operation(\"articles.list\")", "Operation(\"feeds.read\")" },
            diagnostics.Where(d => d.Id == "INS0021").Select(d => d.Location.SourceTree!.GetText().ToString(d.Location.SourceSpan)).ToArray());
        Assert.DoesNotContain(diagnostics, d => d.Id != "INS0021");
        Assert.Equal(new[] { "users.Get()", "users.Helper()", "input.Poll()" }, OtherGenerators.Intercepted(output));
    }

    [Fact]
    public void A_convention_middlewares_Invoke_is_INS0021_and_an_Invoke_of_another_class_is_not()
    {
        // UseMiddleware<T> finds Invoke/InvokeAsync(HttpContext, …) by reflection on a class whose constructor takes the
        // next RequestDelegate (the realworld example app's ErrorHandlingMiddleware: no span, no word).
        const string source = """
            namespace Microsoft.AspNetCore.Http
            {
                public abstract class HttpContext { }
                public delegate System.Threading.Tasks.Task RequestDelegate(HttpContext context);
            }

            namespace App
            {
                using Instrumentation;
                using Microsoft.AspNetCore.Http;
                public sealed class ErrorHandlingMiddleware
                {
                    private readonly RequestDelegate _next;
                    public ErrorHandlingMiddleware(RequestDelegate next) => _next = next;
                    [Operation("http.errors")] public System.Threading.Tasks.Task Invoke(HttpContext context) => _next(context);
                }
                public sealed class TimingMiddleware(RequestDelegate next)
                {
                    [Operation("http.timing")] public System.Threading.Tasks.Task InvokeAsync(HttpContext context, int extra) => next(context);
                }
                public sealed class Command
                {
                    [Operation("command.invoke")] public int Invoke(HttpContext context) => 1;
                }
                public static class Use { public static int Direct(Command command, HttpContext context) => command.Invoke(context); }
            }
            """;
        var (output, diagnostics) = OtherGenerators.Run(source);

        Assert.Equal(
            new[] { "Operation(\"http.errors\")", "Operation(\"http.timing\")" },
            diagnostics.Where(d => d.Id == "INS0021").Select(d => d.Location.SourceTree!.GetText().ToString(d.Location.SourceSpan)).ToArray());
        Assert.DoesNotContain(diagnostics, d => d.Id != "INS0021");
        Assert.Equal(new[] { "command.Invoke(context)" }, OtherGenerators.Intercepted(output));
    }
}
