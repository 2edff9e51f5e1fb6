using System.Text;
using BenchmarkDotNet.Attributes;
using Demarc.Catalog;
using Demarc.Parsing;
using Demarc.Scanning;
using Demarc.Scanning.Evaluation;
using Demarc.Scanning.Templates;

namespace Demarc.Benchmarks;

/// <summary>
/// The corpus's templates of one format, single-threaded: reading into syntax trees (the reader's throughput),
/// reading and recognising templates, loading and evaluating, and the whole per-file scan with mapping.
/// Divide the corpus bytes (printed by the MB/s column) by the mean for throughput.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(ThroughputConfig))]
public class CorpusBenchmarks
{
    private List<(string Name, byte[] Bytes)> _files = [];
    private List<(string Name, TemplateReadResult Read)> _read = [];
    private TemplateScanner _scanner = null!;

    [Params(TemplateFormat.Json, TemplateFormat.Yaml)]
    public TemplateFormat Format { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _files = Corpus.Templates(Format);
        _read = _files.Select(f => (f.Name, TemplateReader.Read(f.Name, f.Bytes, ParseLimits.Default, isExplicit: true))).ToList();
        _scanner = new TemplateScanner(ResponsibilityCatalog.Default);
    }

    /// <summary>Bytes to syntax trees (JSON: Utf8JsonReader; YAML: decode, YamlDotNet events, short forms).</summary>
    [Benchmark]
    public int Parse()
    {
        var nodes = 0;
        foreach (var (_, bytes) in _files)
        {
            if (Format == TemplateFormat.Json)
            {
                nodes += (int)JsonTreeReader.Read(bytes).Document.Size;
            }
            else
            {
                var root = YamlTreeReader.Read(TextDecoding.DecodeUtf8(bytes, ParseLimits.Default)).Documents[0];
                nodes += (int)ShortForms.Normalize(root).Size;
            }
        }

        return nodes;
    }

    /// <summary>Already-parsed templates: sections, ForEach, SAM, then every parameter, condition and property evaluated.</summary>
    [Benchmark]
    public int Evaluate()
    {
        var resources = 0;
        foreach (var (name, read) in _read)
        {
            var template = TemplateLoader.Load(name, read.Format!.Value, read.Root!, ScanOptions.Default);
            resources += TemplateEvaluator.Evaluate(template).Resources.Count;
        }

        return resources;
    }

    /// <summary>The whole per-file scan: read, recognise, load, evaluate, map to catalog services.</summary>
    [Benchmark]
    public int Scan()
    {
        var resources = 0;
        foreach (var (name, bytes) in _files)
        {
            resources += _scanner.Scan(ScanInput.Bytes(name, bytes), bytes).Resources.Count;
        }

        return resources;
    }
}

/// <summary>The generated template with 10,000 resources and 50 conditions, scanned whole (single-threaded).</summary>
[MemoryDiagnoser]
[Config(typeof(ThroughputConfig))]
public class LargeTemplateBenchmarks
{
    private byte[] _bytes = [];
    private TemplateScanner _scanner = null!;

    [Params(TemplateFormat.Json, TemplateFormat.Yaml)]
    public TemplateFormat Format { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _bytes = Encoding.UTF8.GetBytes(Format == TemplateFormat.Json ? GeneratedTemplate.Json() : GeneratedTemplate.Yaml());
        _scanner = new TemplateScanner(ResponsibilityCatalog.Default);
    }

    [Benchmark]
    public int Scan()
    {
        var scan = _scanner.Scan(ScanInput.Bytes("large", _bytes), _bytes);
        return scan.HasErrors ? throw new InvalidOperationException(string.Join("\n", scan.Diagnostics)) : scan.Resources.Count;
    }

    /// <summary>What <c>demarc scan FILE --format json</c> does after start-up: scan, every check, the assessment, the JSON report.</summary>
    [Benchmark]
    public long ScanAssessWriteJson() => ScanToJson.Run(ScanInput.Bytes("large", _bytes));
}

/// <summary>Scan, checks, assessment and the JSON report of one input, written to a UTF-8 writer that keeps nothing.</summary>
internal static class ScanToJson
{
    private static readonly Demarc.Scanning.Terraform.CombinedScanner Scanner = new(ResponsibilityCatalog.Default);
    private static readonly Demarc.Scanning.Assessment.Assessor Assessor = new(ResponsibilityCatalog.Default, Demarc.Scanning.Terraform.TerraformChecks.Registry);

    public static long Run(ScanInput input)
    {
        var today = new DateOnly(2026, 11, 28);
        var file = Assessor.Analyze(Scanner.Scan(input), today);
        var assessment = Assessor.Assess([file], [], [], [], [], today);
        var report = new Demarc.Scanning.Reporting.ScanReport(assessment, ResponsibilityCatalog.Default, Assessor.Registry, "bench", Demarc.Scanning.Checks.Severity.High);
        using var sink = new StreamWriter(Stream.Null, new UTF8Encoding(false));
        Demarc.Scanning.Reporting.JsonReportWriter.Write(report, sink, ScanContracts.Scan(ResponsibilityCatalog.Default, assessment.Architecture, false));
        return assessment.Obligations.Count;
    }
}
