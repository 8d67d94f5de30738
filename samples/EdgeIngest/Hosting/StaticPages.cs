using System;
using System.Collections.Generic;
using System.IO;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace EdgeIngest.Hosting;

/// <summary>
/// Serves the pages under <c>wwwroot/</c> (embedded in the assembly, so they are there however the app is started):
/// <c>/dashboard</c>, <c>/observability</c> and their scripts and style under <c>/assets/</c>. A closed set of files,
/// each with a Content-Security-Policy that allows only this origin's scripts, styles and sockets — no inline
/// script, no other origin, no framing — and <c>no-referrer</c>, so nothing the page holds leaves in a header.
/// </summary>
public static class StaticPages
{
    /// <summary>The policy of every page and asset.</summary>
    public const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    private static readonly Dictionary<string, (string Resource, string ContentType)> Assets = new(StringComparer.Ordinal)
    {
        ["app.css"] = ("wwwroot/assets/app.css", "text/css; charset=utf-8"),
        ["charts.js"] = ("wwwroot/assets/charts.js", "text/javascript; charset=utf-8"),
        ["dashboard.js"] = ("wwwroot/assets/dashboard.js", "text/javascript; charset=utf-8"),
        ["observability.js"] = ("wwwroot/assets/observability.js", "text/javascript; charset=utf-8"),
    };

    public static void Map(IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapGet("/", () => Results.Redirect("/dashboard"));
        app.MapGet("/dashboard", (HttpContext http) => Serve(http, "wwwroot/dashboard.html", "text/html; charset=utf-8"));
        app.MapGet("/observability", (HttpContext http) => Serve(http, "wwwroot/observability.html", "text/html; charset=utf-8"));
        app.MapGet("/assets/{name}", (string name, HttpContext http) =>
            Assets.TryGetValue(name, out var asset) ? Serve(http, asset.Resource, asset.ContentType) : Results.NotFound(new { code = "not_found", message = "No such asset." }));
    }

    private static IResult Serve(HttpContext http, string resource, string contentType)
    {
        var headers = http.Response.Headers;
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "no-referrer";
        headers.XFrameOptions = "DENY";
        headers.CacheControl = "no-cache";
        return Results.Bytes(Read(resource), contentType);
    }

    private static byte[] Read(string resource)
    {
        using var stream = typeof(StaticPages).Assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException("The page " + resource + " is not embedded (EdgeIngest.csproj embeds wwwroot/**).");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
