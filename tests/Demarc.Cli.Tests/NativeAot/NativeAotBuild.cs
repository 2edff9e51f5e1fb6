using System.Diagnostics;
using System.Text;

namespace Demarc.Cli.Tests.NativeAot;

/// <summary>
/// The Native AOT build of the CLI, the one the linux-x64 tool package ships. test.sh publishes it before the solution build
/// and names it in <c>DEMARC_AOT_EXE</c>; without that variable the fixture publishes it once itself (about four minutes),
/// into artifacts/aot, with its own artifacts path so the regular bin and obj folders other tests run from stay untouched.
/// </summary>
public sealed class NativeAotBuild
{
    private static readonly Lazy<string> Published = new(Publish, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>The native executable.</summary>
    public string Executable { get; } = Published.Value;

    /// <summary>The JIT build the other tests use, run as users run it: <c>dotnet demarc.dll</c>.</summary>
    public static string JitDll => QuizTerminal.DemarcDll();

    private static string Publish()
    {
        var given = Environment.GetEnvironmentVariable("DEMARC_AOT_EXE");
        if (!string.IsNullOrEmpty(given))
        {
            return File.Exists(given) ? given : throw new FileNotFoundException($"DEMARC_AOT_EXE names '{given}', which does not exist");
        }

        var root = Golden.RepositoryRoot();
        var output = Path.Combine(root, "artifacts", "aot", "demarc");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = root };
        foreach (var argument in new[]
                 {
                     "publish", "src/Demarc.Cli", "-c", "Release", "-r", "linux-x64", "-p:PublishAot=true", "-nologo",
                     "--artifacts-path", Path.Combine(root, "artifacts", "aot", "build"), "-o", output,
                 })
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var log = new StringBuilder();
        process.OutputDataReceived += (_, e) => log.AppendLine(e.Data);
        process.ErrorDataReceived += (_, e) => log.AppendLine(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        process.WaitForExit();
        var executable = Path.Combine(output, "demarc");
        return process.ExitCode == 0 && File.Exists(executable)
            ? executable
            : throw new InvalidOperationException($"dotnet publish -p:PublishAot=true failed (exit {process.ExitCode}):\n{log}");
    }
}
