using System.Text;
using Demarc.Catalog;
using Demarc.Scanning;

namespace Demarc.Core.Tests.Scanning;

/// <summary>
/// Every file of the shared corpus of real AWS templates (../shared/corpus/aws-cloudformation-templates, about 300
/// files nobody here wrote): templates read with zero errors, non-templates recognised and skipped, nothing crashes.
/// </summary>
public class CorpusTests
{
    private static string CorpusDirectory()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Demarc.slnx")))
        {
            directory = directory.Parent;
        }

        Assert.NotNull(directory);
        var corpus = Path.GetFullPath(Path.Combine(directory.FullName, "..", "shared", "corpus", "aws-cloudformation-templates"));
        Assert.True(Directory.Exists(corpus), $"the corpus is missing at {corpus}");
        return corpus;
    }

    [Fact]
    public void Scan_EveryCorpusFile_TemplatesHaveNoErrorsAndNonTemplatesAreSkipped()
    {
        var corpus = CorpusDirectory();
        var inputs = Directory.EnumerateFiles(corpus, "*", SearchOption.AllDirectories)
            .Order(StringComparer.Ordinal)
            .Select(path => ScanInput.File(Path.GetRelativePath(corpus, path).Replace('\\', '/'), path, isExplicit: false))
            .ToList();

        var files = ScanPipeline.Run(new TemplateScanner(ResponsibilityCatalog.Default), inputs, ScannedFile.From);

        var report = new StringBuilder();
        foreach (var group in files.GroupBy(f => f.Kind))
        {
            report.AppendLine(FormattableString.Invariant($"{group.Key}: {group.Count()} file(s)"));
            foreach (var file in group.Where(f => f.Kind != FileKind.Template || f.HasErrors))
            {
                report.AppendLine($"  {file.Name}: {file.NotTemplateReason}");
                foreach (var error in file.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error))
                {
                    report.AppendLine($"    {error}");
                }
            }
        }

        var summary = report.ToString();
        Assert.True(inputs.Count >= 300, summary);
        Assert.DoesNotContain(files, f => f.Kind == FileKind.Unreadable);
        Assert.DoesNotContain(files, f => f.HasErrors);
        Assert.True(files.Count(f => f.Kind == FileKind.Template) >= 290, summary);

        // What was decided per kind of file, checked on files whose nature is known.
        var kinds = files.ToDictionary(f => f.Name, f => f.Kind);
        Assert.Equal(FileKind.NotTemplate, kinds[".github/workflows/stale.yml"]);
        Assert.Equal(FileKind.NotTemplate, kinds["Solutions/CodeBuildAndCodePipeline/codebuild-app-build.yml"]);
        Assert.Equal(FileKind.NotTemplate, kinds["EKS/manifest.yml"]);
        Assert.Equal(FileKind.NotTemplate, kinds["LICENSE.txt"]);
        Assert.Equal(FileKind.Template, kinds["CloudFormation/fn-foreach-ddb.yaml"]);
        Assert.All(files.Where(f => f.Name.StartsWith("S3/", StringComparison.Ordinal) && !f.Name.EndsWith(".md", StringComparison.Ordinal)), f => Assert.Equal(FileKind.Template, f.Kind));
        Assert.All(files.Where(f => f.Kind == FileKind.NotTemplate), f => Assert.False(string.IsNullOrEmpty(f.NotTemplateReason)));
    }

    [Fact]
    public void Scan_CorpusJsonAndYamlTwins_FindTheSameResources()
    {
        // The corpus holds many templates in both formats: both readers must agree on what they declare.
        var corpus = CorpusDirectory();
        var scanner = new TemplateScanner(ResponsibilityCatalog.Default);
        var pairs = Directory.EnumerateFiles(corpus, "*.yaml", SearchOption.AllDirectories)
            .Select(yaml => (Yaml: yaml, Json: Path.ChangeExtension(yaml, ".json")))
            .Where(p => File.Exists(p.Json))
            .Order()
            .ToList();
        Assert.True(pairs.Count > 100, $"only {pairs.Count} pairs");

        var mismatches = new List<string>();
        foreach (var (yaml, json) in pairs)
        {
            var fromYaml = scanner.Scan(ScanInput.File(yaml, yaml, isExplicit: true));
            var fromJson = scanner.Scan(ScanInput.File(json, json, isExplicit: true));
            var yamlTypes = fromYaml.Resources.Select(r => r.Resource.LogicalId + ":" + r.Resource.Type).ToHashSet(StringComparer.Ordinal);
            var jsonTypes = fromJson.Resources.Select(r => r.Resource.LogicalId + ":" + r.Resource.Type).ToHashSet(StringComparer.Ordinal);
            if (!yamlTypes.SetEquals(jsonTypes))
            {
                mismatches.Add($"{Path.GetRelativePath(corpus, yaml)}: only in YAML [{string.Join(", ", yamlTypes.Except(jsonTypes))}], only in JSON [{string.Join(", ", jsonTypes.Except(yamlTypes))}]");
            }
        }

        // These twins genuinely differ: the YAML moved from launch configurations to launch templates, the JSON did not.
        string[] edited =
        [
            "AutoScaling/AutoScalingRollingUpdates.yaml",
            "AutoScaling/AutoScalingScheduledAction.yaml",
            "ECS/EC2LaunchType/clusters/private-vpc.yaml",
            "ECS/EC2LaunchType/clusters/public-vpc.yaml",
        ];
        var unexpected = mismatches.Where(m => !edited.Any(e => m.StartsWith(e + ":", StringComparison.Ordinal))).ToList();
        Assert.True(unexpected.Count == 0, $"{pairs.Count} pairs\n" + string.Join("\n", unexpected));
    }
}
