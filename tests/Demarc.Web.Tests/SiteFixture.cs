using System.Net;
using Demarc.Storage.Sqlite;
using Demarc.Tests;
using Demarc.Web.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Demarc.Web.Tests;

/// <summary>
/// One running app per store, shared by the tests of a collection: the real app on Kestrel, on a free loopback port, over a
/// real database; and one headless Chromium for its browser tests, started on first use.
/// </summary>
public abstract class SiteFixture : IAsyncLifetime
{
    private WebApplication? _app;
    private IPlaywright? _playwright;
    private IBrowser? _browser;
    private readonly SemaphoreSlim _browserLock = new(1, 1);

    /// <summary>The store's name, for screenshots: sqlite or postgres.</summary>
    public abstract string Store { get; }

    /// <summary>The app's address, without a trailing slash.</summary>
    public string BaseUrl { get; private set; } = "";

    /// <summary>A client for the app.</summary>
    public HttpClient Client { get; private set; } = new();

    /// <summary>The app's services.</summary>
    public IServiceProvider Services => _app!.Services;

    /// <summary>The database value the app is started with.</summary>
    protected abstract Task<string> CreateDatabaseAsync();

    /// <summary>Removes the database.</summary>
    protected abstract Task DropDatabaseAsync();

    public async Task InitializeAsync()
    {
        var database = await CreateDatabaseAsync();
        _app = await DemarcWebApp.CreateAsync(new WebOptions { Urls = "http://127.0.0.1:0", Database = database });
        await _app.StartAsync();
        BaseUrl = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single().TrimEnd('/');
        Client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = new Uri(BaseUrl) };
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }

        _playwright?.Dispose();
        Client.Dispose();
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }

        await DropDatabaseAsync();
        _browserLock.Dispose();
    }

    /// <summary>A new page in a new browser context (its own cookies), in the shared Chromium.</summary>
    public async Task<IPage> NewPageAsync(int width = 1280, int height = 900)
    {
        await _browserLock.WaitAsync();
        try
        {
            if (_browser is null)
            {
                var path = Environment.GetEnvironmentVariable("CHROMIUM_PATH") is { Length: > 0 } p ? p : "/usr/bin/chromium";
                if (!File.Exists(path))
                {
                    throw new InvalidOperationException($"Chromium is not at {path}: install Debian's chromium (./test.sh does) or set CHROMIUM_PATH.");
                }

                _playwright = await Playwright.CreateAsync();
                _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
                {
                    ExecutablePath = path,
                    Headless = true,
                    Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"],
                });
            }
        }
        finally
        {
            _browserLock.Release();
        }

        var context = await _browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = BaseUrl, ViewportSize = new ViewportSize { Width = width, Height = height } });
        context.SetDefaultTimeout(30_000);
        return await context.NewPageAsync();
    }

    /// <summary>Saves a full-page screenshot as a test artifact: TestResults/screenshots/STORE-NAME.png at the repository root.</summary>
    public async Task<string> ScreenshotAsync(IPage page, string name)
    {
        ArgumentNullException.ThrowIfNull(page);
        var directory = Path.Combine(RepositoryRoot(), "TestResults", "screenshots");
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, $"{Store}-{name}.png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        return path;
    }

    /// <summary>The repository's root directory (where Demarc.slnx is).</summary>
    public static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Demarc.slnx")))
            {
                return directory.FullName;
            }
        }

        return AppContext.BaseDirectory;
    }
}

/// <summary>The app on a real SQLite file in a temporary directory.</summary>
public sealed class SqliteSite : SiteFixture
{
    private string _directory = "";

    public override string Store => "sqlite";

    protected override Task<string> CreateDatabaseAsync()
    {
        _directory = Directory.CreateTempSubdirectory("demarc-web-").FullName;
        return Task.FromResult(Path.Combine(_directory, "demarc.db"));
    }

    protected override Task DropDatabaseAsync()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
        return Task.CompletedTask;
    }
}

/// <summary>The app on a real PostgreSQL server (a fresh schema).</summary>
public sealed class PostgresSite : SiteFixture
{
    private string _schema = "";

    public override string Store => "postgres";

    protected override async Task<string> CreateDatabaseAsync()
    {
        var (connectionString, schema) = await TestPostgres.CreateSchemaAsync();
        _schema = schema;
        return connectionString;
    }

    protected override async Task DropDatabaseAsync()
    {
        if (_schema.Length > 0)
        {
            await TestPostgres.DropSchemaAsync(_schema);
        }
    }
}

[CollectionDefinition("sqlite")]
public sealed class SqliteCollection : ICollectionFixture<SqliteSite>;

[CollectionDefinition("postgres")]
public sealed class PostgresCollection : ICollectionFixture<PostgresSite>;

/// <summary>Free loopback ports and small HTTP helpers.</summary>
public static class Net
{
    public static int FreePort()
    {
        var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
