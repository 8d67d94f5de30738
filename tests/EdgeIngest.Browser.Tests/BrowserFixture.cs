using System;
using System.IO;
using System.Threading.Tasks;
using EdgeIngest.Tests;
using Microsoft.Playwright;
using Xunit;

namespace EdgeIngest.Browser.Tests;

/// <summary>
/// One EdgeIngest app on 127.0.0.1 (the launcher of tests/EdgeIngest.Tests) and one headless Chromium (Debian's
/// <c>/usr/bin/chromium</c>; Playwright's own browser download does not work here) for all browser tests.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    /// <summary>Debian's Chromium; <c>CHROMIUM_PATH</c> overrides it.</summary>
    public static string ChromiumPath => Environment.GetEnvironmentVariable("CHROMIUM_PATH") is { Length: > 0 } path ? path : "/usr/bin/chromium";

    private IPlaywright? _playwright;

    public EdgeIngestServer Server { get; private set; } = null!;

    public IBrowser Browser { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        // The observability history samples often, so that rates have points within the tests' seconds.
        Server = await EdgeIngestServer.StartAsync(extraArgs: new[] { "--panel-interval", "0.3" });
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            // Root in containers: Chromium's sandbox needs user namespaces it may not have.
            Args = new[] { "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage" },
        });
    }

    /// <summary>A fresh context (own session storage) and page, with a viewport fit for the README's screenshots.</summary>
    public async Task<IPage> NewPageAsync()
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 860 } });
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(15_000);
        return page;
    }

    /// <summary>Writes a screenshot to docs/images/<paramref name="name"/> when <c>WRITE_SCREENSHOTS=1</c>.</summary>
    public static async Task ScreenshotAsync(IPage page, string name)
    {
        if (Environment.GetEnvironmentVariable("WRITE_SCREENSHOTS") != "1")
        {
            return;
        }

        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Instrumentation.sln")))
        {
            directory = directory.Parent;
        }

        if (directory is null)
        {
            throw new InvalidOperationException("Instrumentation.sln not found above " + AppContext.BaseDirectory);
        }

        var images = Path.Combine(directory.FullName, "docs", "images");
        Directory.CreateDirectory(images);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(images, name), FullPage = true });
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.CloseAsync();
        }

        _playwright?.Dispose();
        if (Server is not null)
        {
            await Server.DisposeAsync();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserFixture>
{
    public const string Name = "browser";
}
