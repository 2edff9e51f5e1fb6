using BenchmarkDotNet.Attributes;
using Demarc.Catalog;
using Demarc.Scanning;
using Demarc.Scanning.Assessment;
using Demarc.Scanning.Checks;
using Demarc.Scanning.Reporting;

namespace Demarc.Benchmarks;

/// <summary>
/// The back half of a scan on the real templates of ../shared/corpus/aws-cloudformation-templates (read and evaluated
/// once in setup): running every check on every resource, building the assessment, and writing each format.
/// Run: dotnet run -c Release --project bench/Demarc.Benchmarks -- --filter '*CheckBenchmarks*'
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
public class CheckBenchmarks
{
    private static readonly DateOnly Today = new(2026, 6, 1);
    private List<FileScan> _scans = [];
    private List<FileAssessment> _files = [];
    private Assessor _assessor = null!;
    private ScanReport _report = null!;

    [GlobalSetup]
    public void Setup()
    {
        var catalog = ResponsibilityCatalog.Default;
        var registry = CheckRegistry.Default;
        _assessor = new Assessor(catalog, registry);
        var scanner = new TemplateScanner(catalog);
        var inputs = ScanInputs.Discover([Corpus()]).Inputs;
        _scans = [.. inputs.Select(scanner.Scan).Where(s => s.Template is not null)];
        _files = [.. _scans.Select(s => _assessor.Analyze(s, Today))];
        _report = new ScanReport(_assessor.Assess(_files, [], [], [], [], Today), catalog, registry, "bench", Severity.High);
        Console.WriteLine($"// corpus: {_scans.Count} templates, {_scans.Sum(s => s.Resources.Count)} resources, {_files.Sum(f => f.Results.Count)} check results, {_report.Assessment.Obligations.Count} obligations");
    }

    /// <summary>Every check on every resource of the corpus (and the waivers in their metadata).</summary>
    [Benchmark]
    public int RunChecks()
    {
        var results = 0;
        foreach (var scan in _scans)
        {
            results += _assessor.Analyze(scan, Today).Results.Count;
        }

        return results;
    }

    /// <summary>Obligations, findings, waivers and totals from the check results.</summary>
    [Benchmark]
    public int Assess() => _assessor.Assess(_files, [], [], [], [], Today).Obligations.Count;

    [Benchmark]
    public long WriteJson() => Write((report, output) => JsonReportWriter.Write(report, output));

    [Benchmark]
    public long WriteSarif() => Write(SarifReportWriter.Write);

    [Benchmark]
    public long WriteJUnit() => Write(JUnitReportWriter.Write);

    [Benchmark]
    public long WriteCsv() => Write(CsvReportWriter.Write);

    [Benchmark]
    public long WriteHtml() => Write(HtmlReportWriter.Write);

    private long Write(Action<ScanReport, TextWriter> writer)
    {
        using var output = new CountingWriter();
        writer(_report, output);
        return output.Count;
    }

    private static string Corpus()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !Directory.Exists(Path.Combine(directory.FullName, "..", "shared", "corpus", "aws-cloudformation-templates")))
        {
            directory = directory.Parent;
        }

        return directory is null
            ? throw new InvalidOperationException("cannot find ../shared/corpus/aws-cloudformation-templates above " + AppContext.BaseDirectory)
            : Path.GetFullPath(Path.Combine(directory.FullName, "..", "shared", "corpus", "aws-cloudformation-templates"));
    }

    // Counts characters instead of keeping them: the benchmark measures the writer, not a growing buffer.
    private sealed class CountingWriter : TextWriter
    {
        public long Count { get; private set; }

        public override System.Text.Encoding Encoding => System.Text.Encoding.UTF8;

        public override void Write(char value) => Count++;

        public override void Write(string? value) => Count += value?.Length ?? 0;

        public override void Write(char[] buffer, int index, int count) => Count += count;
    }
}
