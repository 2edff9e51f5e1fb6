namespace Demarc.Cli.Tests;

/// <summary>What users see when they ask for help, make a mistake, or hand in a broken overlay.</summary>
public class ExitCodeAndHelpTests
{
    [Fact]
    public async Task Help_ForASubcommand_PrintsItsExamples()
    {
        var result = await CliRunner.RunAsync("who", "--help");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("Usage:", result.Output, StringComparison.Ordinal);
        Assert.Contains("Examples:", result.Output, StringComparison.Ordinal);
        Assert.Contains("demarc who rds \"patch the operating system\"", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Help_AtTheRoot_ListsCommandsWithOneLineDescriptions()
    {
        var result = await CliRunner.RunAsync("--help");

        Assert.Equal(0, result.ExitCode);
        foreach (var command in new[] { "services", "show", "who", "compare", "shift", "catalog" })
        {
            Assert.Contains($"\n  {command}", result.Output, StringComparison.Ordinal);
        }

        Assert.Contains("Exit codes: 0 success, 1 findings", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Version_PrintsTheVersion()
    {
        var result = await CliRunner.RunAsync("--version");

        Assert.Equal(0, result.ExitCode);
        Assert.Matches(@"^\d+\.\d+\.\d+", result.Output);
    }

    [Fact]
    public async Task Who_UnknownService_ExitsTwoWithSuggestions()
    {
        var result = await CliRunner.RunAsync("who", "lamda", "patch", "the", "OS");

        Assert.Equal(2, result.ExitCode);
        Assert.Equal("", result.Output);
        Assert.Contains("unknown service 'lamda'. Did you mean: lambda", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Who_AmbiguousTask_ExitsTwoAndNamesTheCandidates()
    {
        var result = await CliRunner.RunAsync("who", "ec2", "patching");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("'patching' could mean several responsibilities", result.Error, StringComparison.Ordinal);
        Assert.Contains("guest_os", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Who_UnknownTask_ExitsTwoWithClosestWords()
    {
        var result = await CliRunner.RunAsync("who", "s3", "encyrption");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("no responsibility matches 'encyrption'", result.Error, StringComparison.Ordinal);
        Assert.Contains("Did you mean: 'encryption'", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Services_UnknownModel_ExitsTwo()
    {
        var result = await CliRunner.RunAsync("services", "--model", "saas");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("unknown model 'saas'", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownOption_ExitsWithAParseError()
    {
        var result = await CliRunner.RunAsync("show", "rds", "--colour");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("--colour", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CatalogValidate_BrokenOverlay_ExitsOneAndNamesFileLineColumn()
    {
        var directory = Directory.CreateTempSubdirectory("demarc-overlay-");
        try
        {
            File.WriteAllText(Path.Combine(directory.FullName, "patch.yaml"), "kind: service-patch\nservice: s3\ncells:\n  enc_rest: {owner: AWS, sources: [aws-srm], aws: a, customer: c}\n");

            var result = await CliRunner.RunAsync("catalog", "validate", directory.FullName);

            Assert.Equal(1, result.ExitCode);
            Assert.Contains("patch.yaml:4:3", result.Output, StringComparison.Ordinal);
            Assert.Contains("never-aws", result.Output, StringComparison.Ordinal);

            var who = await CliRunner.RunAsync("who", "s3", "encryption", "--catalog", directory.FullName);
            Assert.Equal(2, who.ExitCode);
            Assert.Contains("patch.yaml:4:3", who.Error, StringComparison.Ordinal);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Catalog_ValidOverlay_ChangesTheAnswer()
    {
        var directory = Directory.CreateTempSubdirectory("demarc-overlay-");
        try
        {
            File.WriteAllText(Path.Combine(directory.FullName, "sources.yaml"), "kind: sources\nsources:\n  - id: dba-policy\n    title: Our DBA policy\n    url: https://example.com/dba\n");
            File.WriteAllText(Path.Combine(directory.FullName, "rds.yaml"), "kind: service-patch\nservice: rds\ncells:\n  runtime: {owner: Customer, sources: [dba-policy], aws: AWS ships patches., customer: Our DBA team applies them.}\n");

            var validate = await CliRunner.RunAsync("catalog", "validate", directory.FullName);
            var who = await CliRunner.RunAsync("who", "rds", "upgrade", "the", "database", "engine", "--catalog", directory.FullName, "--format", "json");

            Assert.Equal(0, validate.ExitCode);
            Assert.Equal(0, who.ExitCode);
            Assert.Contains("\"owner\": \"Customer\"", who.Output, StringComparison.Ordinal);
            Assert.Contains("Our DBA team applies them.", who.Output, StringComparison.Ordinal);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Catalog_MissingOverlayDirectory_ExitsTwo()
    {
        var result = await CliRunner.RunAsync("services", "--catalog", "/nonexistent/demarc-overlay");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("does not exist", result.Error, StringComparison.Ordinal);
    }
}
