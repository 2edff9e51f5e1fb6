using System.Diagnostics;
using System.Text;

namespace Demarc.Cli.Tests;

/// <summary>Runs a real <c>demarc</c> process (<c>dotnet demarc.dll …</c> or a native build) from the repository root, piped.</summary>
internal static class CliProcess
{
    public sealed record Result(int ExitCode, string Output, string Error);

    /// <summary>Runs <paramref name="command"/> (program first), writing <paramref name="input"/> to its standard input.</summary>
    public static async Task<Result> RunAsync(string[] command, string? input = null)
    {
        var start = new ProcessStartInfo(command[0])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
            WorkingDirectory = Golden.RepositoryRoot(),
        };
        foreach (var argument in command.Skip(1))
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["NO_COLOR"] = "1";
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (input is not null)
        {
            await process.StandardInput.WriteAsync(input);
        }

        process.StandardInput.Close();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        return new Result(process.ExitCode, await output, await error);
    }
}
