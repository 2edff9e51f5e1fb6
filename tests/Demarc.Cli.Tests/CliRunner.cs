using Demarc.Cli;
using Demarc.Cli.Output;

namespace Demarc.Cli.Tests;

/// <summary>Runs the real command line in-process, as piped output (plain, no colour), and captures what it writes.</summary>
internal static class CliRunner
{
    public sealed record Result(int ExitCode, string Output, string Error);

    public static async Task<Result> RunAsync(params string[] args)
    {
        using var output = new StringWriter { NewLine = "\n" };
        using var error = new StringWriter { NewLine = "\n" };
        var exit = await CliApp.RunAsync(args, output, error, CliTerminal.Piped);
        return new Result(exit, output.ToString(), error.ToString());
    }
}

/// <summary>
/// Golden files: expected output kept under tests/Demarc.Cli.Tests/Golden and compared byte for byte.
/// Run with UPDATE_GOLDEN=1 to rewrite them, then review the diff before committing.
/// </summary>
internal static class Golden
{
    public static string Directory { get; } = Path.Combine(RepositoryRoot(), "tests", "Demarc.Cli.Tests", "Golden");

    public static void Verify(string name, string actual)
    {
        var path = Path.Combine(Directory, name);
        if (Environment.GetEnvironmentVariable("UPDATE_GOLDEN") == "1")
        {
            System.IO.Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, actual);
            return;
        }

        Assert.True(File.Exists(path), $"golden file {path} is missing; run the tests with UPDATE_GOLDEN=1 to create it");
        var expected = File.ReadAllText(path);
        if (expected != actual)
        {
            var expectedLines = expected.Split('\n');
            var actualLines = actual.Split('\n');
            var line = Enumerable.Range(0, Math.Min(expectedLines.Length, actualLines.Length)).FirstOrDefault(i => expectedLines[i] != actualLines[i], Math.Min(expectedLines.Length, actualLines.Length));
            Assert.Fail($"{name} differs from its golden file at line {line + 1}:\n  expected: {expectedLines.ElementAtOrDefault(line)}\n  actual:   {actualLines.ElementAtOrDefault(line)}\n(UPDATE_GOLDEN=1 rewrites golden files; review the diff.)");
        }
    }

    public static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Demarc.slnx")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("cannot find the repository root (Demarc.slnx) above " + AppContext.BaseDirectory);
    }
}
