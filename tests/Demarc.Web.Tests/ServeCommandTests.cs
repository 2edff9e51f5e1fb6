using System.Diagnostics;
using System.Net;

namespace Demarc.Web.Tests;

/// <summary>The real <c>demarc serve</c> process: refuses unsafe bindings, starts on loopback and answers, stops on SIGTERM.</summary>
public sealed class ServeCommandTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("demarc-serve-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private Process Start(params string[] args)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "demarc.dll"));
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment["XDG_DATA_HOME"] = _directory;
        info.Environment.Remove("DEMARC_TOKEN");
        info.Environment.Remove("DEMARC_DB");
        return Process.Start(info)!;
    }

    [Fact]
    public async Task Serve_PublicAddressWithoutToken_ExitsWith2AndSaysWhy()
    {
        using var process = Start("serve", "--urls", "http://0.0.0.0:" + Net.FreePort());

        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();

        Assert.Equal(2, process.ExitCode);
        Assert.Contains("refusing to listen on http://0.0.0.0:", error, StringComparison.Ordinal);
        Assert.Contains("--token or DEMARC_TOKEN", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Serve_Loopback_AnswersThenStopsCleanlyOnSigterm()
    {
        var port = Net.FreePort();
        var db = Path.Combine(_directory, "serve.db");
        using var process = Start("serve", "--urls", $"http://127.0.0.1:{port}", "--db", db);
        try
        {
            var ready = await process.StandardOutput.ReadLineAsync();
            Assert.Equal($"Demarc is listening on http://127.0.0.1:{port}", ready);
            Assert.Contains(db, await process.StandardOutput.ReadLineAsync(), StringComparison.Ordinal);
            using var client = new HttpClient();
            var who = await client.GetStringAsync($"http://127.0.0.1:{port}/api/who?service=lambda&task=patch%20the%20runtime");
            Assert.Contains("\"kind\": \"who\"", who, StringComparison.Ordinal);
            Assert.True(File.Exists(db));
        }
        finally
        {
            if (!process.HasExited)
            {
                Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])!.WaitForExit();
            }
        }

        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(0, process.ExitCode);
        Assert.Contains("Demarc stopped.", await process.StandardOutput.ReadToEndAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Serve_DatabaseThatCannotBeOpened_ExitsWith2()
    {
        await File.WriteAllTextAsync(Path.Combine(_directory, "notes.txt"), new string('x', 4096));
        using var process = Start("serve", "--urls", "http://127.0.0.1:" + Net.FreePort(), "--db", Path.Combine(_directory, "notes.txt"));

        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();

        Assert.Equal(2, process.ExitCode);
        Assert.Contains("cannot open the database", error, StringComparison.Ordinal);
        Assert.Contains("is not a Demarc database", error, StringComparison.Ordinal);
    }
}
