using BenchmarkDotNet.Attributes;
using Demarc.Catalog;
using Demarc.Model;
using Demarc.Resolution;
using Demarc.Views;

namespace Demarc.Benchmarks;

/// <summary>
/// The catalog's hot paths. Targets (issue 2): catalog load under 50 ms, one `who` under 20 µs after load.
/// <see cref="LoadCatalog"/> is the YAML path (overlays, <c>demarc catalog validate</c>, the build step);
/// <see cref="LoadSnapshot"/> is what <see cref="ResponsibilityCatalog.Default"/> does in every process.
/// </summary>
[MemoryDiagnoser]
public class CatalogBenchmarks
{
    private IReadOnlyList<CatalogFile> _files = [];
    private byte[] _snapshot = [];
    private string _hash = "";
    private ResponsibilityCatalog _catalog = null!;
    private ServiceResolver _services = null!;
    private DomainResolver _domains = null!;
    private Subject[] _compared = [];

    [GlobalSetup]
    public void Setup()
    {
        _files = ResponsibilityCatalog.BuiltInFiles();
        using (var stream = typeof(ResponsibilityCatalog).Assembly.GetManifestResourceStream(CatalogSnapshot.ResourceName)!)
        {
            _snapshot = new byte[stream.Length];
            stream.ReadExactly(_snapshot);
        }

        _hash = CatalogSnapshot.HashOf(ResponsibilityCatalog.BuiltInYaml());
        _catalog = ResponsibilityCatalog.Default;
        _services = new ServiceResolver(_catalog);
        _domains = new DomainResolver(_catalog);
        _compared = [.. new[] { "ec2", "rds", "lambda" }.Select(id => _catalog.FindSubject(id)!)];
    }

    /// <summary>Parse every embedded YAML file, build the model and check every rule.</summary>
    [Benchmark]
    public ResponsibilityCatalog? LoadCatalog() => CatalogLoader.Load(_files).Catalog;

    /// <summary>What <see cref="ResponsibilityCatalog.Default"/> does: hash the embedded YAML, read the build-time snapshot.</summary>
    [Benchmark]
    public ResponsibilityCatalog? LoadSnapshot() => CatalogSnapshot.TryRead(_snapshot, CatalogSnapshot.HashOf(ResponsibilityCatalog.BuiltInYaml()));

    /// <summary>Reading the snapshot alone, without hashing the YAML.</summary>
    [Benchmark]
    public ResponsibilityCatalog? ReadSnapshot() => CatalogSnapshot.TryRead(_snapshot, _hash);

    /// <summary>Build the resolvers' indexes (done once per process after load).</summary>
    [Benchmark]
    public DomainResolver BuildResolvers()
    {
        _ = new ServiceResolver(_catalog);
        return new DomainResolver(_catalog);
    }

    /// <summary>`demarc who rds "patch the operating system"` after load: resolve both arguments and build the answer.</summary>
    [Benchmark]
    public WhoAnswer Who()
    {
        var subject = _services.Resolve("rds").Subject!;
        var domain = _domains.Resolve("patch the operating system").Domain!;
        return ResponsibilityViews.Who(_catalog, subject, domain);
    }

    /// <summary>A harder task phrase with a misspelled word.</summary>
    [Benchmark]
    public DomainResolution ResolveTaskWithTypo() => _domains.Resolve("encyrpt data at rest on the volume");

    /// <summary>`demarc compare ec2 rds lambda` without rendering.</summary>
    [Benchmark]
    public Comparison Compare() => ResponsibilityViews.Compare(_catalog, _compared);

    /// <summary>`demarc shift ec2 rds` without rendering.</summary>
    [Benchmark]
    public Shift ShiftEc2ToRds() => ResponsibilityViews.Shift(_catalog, _compared[0], _compared[1]);
}
