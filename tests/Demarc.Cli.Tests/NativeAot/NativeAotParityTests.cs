using System.Text;

namespace Demarc.Cli.Tests.NativeAot;

/// <summary>
/// The Native AOT build must behave exactly as the JIT build: same standard output, same standard error, same exit code,
/// for every command and every report format. Trimming and ahead-of-time compilation fail at run time, not at build time
/// (a serializer without metadata, a reflected member trimmed away), so each case runs both real processes and compares.
/// </summary>
public sealed partial class NativeAotParityTests : IClassFixture<NativeAotBuild>, IDisposable
{
    private const string AsOf = "2026-06-01";
    private static readonly string Root = Golden.RepositoryRoot();
    private readonly NativeAotBuild _aot;
    private readonly string _scratch = Directory.CreateTempSubdirectory("demarc-aot-").FullName;

    public NativeAotParityTests(NativeAotBuild aot) => _aot = aot;

    public void Dispose() => Directory.Delete(_scratch, recursive: true);

    public static TheoryData<string> Commands()
    {
        var data = new TheoryData<string>
        {
            "--version",
            "--help",
            "scan --help",
            "nosuch-command",
            "services",
            "services --model serverless --format json",
            "show rds --format json",
            "show rds_custom_oracle",
            "who rds patch the operating system",
            "who rds patching --format json",
            "who nosuch encryption --format json",
            "compare ec2 rds lambda --format markdown",
            "compare ec2 rds lambda --view core --format csv",
            "shift ec2 rds --format json",
            "shift ecs_ec2 ecs_fargate",
            "catalog validate --format json",
            "ask who|patches|the|OS|on|RDS? --format json",
            "ask Which|of|the|following|is|the|customer's|responsibility? -o A=Configuring|security|groups -o B=Patching|the|hypervisor",
            "quiz --export - --count 8 --seed 7",
            "quiz --export - --count 5 --seed 3 --no-answers --kind shift",
            "scan tests/Demarc.Cli.Tests/Fixtures/scan-sample --verbose --as-of " + AsOf,
            "scan samples/three-tier-web/template.yaml -p Env=prod --format json --fail-on none --as-of " + AsOf,
            "scan samples/terraform-worker --format json --as-of " + AsOf,
            "scan tests/Demarc.Core.Tests/Terraform/Fixtures/plans/aws.plan.json --format sarif --fail-on none --as-of " + AsOf,
            "scan nosuch-directory",
        };
        foreach (var format in new[] { "table", "json", "sarif", "junit", "markdown", "csv", "html" })
        {
            data.Add($"scan samples --format {format} --fail-on none --as-of {AsOf}");
        }

        return data;
    }

    // Words inside one argument are joined with '|' so the case list stays one string per command.
    [Theory]
    [MemberData(nameof(Commands))]
    public async Task Command_SameOutputAsJitBuild(string commandLine)
    {
        var arguments = commandLine.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(a => a.Replace('|', ' ')).ToArray();

        var jit = await CliProcess.RunAsync(["dotnet", NativeAotBuild.JitDll, .. arguments]);
        var aot = await CliProcess.RunAsync([_aot.Executable, .. arguments]);

        AssertSame(commandLine, jit, aot);
    }

    [Fact]
    public async Task RealCorpus_SameJsonReportAsJitBuild()
    {
        var corpus = Path.GetFullPath(Path.Combine(Root, "..", "shared", "corpus", "aws-cloudformation-templates"));
        Assert.True(Directory.Exists(corpus), $"the shared corpus is missing at {corpus}");
        string[] arguments = ["scan", corpus, "--format", "json", "--fail-on", "none", "--as-of", AsOf];

        var jit = await CliProcess.RunAsync(["dotnet", NativeAotBuild.JitDll, .. arguments]);
        var aot = await CliProcess.RunAsync([_aot.Executable, .. arguments]);

        Assert.True(jit.Output.Length > 1_000_000, $"the corpus report is suspiciously small ({jit.Output.Length} characters)");
        AssertSame("scan of the shared corpus", jit, aot);
    }

    [Fact]
    public async Task BadInput_SameErrorsAndExitCodeAsJitBuild()
    {
        var bad = Directory.CreateDirectory(Path.Combine(_scratch, "bad")).FullName;
        await File.WriteAllTextAsync(Path.Combine(bad, "broken.yaml"), "AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  Bucket:\n    Type: AWS::S3::Bucket\n    Properties: [unclosed\n");
        await File.WriteAllTextAsync(Path.Combine(bad, "broken.json"), "{\"Resources\": {\"Q\": {\"Type\": \"AWS::SQS::Queue\",}}");
        await File.WriteAllTextAsync(Path.Combine(bad, "main.tf"), "resource \"aws_s3_bucket\" \"b\" {\n  bucket = \"x\"\n");
        await File.WriteAllTextAsync(Path.Combine(bad, "bomb.yaml"), AliasBomb());
        File.Copy(Path.Combine(Root, "samples", "three-tier-web", "template.yaml"), Path.Combine(bad, "good.yaml"));
        string[] arguments = ["scan", bad, "--format", "json", "--as-of", AsOf];

        var jit = await CliProcess.RunAsync(["dotnet", NativeAotBuild.JitDll, .. arguments]);
        var aot = await CliProcess.RunAsync([_aot.Executable, .. arguments]);

        Assert.Equal(2, jit.ExitCode);
        Assert.Contains("broken.yaml", jit.Output + jit.Error, StringComparison.Ordinal);
        AssertSame("scan of malformed inputs", jit, aot);
    }

    [Fact]
    public async Task StandardInput_SameReportAsJitBuild()
    {
        var template = await File.ReadAllTextAsync(Path.Combine(Root, "samples", "serverless-api", "template.yaml"));
        string[] arguments = ["scan", "-", "--format", "markdown", "--fail-on", "none", "--as-of", AsOf];

        var jit = await CliProcess.RunAsync(["dotnet", NativeAotBuild.JitDll, .. arguments], template);
        var aot = await CliProcess.RunAsync([_aot.Executable, .. arguments], template);

        Assert.Contains("AWS::Serverless::Function", template, StringComparison.Ordinal);
        AssertSame("scan of standard input", jit, aot);
    }

    [Fact]
    public async Task QuizGrading_WithSqliteProgress_SameAsJitBuild()
    {
        // Each build records into its own SQLite file; the graded output and the stats that follow must match.
        var results = new List<CliProcess.Result>();
        foreach (var build in new[] { "jit", "aot" })
        {
            var database = Path.Combine(_scratch, $"{build}.db");
            string[] command = build == "jit" ? ["dotnet", NativeAotBuild.JitDll] : [_aot.Executable];
            var graded = await CliProcess.RunAsync([.. command, "quiz", "--seed", "11", "--count", "4", "--answers", "1=A,2=B,3=C,4=D", "--learner", "ana", "--db", database]);
            results.Add(graded with { Output = graded.Output.Replace(database, "<db>", StringComparison.Ordinal) });
            var stats = await CliProcess.RunAsync([.. command, "quiz", "--stats", "--learner", "ana", "--db", database, "--format", "json"]);
            results.Add(stats with { Output = MaskTimes(stats.Output) });
        }

        Assert.Contains("\"answers\": 4,", results[1].Output, StringComparison.Ordinal);
        AssertSame("quiz grading", results[0], results[2]);
        AssertSame("quiz stats", results[1], results[3]);
    }

    internal static void AssertSame(string what, CliProcess.Result jit, CliProcess.Result aot)
    {
        Assert.True(jit.Output.Length + jit.Error.Length > 0, $"{what}: the JIT build printed nothing, so there is nothing to compare");
        Assert.True(jit.ExitCode == aot.ExitCode, $"{what}: exit {aot.ExitCode} from the Native AOT build, {jit.ExitCode} from the JIT build\nAOT stderr: {aot.Error}");
        AssertSameText(what + ", standard error", jit.Error, aot.Error);
        AssertSameText(what + ", standard output", jit.Output, aot.Output);
    }

    internal static void AssertSameText(string what, string expected, string actual)
    {
        if (expected == actual)
        {
            return;
        }

        var at = 0;
        while (at < expected.Length && at < actual.Length && expected[at] == actual[at])
        {
            at++;
        }

        var from = Math.Max(0, at - 80);
        Assert.Fail($"{what} differs at character {at}:\n  JIT: {Excerpt(expected, from)}\n  AOT: {Excerpt(actual, from)}");
    }

    private static string Excerpt(string text, int from) => text.Substring(from, Math.Min(240, text.Length - from)).ReplaceLineEndings("⏎");

    /// <summary>Replaces the times a command or the web app stamps on its answers (<c>at</c>, <c>createdAt</c>, …), which differ from run to run.</summary>
    internal static string MaskTimes(string text) => Times().Replace(text, "${key}…\"");

    [System.Text.RegularExpressions.GeneratedRegex("(?<key>\"(createdAt|at|scannedAt|generatedAt)\": ?\")[^\"]*\"")]
    private static partial System.Text.RegularExpressions.Regex Times();

    private static string AliasBomb()
    {
        var yaml = new StringBuilder("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
        for (var level = 1; level < 12; level++)
        {
            var previous = (char)('a' + level - 1);
            var current = (char)('a' + level);
            yaml.Append(current).Append(": &").Append(current).Append(" [");
            yaml.AppendJoin(", ", Enumerable.Repeat("*" + previous, 10)).Append("]\n");
        }

        return yaml.ToString();
    }
}
