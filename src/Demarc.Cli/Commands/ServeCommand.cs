using System.CommandLine;
using Demarc.Cli.Output;
using Demarc.Web.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Demarc.Cli.Commands;

/// <summary><c>demarc serve</c>: the web app (pages and JSON API) on SQLite or PostgreSQL.</summary>
internal static class ServeCommand
{
    public static Command Create(GlobalOptions options, CliTerminal terminal)
    {
        _ = options;
        _ = terminal;
        var urls = new Option<string>("--urls")
        {
            Description = "Where to listen, ';' between several. Anything but loopback (127.0.0.1, [::1], localhost) needs --token.",
            DefaultValueFactory = _ => WebOptions.DefaultUrls,
            HelpName = "URLS",
        };
        var db = new Option<string?>("--db")
        {
            Description = "A SQLite file, or a PostgreSQL connection string (\"Host=…;Database=…;Username=…\") for a team server or several instances. Default: $DEMARC_DB, else the user's data directory.",
            HelpName = "PATH|CONNECTION",
        };
        var token = new Option<string?>("--token")
        {
            Description = "The access token every request must carry (header, or the login form's cookie); default $DEMARC_TOKEN. Required beyond loopback; at least 16 characters.",
            HelpName = "TOKEN",
        };
        var maxFileSize = new Option<int>("--max-file-size")
        {
            Description = "Largest template (or parameters or attestation file) accepted, in MB.",
            DefaultValueFactory = _ => 5,
            HelpName = "MB",
        };
        var maxFiles = new Option<int>("--max-files")
        {
            Description = "Most templates in one scan.",
            DefaultValueFactory = _ => 20,
            HelpName = "N",
        };
        var command = new Command("serve", """
            Start the web app: browse services, compare, shift, ask, scan templates (with a history), and take the quiz, in a
            browser or through the JSON API (/api, described by /openapi/v1.json). See docs/web.md.

            Examples:
              demarc serve                                              # http://127.0.0.1:5000, SQLite in your data directory
              demarc serve --urls http://127.0.0.1:8080 --db team.db
              demarc serve --db "Host=db.internal;Database=demarc;Username=demarc;Password=…"
              DEMARC_TOKEN=$(openssl rand -hex 24) demarc serve --urls http://0.0.0.0:5000

            Exit codes: 0 stopped normally (Ctrl+C), 2 cannot start (unsafe binding without a token, bad options,
            a database that cannot be opened, an address in use).
            """)
        {
            urls,
            db,
            token,
            maxFileSize,
            maxFiles,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var output = parse.InvocationConfiguration.Output;
            var error = parse.InvocationConfiguration.Error;
            var megabytes = parse.GetValue(maxFileSize);
            var files = parse.GetValue(maxFiles);
            if (megabytes is < 1 or > 100 || files is < 1 or > 1000)
            {
                error.WriteLine("demarc: --max-file-size is 1 to 100 (MB) and --max-files 1 to 1000.");
                return ExitCodes.InputError;
            }

            var webOptions = new WebOptions
            {
                Urls = parse.GetValue(urls) ?? WebOptions.DefaultUrls,
                Database = NonEmpty(parse.GetValue(db)) ?? NonEmpty(Environment.GetEnvironmentVariable("DEMARC_DB")),
                Token = NonEmpty(parse.GetValue(token)) ?? NonEmpty(Environment.GetEnvironmentVariable("DEMARC_TOKEN")),
                MaxFileBytes = megabytes * 1024L * 1024L,
                MaxFiles = files,
                MaxRequestBytes = Math.Max(25L * 1024 * 1024, (long)files * megabytes * 1024 * 1024),
            };
            WebApplication app;
            try
            {
                app = await DemarcWebApp.CreateAsync(webOptions, cancellationToken: cancellationToken).ConfigureAwait(false);
            }
            catch (StartupException e)
            {
                error.WriteLine($"demarc: {e.Message}");
                return ExitCodes.InputError;
            }

            await using (app.ConfigureAwait(false))
            {
                try
                {
                    await app.StartAsync(cancellationToken).ConfigureAwait(false);
                }
                catch (IOException e)
                {
                    error.WriteLine($"demarc: cannot listen on {webOptions.Urls}: {e.Message}");
                    return ExitCodes.InputError;
                }

                var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
                var database = app.Services.GetRequiredService<Storage.SqlDatabase>();
                output.WriteLine($"Demarc is listening on {string.Join(", ", addresses)}");
                output.WriteLine($"Database: {database.Location}{(webOptions.Token is null ? "" : "; every request needs the access token")}. Press Ctrl+C to stop.");
                try
                {
                    await Task.Delay(Timeout.Infinite, cancellationToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    // Ctrl+C or SIGTERM: stop cleanly.
                }

                await app.StopAsync(CancellationToken.None).ConfigureAwait(false);
                output.WriteLine("Demarc stopped.");
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
