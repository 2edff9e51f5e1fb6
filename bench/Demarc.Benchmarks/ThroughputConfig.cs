using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using Demarc.Scanning.Templates;

namespace Demarc.Benchmarks;

/// <summary>Adds an "MB/s" column: the input bytes of the case divided by its mean time.</summary>
public sealed class ThroughputConfig : ManualConfig
{
    public ThroughputConfig() => AddColumn(new ThroughputColumn());

    // The benchmarks run in a child process; the host computes the same byte counts itself.
    public static long Bytes(string benchmark, TemplateFormat format) => benchmark switch
    {
        nameof(LargeTemplateBenchmarks) => System.Text.Encoding.UTF8.GetByteCount(format == TemplateFormat.Json ? GeneratedTemplate.Json() : GeneratedTemplate.Yaml()),
        _ => Corpus.Templates(format).Sum(f => (long)f.Bytes.Length),
    };

    private sealed class ThroughputColumn : IColumn
    {
        private readonly Dictionary<(string, TemplateFormat), long> _bytes = [];

        public string Id => "Throughput";

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
            var report = summary[benchmarkCase];
            if (report?.ResultStatistics is not { } statistics || benchmarkCase.Parameters["Format"] is not TemplateFormat format)
            {
                return "-";
            }

            var key = (benchmarkCase.Descriptor.Type.Name, format);
            if (!_bytes.TryGetValue(key, out var bytes))
            {
                _bytes[key] = bytes = Bytes(key.Name, format);
            }

            var seconds = statistics.Median / 1e9;
            return (bytes / 1e6 / seconds).ToString("0.0", System.Globalization.CultureInfo.InvariantCulture) + $" ({bytes / 1e6:0.00} MB)";
        }

        public bool IsAvailable(Summary summary) => true;

        public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
    }
}
