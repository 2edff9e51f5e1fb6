using System.Text.Json;
using Json.Schema;

namespace Demarc.Cli.Tests;

/// <summary>
/// The scan report on the samples in every format (golden files), SARIF against the official schema, HTML escaping,
/// exit codes, baselines, waivers and attestations, through the real command line.
/// </summary>
[Collection(nameof(CurrentDirectoryCollection))]
public sealed class ScanReportTests : IDisposable
{
    private const string AsOf = "2026-06-01";
    private readonly string _previous = Directory.GetCurrentDirectory();
    private readonly string _temp = Directory.CreateTempSubdirectory("demarc-scan-report-").FullName;

    public ScanReportTests() => Directory.SetCurrentDirectory(Golden.RepositoryRoot());

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
    [InlineData("sarif", "sarif")]
    [InlineData("junit", "xml")]
    [InlineData("html", "html")]
    public async Task Scan_Samples_MatchesGoldenFileAndFailsOnHighViolations(string format, string extension)
    {
        var result = await CliRunner.RunAsync("scan", "samples", "--format", format, "--as-of", AsOf);

        Assert.True(result.ExitCode == 1, $"exit {result.ExitCode}: {result.Error}");
        Assert.Equal("demarc: 6 violation(s) at or above high\n", result.Error);
        Golden.Verify($"scan-samples.{extension}", result.Output);
    }

    [Fact]
    public async Task Scan_TerraformModuleDirectory_UsesTheAttestationFileInsideIt()
    {
        // A Terraform module's path is its directory: its own demarc.attest.yaml applies, given alone or under a parent.
        foreach (var path in new[] { "samples/terraform-worker", "samples" })
        {
            var result = await CliRunner.RunAsync("scan", path, "--format", "json", "--as-of", AsOf);
            using var json = JsonDocument.Parse(result.Output);
            var attested = json.RootElement.GetProperty("obligations").EnumerateArray()
                .Where(o => o.GetProperty("status").GetString() == "attested" && o.GetProperty("resource").GetString()!.StartsWith("aws_", StringComparison.Ordinal))
                .Select(o => $"{o.GetProperty("resource").GetString()}/{o.GetProperty("domain").GetString()}")
                .ToList();
            Assert.Contains("aws_sqs_queue.orders/data_class", attested);
        }
    }

    [Fact]
    public async Task Scan_Samples_SarifValidatesAgainstTheOfficialSchema()
    {
        var result = await CliRunner.RunAsync("scan", "samples", "--format", "sarif", "--as-of", AsOf);
        var schema = JsonSchema.FromText(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "schemas", "sarif-2.1.0.json")));

        var evaluation = schema.Evaluate(JsonDocument.Parse(result.Output).RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });

        Assert.True(evaluation.IsValid, string.Join("\n", (evaluation.Details ?? []).Where(d => d.Errors is not null).SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Value}"))));
        using var sarif = JsonDocument.Parse(result.Output);
        var run = sarif.RootElement.GetProperty("runs")[0];
        var rules = run.GetProperty("tool").GetProperty("driver").GetProperty("rules").EnumerateArray().Select(r => r.GetProperty("id").GetString()).ToList();
        var results = run.GetProperty("results").EnumerateArray().ToList();
        Assert.Equal(25, results.Count);
        Assert.All(results, r => Assert.Equal(rules[r.GetProperty("ruleIndex").GetInt32()], r.GetProperty("ruleId").GetString()));
        Assert.All(results, r => Assert.StartsWith("samples/", r.GetProperty("locations")[0].GetProperty("physicalLocation").GetProperty("artifactLocation").GetProperty("uri").GetString(), StringComparison.Ordinal));
        Assert.Equal(8, results.Count(r => r.TryGetProperty("suppressions", out _)));
    }

    [Fact]
    public void Schema_RejectsALogWithoutTool()
    {
        var schema = JsonSchema.FromText(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "schemas", "sarif-2.1.0.json")));
        var broken = """{"version": "2.1.0", "runs": [{"results": []}]}""";

        Assert.False(schema.Evaluate(JsonDocument.Parse(broken).RootElement).IsValid);
    }

    [Fact]
    public async Task Sarif_FingerprintsIgnoreLineShifts()
    {
        var template = "Resources:\n  Db:\n    Type: AWS::RDS::DBInstance\n    Properties: { Engine: postgres, PubliclyAccessible: true }\n";
        var first = Path.Combine(_temp, "stack.yaml");
        await File.WriteAllTextAsync(first, template);
        var before = await CliRunner.RunAsync("scan", first, "--format", "sarif");
        await File.WriteAllTextAsync(first, "\n\n\n# moved down\n" + template);
        var after = await CliRunner.RunAsync("scan", first, "--format", "sarif");

        static (string Fingerprint, int Line) Of(string sarif, string rule)
        {
            using var doc = JsonDocument.Parse(sarif);
            var result = doc.RootElement.GetProperty("runs")[0].GetProperty("results").EnumerateArray().Single(r => r.GetProperty("ruleId").GetString() == rule);
            return (result.GetProperty("partialFingerprints").GetProperty("demarcFinding/v1").GetString()!,
                result.GetProperty("locations")[0].GetProperty("physicalLocation").GetProperty("region").GetProperty("startLine").GetInt32());
        }

        var (fingerprintBefore, lineBefore) = Of(before.Output, "DMC-RDS-002");
        var (fingerprintAfter, lineAfter) = Of(after.Output, "DMC-RDS-002");
        Assert.Equal(lineBefore + 4, lineAfter);
        Assert.Equal(fingerprintBefore, fingerprintAfter);
    }

    [Fact]
    public async Task Sarif_TerraformFindings_AreIdentifiedByRootModuleAndAddress()
    {
        const string database = "resource \"aws_db_instance\" \"main\" {\n  engine              = \"postgres\"\n  publicly_accessible = true\n}\n";
        var prod = WriteModule("envs/prod", "module \"db\" {\n  source = \"../../modules/db\"\n}\n");
        var staging = WriteModule("envs/staging", "module \"db\" {\n  source = \"../../modules/db\"\n}\n");
        var child = WriteModule("modules/db", database);
        var schema = JsonSchema.FromText(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "schemas", "sarif-2.1.0.json")));

        async Task<List<(string Root, string Fingerprint, string File, int Line, JsonElement Logical)>> Scan()
        {
            var result = await CliRunner.RunAsync("scan", prod, staging, "--format", "sarif");
            using var doc = JsonDocument.Parse(result.Output);
            Assert.True(schema.Evaluate(doc.RootElement).IsValid);
            return [.. doc.RootElement.GetProperty("runs")[0].GetProperty("results").EnumerateArray()
                .Where(r => r.GetProperty("ruleId").GetString() == "DMC-RDS-002")
                .Select(r => (
                    r.GetProperty("properties").GetProperty("terraformRoot").GetString()!,
                    r.GetProperty("partialFingerprints").GetProperty("demarcFinding/v1").GetString()!,
                    r.GetProperty("locations")[0].GetProperty("physicalLocation").GetProperty("artifactLocation").GetProperty("uri").GetString()!,
                    r.GetProperty("locations")[0].GetProperty("physicalLocation").GetProperty("region").GetProperty("startLine").GetInt32(),
                    r.GetProperty("locations")[0].GetProperty("logicalLocations")[0].Clone()))];
        }

        var before = await Scan();
        // The block moves down and into another file of the module.
        File.Delete(Path.Combine(child, "main.tf"));
        await File.WriteAllTextAsync(Path.Combine(child, "main.tf"), "# the database moved to rds.tf\n");
        await File.WriteAllTextAsync(Path.Combine(child, "rds.tf"), "\n\n\n" + database);
        var after = await Scan();

        Assert.Equal([prod, staging], before.Select(r => r.Root));
        Assert.NotEqual(before[0].Fingerprint, before[1].Fingerprint);
        Assert.Equal(before.Select(r => r.Fingerprint), after.Select(r => r.Fingerprint));
        Assert.EndsWith("/modules/db/main.tf", before[0].File, StringComparison.Ordinal);
        Assert.EndsWith("/modules/db/rds.tf", after[0].File, StringComparison.Ordinal);
        Assert.Equal(before[0].Line + 3, after[0].Line);
        var logical = after[0].Logical;
        Assert.Equal("aws_db_instance.main", logical.GetProperty("name").GetString());
        Assert.Equal("module.db.aws_db_instance.main", logical.GetProperty("fullyQualifiedName").GetString());
        Assert.Equal("resource", logical.GetProperty("kind").GetString());
    }

    [Fact]
    public async Task Fix_TerraformFindingShowsHcl_CloudFormationFindingShowsYaml()
    {
        var module = WriteModule("tf", "resource \"aws_db_instance\" \"main\" {\n  engine              = \"postgres\"\n  publicly_accessible = true\n}\n");
        var template = Path.Combine(_temp, "stack.yaml");
        await File.WriteAllTextAsync(template, "Resources:\n  Db:\n    Type: AWS::RDS::DBInstance\n    Properties: { Engine: postgres, PubliclyAccessible: true }\n");

        var markdown = await CliRunner.RunAsync("scan", module, template, "--format", "markdown");
        var html = await CliRunner.RunAsync("scan", module, template, "--format", "html");
        var sarif = await CliRunner.RunAsync("scan", module, template, "--format", "sarif");

        // A violation: its heading line through the end of its fix's code block.
        string Violation(string output, string resource)
        {
            var start = output.IndexOf($"DMC-RDS-002 ", output.IndexOf("## Violations", StringComparison.Ordinal), StringComparison.Ordinal);
            while (!output[start..output.IndexOf('\n', start)].Contains(resource, StringComparison.Ordinal))
            {
                start = output.IndexOf("DMC-RDS-002 ", start + 1, StringComparison.Ordinal);
            }

            var close = output.IndexOf("```", output.IndexOf("```", start, StringComparison.Ordinal) + 3, StringComparison.Ordinal);
            return output[start..(close + 3)];
        }

        var terraform = Violation(markdown.Output, "main at");
        Assert.Contains("```hcl\npublicly_accessible = false\n```", terraform, StringComparison.Ordinal);
        Assert.DoesNotContain("PubliclyAccessible", terraform[terraform.IndexOf("```", StringComparison.Ordinal)..], StringComparison.Ordinal);
        var cloudFormation = Violation(markdown.Output, "Db at");
        Assert.Contains("```yaml\n", cloudFormation, StringComparison.Ordinal);
        Assert.Contains("PubliclyAccessible: false", cloudFormation, StringComparison.Ordinal);
        Assert.DoesNotContain("```hcl", cloudFormation, StringComparison.Ordinal);

        Assert.Contains("<pre><code class=\"language-hcl\">publicly_accessible = false\n</code></pre>", html.Output, StringComparison.Ordinal);
        Assert.Contains("<pre><code class=\"language-yaml\">", html.Output, StringComparison.Ordinal);

        using var doc = JsonDocument.Parse(sarif.Output);
        var rule = doc.RootElement.GetProperty("runs")[0].GetProperty("tool").GetProperty("driver").GetProperty("rules").EnumerateArray().Single(r => r.GetProperty("id").GetString() == "DMC-RDS-002");
        var help = rule.GetProperty("help").GetProperty("markdown").GetString()!;
        Assert.Contains("```yaml\n", help, StringComparison.Ordinal);
        Assert.Contains("In Terraform:\n\n```hcl\npublicly_accessible = false\n```", help, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Html_EscapesEverythingFromTemplatesAndAttestations()
    {
        var directory = Directory.CreateDirectory(Path.Combine(_temp, "evil")).FullName;
        await File.WriteAllTextAsync(Path.Combine(directory, "stack.yaml"), """
            Description: "<script>alert('description')</script>"
            Resources:
              "Evil<script>alert(1)</script>":
                Type: AWS::S3::BucketPolicy
                Properties:
                  Bucket: b
                  PolicyDocument:
                    Statement:
                      - { Sid: "<img src=x onerror=alert(2)>", Effect: Allow, Principal: "*", Action: "s3:GetObject", Resource: "*" }
              Group:
                Type: AWS::EC2::SecurityGroup
                Properties:
                  GroupDescription: "</td><script>alert(3)</script>"
                  SecurityGroupIngress: [{ IpProtocol: tcp, FromPort: 22, ToPort: 22, CidrIp: 0.0.0.0/0 }]
            """);
        await File.WriteAllTextAsync(Path.Combine(directory, "demarc.attest.yaml"), """
            attestations:
              - service: vpc
                domain: data_class
                owner: "<script>alert(4)</script>"
                how: "\"><svg onload=alert(5)>"
                review_by: 2026-12-31
            """);

        var result = await CliRunner.RunAsync("scan", directory, "--format", "html", "--as-of", AsOf);

        Assert.Equal(1, result.ExitCode);
        Assert.DoesNotContain("<script>alert", result.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("<img", result.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("<svg onload", result.Output, StringComparison.Ordinal);
        Assert.Contains("Evil&lt;script&gt;alert(1)&lt;/script&gt;", result.Output, StringComparison.Ordinal);
        Assert.Contains("&lt;img src=x onerror=alert(2)&gt;", result.Output, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;alert(4)&lt;/script&gt;", result.Output, StringComparison.Ordinal);
        // One self-contained file: no external stylesheet, script or image.
        Assert.DoesNotContain("<link", result.Output, StringComparison.Ordinal);
        Assert.DoesNotMatch("<[a-z]+[^>]*\\s(src|href)=", result.Output);
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(result.Output, "<script>"));
    }

    [Fact]
    public async Task Scan_TerraformModuleCallingLocalAndRemoteModules_ListsThemInJsonAndTable()
    {
        var root = WriteModule("infra", """
            module "db" {
              source = "../modules/db"
            }

            module "vpc" {
              source  = "terraform-aws-modules/vpc/aws"
              version = "5.1.0"
            }
            """);
        WriteModule("modules/db", "resource \"aws_db_instance\" \"main\" {\n  engine = \"postgres\"\n}\n");

        var json = await CliRunner.RunAsync("scan", root, "--format", "json", "--as-of", AsOf);
        var table = await CliRunner.RunAsync("scan", root, "--format", "table", "--as-of", AsOf);

        using var document = JsonDocument.Parse(json.Output);
        Assert.Equal("terraform", document.RootElement.GetProperty("files")[0].GetProperty("format").GetString());
        var modules = document.RootElement.GetProperty("modules").EnumerateArray().ToList();
        Assert.Equal(2, modules.Count);
        var db = modules[0];
        Assert.Equal(("module.db", "../modules/db", "read", true), (db.GetProperty("address").GetString(), db.GetProperty("source").GetString(), db.GetProperty("status").GetString(), db.GetProperty("read").GetBoolean()));
        Assert.EndsWith("/modules/db", db.GetProperty("directory").GetString(), StringComparison.Ordinal);
        Assert.Equal(JsonValueKind.Null, db.GetProperty("reason").ValueKind);
        Assert.Equal(root, db.GetProperty("file").GetString());
        var vpc = modules[1];
        Assert.Equal(("module.vpc", "terraform-aws-modules/vpc/aws", "5.1.0", "remote", false), (vpc.GetProperty("address").GetString(), vpc.GetProperty("source").GetString(), vpc.GetProperty("version").GetString(), vpc.GetProperty("status").GetString(), vpc.GetProperty("read").GetBoolean()));
        Assert.Equal(JsonValueKind.Null, vpc.GetProperty("directory").ValueKind);
        Assert.Contains("remote module", vpc.GetProperty("reason").GetString(), StringComparison.Ordinal);
        // The warning is kept under problems.
        Assert.Contains(document.RootElement.GetProperty("problems").EnumerateArray(), p => p.GetProperty("rule").GetString() == "module-not-read");
        // The database of the module read is scanned; nothing of the remote one.
        Assert.Contains(document.RootElement.GetProperty("resources").EnumerateArray(), r => r.GetProperty("logicalId").GetString() == "module.db.aws_db_instance.main");

        var section = table.Output[table.Output.IndexOf("Terraform modules\n", StringComparison.Ordinal)..table.Output.IndexOf("Your obligations", StringComparison.Ordinal)];
        Assert.Contains("2 module call(s) in 1 root module(s) or plan(s): 1 read, 1 not read", section, StringComparison.Ordinal);
        var rows = section.Split('\n').Where(l => l.Contains("module.", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, rows.Count);
        Assert.Matches(@"module\.db\s+\.\./modules/db\s+yes\s+\S*/modules/db", rows[0]);
        Assert.Matches(@"module\.vpc\s+terraform-aws-modules/vpc/aws\s+no \(remote\)\s+its source .* is a remote module", rows[1]);
    }

    [Fact]
    public async Task Scan_WithoutTerraformModules_HasNoModuleSection()
    {
        var result = await CliRunner.RunAsync("scan", "samples", "--format", "markdown", "--as-of", AsOf);

        Assert.DoesNotContain("Terraform modules", result.Output, StringComparison.Ordinal);
        Assert.Contains("Your obligations", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Html_TerraformModules_AreListedEscaped()
    {
        var root = WriteModule("evil", """
            module "db" {
              source = "./db"
            }

            module "x" {
              source = "git::https://example.com/<script>alert(6)</script>.git"
            }
            """);
        WriteModule("evil/db", "resource \"aws_sqs_queue\" \"q\" {}\n");

        var result = await CliRunner.RunAsync("scan", root, "--format", "html", "--as-of", AsOf);

        Assert.Contains("<h2>Terraform modules (2)</h2>", result.Output, StringComparison.Ordinal);
        Assert.Contains("module.db (./db) read from ", result.Output, StringComparison.Ordinal);
        Assert.Contains("module.x (git::https://example.com/&lt;script&gt;alert(6)&lt;/script&gt;.git) NOT READ: ", result.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>alert", result.Output, StringComparison.Ordinal);
    }

    private string WriteModule(string directory, string mainTf)
    {
        var full = Directory.CreateDirectory(Path.Combine(_temp, directory)).FullName;
        File.WriteAllText(Path.Combine(full, "main.tf"), mainTf);
        return full;
    }

    [Theory]
    [InlineData("none", 0)]
    [InlineData("critical", 0)]
    [InlineData("high", 1)]
    [InlineData("low", 1)]
    [InlineData("severe", 2)]
    public async Task FailOn_DecidesTheExitCode(string threshold, int exit)
    {
        var result = await CliRunner.RunAsync("scan", "samples", "--format", "json", "--fail-on", threshold, "--as-of", AsOf);

        Assert.Equal(exit, result.ExitCode);
    }

    [Fact]
    public async Task Baseline_CreatedThenUsed_SuppressesKnownFindingsUntilTheyExpire()
    {
        var baseline = Path.Combine(_temp, "baseline.yaml");

        var created = await CliRunner.RunAsync("scan", "samples", "--baseline", baseline, "--create-baseline", "--as-of", AsOf, "--format", "json");
        var used = await CliRunner.RunAsync("scan", "samples", "--baseline", baseline, "--as-of", AsOf, "--format", "json");
        var text = await File.ReadAllTextAsync(baseline);
        await File.WriteAllTextAsync(baseline, text.Replace(
            "  - check: DMC-SG-001\n", "  - check: DMC-SG-001\n    expires: 2026-05-01\n", StringComparison.Ordinal));
        var expired = await CliRunner.RunAsync("scan", "samples", "--baseline", baseline, "--as-of", AsOf, "--format", "json");

        Assert.Equal(0, created.ExitCode);
        Assert.Contains("wrote 17 finding(s) to the baseline", created.Error, StringComparison.Ordinal);
        Assert.Contains("check: DMC-LMB-001", text, StringComparison.Ordinal);
        Assert.Equal(0, used.ExitCode);
        Assert.Contains("\"violations\": 0,", used.Output, StringComparison.Ordinal);
        Assert.Contains("\"suppressed\": 25,", used.Output, StringComparison.Ordinal);
        Assert.Equal(1, expired.ExitCode);
        Assert.Contains("\"violations\": 1,", expired.Output, StringComparison.Ordinal);
        Assert.Contains("\"expired\": true", expired.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Baseline_Missing_IsAnInputError()
    {
        var result = await CliRunner.RunAsync("scan", "samples", "--baseline", Path.Combine(_temp, "none.yaml"), "--as-of", AsOf);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("the baseline file does not exist", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Attestation_Expired_LeavesTheObligationOpenAndSaysSo()
    {
        var result = await CliRunner.RunAsync("scan", "samples/three-tier-web", "--format", "csv", "--as-of", AsOf);

        var line = result.Output.Split("\r\n").Single(l => l.Contains(",Database,", StringComparison.Ordinal) && l.Contains(",incident,", StringComparison.Ordinal));
        Assert.Contains(",open,", line, StringComparison.Ordinal);
        Assert.Contains("expired on 2026-01-31", line, StringComparison.Ordinal);
        Assert.Contains("2026-01-31 (expired)", line, StringComparison.Ordinal);
        var attested = result.Output.Split("\r\n").Single(l => l.Contains(",Database,", StringComparison.Ordinal) && l.Contains(",data_class,", StringComparison.Ordinal));
        Assert.Contains(",attested,", attested, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Attestation_AsOfBeforeReview_IsNotExpired()
    {
        var result = await CliRunner.RunAsync("scan", "samples/three-tier-web", "--format", "csv", "--as-of", "2026-01-15");

        var line = result.Output.Split("\r\n").Single(l => l.Contains(",Database,", StringComparison.Ordinal) && l.Contains(",incident,", StringComparison.Ordinal));
        Assert.Contains(",attested,", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dates_WithoutAsOf_ComeFromTheClock()
    {
        var previous = Commands.ScanCommand.Clock;
        Commands.ScanCommand.Clock = new FixedClock(new DateTimeOffset(2026, 1, 15, 12, 0, 0, TimeSpan.Zero));
        try
        {
            var result = await CliRunner.RunAsync("scan", "samples/three-tier-web", "--format", "json");

            Assert.Contains("\"asOf\": \"2026-01-15\"", result.Output, StringComparison.Ordinal);
            Assert.DoesNotContain("\"expired\": true", result.Output, StringComparison.Ordinal);
        }
        finally
        {
            Commands.ScanCommand.Clock = previous;
        }
    }

    [Fact]
    public async Task AttestationFile_Broken_IsAnInputErrorWithLineAndTheRestIsReported()
    {
        var file = Path.Combine(_temp, "attest.yaml");
        await File.WriteAllTextAsync(file, "attestations:\n  - service: rds\n    domain: patching\n    owner: me\n    how: somehow\n    review_by: next week\n");

        var result = await CliRunner.RunAsync("scan", "samples/three-tier-web", "--attest", file, "--as-of", AsOf);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("attest.yaml:3:13", result.Output, StringComparison.Ordinal);
        Assert.Contains("unknown domain 'patching'", result.Output, StringComparison.Ordinal);
        Assert.Contains("review_by 'next week' must be a date", result.Output, StringComparison.Ordinal);
        Assert.Contains("DMC-SG-001", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Waiver_WithoutReason_IsNotAppliedAndIsReported()
    {
        var file = Path.Combine(_temp, "stack.yaml");
        await File.WriteAllTextAsync(file, """
            Resources:
              Db:
                Type: AWS::RDS::DBInstance
                Metadata:
                  demarc:
                    suppress:
                      - id: DMC-RDS-002
                Properties: { Engine: postgres, PubliclyAccessible: true }
            """);

        var result = await CliRunner.RunAsync("scan", file, "--format", "json");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("suppression of DMC-RDS-002 has no `reason`, so it is not applied", result.Output, StringComparison.Ordinal);
        Assert.Contains("\"suppressed\": 0,", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ScanOnlyFormat_OnAnotherCommand_IsRefused()
    {
        var result = await CliRunner.RunAsync("show", "rds", "--format", "sarif");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--format sarif is only for 'demarc scan'", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Help_DocumentsTheExitCodesAndReportOptions()
    {
        var result = await CliRunner.RunAsync("scan", "--help");

        Assert.Contains("1 violations at or above --fail-on", result.Output, StringComparison.Ordinal);
        Assert.Contains("--create-baseline", result.Output, StringComparison.Ordinal);
        Assert.Contains("--attest", result.Output, StringComparison.Ordinal);
        Assert.Contains("demarc scan . --format sarif -o demarc.sarif --fail-on high", result.Output, StringComparison.Ordinal);
    }

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
