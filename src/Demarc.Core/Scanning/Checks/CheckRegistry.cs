using System.Collections.Frozen;
using Demarc.Catalog;
using Demarc.Model;

namespace Demarc.Scanning.Checks;

/// <summary>
/// Every check, loaded once from the embedded definitions (<see cref="Default"/>), indexed by id and by resource type.
/// Immutable and thread-safe.
/// </summary>
public sealed class CheckRegistry
{
    private readonly FrozenDictionary<string, Check> _byId;
    private readonly FrozenDictionary<string, Check[]> _byType;

    /// <summary>Builds a registry; later checks with an id already used are reported by <see cref="Validate"/>, not added.</summary>
    public CheckRegistry(IEnumerable<Check> checks)
    {
        ArgumentNullException.ThrowIfNull(checks);
        var list = new List<Check>();
        var byId = new Dictionary<string, Check>(StringComparer.Ordinal);
        var duplicates = new List<Check>();
        foreach (var check in checks)
        {
            if (byId.TryAdd(check.Definition.Id, check))
            {
                list.Add(check);
            }
            else
            {
                duplicates.Add(check);
            }
        }

        list.Sort((a, b) => string.CompareOrdinal(a.Definition.Id, b.Definition.Id));
        Checks = list;
        Duplicates = duplicates;
        _byId = byId.ToFrozenDictionary(StringComparer.Ordinal);
        _byType = list
            .SelectMany(c => c.Definition.ResourceTypes.Select(t => (Type: t, Check: c)))
            .GroupBy(p => p.Type, StringComparer.Ordinal)
            .ToFrozenDictionary(g => g.Key, g => g.Select(p => p.Check).ToArray(), StringComparer.Ordinal);
    }

    /// <summary>The built-in checks (<c>data/checks/*.yaml</c>); loaded on first use.</summary>
    /// <exception cref="CatalogValidationException">A definition is broken (a build CI rejects).</exception>
    public static CheckRegistry Default => DefaultHolder.Instance;

    /// <summary>Every check, ordered by id.</summary>
    public IReadOnlyList<Check> Checks { get; }

    /// <summary>Checks whose id was already taken (reported by <see cref="Validate"/>).</summary>
    public IReadOnlyList<Check> Duplicates { get; }

    /// <summary>A check by id, or null.</summary>
    public Check? Find(string id) => _byId.GetValueOrDefault(id);

    /// <summary>The checks that read a resource type.</summary>
    public IReadOnlyList<Check> ForType(string type) => _byType.TryGetValue(type, out var checks) ? checks : [];

    /// <summary>Every resource type some check reads.</summary>
    public IEnumerable<string> ResourceTypes => _byType.Keys;

    /// <summary>The built-in definition files, as embedded.</summary>
    public static IReadOnlyList<CatalogFile> BuiltInFiles()
    {
        var assembly = typeof(CheckRegistry).Assembly;
        var files = new List<CatalogFile>();
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith("checks/", StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            using var stream = assembly.GetManifestResourceStream(name)!;
            using var reader = new StreamReader(stream);
            files.Add(new CatalogFile("data/" + name, reader.ReadToEnd()));
        }

        return files;
    }

    /// <summary>
    /// The rules a registry must obey against a catalog: unique, well-formed ids; a service and domain that exist;
    /// an obligation to give evidence for (the cell is the customer's or shared); types that belong to the service.
    /// </summary>
    public IReadOnlyList<CatalogDiagnostic> Validate(ResponsibilityCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        var diagnostics = new List<CatalogDiagnostic>();
        foreach (var duplicate in Duplicates)
        {
            diagnostics.Add(new(duplicate.Definition.Location, CatalogRules.DuplicateId, $"check id {duplicate.Definition.Id} is used twice (first at {_byId[duplicate.Definition.Id].Definition.Location})"));
        }

        var claimedTypes = catalog.Services.SelectMany(s => s.ResourceTypes.CloudFormation.Select(t => (Type: t, Service: s.Id)))
            .GroupBy(p => p.Type, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First().Service, StringComparer.Ordinal);
        foreach (var check in Checks)
        {
            var d = check.Definition;
            void Error(string rule, string message) => diagnostics.Add(new(d.Location, rule, $"{d.Id}: {message}"));
            if (!CheckLoader.IdPattern().IsMatch(d.Id))
            {
                Error(CatalogRules.InvalidValue, "the id must look like DMC-S3-001");
            }

            if (catalog.FindDomain(d.DomainId) is null)
            {
                Error(CatalogRules.UnknownId, $"unknown domain '{d.DomainId}'");
            }

            var service = ServiceOf(d, catalog);
            if (service is null)
            {
                if (d.CatalogRequest is null)
                {
                    Error(CatalogRules.UnknownId, $"unknown service '{d.ServiceId}', and no catalog service lists {d.ResourceTypes[0]}");
                }

                continue;
            }

            var subject = new Subject(service, null);
            if (catalog.FindDomain(d.DomainId) is not null && subject.Service.Cells.TryGetValue(d.DomainId, out var cell) && cell.Owner is not (Owner.Customer or Owner.Shared))
            {
                Error(CatalogRules.InvalidValue, $"{service.Id}/{d.DomainId} is {cell.Owner.Display()} in the catalog: a check gives evidence only for the customer's or a shared obligation");
            }

            foreach (var type in d.ResourceTypes)
            {
                if (claimedTypes.TryGetValue(type, out var owner) && owner != service.Id && !SharedTypes.Contains(type))
                {
                    Error(CatalogRules.InvalidValue, $"type {type} belongs to service '{owner}', not '{service.Id}'");
                }
            }
        }

        return diagnostics;
    }

    /// <summary>
    /// The catalog service a check gives evidence for: the service with the check's id, else the service that lists
    /// the check's first resource type (catalogs rename services: ECS on EC2 became ECS), else null when the catalog
    /// does not have it yet.
    /// </summary>
    public static Service? ServiceOf(CheckDefinition definition, ResponsibilityCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(catalog);
        if (catalog.FindSubject(definition.ServiceId) is { Variant: null } subject)
        {
            return subject.Service;
        }

        var type = definition.ResourceTypes.Count > 0 ? definition.ResourceTypes[0] : null;
        return catalog.Services.FirstOrDefault(s => type is not null && s.ResourceTypes.CloudFormation.Contains(type));
    }

    // Types a check of another service may read: a load balancer listener's TLS is ELB's, an instance's disks are EBS's.
    private static readonly HashSet<string> SharedTypes = new(StringComparer.Ordinal)
    {
        "AWS::EC2::Instance", "AWS::EC2::LaunchTemplate", "AWS::IAM::Role", "AWS::Serverless::Function",
    };

    private static class DefaultHolder
    {
        internal static readonly CheckRegistry Instance = LoadDefault();

        private static CheckRegistry LoadDefault()
        {
            var (checks, diagnostics) = CheckLoader.Load(BuiltInFiles());
            return diagnostics.Count == 0 ? new CheckRegistry(checks) : throw new CatalogValidationException(diagnostics);
        }
    }
}
