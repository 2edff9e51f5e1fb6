namespace Demarc.Cli.Tests;

/// <summary>Every catalog command in every format, pinned by golden files (the JSON ones pin the documented contract).</summary>
public class CommandOutputTests
{
    public static TheoryData<string, string> Cases()
    {
        var commands = new Dictionary<string, string>
        {
            ["who-rds-os"] = "who rds patch the operating system",
            ["who-ec2-os"] = "who ec2 patch the guest OS",
            ["who-s3-encryption"] = "who s3 encrypt data at rest",
            ["show-rds"] = "show rds",
            ["show-rds-custom-oracle"] = "show rds_custom_oracle",
            ["compare-ec2-rds-lambda"] = "compare ec2 rds lambda",
            ["compare-core"] = "compare ec2 rds lambda --view core",
            ["shift-ec2-rds"] = "shift ec2 rds",
            ["shift-ecs-fargate"] = "shift ecs_ec2 ecs_fargate",
            ["services"] = "services",
            ["services-serverless"] = "services --model serverless",
            ["catalog-validate"] = "catalog validate",
        };
        var data = new TheoryData<string, string>();
        foreach (var (name, command) in commands)
        {
            foreach (var format in new[] { "table", "json", "markdown", "csv" })
            {
                data.Add($"{name}.{Extension(format)}", $"{command} --format {format}");
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Command_Format_MatchesGoldenFile(string golden, string commandLine)
    {
        var result = await CliRunner.RunAsync(Split(commandLine));

        Assert.True(result.ExitCode == 0, $"exit {result.ExitCode}: {result.Error}");
        Assert.Equal("", result.Error);
        Golden.Verify(golden, result.Output);
    }

    private static string Extension(string format) => format switch
    {
        "table" => "txt",
        "markdown" => "md",
        _ => format,
    };

    // Splits on spaces; the golden commands use no quoted arguments (task words may be separate arguments).
    private static string[] Split(string commandLine) => commandLine.Split(' ', StringSplitOptions.RemoveEmptyEntries);
}
