using System.Collections.Frozen;
using Demarc.Model;

namespace Demarc.Catalog;

/// <summary>
/// The whole responsibility model as data: domains, service models, services with their variants, AWS's control
/// categories, the source document's core table and the sources cited. Immutable once built; the built-in catalog
/// is loaded once from the embedded YAML (<see cref="Default"/>).
/// </summary>
public sealed class ResponsibilityCatalog
{
    private readonly FrozenDictionary<string, Domain> _domains;
    private readonly FrozenDictionary<string, ServiceModel> _models;
    private readonly FrozenDictionary<string, Subject> _subjects;

    internal ResponsibilityCatalog(
        IReadOnlyList<Domain> domains,
        IReadOnlyList<ServiceModel> models,
        IReadOnlyList<Service> services,
        IReadOnlyList<ControlCategory> controlCategories,
        IReadOnlyList<CoreModelRow> coreModel,
        IReadOnlyDictionary<string, Source> sources)
    {
        Domains = domains;
        Models = models;
        Services = services;
        ControlCategories = controlCategories;
        CoreModel = coreModel;
        Sources = sources.ToFrozenDictionary(StringComparer.Ordinal);
        _domains = domains.ToFrozenDictionary(d => d.Id, StringComparer.Ordinal);
        _models = models.ToFrozenDictionary(m => m.Id, StringComparer.Ordinal);
        Subjects = services
            .SelectMany(s => s.Variants.Select(v => new Subject(s, v)).Prepend(new Subject(s, null)))
            .ToList();

        // Later duplicates are reported by the validator; keep the first here so building never throws.
        var byId = new Dictionary<string, Subject>(StringComparer.Ordinal);
        foreach (var subject in Subjects)
        {
            byId.TryAdd(subject.Id, subject);
        }

        _subjects = byId.ToFrozenDictionary(StringComparer.Ordinal);
    }

    /// <summary>The built-in catalog, embedded in this assembly; loaded and validated on first use.</summary>
    /// <exception cref="CatalogValidationException">The embedded catalog breaks a rule (a build that CI rejects).</exception>
    public static ResponsibilityCatalog Default => DefaultHolder.Instance;

    /// <summary>The responsibility domains in display order.</summary>
    public IReadOnlyList<Domain> Domains { get; }

    /// <summary>The service models ordered from IaaS to abstracted.</summary>
    public IReadOnlyList<ServiceModel> Models { get; }

    /// <summary>The services in catalog order.</summary>
    public IReadOnlyList<Service> Services { get; }

    /// <summary>Every service followed by its variants.</summary>
    public IReadOnlyList<Subject> Subjects { get; }

    /// <summary>AWS's control categories: inherited, shared, customer-specific.</summary>
    public IReadOnlyList<ControlCategory> ControlCategories { get; }

    /// <summary>The rows of the source document's core table.</summary>
    public IReadOnlyList<CoreModelRow> CoreModel { get; }

    /// <summary>Every source the catalog cites, by id.</summary>
    public IReadOnlyDictionary<string, Source> Sources { get; }

    /// <summary>A domain by id.</summary>
    public Domain Domain(string id) => _domains[id];

    /// <summary>A domain by id, or null.</summary>
    public Domain? FindDomain(string id) => _domains.GetValueOrDefault(id);

    /// <summary>A service model by id.</summary>
    public ServiceModel Model(string id) => _models[id];

    /// <summary>A service model by id, or null.</summary>
    public ServiceModel? FindModel(string id) => _models.GetValueOrDefault(id);

    /// <summary>A service or variant by id, or null.</summary>
    public Subject? FindSubject(string id) => _subjects.GetValueOrDefault(id);

    /// <summary>The built-in catalog files, as embedded.</summary>
    public static IReadOnlyList<CatalogFile> BuiltInFiles() =>
        [.. BuiltInYaml().Select(f => CatalogSnapshot.Decode(f.Name, f.Bytes))];

    /// <summary>Loads the built-in catalog with an optional overlay directory on top.</summary>
    public static CatalogLoadResult LoadWithOverlay(string? overlayDirectory) =>
        overlayDirectory is null
            ? CatalogLoader.Load(BuiltInFiles())
            : CatalogLoader.Load(BuiltInFiles(), CatalogLoader.ReadDirectory(overlayDirectory));

    /// <summary>
    /// The built-in catalog from the snapshot embedded at build time, or null when there is none or it was made from
    /// other YAML than the YAML embedded now (then <see cref="Default"/> loads the YAML).
    /// </summary>
    internal static ResponsibilityCatalog? FromEmbeddedSnapshot()
    {
        var assembly = typeof(ResponsibilityCatalog).Assembly;
        using var stream = assembly.GetManifestResourceStream(CatalogSnapshot.ResourceName);
        if (stream is null)
        {
            return null;
        }

        var bytes = new byte[stream.Length];
        stream.ReadExactly(bytes);
        return CatalogSnapshot.TryRead(bytes, CatalogSnapshot.HashOf(BuiltInYaml()));
    }

    /// <summary>The embedded YAML files, named as the loader reports them (<c>data/catalog/…</c>), in ordinal order.</summary>
    internal static IEnumerable<(string Name, byte[] Bytes)> BuiltInYaml()
    {
        var assembly = typeof(ResponsibilityCatalog).Assembly;
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith("catalog/", StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            using var stream = assembly.GetManifestResourceStream(name)!;
            var bytes = new byte[stream.Length];
            stream.ReadExactly(bytes);
            yield return ("data/" + name, bytes);
        }
    }

    private static class DefaultHolder
    {
        internal static readonly ResponsibilityCatalog Instance = FromEmbeddedSnapshot() ?? LoadDefault();

        private static ResponsibilityCatalog LoadDefault()
        {
            var result = CatalogLoader.Load(BuiltInFiles());
            return result.IsValid ? result.Catalog! : throw new CatalogValidationException(result.Diagnostics);
        }
    }
}
