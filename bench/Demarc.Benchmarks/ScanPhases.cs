using System.Globalization;
using System.Text;
using Demarc.Catalog;
using Demarc.Cli.Commands;
using Demarc.Cli.Output;
using Demarc.Scanning;
using Demarc.Scanning.Assessment;
using Demarc.Scanning.Reporting;
using Demarc.Scanning.Terraform;

namespace Demarc.Benchmarks;

/// <summary>
/// <c>scan-phases FILE [runs]</c>: CPU time of each phase of <c>demarc scan FILE</c> in one process, the way the command
/// runs them (a template, a Terraform plan or a module directory): read + evaluate + map, run the checks, assess
/// (obligations, findings), build the report, then write it in each format (to a UTF-8 writer that discards the
/// bytes). Prints the first run (which includes JIT compilation, as a fresh process pays it) and the best of the rest,
/// with the bytes allocated and the garbage collections of the first run. Not a substitute for BenchmarkDotNet.
/// </summary>
internal static class ScanPhases
{
    private static readonly string[] Formats = ["table", "json", "sarif", "html", "markdown", "csv"];

    public static int Run(string path, int runs)
    {
        var catalog = ResponsibilityCatalog.Default;
        var registry = TerraformChecks.Registry;
        var today = new DateOnly(2026, 11, 28);
        var input = Directory.Exists(path) ? ScanInput.File(path, path, true) : ScanInput.Bytes(Path.GetFileName(path), File.ReadAllBytes(path));
        var names = new List<string> { "scan", "checks", "assess", "report" };
        names.AddRange(Formats.Select(f => "write " + f));
        var first = new double[names.Count];
        var firstAllocated = new long[names.Count];
        var best = Enumerable.Repeat(double.MaxValue, names.Count).ToArray();
        long firstBytes = 0;
        int firstGcs = 0, resources = 0, obligations = 0;
        var outputBytes = new long[Formats.Length];
        // DEMARC_ALLOC_TYPES=checks|assess: the types the checks (or the assessment) allocate, sampled in the last run.
        var profiled = Environment.GetEnvironmentVariable("DEMARC_ALLOC_TYPES");
        using var allocations = profiled is "checks" or "assess" ? new AllocationTypes() : null;
        for (var run = 0; run < runs; run++)
        {
            GC.Collect();
            var allocated = GC.GetTotalAllocatedBytes(precise: true);
            var gcs = GC.CollectionCount(0);
            var times = new double[names.Count];
            var bytes = new long[names.Count];
            var before = GC.GetTotalAllocatedBytes(precise: true);
            var clock = new CpuClock();
            var last = 0.0;
            void Mark(int phase)
            {
                var now = clock.Elapsed.TotalMilliseconds;
                times[phase] = now - last;
                last = now;
                var allocatedNow = GC.GetTotalAllocatedBytes(precise: true);
                bytes[phase] = allocatedNow - before;
                before = allocatedNow;
            }

            var scanner = new CombinedScanner(catalog);
            var assessor = new Assessor(catalog, registry);
            var scan = scanner.Scan(input);
            Mark(0);
            var profile = run == runs - 1 ? allocations : null;
            if (profiled == "checks")
            {
                profile?.Start();
            }

            var file = assessor.Analyze(scan, today);
            profile?.Stop();
            Mark(1);
            if (profiled == "assess")
            {
                profile?.Start();
            }

            var assessment = assessor.Assess([file], [], [], [], [], today);
            profile?.Stop();
            Mark(2);
            var report = new ScanReport(assessment, catalog, registry, "bench", Demarc.Scanning.Checks.Severity.High);
            Mark(3);
            for (var f = 0; f < Formats.Length; f++)
            {
                var counter = new CountingStream();
                using (var writer = new StreamWriter(counter, new UTF8Encoding(false), 4096, leaveOpen: true))
                {
                    Write(Formats[f], report, catalog, writer);
                }

                outputBytes[f] = counter.Length;
                Mark(4 + f);
            }

            resources = scan.Resources.Count;
            obligations = assessment.Obligations.Count;
            for (var i = 0; i < names.Count; i++)
            {
                if (run == 0)
                {
                    first[i] = times[i];
                    firstAllocated[i] = bytes[i];
                }
                else
                {
                    best[i] = Math.Min(best[i], times[i]);
                }
            }

            if (run == 0)
            {
                firstBytes = GC.GetTotalAllocatedBytes(precise: true) - allocated;
                firstGcs = GC.CollectionCount(0) - gcs;
            }
        }

        Console.WriteLine($"{path}: {resources} resources, {obligations} obligations; CPU ms, first run (with JIT) / best of the other {runs - 1}; MB allocated:");
        for (var i = 0; i < names.Count; i++)
        {
            var size = i >= 4 ? $"  ({outputBytes[i - 4] / 1e6:0.0} MB)" : "";
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {names[i],-15} {first[i],8:0.0} {(runs > 1 ? best[i] : double.NaN),8:0.0} {firstAllocated[i] / 1e6,8:0}{size}"));
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  scan to JSON    {first[..4].Sum() + first[5],8:0.0} {(runs > 1 ? best[..4].Sum() + best[5] : double.NaN),8:0.0}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  first run: {firstBytes / 1e6:0} MB allocated, {firstGcs} garbage collections"));
        allocations?.Print(30);
        return 0;
    }

    /// <summary>What <c>demarc scan --format FORMAT</c> writes (the table as on a pipe).</summary>
    internal static void Write(string format, ScanReport report, ResponsibilityCatalog catalog, TextWriter writer)
    {
        var architecture = report.Assessment.Architecture;
        switch (format)
        {
            case "json":
                JsonReportWriter.Write(report, writer, ScanContracts.Scan(catalog, architecture, false));
                break;
            case "sarif":
                SarifReportWriter.Write(report, writer);
                break;
            case "html":
                HtmlReportWriter.Write(report, writer);
                break;
            case "csv":
                CsvReportWriter.Write(report, writer);
                break;
            case "markdown":
                MarkdownWriter.Write(ScanReportDocument.Render(report, ScanCommand.Render(catalog, architecture, false)), writer);
                break;
            default:
                PlainWriter.Write(ScanReportDocument.Render(report, ScanCommand.Render(catalog, architecture, false)), writer);
                break;
        }
    }

    /// <summary>A stream that counts the bytes written to it and keeps none.</summary>
    private sealed class CountingStream : Stream
    {
        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => Position;

        public override long Position { get; set; }

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => Position += count;

        public override void Write(ReadOnlySpan<byte> buffer) => Position += buffer.Length;
    }
}

/// <summary>
/// <c>check-costs FILE [runs]</c>: for each check, the CPU time (best of the runs) and the bytes allocated to run it on
/// every resource of one file: where the checks phase of <see cref="ScanPhases"/> goes.
/// </summary>
internal static class CheckCosts
{
    public static int Run(string path, int runs)
    {
        var catalog = ResponsibilityCatalog.Default;
        var registry = TerraformChecks.Registry;
        var today = new DateOnly(2026, 11, 28);
        var input = Directory.Exists(path) ? ScanInput.File(path, path, true) : ScanInput.Bytes(Path.GetFileName(path), File.ReadAllBytes(path));
        var scan = new CombinedScanner(catalog).Scan(input);
        var template = scan.Template ?? throw new InvalidOperationException("not a template");
        var rows = new List<(string Id, int Resources, double Ms, long Bytes)>();
        foreach (var check in registry.Checks)
        {
            var resources = template.Resources.Where(r => registry.ForType(r.Type).Contains(check)).ToList();
            if (resources.Count == 0)
            {
                continue;
            }

            var best = double.MaxValue;
            long bytes = 0;
            for (var run = 0; run < runs; run++)
            {
                var before = GC.GetAllocatedBytesForCurrentThread();
                var clock = System.Diagnostics.Stopwatch.StartNew();
                foreach (var resource in resources)
                {
                    check.Run(template, resource, today);
                }

                best = Math.Min(best, clock.Elapsed.TotalMilliseconds);
                bytes = GC.GetAllocatedBytesForCurrentThread() - before;
            }

            rows.Add((check.Definition.Id, resources.Count, best, bytes));
        }

        foreach (var (id, count, ms, bytes) in rows.OrderByDescending(r => r.Ms))
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{id,-14} {count,6} resources {ms,8:0.0} ms {bytes / 1e6,8:0.0} MB"));
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"total {rows.Sum(r => r.Ms):0.0} ms, {rows.Sum(r => r.Bytes) / 1e6:0.0} MB (wall time of the best run, not CPU: run on a quiet machine)"));
        return 0;
    }
}
