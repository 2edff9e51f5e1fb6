using System.Globalization;
using System.Text;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using Demarc.Catalog;
using Demarc.Parsing.Hcl;
using Demarc.Scanning;
using Demarc.Scanning.Checks;
using Demarc.Scanning.Terraform;

namespace Demarc.Benchmarks;

/// <summary>
/// Synthetic Terraform inputs of a chosen size: a module of <c>.tf</c> text (variables, locals, templates, dynamic
/// blocks, jsonencode and heredoc policies, settings resources, for_each) and the JSON of a plan (resource_changes
/// with after_unknown, configuration references, a child module), both shaped like real AWS configurations.
/// </summary>
public static class TerraformWorkload
{
    /// <summary>A module of about <paramref name="units"/> × 6 resources, as one .tf text.</summary>
    public static string Module(int units)
    {
        var b = new StringBuilder();
        b.Append("""
            # A synthetic application stack, repeated.
            terraform {
              required_providers {
                aws = { source = "hashicorp/aws", version = "~> 5.0" }
              }
            }

            provider "aws" {
              region = "eu-west-1"
            }

            variable "env" {
              type    = string
              default = "prod"
            }

            variable "kms" {
              type = bool
            }

            locals {
              common_tags = { Owner = "platform", CostCenter = "1234", Env = var.env }
              ports       = [80, 443]
            }

            """);
        for (var i = 0; i < units; i++)
        {
            b.Append(Inv($$"""
                locals {
                  name_{{i}} = "app-${var.env}-{{i}}"
                  tags_{{i}} = merge(local.common_tags, { Name = local.name_{{i}}, Index = "{{i}}" })
                }

                resource "aws_s3_bucket" "data_{{i}}" {
                  bucket = "${local.name_{{i}}}-data"
                  tags   = local.tags_{{i}}
                }

                resource "aws_s3_bucket_versioning" "data_{{i}}" {
                  bucket = aws_s3_bucket.data_{{i}}.id
                  versioning_configuration {
                    status = var.env == "prod" ? "Enabled" : "Suspended"
                  }
                }

                resource "aws_s3_bucket_server_side_encryption_configuration" "data_{{i}}" {
                  bucket = aws_s3_bucket.data_{{i}}.bucket
                  rule {
                    apply_server_side_encryption_by_default {
                      sse_algorithm = var.kms ? "aws:kms" : "AES256"
                    }
                  }
                }

                resource "aws_security_group" "web_{{i}}" {
                  name = "web-{{i}}"
                  tags = local.tags_{{i}}
                  dynamic "ingress" {
                    for_each = local.ports
                    content {
                      from_port   = ingress.value
                      to_port     = ingress.value
                      protocol    = "tcp"
                      cidr_blocks = ["0.0.0.0/0"]
                    }
                  }
                }

                resource "aws_iam_role_policy" "app_{{i}}" {
                  name = "app-{{i}}"
                  policy = jsonencode({
                    Version = "2012-10-17"
                    Statement = [{
                      Effect   = "Allow"
                      Action   = ["s3:GetObject", "s3:PutObject"]
                      Resource = ["${aws_s3_bucket.data_{{i}}.arn}/*"]
                    }]
                  })
                }

                # checkov:skip=CKV_AWS_158:the group holds no sensitive logs
                resource "aws_cloudwatch_log_group" "app_{{i}}" {
                  name              = "/app/${local.name_{{i}}}"
                  retention_in_days = {{(i % 3 == 0 ? 0 : 30)}}
                  tags              = { for k, v in local.tags_{{i}} : lower(k) => v }
                }


                """));
        }

        return b.ToString();
    }

    /// <summary>The JSON of a plan with <paramref name="resources"/> resource changes (a fifth of them in a child module).</summary>
    public static string Plan(int resources)
    {
        var changes = new StringBuilder();
        var configuration = new StringBuilder();
        var child = new StringBuilder();
        for (var i = 0; i < resources; i++)
        {
            var unit = i / 5;
            var inModule = unit % 5 == 4;
            var prefix = inModule ? "module.shared." : "";
            var (type, name, after, unknown, expressions) = (i % 5) switch
            {
                0 => ("aws_s3_bucket", Inv($"data_{unit}"), Inv($$$"""{"bucket": "app-{{{unit}}}-data", "force_destroy": false, "tags": {"Owner": "platform", "Index": "{{{unit}}}"}, "timeouts": null}"""),
                    """{"arn": true, "bucket_domain_name": true, "id": true, "server_side_encryption_configuration": true, "tags": {}, "tags_all": true, "versioning": true}""",
                    Inv($$$"""{"bucket": {"constant_value": "app-{{{unit}}}-data"}}""")),
                1 => ("aws_s3_bucket_versioning", Inv($"data_{unit}"), """{"expected_bucket_owner": null, "versioning_configuration": [{"mfa_delete": null, "status": "Enabled"}]}""",
                    """{"bucket": true, "id": true, "versioning_configuration": [{}]}""",
                    Inv($$$"""{"bucket": {"references": ["aws_s3_bucket.data_{{{unit}}}.id", "aws_s3_bucket.data_{{{unit}}}"]}}""")),
                2 => ("aws_security_group", Inv($"web_{unit}"), Inv($$$"""{"description": "web {{{unit}}}", "name": "web-{{{unit}}}", "ingress": [{"cidr_blocks": ["0.0.0.0/0"], "description": "", "from_port": 443, "ipv6_cidr_blocks": [], "prefix_list_ids": [], "protocol": "tcp", "security_groups": [], "self": false, "to_port": 443}], "revoke_rules_on_delete": false}"""),
                    """{"arn": true, "egress": true, "id": true, "ingress": [{"cidr_blocks": [false], "ipv6_cidr_blocks": [], "prefix_list_ids": [], "security_groups": []}], "owner_id": true, "tags_all": true, "vpc_id": true}""",
                    "{}"),
                3 => ("aws_db_instance", Inv($"db_{unit}"), """{"allocated_storage": 20, "engine": "postgres", "instance_class": "db.t3.micro", "publicly_accessible": false, "storage_encrypted": true, "backup_retention_period": 7, "password": "generated-by-random", "multi_az": false}""",
                    """{"arn": true, "endpoint": true, "id": true, "kms_key_id": true, "vpc_security_group_ids": true}""",
                    Inv($$$"""{"vpc_security_group_ids": {"references": ["aws_security_group.web_{{{unit}}}.id", "aws_security_group.web_{{{unit}}}"]}}""")),
                _ => ("aws_iam_role_policy", Inv($"app_{unit}"), Inv($$$"""{"name": "app-{{{unit}}}", "policy": "{\"Statement\":[{\"Action\":[\"s3:GetObject\",\"s3:PutObject\"],\"Effect\":\"Allow\",\"Resource\":[\"arn:aws:s3:::app-{{{unit}}}-data/*\"]}],\"Version\":\"2012-10-17\"}"}"""),
                    """{"id": true, "role": true}""",
                    "{}"),
            };
            if (changes.Length > 0)
            {
                changes.Append(",\n");
            }

            changes.Append(Inv($$$"""    {"address": "{{{prefix}}}{{{type}}}.{{{name}}}", {{{(inModule ? "\"module_address\": \"module.shared\", " : "")}}}"mode": "managed", "type": "{{{type}}}", "name": "{{{name}}}", "provider_name": "registry.terraform.io/hashicorp/aws", "change": {"actions": ["create"], "before": null, "after": {{{after}}}, "after_unknown": {{{unknown}}}, "before_sensitive": false, "after_sensitive": {} } }"""));
            var target = inModule ? child : configuration;
            if (target.Length > 0)
            {
                target.Append(",\n");
            }

            target.Append(Inv($$$"""      {"address": "{{{type}}}.{{{name}}}", "mode": "managed", "type": "{{{type}}}", "name": "{{{name}}}", "provider_config_key": "aws", "expressions": {{{expressions}}}, "schema_version": 0}"""));
        }

        return Inv($$$"""
            {
              "format_version": "1.2",
              "terraform_version": "1.9.5",
              "variables": {"env": {"value": "prod"}},
              "planned_values": {"root_module": {}},
              "resource_changes": [
            {{{changes}}}
              ],
              "configuration": {
                "provider_config": {"aws": {"name": "aws", "full_name": "registry.terraform.io/hashicorp/aws", "expressions": {"region": {"constant_value": "eu-west-1"} } } },
                "root_module": {
                  "resources": [
            {{{configuration}}}
                  ],
                  "module_calls": {"shared": {"source": "./modules/shared", "module": {"resources": [
            {{{child}}}
                  ]} } }
                }
              },
              "complete": true
            }

            """);
    }

    private static string Inv(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}

/// <summary>
/// Terraform, single-threaded: the HCL parser alone, a whole module directory scanned (read, parse, evaluate, link
/// settings, map), a plan scanned (read, link, map), and a plan scanned and checked with every check. The MB/s column
/// divides the input bytes by the median.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(TerraformThroughputConfig))]
public class TerraformBenchmarks
{
    private string _directory = "";
    private byte[] _moduleBytes = [];
    private byte[] _planBytes = [];
    private TerraformScanner _scanner = null!;
    private CheckRegistry _registry = null!;

    /// <summary>Units of the generated module (6 resources each) and hundreds of plan resources.</summary>
    [Params(1000)]
    public int Size { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _moduleBytes = Encoding.UTF8.GetBytes(TerraformWorkload.Module(Size));
        _planBytes = Encoding.UTF8.GetBytes(TerraformWorkload.Plan(Size * 10));
        _directory = Path.Combine(Path.GetTempPath(), "demarc-bench-tf-" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
        Directory.CreateDirectory(_directory);
        File.WriteAllBytes(Path.Combine(_directory, "main.tf"), _moduleBytes);
        _scanner = new TerraformScanner(ResponsibilityCatalog.Default, ScanOptions.Default, new TerraformOptions { Variables = new Dictionary<string, string> { ["kms"] = "true" } });
        _registry = TerraformChecks.Registry;
    }

    [GlobalCleanup]
    public void Cleanup() => Directory.Delete(_directory, recursive: true);

    /// <summary>Bytes of .tf to syntax trees.</summary>
    [Benchmark]
    public int ParseHcl() => HclParser.Parse("main.tf", _moduleBytes).Body.Blocks.Count;

    /// <summary>A module directory: read, parse, evaluate every resource, link settings, map to services.</summary>
    [Benchmark]
    public int ScanModule() => Checked(_scanner.Scan(ScanInput.File("infra", _directory, true))).Resources.Count;

    /// <summary>Plan JSON: read, resolve unknowns through the configuration, link settings, map to services.</summary>
    [Benchmark]
    public int ScanPlan() => Checked(_scanner.Scan(ScanInput.Bytes("plan.json", _planBytes))).Resources.Count;

    /// <summary>Plan JSON scanned, then every check run on every resource.</summary>
    [Benchmark]
    public int ScanAndCheckPlan()
    {
        var scan = Checked(_scanner.Scan(ScanInput.Bytes("plan.json", _planBytes)));
        var results = 0;
        foreach (var resource in scan.Template!.Resources)
        {
            foreach (var check in _registry.ForType(resource.Type))
            {
                results += (int)check.Run(scan.Template, resource, new DateOnly(2026, 11, 27)).Outcome;
            }
        }

        return results;
    }

    /// <summary>What <c>demarc scan plan.json --format json</c> does after start-up: scan, every check, the assessment, the JSON report.</summary>
    [Benchmark]
    public long ScanAssessWriteJsonPlan() => ScanToJson.Run(ScanInput.Bytes("plan.json", _planBytes));

    private static FileScan Checked(FileScan scan) =>
        scan.HasErrors ? throw new InvalidOperationException(string.Join("\n", scan.Diagnostics)) : scan;
}

/// <summary>Adds an "MB/s" column to <see cref="TerraformBenchmarks"/>: the benchmark's input bytes divided by its median.</summary>
public sealed class TerraformThroughputConfig : ManualConfig
{
    public TerraformThroughputConfig() => AddColumn(new Column());

    private sealed class Column : IColumn
    {
        public string Id => "TerraformThroughput";

        public string ColumnName => "MB/s";

        public bool AlwaysShow => true;

        public ColumnCategory Category => ColumnCategory.Custom;

        public int PriorityInCategory => 0;

        public bool IsNumeric => true;

        public UnitType UnitType => UnitType.Dimensionless;

        public string Legend => "Input megabytes (10^6 bytes) per second, single-threaded";

        public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

        public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
        {
            if (summary[benchmarkCase]?.ResultStatistics is not { } statistics || benchmarkCase.Parameters["Size"] is not int size)
            {
                return "-";
            }

            var bytes = benchmarkCase.Descriptor.WorkloadMethod.Name.Contains("Plan", StringComparison.Ordinal)
                ? Encoding.UTF8.GetByteCount(TerraformWorkload.Plan(size * 10))
                : Encoding.UTF8.GetByteCount(TerraformWorkload.Module(size));
            var seconds = statistics.Median / 1e9;
            return (bytes / 1e6 / seconds).ToString("0.0", CultureInfo.InvariantCulture) + $" ({bytes / 1e6:0.00} MB)";
        }

        public bool IsAvailable(Summary summary) => true;

        public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
    }
}
