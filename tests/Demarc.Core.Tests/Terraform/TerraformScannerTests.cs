using Demarc.Catalog;
using Demarc.Model;
using Demarc.Scanning;
using Demarc.Scanning.Assessment;
using Demarc.Scanning.Checks;
using Demarc.Scanning.Evaluation;
using Demarc.Scanning.Mapping;
using Demarc.Scanning.Templates;
using Demarc.Scanning.Terraform;

namespace Demarc.Core.Tests.Terraform;

public class TerraformScannerTests
{
    // Terraform selectors added by an overlay, so the test does not depend on which ones the built-in catalog has today.
    [Fact]
    public void Map_EveryCatalogTerraformType_MapsToItsService()
    {
        var catalog = ResponsibilityCatalog.Default;
        var types = catalog.Services.SelectMany(s => s.ResourceTypes.Terraform).Distinct(StringComparer.Ordinal).ToList();
        Assert.True(types.Count > 50, $"only {types.Count} Terraform types in the catalog");
        using var module = new TempModule(("main.tf", string.Concat(types.Select((t, i) => $"resource \"{t}\" \"r{i}\" {{}}\n"))));

        var scan = module.Scan();

        Assert.Equal(types.Count, scan.Resources.Count);
        foreach (var mapped in scan.Resources)
        {
            var owner = catalog.Services.First(s => s.ResourceTypes.Terraform.Contains(mapped.Resource.Type));
            Assert.Same(owner, mapped.Service);
        }
    }

    [Fact]
    public void Map_VariantSelector_ReadsTerraformArgumentsAndNestedBlocks()
    {
        // The built-in Aurora Serverless v2 variant selects on a nested block's argument.
        var scanner = new TerraformScanner(ResponsibilityCatalog.Default);
        using var module = new TempModule(("main.tf", """
            variable "capacity" { type = number }
            resource "aws_rds_cluster" "serverless" {
              serverlessv2_scaling_configuration {
                max_capacity = 8
              }
            }
            resource "aws_rds_cluster" "provisioned" {}
            resource "aws_rds_cluster" "depends" {
              serverlessv2_scaling_configuration {
                max_capacity = var.capacity
              }
            }
            """));
        var scan = scanner.Scan(ScanInput.File("infra", module.Root, true));
        MappedResource Of(string address) => scan.Resources.Single(r => r.Resource.LogicalId == address);

        Assert.Equal(VariantStatus.Variant, Of("aws_rds_cluster.serverless").Status);
        Assert.Equal("aurora_serverless_v2", Of("aws_rds_cluster.serverless").Variant?.Id);
        Assert.Equal(VariantStatus.Service, Of("aws_rds_cluster.provisioned").Status);
        Assert.Equal(VariantStatus.Unknown, Of("aws_rds_cluster.depends").Status);
        Assert.Contains("variable `capacity`", Of("aws_rds_cluster.depends").VariantReason, StringComparison.Ordinal);
    }

    [Fact]
    public void Scan_ModuleDirectory_MapsResourcesAndKeepsUnclassifiedOnes()
    {
        using var module = new TempModule(("main.tf", """
            resource "aws_s3_bucket" "b" {}
            resource "aws_budgets_budget" "monthly" {}
            resource "random_id" "suffix" {}
            """));
        var scan = module.Scan();

        Assert.Equal(FileKind.Template, scan.Kind);
        Assert.Equal("infra", scan.Name);
        Assert.Equal(["s3", null, null], scan.Resources.Select(r => r.Service?.Id));
        var architecture = Architecture.Build(ResponsibilityCatalog.Default, [ScannedFile.From(scan)]);
        Assert.Equal(["aws_budgets_budget", "random_id"], architecture.Unclassified.Select(u => u.Type));
        Assert.Equal("infra/main.tf", architecture.Unclassified[0].Resources[0].Location.File);
    }

    [Fact]
    public void Scan_NamedTfFile_ReadsItsWholeDirectory()
    {
        using var module = new TempModule(
            ("main.tf", "resource \"aws_s3_bucket\" \"b\" { bucket = var.name }\n"),
            ("variables.tf", "variable \"name\" { default = \"x\" }\n"));
        var scanner = new TerraformScanner(ResponsibilityCatalog.Default);
        var scan = scanner.Scan(ScanInput.File("infra/main.tf", Path.Combine(module.Root, "main.tf"), true));

        Assert.Equal("infra", scan.Name);
        Assert.Equal("x", scan.Template!.Resource("aws_s3_bucket.b")!.Property("bucket").AsString());
        Assert.Contains(scan.Diagnostics, d => d.Severity == DiagnosticSeverity.Info && d.Message.Contains("with the other .tf files", StringComparison.Ordinal));
    }

    [Fact]
    public void Scan_ParametersOfTheScan_AreTheRootVariables()
    {
        using var module = new TempModule(("main.tf", "variable \"env\" {}\nresource \"aws_s3_bucket\" \"b\" { bucket = \"app-${var.env}\" }\n"));
        var scan = module.Scan(options: ScanOptions.Default with { Parameters = new Dictionary<string, string> { ["env"] = "prod" } });

        Assert.Equal("app-prod", scan.Template!.Resource("aws_s3_bucket.b")!.Property("bucket").AsString());
        Assert.True(scan.Template.Parameters.Single(p => p.Declaration.Name == "env").FromOverride);
    }

    [Fact]
    public void Discover_FindsTemplatesPlansAndRootModulesButNotCalledModules()
    {
        using var tree = new TempModule(
            ("cfn/stack.yaml", "Resources:\n  B:\n    Type: AWS::S3::Bucket\n"),
            ("plans/prod.plan.json", File.ReadAllText(TerraformPlanReaderTests.Fixture("aws.plan.json"))),
            ("terraform/prod/main.tf", "module \"db\" {\n  source = \"../modules/db\"\n}\n"),
            ("terraform/modules/db/main.tf", "resource \"aws_db_instance\" \"main\" {}\n"),
            ("terraform/tools/main.tf", "resource \"aws_s3_bucket\" \"tools\" {}\n"),
            ("terraform/prod/.terraform/modules/x/main.tf", "resource \"aws_s3_bucket\" \"hidden\" {}\n"));

        var discovery = CombinedScanner.Discover([tree.Root]);

        var names = discovery.Inputs.Select(i => Path.GetRelativePath(tree.Root, i.Path!).Replace('\\', '/')).ToList();
        Assert.Equal(["cfn/stack.yaml", "plans/prod.plan.json", "terraform/prod", "terraform/tools"], names);
        Assert.Empty(discovery.Errors);
    }

    [Fact]
    public void Run_MixedInputs_GiveOneArchitectureInInputOrder()
    {
        using var tree = new TempModule(
            ("a-stack.yaml", "Resources:\n  Queue:\n    Type: AWS::SQS::Queue\n"),
            ("b-plan.json", File.ReadAllText(TerraformPlanReaderTests.Fixture("site.state.json"))),
            ("c-module/main.tf", "resource \"aws_lambda_function\" \"f\" { runtime = \"python3.12\" }\n"));
        var scanner = new CombinedScanner(ResponsibilityCatalog.Default, ScanOptions.Default with { MaxParallelism = 2 });
        var discovery = CombinedScanner.Discover([tree.Root]);

        var files = scanner.Run(discovery.Inputs, ScannedFile.From);
        var architecture = Architecture.Build(ResponsibilityCatalog.Default, files);

        Assert.All(files, f => Assert.Equal(FileKind.Template, f.Kind));
        Assert.Equal(["a-stack.yaml", "b-plan.json", "c-module"], files.Select(f => Path.GetFileName(f.Name)));
        var services = architecture.Services.Select(s => s.Subject.Service.Id).ToHashSet();
        Assert.Superset(new HashSet<string> { "sqs", "s3", "cloudfront", "lambda" }, services);
        Assert.Contains(architecture.Resources, r => r.LogicalId == "module.cdn.aws_cloudfront_distribution.this");
    }

    [Fact]
    public void Run_MixedInputs_EachFileSaysItsFormat()
    {
        using var tree = new TempModule(
            ("a-stack.yaml", "Resources:\n  Queue:\n    Type: AWS::SQS::Queue\n"),
            ("b-plan.json", File.ReadAllText(TerraformPlanReaderTests.Fixture("site.state.json"))),
            ("c-module/main.tf", "resource \"aws_sqs_queue\" \"q\" {}\n"),
            ("d-stack.json", "{\"Resources\": {\"Queue\": {\"Type\": \"AWS::SQS::Queue\"}}}"));
        var scanner = new CombinedScanner(ResponsibilityCatalog.Default, ScanOptions.Default with { MaxParallelism = 1 });

        var scans = scanner.Run(CombinedScanner.Discover([tree.Root]).Inputs, scan => (scan.Format, TemplateFormat: scan.Template?.Template.Format, File: ScannedFile.From(scan)));

        Assert.Equal([TemplateFormat.Yaml, TemplateFormat.TerraformPlan, TemplateFormat.Terraform, TemplateFormat.Json], scans.Select(s => s.Format));
        Assert.Equal([TemplateFormat.Yaml, TemplateFormat.TerraformPlan, TemplateFormat.Terraform, TemplateFormat.Json], scans.Select(s => s.TemplateFormat));
        var contract = ScanContracts.Scan(ResponsibilityCatalog.Default, Architecture.Build(ResponsibilityCatalog.Default, [.. scans.Select(s => s.File)]), verbose: false);
        Assert.Equal(["yaml", "terraform-plan", "terraform", "json"], contract.Files.Select(f => f.Format));
    }

    [Fact]
    public void Scan_PlanThatCannotBeParsed_IsAnUnreadablePlan()
    {
        var broken = ScanInput.Bytes("plan.json", "{\"format_version\": \"1.2\", \"planned_values\": {,}}"u8.ToArray());

        var scan = new TerraformScanner(ResponsibilityCatalog.Default).Scan(broken);

        Assert.Equal(FileKind.Unreadable, scan.Kind);
        Assert.Equal(TemplateFormat.TerraformPlan, scan.Format);
    }

    [Fact]
    public void Scan_ModuleCallingALocalAndARemoteModule_ListsOneReadAndOneNotRead()
    {
        using var tree = new TempModule(
            ("main.tf", """
                module "vpc" {
                  source  = "terraform-aws-modules/vpc/aws"
                  version = "5.1.0"
                }
                module "db" {
                  source = "./modules/db"
                }
                """),
            ("modules/db/main.tf", "resource \"aws_db_instance\" \"main\" {}\n"));

        var file = ScannedFile.From(tree.Scan());

        Assert.Equal(["module.db", "module.vpc"], file.Modules.Select(m => m.Address));
        var db = file.Modules[0];
        Assert.True(db.IsRead);
        Assert.Equal(("./modules/db", "read", "infra/modules/db", (string?)null), (db.Source, db.StatusName, db.Directory, db.Reason));
        var vpc = file.Modules[1];
        Assert.False(vpc.IsRead);
        Assert.Equal(("terraform-aws-modules/vpc/aws", "5.1.0", "remote", (string?)null), (vpc.Source, vpc.Version, vpc.StatusName, vpc.Directory));
        Assert.Contains("remote module", vpc.Reason, StringComparison.Ordinal);
        Assert.Equal(new SourceLocation("infra/main.tf", 1, 1), vpc.Location);
        // The warning stays, and the contract lists both under the root module.
        Assert.Contains(file.Diagnostics, d => d.Rule == TerraformRules.ModuleNotRead && d.Message.Contains("module.vpc", StringComparison.Ordinal));
        var json = ScanContracts.Modules(Architecture.Build(ResponsibilityCatalog.Default, [file]));
        Assert.Equal([("infra", "module.db", true), ("infra", "module.vpc", false)], json.Select(m => (m.File, m.Address, m.Read)));
    }

    [Fact]
    public void Scan_PlanWithModuleCalls_ListsThemAsRead()
    {
        var scan = new TerraformScanner(ResponsibilityCatalog.Default).Scan(ScanInput.Bytes("plan.json", File.ReadAllBytes(TerraformPlanReaderTests.Fixture("aws.plan.json"))));

        var db = Assert.Single(scan.Modules);
        Assert.Equal(("module.db", "./modules/db", "read", (string?)null), (db.Address, db.Source, db.StatusName, db.Directory));
    }

    [Fact]
    public void Display_EveryFormat_HasItsOwnName()
    {
        var names = Enum.GetValues<TemplateFormat>().Select(f => f.Display()).ToList();

        Assert.Equal(["json", "yaml", "terraform", "terraform-plan"], names);
        Assert.True(((TemplateFormat?)TemplateFormat.TerraformPlan).IsTerraform());
        Assert.False(((TemplateFormat?)TemplateFormat.Yaml).IsTerraform());
        Assert.False(((TemplateFormat?)null).IsTerraform());
    }

    [Fact]
    public void Analyze_TerraformScan_ReadsCommentWaiversAsTheAssessmentExpects()
    {
        using var module = new TempModule(("main.tf", """
            resource "aws_s3_bucket" "b" {
              # demarc:suppress=DMC-S3-003:the backup vault keeps versions
            }
            """));
        var assessor = new Assessor(ResponsibilityCatalog.Default, CheckRegistry.Default);

        var analysis = assessor.Analyze(module.Scan(), new DateOnly(2026, 11, 27));

        var waiver = Assert.Single(analysis.Waivers["aws_s3_bucket.b"]);
        Assert.Equal("DMC-S3-003", waiver.CheckId);
        Assert.Equal("the backup vault keeps versions", waiver.Reason);
    }
}
