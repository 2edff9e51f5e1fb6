using System.Diagnostics;
using System.Text.Json;

namespace Demarc.Web.Tests;

/// <summary>The real <c>demarc</c> command line (the build's demarc.dll), to compare the web app's results with.</summary>
public static class Cli
{
    /// <summary>The JSON report of <c>demarc scan PATH --format json --fail-on none</c>.</summary>
    public static async Task<JsonElement> ScanJsonAsync(string path)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { Path.Combine(AppContext.BaseDirectory, "demarc.dll"), "scan", path, "--format", "json", "--fail-on", "none" })
        {
            info.ArgumentList.Add(arg);
        }

        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"demarc scan exited with {process.ExitCode}: {error}");
        return JsonDocument.Parse(await output).RootElement.Clone();
    }
}
