using System.Text;
using Demarc.Catalog;
using Demarc.Parsing;
using Demarc.Scanning;
using Demarc.Scanning.Mapping;

namespace Demarc.Core.Tests.Scanning;

public sealed class TemplateScannerTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("demarc-scan-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private string Write(string relative, string text)
    {
        var path = Path.Combine(_directory, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        return path;
    }

    private static TemplateScanner Scanner(ScanOptions? options = null) => new(ResponsibilityCatalog.Default, options);

    [Fact]
    public void Scan_Template_EvaluatesAndMapsEveryResource()
    {
        var path = Write("stack.yaml", "Resources:\n  B: {Type: AWS::S3::Bucket}\n  C: {Type: Custom::Thing}\n");

        var scan = Scanner().Scan(ScanInput.File("stack.yaml", path, isExplicit: true));

        Assert.Equal(FileKind.Template, scan.Kind);
        Assert.False(scan.HasErrors);
        Assert.Equal(["s3", null], scan.Resources.Select(r => r.Service?.Id));
        Assert.Equal(VariantStatus.Unclassified, scan.Resources[1].Status);
        Assert.Equal("stack.yaml:2:3", scan.Resources[0].Resource.Location.ToString());
    }

    [Fact]
    public void Scan_FileLargerThanTheLimit_IsAnErrorWithoutReadingIt()
    {
        var path = Write("big.json", "{\"Resources\": {}, \"Description\": \"" + new string('x', 3000) + "\"}");

        var scan = Scanner(new ScanOptions { Limits = new ParseLimits { MaxBytes = 1024 } }).Scan(ScanInput.File("big.json", path, isExplicit: false));

        Assert.Equal(FileKind.Unreadable, scan.Kind);
        var error = Assert.Single(scan.Diagnostics);
        Assert.Equal(ScanRules.TooLarge, error.Rule);
        Assert.Contains("--max-file-size", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Scan_MissingFile_IsAnIoError()
    {
        var scan = Scanner().Scan(ScanInput.File("gone.yaml", Path.Combine(_directory, "gone.yaml"), isExplicit: true));

        Assert.Equal(FileKind.Unreadable, scan.Kind);
        Assert.Equal(ScanRules.Io, Assert.Single(scan.Diagnostics).Rule);
    }

    [Fact]
    public void Scan_ParameterOverrides_ReachTheEvaluator()
    {
        var input = ScanInput.Bytes("-", Encoding.UTF8.GetBytes("Parameters:\n  E: {Type: String}\nResources:\n  F: {Type: AWS::Lambda::Function, Properties: {Runtime: !Ref E}}\n"));

        var scan = Scanner(new ScanOptions { Parameters = new Dictionary<string, string> { ["E"] = "python3.13" } }).Scan(input);

        Assert.Equal("python3.13", scan.Template!.Resource("F")!.Property("Runtime").AsString());
    }

    [Fact]
    public void Discover_Directory_FindsTemplateFilesInOrderSkippingHiddenAndNodeModules()
    {
        Write("b/stack.yaml", "x");
        Write("a/one.json", "x");
        Write("a/two.template", "x");
        Write("a/notes.txt", "x");
        Write(".git/config.yaml", "x");
        Write(".aws-sam/build/template.yaml", "x");
        Write("node_modules/pkg/package.json", "x");
        Write("c/UPPER.YML", "x");

        var discovery = ScanInputs.Discover([_directory]);

        Assert.Empty(discovery.Errors);
        Assert.Equal(["a/one.json", "a/two.template", "b/stack.yaml", "c/UPPER.YML"], discovery.Inputs.Select(i => Path.GetRelativePath(_directory, i.Path!).Replace('\\', '/')));
        Assert.All(discovery.Inputs, i => Assert.False(i.Explicit));
        Assert.All(discovery.Inputs, i => Assert.StartsWith(_directory.Replace('\\', '/'), i.Name, StringComparison.Ordinal));
    }

    [Fact]
    public void Discover_NamedFileAndMissingPath()
    {
        var file = Write("x.txt", "x");

        var discovery = ScanInputs.Discover([file, Path.Combine(_directory, "missing"), file]);

        var input = Assert.Single(discovery.Inputs);
        Assert.True(input.Explicit);
        var error = Assert.Single(discovery.Errors);
        Assert.Equal("no such file or directory", error.Message);
    }

    [Fact]
    public void Run_ManyFiles_KeepsInputOrderAndReportsProgress()
    {
        var inputs = Enumerable.Range(0, 40)
            .Select(i => ScanInput.Bytes($"f{i}", Encoding.UTF8.GetBytes(i % 3 == 0 ? "not: a template\n" : $"Resources:\n  Q{i}: {{Type: AWS::SQS::Queue}}\n")))
            .ToList();
        var reports = new List<int>();
        var progress = new SynchronousProgress(reports);

        var results = ScanPipeline.Run(Scanner(new ScanOptions { MaxParallelism = 4 }), inputs, ScannedFile.From, progress);

        Assert.Equal(inputs.Select(i => i.Name), results.Select(r => r.Name));
        Assert.Equal(inputs.Select((_, i) => i % 3 == 0 ? FileKind.NotTemplate : FileKind.Template), results.Select(r => r.Kind));
        Assert.Equal(40, reports.Count);
        Assert.Equal(40, reports.Max());
    }

    [Fact]
    public void Architecture_GroupsByServiceAndListsUnclassified()
    {
        var inputs = new[]
        {
            ScanInput.Bytes("a.yaml", Encoding.UTF8.GetBytes("Resources:\n  Q: {Type: AWS::SQS::Queue}\n  B: {Type: AWS::S3::Bucket}\n  X: {Type: Custom::X}\n")),
            ScanInput.Bytes("b.yaml", Encoding.UTF8.GetBytes("Resources:\n  B2: {Type: AWS::S3::Bucket}\n")),
            ScanInput.Bytes("c.yaml", Encoding.UTF8.GetBytes("Resources: [")),
        };

        var files = ScanPipeline.Run(Scanner(), inputs, ScannedFile.From);
        var architecture = Architecture.Build(ResponsibilityCatalog.Default, files);

        var s3 = Assert.Single(architecture.Services, s => s.Subject.Id == "s3");
        Assert.Equal(["B", "B2"], s3.Resources.Select(r => r.LogicalId));
        Assert.Equal("Custom::X", Assert.Single(architecture.Unclassified).Type);
        Assert.True(architecture.HasErrors);
        Assert.Equal("c.yaml", Assert.Single(architecture.Diagnostics, d => d.Severity == DiagnosticSeverity.Error).Location.File);

        // Services come in catalog order, whatever the order in the templates.
        var order = ResponsibilityCatalog.Default.Subjects.Select(s => s.Id).ToList();
        Assert.Equal(architecture.Services.Select(s => order.IndexOf(s.Subject.Id)).Order(), architecture.Services.Select(s => order.IndexOf(s.Subject.Id)));
    }

    private sealed class SynchronousProgress(List<int> reports) : IProgress<int>
    {
        public void Report(int value)
        {
            lock (reports)
            {
                reports.Add(value);
            }
        }
    }
}
