using Demarc.Parsing;
using Demarc.Scanning;
using Demarc.Scanning.Evaluation;
using Demarc.Scanning.Terraform;

namespace Demarc.Core.Tests.Terraform;

public class TerraformEvaluatorTests
{
    private static EvaluatedResource Only(string mainTf, string address = "aws_s3_bucket.b", TerraformOptions? options = null) =>
        TempModule.Resource(TempModule.Evaluate(mainTf, options), address);

    [Fact]
    public void Evaluate_VariableDefaultInAnotherFile_IsKnownAndPositionedWhereUsed()
    {
        using var module = new TempModule(
            ("variables.tf", "variable \"name\" {\n  default = \"logs\"\n}\n"),
            ("main.tf", "resource \"aws_s3_bucket\" \"b\" {\n  bucket = var.name\n}\n"));
        var bucket = TempModule.Resource(module.Evaluate(), "aws_s3_bucket.b");

        var name = bucket.Property("bucket");
        Assert.Equal("logs", name.AsString());
        Assert.Equal("infra/main.tf", bucket.File);
        Assert.Equal(new TextPosition(2, 12), name.Position);
        Assert.Equal("infra/main.tf:2:12", bucket.Locate(name).ToString());
    }

    [Fact]
    public void Evaluate_VariableWithoutValue_IsUnknownWithTheReasonAndNeverPasses()
    {
        var bucket = Only("""
            variable "encrypted" { type = bool }
            resource "aws_s3_bucket" "b" {
              encrypted = var.encrypted
            }
            """);

        var value = Assert.IsType<UnknownValue>(bucket.Property("encrypted"));
        Assert.Equal(UnknownKind.Parameter, value.Kind);
        Assert.Equal("var.encrypted", value.Source);
        Assert.Contains("variable `encrypted`, which has no default", value.Reason, StringComparison.Ordinal);
        Assert.True(bucket.Property("encrypted").IsTrue().IsUnknown);
        Assert.True(bucket.Property("encrypted").IsFalse().IsUnknown);
    }

    [Fact]
    public void Evaluate_VariableValues_FollowTerraformsPrecedence()
    {
        using var module = new TempModule(
            ("main.tf", """
                variable "a" { default = "default" }
                variable "b" { default = "default" }
                variable "c" { default = "default" }
                variable "d" { default = "default" }
                variable "e" { default = "default" }
                resource "aws_s3_bucket" "b" {
                  a = var.a
                  b = var.b
                  c = var.c
                  d = var.d
                  e = var.e
                }
                """),
            ("terraform.tfvars", "b = \"tfvars\"\nc = \"tfvars\"\nd = \"tfvars\"\ne = \"tfvars\"\n"),
            ("a.auto.tfvars", "c = \"a.auto\"\nd = \"a.auto\"\ne = \"a.auto\"\n"),
            ("b.auto.tfvars.json", "{\"d\": \"b.auto\", \"e\": \"b.auto\"}"),
            ("extra.tfvars", "e = \"var-file\"\n"));
        var options = new TerraformOptions { VarFiles = [Path.Combine(module.Root, "extra.tfvars")] };
        var bucket = TempModule.Resource(module.Evaluate(options), "aws_s3_bucket.b");

        Assert.Equal("default", bucket.Property("a").AsString());
        Assert.Equal("tfvars", bucket.Property("b").AsString());
        Assert.Equal("a.auto", bucket.Property("c").AsString());
        Assert.Equal("b.auto", bucket.Property("d").AsString());
        Assert.Equal("var-file", bucket.Property("e").AsString());

        var withVar = TempModule.Resource(module.Evaluate(options with { Variables = new Dictionary<string, string> { ["e"] = "cli" } }), "aws_s3_bucket.b");
        Assert.Equal("cli", withVar.Property("e").AsString());
    }

    [Fact]
    public void Evaluate_VarForACollectionType_IsReadAsAnExpression()
    {
        var options = new TerraformOptions { Variables = new Dictionary<string, string> { ["ports"] = "[22, 443]", ["name"] = "[not a list]" } };
        var bucket = Only("""
            variable "ports" { type = list(number) }
            variable "name" { type = string }
            resource "aws_s3_bucket" "b" {
              ports = var.ports
              name  = var.name
            }
            """, options: options);

        Assert.Equal(["22", "443"], bucket.Items("ports").Select(v => v.AsString()));
        Assert.Equal("[not a list]", bucket.Property("name").AsString());
    }

    [Fact]
    public void Evaluate_OptionalObjectAttributes_TakeTheirDefaults()
    {
        var bucket = Only("""
            variable "settings" {
              type = object({
                versioned = optional(bool, true)
                owner     = optional(string)
                name      = string
              })
              default = { name = "x" }
            }
            resource "aws_s3_bucket" "b" {
              versioned = var.settings.versioned
              owner     = var.settings.owner
              name      = var.settings.name
            }
            """);

        Assert.True(bucket.Property("versioned").IsTrue().IsTrue);
        Assert.False(bucket.Has("owner").IsTrue);
        Assert.Equal("x", bucket.Property("name").AsString());
    }

    [Fact]
    public void Evaluate_LocalsAcrossFilesAndTemplates_AreResolved()
    {
        using var module = new TempModule(
            ("locals.tf", "locals {\n  env  = \"prod\"\n  name = \"app-${local.env}\"\n  tags = merge({ Env = local.env }, { Name = local.name })\n}\n"),
            ("main.tf", "resource \"aws_s3_bucket\" \"b\" {\n  bucket = \"${local.name}-data\"\n  tags   = local.tags\n}\n"));
        var bucket = TempModule.Resource(module.Evaluate(), "aws_s3_bucket.b");

        Assert.Equal("app-prod-data", bucket.Property("bucket").AsString());
        Assert.Equal("app-prod", bucket.Property("tags.Name").AsString());
        Assert.Equal(new TextPosition(3, 12), bucket.Property("tags.Name").Position);
    }

    [Fact]
    public void Evaluate_CycleOfLocals_IsUnknownNotAHang()
    {
        var bucket = Only("""
            locals {
              a = local.b
              b = local.a
            }
            resource "aws_s3_bucket" "b" { bucket = local.a }
            """);

        var value = Assert.IsType<UnknownValue>(bucket.Property("bucket"));
        Assert.Contains("local value `a` refers to itself (a cycle of references)", value.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_Count_GivesIndexedInstancesWithCountIndex()
    {
        var template = TempModule.Evaluate("""
            resource "aws_s3_bucket" "b" {
              count  = 2
              bucket = "logs-${count.index}"
            }
            """);

        Assert.Equal(["aws_s3_bucket.b[0]", "aws_s3_bucket.b[1]"], template.Resources.Select(r => r.LogicalId));
        Assert.Equal("logs-1", template.Resource("aws_s3_bucket.b[1]")!.Property("bucket").AsString());
        Assert.All(template.Resources, r => Assert.True(r.Exists.IsTrue));
    }

    [Fact]
    public void Evaluate_CountZero_ListsTheResourceAsNotCreated()
    {
        var template = TempModule.Evaluate("""
            variable "env" { default = "prod" }
            resource "aws_instance" "debug" {
              count = var.env == "prod" ? 0 : 1
            }
            """);

        var instance = Assert.Single(template.Resources);
        Assert.Equal("aws_instance.debug", instance.LogicalId);
        Assert.True(instance.Exists.IsFalse);
        Assert.Equal("count is 0", instance.Declaration.Condition);
    }

    [Fact]
    public void Evaluate_UnknownCount_IsOneInstanceWhoseExistenceIsUnknown()
    {
        var template = TempModule.Evaluate("""
            variable "replicas" { type = number }
            resource "aws_instance" "web" {
              count = var.replicas
              tags  = { Index = count.index }
            }
            """);

        var instance = Assert.Single(template.Resources);
        Assert.Equal("aws_instance.web", instance.LogicalId);
        Assert.True(instance.Exists.IsUnknown);
        Assert.Contains("variable `replicas`", instance.Exists.Reason, StringComparison.Ordinal);
        Assert.True(instance.Property("tags.Index").Is("0").IsUnknown);
    }

    [Fact]
    public void Evaluate_ForEach_GivesKeyedInstancesWithEachKeyAndValue()
    {
        var template = TempModule.Evaluate("""
            resource "aws_iam_user" "u" {
              for_each = { alice = "admins", bob = "readers" }
              name     = each.key
              path     = "/${each.value}/"
            }
            resource "aws_s3_bucket" "s" {
              for_each = toset(["b", "a"])
              bucket   = each.value
            }
            """);

        Assert.Equal(["aws_iam_user.u[\"alice\"]", "aws_iam_user.u[\"bob\"]", "aws_s3_bucket.s[\"a\"]", "aws_s3_bucket.s[\"b\"]"], template.Resources.Select(r => r.LogicalId));
        Assert.Equal("/readers/", template.Resource("aws_iam_user.u[\"bob\"]")!.Property("path").AsString());
        Assert.Equal("a", template.Resource("aws_s3_bucket.s[\"a\"]")!.Property("bucket").AsString());
    }

    [Fact]
    public void Evaluate_ConditionalOnAnUnknown_KeepsBothBranchesAndAnswersOnlyWhenTheyAgree()
    {
        var bucket = Only("""
            variable "kms" { type = bool }
            resource "aws_s3_bucket" "b" {
              algorithm = var.kms ? "aws:kms" : "AES256"
              logging   = var.kms ? true : true
            }
            """);

        var algorithm = Assert.IsType<AlternativesValue>(bucket.Property("algorithm"));
        Assert.Equal(2, algorithm.Branches.Count);
        var truth = bucket.Property("algorithm").Is("aws:kms");
        Assert.True(truth.IsUnknown);
        Assert.Contains("holds when `var.kms` is true", truth.Reason, StringComparison.Ordinal);
        Assert.Contains("does not hold when `var.kms` is false", truth.Reason, StringComparison.Ordinal);
        Assert.True(bucket.Property("logging").IsTrue().IsTrue);
    }

    [Fact]
    public void Evaluate_ReferenceToAnotherResource_IsItsArgumentWhenConfiguredAndAReferenceOtherwise()
    {
        var template = TempModule.Evaluate("""
            resource "aws_kms_key" "k" {
              description = "data key"
            }
            resource "aws_s3_bucket" "b" {
              key_arn     = aws_kms_key.k.arn
              description = aws_kms_key.k.description
              policy_id   = aws_kms_key.k.policy
              text        = "key ${aws_kms_key.k.id}"
            }
            """);
        var bucket = template.Resource("aws_s3_bucket.b")!;

        var arn = Assert.IsType<ReferenceValue>(bucket.Property("key_arn"));
        Assert.Equal("aws_kms_key.k", arn.LogicalId);
        Assert.Equal("arn", arn.Attribute);
        Assert.Equal("aws_kms_key", arn.TargetType);
        Assert.Same(template.Resource("aws_kms_key.k"), template.Target(bucket.Property("key_arn")));
        Assert.Equal("data key", bucket.Property("description").AsString());
        Assert.IsType<ReferenceValue>(bucket.Property("policy_id"));
        var text = Assert.IsType<TextValue>(bucket.Property("text"));
        Assert.False(text.CouldEqual("*"));
        Assert.Contains(template.ReferencesTo("aws_kms_key.k"), r => r.From == bucket && r.Path == "key_arn");
    }

    [Fact]
    public void Evaluate_ForExpressionWithAnUnknownFilter_KeepsConditionalItems()
    {
        var bucket = Only("""
            variable "open" { type = bool }
            resource "aws_s3_bucket" "b" {
              cidrs = [for c in ["10.0.0.0/8", "0.0.0.0/0"] : c if var.open || c != "0.0.0.0/0"]
              upper = { for k, v in { a = 1, b = 2 } : upper(k) => v * 10 }
              groups = { for n in ["ab", "ac", "bd"] : substr(n, 0, 1) => n... }
            }
            """);

        var items = bucket.Items("cidrs");
        Assert.Equal(2, items.Count);
        Assert.Equal("10.0.0.0/8", items[0].AsString());
        Assert.IsType<AlternativesValue>(items[1]);
        Assert.True(bucket.Property("cidrs").Some(c => c.Is("0.0.0.0/0")).IsUnknown);
        Assert.True(bucket.Property("cidrs").Every(c => c.Is("0.0.0.0/0").Not()).IsUnknown);
        Assert.Equal("20", bucket.Property("upper.B").AsString());
        Assert.Equal(["ab", "ac"], bucket.Items("groups.a").Select(v => v.AsString()));
    }

    [Fact]
    public void Evaluate_NestedBlocks_OneIsAMapSeveralAreAList_DynamicBlocksExpanded()
    {
        var group = Only("""
            locals { ports = [22, 443] }
            resource "aws_security_group" "web" {
              egress {
                from_port = 0
              }
              ingress {
                from_port = 80
              }
              dynamic "ingress" {
                for_each = local.ports
                iterator = p
                content {
                  from_port   = p.value
                  cidr_blocks = ["0.0.0.0/0"]
                }
              }
              lifecycle { create_before_destroy = true }
            }
            """, "aws_security_group.web");

        Assert.IsType<MapValue>(group.Property("egress"));
        Assert.Equal(["80", "22", "443"], group.Items("ingress").Select(i => i.Get("from_port").AsString()));
        Assert.True(group.Property("lifecycle").IsAbsent);
    }

    [Fact]
    public void Evaluate_DynamicBlockOverAnUnknown_MakesTheBlocksUnknown()
    {
        var group = Only("""
            variable "rules" { type = list(any) }
            resource "aws_security_group" "web" {
              dynamic "ingress" {
                for_each = var.rules
                content { from_port = ingress.value }
              }
            }
            """, "aws_security_group.web");

        Assert.True(group.Property("ingress").Some(i => i.Get("from_port").Is("22")).IsUnknown);
    }

    [Fact]
    public void Evaluate_PolicyDocumentDataSource_GivesTheRenderedPolicyToTheRole()
    {
        var template = TempModule.Evaluate("""
            resource "aws_s3_bucket" "b" {}
            data "aws_iam_policy_document" "read" {
              statement {
                sid       = "Read"
                actions   = ["s3:GetObject"]
                resources = ["${aws_s3_bucket.b.arn}/*"]
                principals {
                  type        = "AWS"
                  identifiers = ["*"]
                }
                condition {
                  test     = "Bool"
                  variable = "aws:SecureTransport"
                  values   = ["false"]
                }
              }
            }
            resource "aws_s3_bucket_policy" "p" {
              bucket = aws_s3_bucket.b.id
              policy = data.aws_iam_policy_document.read.json
            }
            """);
        var policy = template.Resource("aws_s3_bucket_policy.p")!.Property("policy");

        Assert.Equal("2012-10-17", policy.Get("Version").AsString());
        var statement = Assert.Single(policy.Get("Statement").Items());
        Assert.Equal("Allow", statement.Get("Effect").AsString());
        Assert.Equal("s3:GetObject", statement.Get("Action").AsString());
        Assert.Equal("*", statement.Get("Principal.AWS").AsString());
        Assert.Equal("false", statement.Get("Condition.Bool.aws:SecureTransport").AsString());
        var resource = Assert.IsType<TextValue>(statement.Get("Resource"));
        Assert.Equal("aws_s3_bucket.b", Assert.IsType<ReferenceValue>(resource.Parts[0]).LogicalId);
        Assert.DoesNotContain(template.Resources, r => r.Type == "aws_iam_policy_document");
    }

    [Fact]
    public void Evaluate_JsonencodePolicy_IsReadAsADocumentWithItsReferences()
    {
        var role = Only("""
            resource "aws_s3_bucket" "b" {}
            resource "aws_iam_role_policy" "p" {
              policy = jsonencode({
                Version = "2012-10-17"
                Statement = [{ Effect = "Allow", Action = "s3:*", Resource = aws_s3_bucket.b.arn }]
              })
            }
            """, "aws_iam_role_policy.p");

        var statement = Assert.Single(role.Property("policy.Statement").Items());
        Assert.True(statement.Get("Action").Is("s3:*").IsTrue);
        Assert.IsType<ReferenceValue>(statement.Get("Resource"));
    }

    [Fact]
    public void Evaluate_PolicyWrittenAsAHeredocOrFile_IsDecodedToo()
    {
        using var module = new TempModule(
            ("policies/admin.json", "{\"Statement\": [{\"Effect\": \"Allow\", \"Action\": \"*\", \"Resource\": \"*\"}]}"),
            ("main.tf", """
                resource "aws_iam_policy" "heredoc" {
                  policy = <<EOT
                {"Statement": {"Effect": "Deny", "Action": "s3:*", "Resource": "*"}}
                EOT
                }
                resource "aws_iam_policy" "file" {
                  policy = file("${path.module}/policies/admin.json")
                }
                resource "aws_iam_policy" "outside" {
                  policy = file("/etc/hostname")
                }
                """));
        var template = module.Evaluate();

        Assert.Equal("Deny", template.Resource("aws_iam_policy.heredoc")!.Property("policy.Statement.Effect").AsString());
        Assert.Equal("*", template.Resource("aws_iam_policy.file")!.Property("policy.Statement").Items()[0].Get("Action").AsString());
        var outside = Assert.IsType<UnknownValue>(template.Resource("aws_iam_policy.outside")!.Property("policy"));
        Assert.Contains("outside the directories of the modules scanned", outside.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_TemplatefileRendersWithItsVariables()
    {
        using var module = new TempModule(
            ("policy.tpl", "{\"Statement\": [%{ for a in actions }{\"Effect\": \"Allow\", \"Action\": \"${a}\"}%{ if a != last }, %{ endif }%{ endfor }]}"),
            ("main.tf", """
                resource "aws_iam_policy" "p" {
                  policy = templatefile("${path.module}/policy.tpl", { actions = ["s3:GetObject", "s3:*"], last = "s3:*" })
                }
                """));
        var policy = TempModule.Resource(module.Evaluate(), "aws_iam_policy.p").Property("policy");

        Assert.Equal(["s3:GetObject", "s3:*"], policy.Get("Statement").Items().Select(s => s.Get("Action").AsString()));
    }

    [Fact]
    public void Evaluate_OtherDataSources_AreUnknownWithTheReason()
    {
        var instance = Only("""
            provider "aws" { region = "eu-west-1" }
            data "aws_ami" "ubuntu" { most_recent = true }
            data "aws_region" "current" {}
            resource "aws_instance" "web" {
              ami    = data.aws_ami.ubuntu.id
              region = data.aws_region.current.name
              recent = data.aws_ami.ubuntu.most_recent
            }
            """, "aws_instance.web");

        var ami = Assert.IsType<UnknownValue>(instance.Property("ami"));
        Assert.Equal("data.aws_ami.ubuntu", ami.Source);
        Assert.Contains("read from the provider when Terraform plans", ami.Reason, StringComparison.Ordinal);
        Assert.Equal("eu-west-1", instance.Property("region").AsString());
        Assert.True(instance.Property("recent").IsTrue().IsTrue);
    }

    [Fact]
    public void Evaluate_LocalModules_AreReadRecursivelyWithModuleAddresses()
    {
        using var module = new TempModule(
            ("main.tf", """
                module "data" {
                  source = "./modules/data"
                  name   = "orders"
                  count  = 2
                }
                resource "aws_iam_role_policy" "p" {
                  policy = jsonencode({ Statement = [{ Effect = "Allow", Action = "s3:GetObject", Resource = module.data[1].bucket_arn }] })
                }
                """),
            ("modules/data/main.tf", """
                variable "name" {}
                module "key" { source = "../key" }
                resource "aws_s3_bucket" "this" {
                  bucket = "${var.name}-bucket"
                  kms    = module.key.arn
                }
                output "bucket_arn" { value = aws_s3_bucket.this.arn }
                """),
            ("modules/key/main.tf", """
                resource "aws_kms_key" "this" { enable_key_rotation = true }
                output "arn" { value = aws_kms_key.this.arn }
                """));
        var template = module.Evaluate();

        Assert.Equal(
            ["aws_iam_role_policy.p", "module.data[0].aws_s3_bucket.this", "module.data[0].module.key.aws_kms_key.this", "module.data[1].aws_s3_bucket.this", "module.data[1].module.key.aws_kms_key.this"],
            template.Resources.Select(r => r.LogicalId).Order(StringComparer.Ordinal));
        var bucket = template.Resource("module.data[1].aws_s3_bucket.this")!;
        Assert.Equal("infra/modules/data/main.tf", bucket.File);
        Assert.Equal("orders-bucket", bucket.Property("bucket").AsString());
        Assert.Equal("module.data[1].module.key.aws_kms_key.this", Assert.IsType<ReferenceValue>(bucket.Property("kms")).LogicalId);
        Assert.Equal("module.data[1]", bucket.Origin.From);
        var resource = template.Resource("aws_iam_role_policy.p")!.Property("policy.Statement.Resource");
        Assert.Equal("module.data[1].aws_s3_bucket.this", Assert.IsType<ReferenceValue>(resource).LogicalId);
    }

    [Fact]
    public void Evaluate_RemoteModule_IsNotReadAndSaysSo()
    {
        using var module = new TempModule(("main.tf", """
            module "vpc" {
              source  = "terraform-aws-modules/vpc/aws"
              version = "5.1.0"
            }
            resource "aws_security_group" "web" { vpc_id = module.vpc.vpc_id }
            """));
        var scan = module.Scan();

        var warning = Assert.Single(scan.Diagnostics, d => d.Rule == TerraformRules.ModuleNotRead);
        Assert.Equal(DiagnosticSeverity.Warning, warning.Severity);
        Assert.Equal("infra/main.tf:1:1", warning.Location.ToString());
        Assert.Contains("terraform-aws-modules/vpc/aws", warning.Message, StringComparison.Ordinal);
        var vpc = Assert.IsType<UnknownValue>(scan.Template!.Resource("aws_security_group.web")!.Property("vpc_id"));
        Assert.Contains("output `vpc_id` of module `module.vpc`, which is not read", vpc.Reason, StringComparison.Ordinal);
        Assert.False(scan.HasErrors);
    }

    [Fact]
    public void Evaluate_DownloadedModule_IsReadFromDotTerraform()
    {
        using var module = new TempModule(
            ("main.tf", "module \"store\" {\n  source = \"example/store/aws\"\n}\n"),
            (".terraform/modules/modules.json", "{\"Modules\":[{\"Key\":\"\",\"Source\":\"\",\"Dir\":\".\"},{\"Key\":\"store\",\"Source\":\"registry.terraform.io/example/store/aws\",\"Dir\":\".terraform/modules/store\"}]}"),
            (".terraform/modules/store/main.tf", "resource \"aws_s3_bucket\" \"this\" { bucket = \"downloaded\" }\n"));
        var scan = module.Scan();

        Assert.DoesNotContain(scan.Diagnostics, d => d.Rule == TerraformRules.ModuleNotRead);
        Assert.Equal("downloaded", scan.Template!.Resource("module.store.aws_s3_bucket.this")!.Property("bucket").AsString());
        Assert.Equal("infra/.terraform/modules/store/main.tf", scan.Template.Resource("module.store.aws_s3_bucket.this")!.File);
    }

    [Fact]
    public void Evaluate_ModuleCallingItself_StopsWithADiagnostic()
    {
        using var module = new TempModule(("main.tf", "module \"again\" {\n  source = \"./\"\n}\nresource \"aws_s3_bucket\" \"b\" {}\n"));
        var scan = module.Scan();

        Assert.Single(scan.Template!.Resources);
        Assert.Contains(scan.Diagnostics, d => d.Rule == TerraformRules.ModuleNotRead && d.Message.Contains("already being read", StringComparison.Ordinal));
    }

    [Fact]
    public void Evaluate_ModulesNestedDeeperThanTheLimit_AreNotRead()
    {
        var files = new List<(string, string)> { ("main.tf", "module \"m\" { source = \"./m1\" }\n") };
        var path = "";
        for (var i = 1; i <= 4; i++)
        {
            path += $"m{i}/";
            files.Add((path + "main.tf", $"resource \"aws_s3_bucket\" \"b{i}\" {{}}\nmodule \"m\" {{ source = \"./m{i + 1}\" }}\n"));
        }

        using var module = new TempModule([.. files]);
        var scan = module.Scan(new TerraformOptions { MaxModuleDepth = 2 });

        Assert.Equal(2, scan.Template!.Resources.Count);
        Assert.Contains(scan.Diagnostics, d => d.Rule == TerraformRules.ModuleNotRead && d.Message.Contains("2 levels deep", StringComparison.Ordinal));
    }

    [Fact]
    public void Evaluate_MissingLocalModule_IsReportedAndTheRestScanned()
    {
        using var module = new TempModule(("main.tf", "module \"gone\" { source = \"./nowhere\" }\nresource \"aws_s3_bucket\" \"b\" {}\n"));
        var scan = module.Scan();

        Assert.Single(scan.Template!.Resources);
        Assert.Contains(scan.Diagnostics, d => d.Rule == TerraformRules.ModuleNotRead && d.Message.Contains("does not exist", StringComparison.Ordinal));
    }

    [Fact]
    public void Evaluate_WaiverComments_BecomeMetadata()
    {
        var bucket = Only("""
            # checkov:skip=CKV_AWS_18:access logs go to the central account
            resource "aws_s3_bucket" "b" {
              # demarc:suppress=DMC-S3-003:versions kept by the backup vault
              bucket = "b"
            }
            """);

        Assert.Equal("DMC-S3-003", bucket.Metadata.Get("demarc.suppress").Items()[0].Get("id").AsString());
        Assert.Equal("versions kept by the backup vault", bucket.Metadata.Get("demarc.suppress").Items()[0].Get("reason").AsString());
        Assert.Equal("CKV_AWS_18", bucket.Metadata.Get("checkov.skip").Items()[0].Get("id").AsString());
    }

    [Fact]
    public void Evaluate_SyntaxErrorInOneFile_TheOtherFilesAreStillEvaluated()
    {
        using var module = new TempModule(
            ("broken.tf", "resource \"aws_s3_bucket\" \"broken\" {\n  bucket = \n}\n"),
            ("main.tf", "resource \"aws_s3_bucket\" \"b\" {}\n"));
        var scan = module.Scan();

        var error = Assert.Single(scan.Diagnostics, d => d.Severity == DiagnosticSeverity.Error);
        Assert.Equal("infra/broken.tf:2:12", error.Location.ToString());
        Assert.Equal("aws_s3_bucket.b", Assert.Single(scan.Template!.Resources).LogicalId);
        Assert.True(scan.HasErrors);
    }

    [Fact]
    public void Evaluate_UndeclaredReferences_AreWarningsAndUnknown()
    {
        using var module = new TempModule(("main.tf", "resource \"aws_s3_bucket\" \"b\" {\n  bucket = var.missing\n  other  = aws_kms_key.nope.arn\n}\n"));
        var scan = module.Scan();

        Assert.Equal(2, scan.Diagnostics.Count(d => d.Rule == TerraformRules.UnresolvedReference));
        Assert.IsType<UnknownValue>(scan.Template!.Resource("aws_s3_bucket.b")!.Property("bucket"));
    }

    [Fact]
    public void Evaluate_StepBudget_StopsWithUnknownsAndADiagnostic()
    {
        using var module = new TempModule(("main.tf", "locals { big = [for i in range(1000) : [for j in range(1000) : i * j]] }\nresource \"aws_s3_bucket\" \"b\" { x = local.big }\n"));
        var scan = module.Scan(new TerraformOptions { MaxSteps = 10_000 });

        Assert.IsType<UnknownValue>(scan.Template!.Resource("aws_s3_bucket.b")!.Property("x"));
        Assert.Contains(scan.Diagnostics, d => d.Rule == TerraformRules.EvaluationLimit);
    }

    [Fact]
    public void Evaluate_CollectionLargerThanTheLimit_IsUnknown()
    {
        var bucket = Only("resource \"aws_s3_bucket\" \"b\" { x = range(1000000000) }\n", options: new TerraformOptions { MaxCollectionItems = 1000 });

        var value = Assert.IsType<UnknownValue>(bucket.Property("x"));
        Assert.Contains("more than the limit of 1,000", value.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_HugeCount_IsLimitedNotExpanded()
    {
        var template = TempModule.Evaluate("resource \"aws_s3_bucket\" \"b\" { count = 1000000000 }\n");

        var only = Assert.Single(template.Resources);
        Assert.True(only.Exists.IsUnknown);
        Assert.Contains(template.Diagnostics, d => d.Rule == TerraformRules.EvaluationLimit);
    }

    [Fact]
    public void Evaluate_LongChainOfLocals_IsBoundedNotAStackOverflow()
    {
        var locals = string.Join("\n", Enumerable.Range(0, 5000).Select(i => $"  l{i} = local.l{i + 1}"));
        var bucket = Only($"locals {{\n{locals}\n  l5000 = \"end\"\n}}\nresource \"aws_s3_bucket\" \"b\" {{ x = local.l0 }}\n");

        Assert.IsType<UnknownValue>(bucket.Property("x"));
    }
}
