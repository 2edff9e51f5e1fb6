using Demarc.Catalog;
using Demarc.Model;
using Demarc.Scanning.Evaluation;
using Demarc.Scanning.Mapping;
using Demarc.Scanning.Templates;
using Demarc.Scanning.Terraform;

namespace Demarc.Scanning;

/// <summary>A resource as the architecture summary keeps it: small, with no syntax or values (those are dropped after each file).</summary>
/// <param name="Exists">Whether the resource is created (its condition): true, false, or unknown with <paramref name="ExistsReason"/>.</param>
public sealed record ScannedResource(
    string LogicalId,
    string Type,
    SourceLocation Location,
    Subject? Subject,
    VariantStatus Status,
    string? VariantReason,
    ResourceOrigin Origin,
    TruthState Exists,
    string? ExistsReason)
{
    /// <summary>Keeps what the summary needs of a mapped resource.</summary>
    public static ScannedResource From(MappedResource mapped)
    {
        ArgumentNullException.ThrowIfNull(mapped);
        var resource = mapped.Resource;
        return new ScannedResource(
            resource.LogicalId,
            resource.Type,
            resource.Location,
            mapped.Subject,
            mapped.Status,
            mapped.VariantReason,
            resource.Origin,
            resource.Exists.State,
            resource.Exists.Reason);
    }
}

/// <summary>One file of a scan, summarised.</summary>
public sealed record ScannedFile(
    string Name,
    FileKind Kind,
    TemplateFormat? Format,
    string? NotTemplateReason,
    IReadOnlyList<ScannedResource> Resources,
    IReadOnlyList<ScanDiagnostic> Diagnostics)
{
    /// <summary>True when some part of the file could not be read.</summary>
    public bool HasErrors => Diagnostics.Any(d => d.Severity == DiagnosticSeverity.Error);

    /// <summary>For a Terraform root module or plan: every module call, read or not, in the order they were met.</summary>
    public IReadOnlyList<TerraformModuleUse> Modules { get; init; } = [];

    /// <summary>Summarises a file scan (the analyze step of <see cref="ScanPipeline.Run{T}"/> for a scan without checks).</summary>
    public static ScannedFile From(FileScan scan)
    {
        ArgumentNullException.ThrowIfNull(scan);
        return new ScannedFile(scan.Name, scan.Kind, scan.Format, scan.NotTemplateReason, [.. scan.Resources.Select(ScannedResource.From)], scan.Diagnostics)
        {
            Modules = scan.Modules,
        };
    }
}

/// <summary>A service (or variant) found in the scanned templates and its resources.</summary>
public sealed record ServiceUse(Subject Subject, ServiceModel Model, IReadOnlyList<ScannedResource> Resources);

/// <summary>A resource type no catalog service lists, and where it occurs.</summary>
public sealed record UnclassifiedType(string Type, IReadOnlyList<ScannedResource> Resources);

/// <summary>
/// The scanned architecture: every file, every resource with its service, the services found (catalog order, variants
/// after their service), the unclassified types, and the problems. Input-order deterministic.
/// </summary>
public sealed record Architecture(
    IReadOnlyList<ScannedFile> Files,
    IReadOnlyList<ServiceUse> Services,
    IReadOnlyList<UnclassifiedType> Unclassified,
    IReadOnlyList<ScanDiagnostic> InputErrors)
{
    /// <summary>Every resource in file order.</summary>
    public IEnumerable<ScannedResource> Resources => Files.SelectMany(f => f.Resources);

    /// <summary>The Terraform module calls of every root module and plan, each with the file (root module) that makes it.</summary>
    public IEnumerable<(ScannedFile Root, TerraformModuleUse Module)> Modules => Files.SelectMany(f => f.Modules.Select(m => (f, m)));

    /// <summary>The templates.</summary>
    public IEnumerable<ScannedFile> Templates => Files.Where(f => f.Kind == FileKind.Template);

    /// <summary>Every diagnostic: the paths that could not be used, then each file's.</summary>
    public IEnumerable<ScanDiagnostic> Diagnostics => InputErrors.Concat(Files.SelectMany(f => f.Diagnostics));

    /// <summary>True when some input could not be read or parsed (exit code 2).</summary>
    public bool HasErrors => InputErrors.Count > 0 || Files.Any(f => f.HasErrors);

    /// <summary>Groups the files' resources by service and lists unclassified types.</summary>
    public static Architecture Build(ResponsibilityCatalog catalog, IReadOnlyList<ScannedFile> files, IReadOnlyList<ScanDiagnostic>? inputErrors = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(files);
        var resources = files.SelectMany(f => f.Resources).ToList();
        var order = catalog.Subjects.Select((s, i) => (s.Id, i)).ToDictionary(p => p.Id, p => p.i, StringComparer.Ordinal);
        var services = resources
            .Where(r => r.Subject is not null)
            .GroupBy(r => r.Subject!.Id, StringComparer.Ordinal)
            .OrderBy(g => order.GetValueOrDefault(g.Key, int.MaxValue))
            .Select(g => new ServiceUse(g.First().Subject!, catalog.Model(g.First().Subject!.ModelId), [.. g]))
            .ToList();
        var unclassified = resources
            .Where(r => r.Subject is null)
            .GroupBy(r => r.Type, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new UnclassifiedType(g.Key, [.. g]))
            .ToList();
        return new Architecture(files, services, unclassified, inputErrors ?? []);
    }
}
