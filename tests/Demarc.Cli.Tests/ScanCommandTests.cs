using System.Text;
using Demarc.Cli.Commands;

namespace Demarc.Cli.Tests;

/// <summary>The scan tests change the current directory (so file names in golden output are short and stable): they run alone.</summary>
[CollectionDefinition(nameof(CurrentDirectoryCollection), DisableParallelization = true)]
public sealed class CurrentDirectoryCollection;

/// <summary><c>demarc scan</c> on fixture templates: golden output in every format, exit codes, standard input, options.</summary>
[Collection(nameof(CurrentDirectoryCollection))]
public sealed class ScanCommandTests : IDisposable
{
    private static readonly string Fixtures = Path.Combine(Golden.RepositoryRoot(), "tests", "Demarc.Cli.Tests", "Fixtures");
    private readonly string _previous = Directory.GetCurrentDirectory();
    private readonly string _temp = Directory.CreateTempSubdirectory("demarc-cli-scan-").FullName;

    public ScanCommandTests() => Directory.SetCurrentDirectory(Fixtures);

    public void Dispose()
    {
        Directory.SetCurrentDirectory(_previous);
        Directory.Delete(_temp, recursive: true);
    }

    [Theory]
    [InlineData("table", "txt")]
    [InlineData("json", "json")]
    [InlineData("markdown", "md")]
    [InlineData("csv", "csv")]
    public async Task Scan_SampleDirectory_MatchesGoldenFile(string format, string extension)
    {
        var result = await CliRunner.RunAsync("scan", "scan-sample", "--format", format, "--fail-on", "none", "--as-of", "2026-06-01");

        Assert.True(result.ExitCode == 0, $"exit {result.ExitCode}: {result.Error}");
        Assert.Equal("", result.Error);
        Golden.Verify($"scan-sample.{extension}", result.Output);
    }

    [Fact]
    public async Task Scan_SampleDirectory_ShowsServicesImplicitResourcesAndUnknowns()
    {
        var result = await CliRunner.RunAsync("scan", "scan-sample");

        Assert.Contains("Architecture: 10 resources in 2 input(s)", result.Output, StringComparison.Ordinal);
        var role = result.Output.Split('\n').Single(l => l.Contains(" OrdersRole ", StringComparison.Ordinal));
        Assert.StartsWith("scan-sample/serverless/template.yaml:6:3 ", role, StringComparison.Ordinal);
        Assert.Contains("execution role of Orders (no Role given)", role, StringComparison.Ordinal);
        Assert.Contains("not created: its condition is false", result.Output, StringComparison.Ordinal);
        Assert.Contains("AWS::CloudFormation::WaitConditionHandle", result.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("package.json", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Scan_Verbose_ListsTheSkippedFilesWithReasons()
    {
        var result = await CliRunner.RunAsync("scan", "scan-sample", "--verbose");

        Assert.Contains("- scan-sample/buildspec.yml: no Resources section and no AWSTemplateFormatVersion", result.Output, StringComparison.Ordinal);
        Assert.Contains("- scan-sample/serverless/package.json:", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Scan_ParameterOverride_ChangesTheEvaluation()
    {
        var dev = await CliRunner.RunAsync("scan", "scan-sample/web/stack.yaml", "--format", "json");
        var prod = await CliRunner.RunAsync("scan", "scan-sample/web/stack.yaml", "--format", "json", "-p", "Env=prod");

        Assert.Contains("\"exists\": \"false\"", dev.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("\"exists\": \"false\"", prod.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Scan_ParametersFile_InTheCreateStackFormat()
    {
        var file = Path.Combine(_temp, "params.json");
        await File.WriteAllTextAsync(file, "[{\"ParameterKey\": \"Env\", \"ParameterValue\": \"prod\"}]");

        var result = await CliRunner.RunAsync("scan", "scan-sample/web/stack.yaml", "--format", "json", "--parameters", file, "--fail-on", "none");

        Assert.Equal(0, result.ExitCode);
        Assert.DoesNotContain("\"exists\": \"false\"", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Scan_MalformedParametersFile_IsAnInputErrorWithPosition()
    {
        var file = Path.Combine(_temp, "params.json");
        await File.WriteAllTextAsync(file, "[\n  \"NoEquals\"\n]");

        var result = await CliRunner.RunAsync("scan", "scan-sample", "--parameters", file);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("params.json:2:3: 'NoEquals' is not Key=Value", result.Error, StringComparison.Ordinal);
        Assert.Equal("", result.Output);
    }

    [Fact]
    public async Task Scan_BrokenFile_ReportsItAndScansTheRest()
    {
        var broken = Path.Combine(_temp, "broken.json");
        await File.WriteAllTextAsync(broken, "{\n  \"AWSTemplateFormatVersion\": \"2010-09-09\",\n  \"Resources\": {\n    \"A\": {\"Type\": \"AWS::S3::Bucket\",}\n  }\n}");

        var result = await CliRunner.RunAsync("scan", broken, "scan-sample/web/stack.yaml");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"{broken}:4:37", result.Output, StringComparison.Ordinal);
        Assert.Contains("trailing comma", result.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("reader options", result.Output, StringComparison.Ordinal);
        Assert.Contains("error     syntax", result.Output, StringComparison.Ordinal);
        Assert.Contains("Database", result.Output, StringComparison.Ordinal);
        Assert.Contains("could not be read or parsed completely", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Scan_MissingPath_IsAnInputError()
    {
        var result = await CliRunner.RunAsync("scan", "no-such-dir");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("no-such-dir", result.Output, StringComparison.Ordinal);
        Assert.Contains("no such file or directory", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Scan_StandardInput_ReadsOneTemplate()
    {
        var previous = ScanCommand.StandardInput;
        ScanCommand.StandardInput = () => new MemoryStream(Encoding.UTF8.GetBytes("{\"Resources\": {\"Q\": {\"Type\": \"AWS::SQS::Queue\"}}}"));
        try
        {
            var result = await CliRunner.RunAsync("scan", "-", "--format", "csv");

            Assert.Equal(0, result.ExitCode);
            Assert.StartsWith("File,Line,Resource,Type,Service,Domain,", result.Output, StringComparison.Ordinal);
            Assert.Contains("-,1,Q,AWS::SQS::Queue,sqs,enc_rest,", result.Output, StringComparison.Ordinal);
        }
        finally
        {
            ScanCommand.StandardInput = previous;
        }
    }

    [Fact]
    public async Task Scan_StandardInputTooLarge_IsRefused()
    {
        var previous = ScanCommand.StandardInput;
        ScanCommand.StandardInput = () => new MemoryStream(Encoding.UTF8.GetBytes("{\"Description\": \"" + new string('x', 2 * 1024 * 1024) + "\"}"));
        try
        {
            var result = await CliRunner.RunAsync("scan", "-", "--max-file-size", "1");

            Assert.Equal(2, result.ExitCode);
            Assert.Contains("too-large", result.Output, StringComparison.Ordinal);
        }
        finally
        {
            ScanCommand.StandardInput = previous;
        }
    }

    [Fact]
    public async Task Scan_OutputFile_GetsTheReportAndStdoutStaysEmpty()
    {
        var target = Path.Combine(_temp, "report.md");

        var result = await CliRunner.RunAsync("scan", "scan-sample", "--format", "markdown", "-o", target, "--fail-on", "none");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("", result.Output);
        Assert.StartsWith("# Architecture: 10 resources", await File.ReadAllTextAsync(target), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Scan_JsonOutputFile_HoldsTheSameBytesAsStandardOutput()
    {
        // -o FILE writes JSON as UTF-8 bytes straight to the file; standard output here goes through a text writer.
        var target = Path.Combine(_temp, "report.json");

        var toFile = await CliRunner.RunAsync("scan", "scan-sample", "--format", "json", "-o", target, "--as-of", "2026-11-28");
        var toOutput = await CliRunner.RunAsync("scan", "scan-sample", "--format", "json", "--as-of", "2026-11-28");

        Assert.Equal(toOutput.ExitCode, toFile.ExitCode);
        Assert.Equal("", toFile.Output);
        Assert.Equal(toOutput.Output, await File.ReadAllTextAsync(target));
        Assert.Contains("\"obligations\": [", toOutput.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("json")]
    [InlineData("markdown")]
    public async Task Scan_OutputFileInMissingDirectory_ExitsTwoWithTheReason(string format)
    {
        var target = Path.Combine(_temp, "no-such-directory", "report.out");

        var result = await CliRunner.RunAsync("scan", "scan-sample", "--format", format, "-o", target);

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith($"demarc: cannot write the report to '{target}': ", result.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(target));
    }

    [Fact]
    public async Task Scan_Help_TeachesWithExamplesAndExitCodes()
    {
        var result = await CliRunner.RunAsync("scan", "--help");

        Assert.Contains("demarc scan infra/", result.Output, StringComparison.Ordinal);
        Assert.Contains("cat template.json | demarc scan -", result.Output, StringComparison.Ordinal);
        Assert.Contains("Exit codes: 0", result.Output, StringComparison.Ordinal);
        Assert.Contains("--parameters", result.Output, StringComparison.Ordinal);
    }
}
