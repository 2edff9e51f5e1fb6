using Demarc.Catalog;
using Demarc.Parsing;
using Demarc.Scanning;
using Demarc.Scanning.Checks;
using Demarc.Scanning.Terraform;

namespace Demarc.Core.Tests.Terraform;

/// <summary>The Terraform forms of the checks: loaded, valid, and each checked against its named Terraform cases.</summary>
public class TerraformChecksTests
{
    private static readonly DateOnly Today = new(2026, 11, 27);

    private static string FixtureDirectory => Path.Combine(TerraformFixtures.Directory, "Checks");

    public static TheoryData<string> FormIds()
    {
        var data = new TheoryData<string>();
        foreach (var id in TerraformChecks.Forms.Select(f => f.CheckId).Distinct().Order(StringComparer.Ordinal))
        {
            data.Add(id);
        }

        return data;
    }

    [Fact]
    public void Forms_LoadAndValidateAgainstTheCatalogAndRegistry()
    {
        var (forms, diagnostics) = TerraformChecks.Load(TerraformChecks.BuiltInFiles(), CheckRegistry.Default);

        Assert.Empty(diagnostics);
        Assert.Empty(TerraformChecks.Validate(forms, CheckRegistry.Default, ResponsibilityCatalog.Default));
        Assert.Equal(CheckRegistry.Default.Checks.Count, TerraformChecks.Registry.Checks.Count);
    }

    [Fact]
    public void Forms_CoverEveryCheckOfTheRegistry()
    {
        var withForms = TerraformChecks.Forms.Select(f => f.CheckId).ToHashSet(StringComparer.Ordinal);

        var missing = CheckRegistry.Default.Checks.Select(c => c.Definition.Id).Where(id => !withForms.Contains(id)).ToList();

        Assert.True(missing.Count == 0, "checks without a Terraform form (add one to data/terraform/checks.yaml, or say here why it has no Terraform meaning): " + string.Join(", ", missing));
    }

    [Fact]
    public void Registry_KeepsTheIdAndAddsTheTerraformTypes()
    {
        var check = TerraformChecks.Registry.Find("DMC-S3-003")!;

        Assert.Contains("AWS::S3::Bucket", check.Definition.ResourceTypes);
        Assert.Contains("aws_s3_bucket", check.Definition.ResourceTypes);
        Assert.Contains(check, TerraformChecks.Registry.ForType("aws_s3_bucket"));
        Assert.Same(check, TerraformChecks.Registry.ForType("AWS::S3::Bucket").Single(c => c.Definition.Id == "DMC-S3-003"));
        Assert.Contains("aws_s3_bucket_versioning", TerraformChecks.Snippet("DMC-S3-003", "aws_s3_bucket"), StringComparison.Ordinal);
        Assert.Null(TerraformChecks.Snippet("DMC-S3-003", "aws_db_instance"));
    }

    [Fact]
    public void Registry_StillChecksCloudFormationTheSameWay()
    {
        var template = Demarc.Core.Tests.Scanning.TestTemplates.Evaluate("""
            Resources:
              Plain:
                Type: AWS::RDS::DBInstance
              Encrypted:
                Type: AWS::RDS::DBInstance
                Properties: { StorageEncrypted: true }
            """);
        var original = CheckRegistry.Default.Find("DMC-RDS-001")!;
        var extended = TerraformChecks.Registry.Find("DMC-RDS-001")!;

        foreach (var resource in template.Resources)
        {
            Assert.Equal(original.Run(template, resource, Today).Outcome, extended.Run(template, resource, Today).Outcome);
        }

        Assert.Equal(CheckOutcome.Fail, extended.Run(template, template.Resource("Plain")!, Today).Outcome);
    }

    [Fact]
    public void Run_ViewForm_SpeaksTerraformAndPointsIntoTheTfFile()
    {
        using var module = new TempModule(("main.tf", """
            resource "aws_db_instance" "db" {
              engine            = "postgres"
              storage_encrypted = false
            }
            resource "aws_iam_role" "r" {
              inline_policy {
                name   = "all"
                policy = jsonencode({ Statement = [{ Effect = "Allow", Action = "*", Resource = "*" }] })
              }
            }
            """));
        var template = module.Evaluate();

        var encrypted = TerraformChecks.Registry.Find("DMC-RDS-001")!.Run(template, template.Resource("aws_db_instance.db")!, Today);
        Assert.Equal(CheckOutcome.Fail, encrypted.Outcome);
        Assert.Contains("`storage_encrypted` is `false`", encrypted.Message, StringComparison.Ordinal);
        Assert.Equal("infra/main.tf:3:23", encrypted.Location.ToString());
        Assert.Equal("aws_db_instance.db", encrypted.LogicalId);

        var admin = TerraformChecks.Registry.Find("DMC-IAM-002")!.Run(template, template.Resource("aws_iam_role.r")!, Today);
        Assert.Equal(CheckOutcome.Fail, admin.Outcome);
        Assert.Contains("`inline_policy.0.policy`", admin.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_BrokenForms_AreReportedWithTheirPosition()
    {
        var file = new CatalogFile("forms.yaml", """
            kind: terraform-checks
            checks:
              - id: DMC-NOPE-001
                types: [aws_s3_bucket]
                rule: { path: x, is: true }
                snippet: x
              - id: DMC-S3-003
                types: [aws_s3_bucket]
                view: AWS::RDS::DBInstance
                map: { X: y }
                snippet: x
              - id: DMC-S3-004
                types: [aws_s3_bucket]
                rule: { path: x, sometimes: true }
                snippet: x
              - id: DMC-SG-001
                types: [aws_security_group]
                code: open-everything
                snippet: x
            """);

        var (forms, diagnostics) = TerraformChecks.Load([file], CheckRegistry.Default);

        Assert.Empty(forms);
        Assert.Contains(diagnostics, d => d.Location.Line == 3 && d.Message.Contains("no check DMC-NOPE-001", StringComparison.Ordinal));
        Assert.Contains(diagnostics, d => d.Location.Line == 9 && d.Message.Contains("does not read AWS::RDS::DBInstance", StringComparison.Ordinal));
        Assert.Contains(diagnostics, d => d.Message.Contains("DMC-S3-004", StringComparison.Ordinal));
        Assert.Contains(diagnostics, d => d.Location.Line == 18 && d.Message.Contains("unknown Terraform code check", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_TypeOfAnotherService_IsReported()
    {
        var file = new CatalogFile("forms.yaml", """
            kind: terraform-checks
            checks:
              - id: DMC-RDS-001
                types: [aws_s3_bucket, aws_not_a_type]
                rule: { path: storage_encrypted, is: true }
                snippet: x
            """);
        var (forms, _) = TerraformChecks.Load([file], CheckRegistry.Default);

        var diagnostics = TerraformChecks.Validate(forms, CheckRegistry.Default, ResponsibilityCatalog.Default);

        Assert.Contains(diagnostics, d => d.Message.Contains("aws_s3_bucket belongs to service 's3', not 'rds'", StringComparison.Ordinal));
        Assert.Contains(diagnostics, d => d.Message.Contains("aws_not_a_type is not a Terraform type", StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(FormIds))]
    public void Form_TerraformCases_HaveExpectedOutcomes(string id)
    {
        var path = Path.Combine(FixtureDirectory, id + ".yaml");
        Assert.True(File.Exists(path), $"{id} has no Terraform fixture tests/Demarc.Core.Tests/Terraform/Fixtures/Checks/{id}.yaml");
        var fixture = Fixture.Load(path);
        var check = TerraformChecks.Registry.Find(id)!;
        var types = TerraformChecks.Forms.Where(f => f.CheckId == id).SelectMany(f => f.Types).ToHashSet(StringComparer.Ordinal);

        using var module = new TempModule(("main.tf", fixture.Terraform));
        var template = module.Evaluate();
        Assert.DoesNotContain(template.Diagnostics, d => d.Severity == DiagnosticSeverity.Error);

        var failures = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var resource in template.Resources.Where(r => types.Contains(r.Type)))
        {
            seen.Add(resource.LogicalId);
            var result = check.Run(template, resource, Today);
            if (!fixture.Cases.TryGetValue(resource.LogicalId, out var expected))
            {
                failures.Add($"{resource.LogicalId}: no expected outcome (got {result.Outcome.Display()})");
                continue;
            }

            Assert.True(CheckNames.TryParseOutcome(expected, out var outcome), $"{path}: '{expected}' is not an outcome");
            if (result.Outcome != outcome)
            {
                failures.Add($"{resource.LogicalId}: expected {expected}, got {result.Outcome.Display()} ({result.Message})");
            }
            else if (outcome is CheckOutcome.Fail or CheckOutcome.Unknown)
            {
                // A finding points into the .tf file, at the resource or the value that decided it.
                Assert.Equal("infra/main.tf", result.Location.File);
                Assert.InRange(result.Location.Line, 1, fixture.Terraform.Split('\n').Length);
            }
        }

        failures.AddRange(fixture.Cases.Keys.Where(k => !seen.Contains(k)).Select(k => $"{k}: not a resource of {string.Join("/", types)} in the fixture"));
        Assert.True(failures.Count == 0, $"{id} ({path}):\n  " + string.Join("\n  ", failures));
    }

    [Theory]
    [MemberData(nameof(FormIds))]
    public void Form_Fixture_CoversPassFailAndEveryType(string id)
    {
        var fixture = Fixture.Load(Path.Combine(FixtureDirectory, id + ".yaml"));
        var check = TerraformChecks.Registry.Find(id)!;
        var outcomes = fixture.Cases.Values.ToHashSet(StringComparer.Ordinal);

        Assert.Contains("pass", outcomes);
        Assert.True(outcomes.Contains("fail") || (check.Definition.Default is not null && outcomes.Contains("aws-default")), $"{id}: a case must fail (or be aws-default)");
        foreach (var type in TerraformChecks.Forms.Where(f => f.CheckId == id).SelectMany(f => f.Types))
        {
            Assert.True(fixture.Cases.Keys.Any(k => k.StartsWith(type + ".", StringComparison.Ordinal)), $"{id}: no case for {type}");
        }
    }

    [Fact]
    public void Checks_OnAPlan_ReadUnknownsAsUnknownAndFollowSettings()
    {
        var scan = new TerraformScanner(ResponsibilityCatalog.Default).Scan(ScanInput.File("plan.json", TerraformPlanReaderTests.Fixture("aws.plan.json"), true));
        var template = scan.Template!;
        CheckOutcome Run(string id, string address) => TerraformChecks.Registry.Find(id)!.Run(template, template.Resource(address)!, Today).Outcome;

        Assert.Equal(CheckOutcome.Pass, Run("DMC-S3-003", "aws_s3_bucket.logs"));
        Assert.Equal(CheckOutcome.Pass, Run("DMC-S3-002", "aws_s3_bucket.logs"));
        Assert.Equal(CheckOutcome.Fail, Run("DMC-S3-001", "aws_s3_bucket.logs"));
        Assert.Equal(CheckOutcome.Fail, Run("DMC-SG-001", "aws_security_group.web"));
        Assert.Equal(CheckOutcome.Fail, Run("DMC-SG-002", "aws_security_group.web"));
        Assert.Equal(CheckOutcome.NotApplicable, Run("DMC-SG-002", "aws_vpc_security_group_ingress_rule.rdp"));
        Assert.Equal(CheckOutcome.Fail, Run("DMC-IAM-002", "aws_iam_policy.admin"));
        Assert.Equal(CheckOutcome.Pass, Run("DMC-KMS-001", "aws_kms_key.data"));
        Assert.Equal(CheckOutcome.Pass, Run("DMC-RDS-001", "module.db[0].aws_db_instance.main"));
        Assert.Equal(CheckOutcome.Fail, Run("DMC-RDS-003", "module.db[0].aws_db_instance.main"));
        Assert.Equal(CheckOutcome.NotApplicable, Run("DMC-EC2-005", "aws_instance.legacy"));
    }

    private sealed record Fixture(string Terraform, IReadOnlyDictionary<string, string> Cases)
    {
        public static Fixture Load(string path)
        {
            var root = (MappingNode)YamlTreeReader.Read(File.ReadAllText(path)).Documents[0];
            var terraform = ((ScalarNode)root["terraform"]!).Value;
            var cases = ((MappingNode)root["cases"]!).Entries.ToDictionary(e => e.Key.Value, e => ((ScalarNode)e.Value).Value, StringComparer.Ordinal);
            return new Fixture(terraform, cases);
        }
    }
}
