using Demarc.Catalog;
using Demarc.Storage;
using Demarc.Storage.Quiz;
using Demarc.Storage.Scans;
using Demarc.Web.Api;
using Demarc.Web.Engines;
using Demarc.Web.Pages;
using Demarc.Web.Quiz;
using Demarc.Web.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Demarc.Web.Hosting;

/// <summary>Builds the web app: checks the binding and the token, opens the database (migrating it), maps pages and API.</summary>
public static class DemarcWebApp
{
    /// <summary>Creates the app, ready to <c>StartAsync</c> or <c>RunAsync</c>.</summary>
    /// <exception cref="StartupException">The app would listen beyond loopback without a token, the token is too short, or the database cannot be opened.</exception>
    public static async Task<WebApplication> CreateAsync(WebOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var token = CheckAccess(options);
        SqlDatabase database;
        try
        {
            database = await Databases.OpenAsync(options.Database, TimeProvider.System, cancellationToken).ConfigureAwait(false);
        }
        catch (StorageException e)
        {
            throw new StartupException($"cannot open the database: {e.Message}", e);
        }

        try
        {
            return Build(options, token, database);
        }
        catch
        {
            database.Dispose();
            throw;
        }
    }

    /// <summary>
    /// The access token to require, or null. Listening beyond loopback without one is refused: a team server is reachable by
    /// others, and every request must then prove it may use the app.
    /// </summary>
    public static AccessToken? CheckAccess(WebOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (Binding.Split(options.Urls).Count == 0)
        {
            throw new StartupException("--urls names no address; give one such as http://127.0.0.1:5000");
        }

        var token = string.IsNullOrWhiteSpace(options.Token) ? null : options.Token.Trim();
        var open = Binding.NonLoopback(options.Urls);
        if (open.Count > 0 && token is null)
        {
            throw new StartupException(
                $"refusing to listen on {string.Join(", ", open)} without an access token: that address is reachable from other machines. " +
                "Give a token with --token or DEMARC_TOKEN (every request must then carry it), or listen on loopback only (--urls http://127.0.0.1:5000).");
        }

        if (token is not null && token.Length < AccessToken.MinLength)
        {
            throw new StartupException($"the access token has {token.Length} characters; use at least {AccessToken.MinLength} (for example: openssl rand -hex 24)");
        }

        return token is null ? null : new AccessToken(token);
    }

    private static WebApplication Build(WebOptions options, AccessToken? token, SqlDatabase database)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            ApplicationName = "Demarc.Web",
            ContentRootPath = AppContext.BaseDirectory,
            Args = [],
        });
        builder.WebHost.UseUrls(options.Urls);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = options.MaxRequestBytes + (1024 * 1024);
        });
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(console => console.SingleLine = true);
        builder.Logging.SetMinimumLevel(options.LogLevel);
        builder.Services.Configure<FormOptions>(form =>
        {
            form.MultipartBodyLengthLimit = options.MaxRequestBytes;
            form.ValueLengthLimit = (int)Math.Min(int.MaxValue, options.MaxFileBytes + 1024);
            form.ValueCountLimit = 1000;
        });
        // Keys that sign antiforgery tokens live in the database, so instances behind a load balancer accept each other's forms.
        // They are stored unencrypted, like the rest of the database: protect the database as you protect the app.
        builder.Services.AddDataProtection().SetApplicationName("demarc");
        builder.Services.AddSingleton<IConfigureOptions<KeyManagementOptions>>(new ConfigureOptions<KeyManagementOptions>(keys => keys.XmlRepository = new DatabaseXmlRepository(new WebKeyStore(database))));
        builder.Logging.AddFilter("Microsoft.AspNetCore.DataProtection", LogLevel.Error);
        builder.Services.AddAntiforgery(antiforgery =>
        {
            antiforgery.Cookie.Name = "demarc_antiforgery";
            antiforgery.Cookie.SameSite = SameSiteMode.Strict;
            antiforgery.FormFieldName = "__demarc_form";
        });
        builder.Services.AddProblemDetails();
        // Appended, so a JIT build keeps answering with reflection first; a Native AOT build has no reflection-based JSON and
        // finds here the metadata for problem extensions (candidate lists) and for the OpenAPI document's response schemas.
        builder.Services.ConfigureHttpJsonOptions(json =>
        {
            foreach (var context in new System.Text.Json.Serialization.JsonSerializerContext[]
                     {
                         WebJsonContext.Default, Demarc.Contracts.ContractsJsonContext.Default, Demarc.Contracts.AskJsonContext.Default,
                         Demarc.Quiz.QuizJsonContext.Default, Demarc.Scanning.ScanJsonContext.Default,
                     })
            {
                json.SerializerOptions.TypeInfoResolverChain.Add(context);
            }
        });
        builder.Services.AddOpenApi("v1", openApi => openApi.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = "Demarc API";
            document.Info.Description = "The AWS shared responsibility model as data: services, who owns what, comparisons, shifts, questions, template scans and the quiz. Same JSON as the demarc command line's --format json.";
            return Task.CompletedTask;
        }));

        var catalog = new WebCatalog(ResponsibilityCatalog.Default);
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton(catalog);
        builder.Services.AddSingleton(database);
        builder.Services.AddSingleton<IProgressStore>(new SqlProgressStore(database));
        builder.Services.AddSingleton<IScanStore>(new SqlScanStore(database));
        builder.Services.AddSingleton<QuizService>();
        builder.Services.AddSingleton<ScanService>();
        builder.Services.AddSingleton(new AskEngine(catalog.Catalog));
        builder.Services.AddSingleton(new ScanEngine(catalog.Catalog, options.MaxFileBytes));

        var app = builder.Build();
        app.UseExceptionHandler(new ExceptionHandlerOptions { ExceptionHandler = HandleError });
        app.UseDemarcSecurity(token);
        CatalogApi.Map(app);
        QuizApi.Map(app);
        AskApi.Map(app);
        ScanApi.Map(app);
        CatalogPages.Map(app);
        QuizPage.Map(app);
        AskPage.Map(app);
        ScanPages.Map(app);
        SitePages.Map(app, token);
        app.MapOpenApi("/openapi/{documentName}.json");
        app.MapFallback((HttpContext context) => context.Request.Path.StartsWithSegments("/api")
            ? Problems.Result(404, "No such endpoint", $"{context.Request.Method} {context.Request.Path} is not part of the API; /api lists the endpoints and /openapi/v1.json describes them")
            : Layout.Error("Page not found", $"There is no page at {context.Request.Path}.", 404));
        app.Lifetime.ApplicationStopped.Register(database.Dispose);
        return app;
    }

    // Errors that escape an endpoint: a database that went away is 503 with its message; anything else is 500 without internals.
    private static async Task HandleError(HttpContext context)
    {
        var error = context.Features.Get<IExceptionHandlerFeature>()?.Error;
        var (status, title, detail) = error switch
        {
            StorageException e => (503, "Database unavailable", e.Message),
            BadHttpRequestException { StatusCode: 413 } => (413, "Request too large", "the request body is larger than this server accepts"),
            BadHttpRequestException e => (e.StatusCode, "Bad request", e.Message),
            OperationCanceledException => (499, "Cancelled", "the request was cancelled"),
            _ => (500, "Internal error", "Demarc failed on this request; the server log has the details."),
        };
        context.Response.Headers.ContentSecurityPolicy = SecurityMiddleware.ContentSecurityPolicy;
        context.Response.Headers.XContentTypeOptions = "nosniff";
        if (context.Request.Path.StartsWithSegments("/api"))
        {
            await Problems.Write(context, status, title, detail).ConfigureAwait(false);
            return;
        }

        await Layout.Error(title, detail, status).ExecuteAsync(context).ConfigureAwait(false);
    }
}
