using System.Text;
using System.Text.Json;
using Demarc.Catalog;
using Demarc.Parsing;
using Demarc.Scanning;
using Demarc.Scanning.Evaluation;
using Demarc.Scanning.Terraform;

namespace Demarc.Core.Tests.Terraform;

public class TerraformPlanReaderTests
{
    private static readonly TerraformScanner Scanner = new(ResponsibilityCatalog.Default);

    internal static string Fixture(string name) => Path.Combine(TerraformFixtures.Directory, "plans", name);

    private static FileScan ScanFixture(string name) => Scanner.Scan(ScanInput.File("plans/" + name, Fixture(name), isExplicit: true));

    private static FileScan ScanText(string json, ScanOptions? options = null) =>
        new TerraformScanner(ResponsibilityCatalog.Default, options).Scan(ScanInput.Bytes("plan.json", Encoding.UTF8.GetBytes(json)));

    private static EvaluatedResource Resource(FileScan scan, string address) =>
        scan.Template!.Resource(address) ?? throw new InvalidOperationException($"no {address}: {string.Join(", ", scan.Template.Resources.Select(r => r.LogicalId))}");

    [Fact]
    public void Read_ResourceChanges_GiveEveryManagedInstanceByAddress()
    {
        var scan = ScanFixture("aws.plan.json");

        Assert.Equal(FileKind.Template, scan.Kind);
        Assert.False(scan.HasErrors, string.Join("\n", scan.Diagnostics));
        Assert.Equal(
            [
                "aws_s3_bucket.logs", "aws_s3_bucket_versioning.logs", "aws_s3_bucket_server_side_encryption_configuration.logs", "aws_kms_key.data",
                "aws_security_group.web", "aws_vpc_security_group_ingress_rule.rdp", "aws_iam_policy.admin", "module.db[0].aws_db_instance.main",
                "aws_instance.legacy", "aws_budgets_budget.monthly",
            ],
            scan.Template!.Resources.Select(r => r.LogicalId));
        var bucket = Resource(scan, "aws_s3_bucket.logs");
        Assert.Equal("plans/aws.plan.json", bucket.File);
        Assert.Equal(new TextPosition(67, 5), bucket.Declaration.Position);
        Assert.Equal("module.db[0]", Resource(scan, "module.db[0].aws_db_instance.main").Origin.From);
    }

    [Fact]
    public void Read_AfterUnknown_IsUnknownAndNeverPasses()
    {
        var scan = ScanFixture("aws.plan.json");
        var group = Resource(scan, "aws_security_group.web");

        var vpc = Assert.IsType<UnknownValue>(group.Property("vpc_id"));
        Assert.Contains("known only after apply", vpc.Reason, StringComparison.Ordinal);
        Assert.True(group.Property("vpc_id").Is("vpc-1").IsUnknown);
        Assert.True(group.Property("egress").Some(e => e.Get("from_port").Is("0")).IsUnknown);
        Assert.Equal(["443", "22"], group.Items("ingress").Select(i => i.Get("from_port").AsString()));
        Assert.True(Resource(scan, "aws_s3_bucket.logs").Property("versioning.enabled").IsTrue().IsUnknown);
    }

    [Fact]
    public void Read_AfterUnknownWithoutReference_SaysWhichAttributeAndWhere()
    {
        // The reason and source of such unknowns are written only when read: both must still name the attribute path.
        const string json = """
            {"format_version": "1.2", "resource_changes": [
              {"address": "aws_db_instance.main", "mode": "managed", "type": "aws_db_instance", "name": "main",
               "change": {"actions": ["create"], "after": {"engine": "postgres", "restore": [{"kept": 1}]},
                          "after_unknown": {"arn": true, "restore": [{"time": true}]}}}]}
            """;
        var database = Resource(ScanText(json), "aws_db_instance.main");

        var arn = Assert.IsType<UnknownValue>(database.Property("arn"));
        Assert.Equal("`arn` is known only after apply (the plan marks it unknown)", arn.Reason);
        Assert.Equal("aws_db_instance.main.arn", arn.Source);
        Assert.Equal(UnknownKind.DeployTime, arn.Kind);
        var time = Assert.IsType<UnknownValue>(database.Property("restore.time"));
        Assert.Equal("`restore.0.time` is known only after apply (the plan marks it unknown)", time.Reason);
        Assert.Equal("aws_db_instance.main.restore.0.time", time.Source);
        Assert.True(database.Property("arn").Is("x").IsUnknown);
        Assert.Equal("`arn` is known only after apply (the plan marks it unknown)", database.Property("arn").Is("x").Reason);
    }

    [Fact]
    public void Read_UnknownIdentifier_FollowsTheConfigurationToTheResource()
    {
        var scan = ScanFixture("aws.plan.json");
        var template = scan.Template!;
        var rule = Resource(scan, "aws_vpc_security_group_ingress_rule.rdp");

        var reference = Assert.IsType<ReferenceValue>(rule.Property("security_group_id"));
        Assert.Equal("aws_security_group.web", reference.LogicalId);
        Assert.Equal("id", reference.Attribute);
        Assert.Same(Resource(scan, "aws_security_group.web"), template.Target(rule.Property("security_group_id")));
        var key = Assert.IsType<ReferenceValue>(Resource(scan, "aws_s3_bucket_server_side_encryption_configuration.logs")
            .Property("rule.apply_server_side_encryption_by_default.kms_master_key_id"));
        Assert.Equal("aws_kms_key.data", key.LogicalId);
    }

    [Fact]
    public void Read_SettingsResources_AreLinkedToTheirBucketByReferenceAndByName()
    {
        var scan = ScanFixture("aws.plan.json");
        var template = scan.Template!;
        var bucket = Resource(scan, "aws_s3_bucket.logs");

        var settings = TerraformSettings.Of(template, bucket);
        Assert.Equal(["aws_s3_bucket_versioning.logs", "aws_s3_bucket_server_side_encryption_configuration.logs"], settings.Select(s => s.Resource.LogicalId));
        Assert.Equal("Enabled", bucket.Property("aws_s3_bucket_versioning.versioning_configuration.status").AsString());
        Assert.Equal("aws:kms", bucket.Property("aws_s3_bucket_server_side_encryption_configuration.rule.apply_server_side_encryption_by_default.sse_algorithm").AsString());
        Assert.True(bucket.Property("aws_s3_bucket_versioning.bucket").IsAbsent);
        Assert.Same(bucket, TerraformSettings.ConfiguredBy(template, Resource(scan, "aws_s3_bucket_versioning.logs")));
        Assert.Single(TerraformSettings.Of(template, Resource(scan, "aws_security_group.web")));
    }

    [Fact]
    public void Read_PolicyJsonString_IsReadAsADocument()
    {
        var scan = ScanFixture("aws.plan.json");

        var statement = Assert.Single(Resource(scan, "aws_iam_policy.admin").Property("policy.Statement").Items());
        Assert.True(statement.Get("Action").Is("*").IsTrue);
        Assert.Equal("Root", Assert.Single(Resource(scan, "aws_kms_key.data").Property("policy.Statement").Items()).Get("Sid").AsString());
    }

    [Fact]
    public void Read_DeletedResource_IsListedAsNotCreated()
    {
        var legacy = Resource(ScanFixture("aws.plan.json"), "aws_instance.legacy");

        Assert.True(legacy.Exists.IsFalse);
        Assert.Equal("deleted by this plan", legacy.Declaration.Condition);
    }

    [Fact]
    public void Read_UnmappedTypes_AreKeptAsUnclassified_DataSourcesAreNotResources()
    {
        var scan = ScanFixture("aws.plan.json");

        var budget = Assert.Single(scan.Resources, r => r.Resource.Type == "aws_budgets_budget");
        Assert.False(budget.IsClassified);
        Assert.Equal("s3", scan.Resources.Single(r => r.Resource.LogicalId == "aws_s3_bucket.logs").Service?.Id);
        Assert.Equal("rds", scan.Resources.Single(r => r.Resource.Type == "aws_db_instance").Service?.Id);
        Assert.DoesNotContain(scan.Template!.Resources, r => r.Type == "aws_caller_identity");
    }

    [Fact]
    public void Read_VariablesAndProviderRegion_AreTheParametersInForce()
    {
        var template = ScanFixture("aws.plan.json").Template!;

        Assert.Equal("prod", template.Parameters.Single(p => p.Declaration.Name == "env").Value.AsString());
        Assert.Equal("eu-west-1", template.Parameters.Single(p => p.Declaration.Name == "provider.aws.region").Value.AsString());
        Assert.Equal("acme-logs", template.Outputs.Single(o => o.Declaration.Name == "logs_bucket").Value.AsString());
        Assert.IsType<UnknownValue>(template.Outputs.Single(o => o.Declaration.Name == "key_arn").Value);
    }

    [Fact]
    public void Read_State_GivesItsResourcesWithKnownValuesAndLinksByName()
    {
        var scan = ScanFixture("site.state.json");

        Assert.Equal(["aws_s3_bucket.site", "aws_s3_bucket_public_access_block.site", "module.cdn.aws_cloudfront_distribution.this"], scan.Template!.Resources.Select(r => r.LogicalId));
        var bucket = Resource(scan, "aws_s3_bucket.site");
        Assert.True(bucket.Property("versioning.enabled").IsFalse().IsTrue);
        Assert.True(bucket.Property("aws_s3_bucket_public_access_block.block_public_policy").IsFalse().IsTrue);
        Assert.Equal("allow-all", Resource(scan, "module.cdn.aws_cloudfront_distribution.this").Property("default_cache_behavior.viewer_protocol_policy").AsString());
    }

    [Fact]
    public void Read_PlannedValuesOnly_IsReadWithANote()
    {
        var scan = ScanText("""
            {"format_version": "1.0", "planned_values": {"root_module": {"resources": [
              {"address": "aws_sqs_queue.q", "mode": "managed", "type": "aws_sqs_queue", "name": "q", "values": {"sqs_managed_sse_enabled": true}}]}}}
            """);

        Assert.True(Resource(scan, "aws_sqs_queue.q").Property("sqs_managed_sse_enabled").IsTrue().IsTrue);
        Assert.Contains(scan.Diagnostics, d => d.Severity == DiagnosticSeverity.Info && d.Message.Contains("planned_values", StringComparison.Ordinal));
    }

    [Fact]
    public void Read_UnknownFormatVersionOrIncompletePlan_Warns()
    {
        var scan = ScanText("""{"format_version": "2.0", "complete": false, "resource_changes": []}""");

        Assert.Equal(FileKind.Template, scan.Kind);
        Assert.Contains(scan.Diagnostics, d => d.Rule == TerraformRules.InvalidPlan && d.Message.Contains("format_version 2.0", StringComparison.Ordinal));
        Assert.Contains(scan.Diagnostics, d => d.Rule == TerraformRules.InvalidPlan && d.Message.Contains("incomplete", StringComparison.Ordinal));
    }

    [Fact]
    public void Read_MalformedPlan_ReportsLineAndColumn()
    {
        var scan = ScanText("{\"format_version\": \"1.2\",\n \"resource_changes\": [\n  {\"address\": }\n]}");

        Assert.Equal(FileKind.Unreadable, scan.Kind);
        var error = Assert.Single(scan.Diagnostics);
        Assert.Equal("syntax", error.Rule);
        Assert.Equal(3, error.Location.Line);
    }

    [Fact]
    public void Read_PlanLargerThanTheLimit_IsTooLarge()
    {
        var json = "{\"format_version\": \"1.2\", \"resource_changes\": [], \"pad\": \"" + new string('x', 5000) + "\"}";
        var scan = ScanText(json, ScanOptions.Default with { Limits = ParseLimits.Default with { MaxBytes = 1000 } });

        Assert.Equal("too-large", Assert.Single(scan.Diagnostics).Rule);
    }

    [Fact]
    public void Read_PlanNestedDeeperThanTheLimit_IsTooDeep()
    {
        var deep = string.Concat(Enumerable.Repeat("{\"a\":", 300)) + "1" + new string('}', 300);
        var scan = ScanText("{\"format_version\": \"1.2\", \"resource_changes\": [], \"x\": " + deep + "}");

        Assert.Equal("too-deep", Assert.Single(scan.Diagnostics).Rule);
    }

    [Fact]
    public void Read_MoreResourcesThanTheLimit_ScansTheFirstAndReports()
    {
        var changes = string.Join(",", Enumerable.Range(0, 30).Select(i =>
            $"{{\"address\": \"aws_sqs_queue.q{i}\", \"mode\": \"managed\", \"type\": \"aws_sqs_queue\", \"name\": \"q{i}\", \"change\": {{\"actions\": [\"create\"], \"after\": {{}}, \"after_unknown\": {{}}}}}}"));
        var scan = ScanText($"{{\"format_version\": \"1.2\", \"resource_changes\": [{changes}]}}", ScanOptions.Default with { MaxResources = 10 });

        Assert.Equal(10, scan.Resources.Count);
        Assert.Contains(scan.Diagnostics, d => d.Rule == ScanRules.TooManyResources && d.Severity == DiagnosticSeverity.Error);
    }

    [Fact]
    public void Classify_PlanJson_IsAPlanAndATemplateIsNot()
    {
        Assert.Equal(TerraformInputKind.Plan, TerraformScanner.Classify(ScanInput.File("p", Fixture("aws.plan.json"), true)));
        Assert.Equal(TerraformInputKind.Plan, TerraformScanner.Classify(ScanInput.Bytes("-", File.ReadAllBytes(Fixture("site.state.json")))));
        Assert.Equal(TerraformInputKind.None, TerraformScanner.Classify(ScanInput.Bytes("-", "{\"AWSTemplateFormatVersion\": \"2010-09-09\", \"Resources\": {}}"u8.ToArray())));
        Assert.Equal(TerraformInputKind.None, TerraformScanner.Classify(ScanInput.Bytes("-", "{\"format_version\": \"1\", \"name\": \"package\"}"u8.ToArray())));
    }

    [Fact]
    public void Read_EveryPlanOfTheCorpus_GivesOneResourcePerManagedChange()
    {
        var plans = Corpus.PlanFiles();
        Assert.True(plans.Count >= 20, $"expected the corpus plans, found {plans.Count}");
        foreach (var path in plans)
        {
            var scan = Scanner.Scan(ScanInput.File(path, path, isExplicit: true));
            if (path.Contains("/invalid/", StringComparison.Ordinal))
            {
                Assert.Equal(FileKind.Unreadable, scan.Kind);
                Assert.Equal("syntax", Assert.Single(scan.Diagnostics).Rule);
                Assert.True(scan.Diagnostics[0].Location.Line > 1, scan.Diagnostics[0].ToString());
                continue;
            }

            Assert.True(scan.Kind == FileKind.Template, $"{path}: {scan.Kind} {scan.NotTemplateReason} {string.Join("; ", scan.Diagnostics)}");
            Assert.False(scan.HasErrors, $"{path}: {string.Join("; ", scan.Diagnostics)}");
            Assert.Equal(ExpectedAddresses(path), scan.Template!.Resources.Select(r => r.LogicalId));
        }
    }

    // The managed addresses of resource_changes (or of planned_values), read independently with System.Text.Json.
    private static List<string> ExpectedAddresses(string path)
    {
        using var document = JsonDocument.Parse(File.ReadAllBytes(path));
        var root = document.RootElement;
        var addresses = new List<string>();
        if (root.TryGetProperty("resource_changes", out var changes))
        {
            foreach (var change in changes.EnumerateArray())
            {
                if (!change.TryGetProperty("mode", out var mode) || mode.GetString() == "managed")
                {
                    addresses.Add(change.GetProperty("address").GetString()!);
                }
            }

            return addresses;
        }

        void Walk(JsonElement module)
        {
            if (module.TryGetProperty("resources", out var resources))
            {
                addresses.AddRange(resources.EnumerateArray().Where(r => r.GetProperty("mode").GetString() == "managed").Select(r => r.GetProperty("address").GetString()!));
            }

            if (module.TryGetProperty("child_modules", out var children))
            {
                foreach (var child in children.EnumerateArray())
                {
                    Walk(child);
                }
            }
        }

        Walk(root.GetProperty("planned_values").GetProperty("root_module"));
        return addresses;
    }
}
