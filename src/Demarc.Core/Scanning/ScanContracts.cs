using System.Text.Json;
using System.Text.Json.Serialization;
using Demarc.Catalog;
using Demarc.Scanning.Mapping;
using Demarc.Scanning.Templates;

namespace Demarc.Scanning;

// The JSON shape of `demarc scan --format json` before checks exist: files, resources with their services, services
// found, unclassified types and problems. Fields are added, never renamed (SchemaVersion guards breaking changes).

/// <summary>A scanned file.</summary>
public sealed record ScanFileJson(string File, string Kind, string? Format, string? Reason, int Resources, bool HasErrors);

/// <summary>A resource and its service.</summary>
public sealed record ScanResourceJson(
    string File,
    int Line,
    int Column,
    string LogicalId,
    string Type,
    string? Service,
    string? Variant,
    string? Model,
    string VariantStatus,
    string? VariantReason,
    string Origin,
    string? GeneratedFrom,
    string Exists,
    string? ExistsReason);

/// <summary>A service or variant found, with how many resources.</summary>
public sealed record ScanServiceJson(string Id, string Name, string Service, string? Variant, string Model, int Resources);

/// <summary>A resource type no service lists.</summary>
public sealed record ScanUnclassifiedJson(string Type, int Resources);

/// <summary>A problem found while reading a file.</summary>
public sealed record ScanProblemJson(string File, int Line, int Column, string Severity, string Rule, string Message);

/// <summary>
/// A Terraform module call of a scanned root module (<paramref name="File"/>) or plan: read (with the directory read)
/// or not (with the reason). <paramref name="Status"/> is <c>read</c>, <c>read-downloaded</c>, <c>remote</c> or <c>not-read</c>.
/// </summary>
public sealed record ScanModuleJson(
    string File,
    string Address,
    string? Source,
    string? Version,
    string Status,
    bool Read,
    string? Directory,
    string? Reason,
    string Location);

/// <summary>The output of <c>demarc scan --format json</c>.</summary>
public sealed record ScanJson(
    int SchemaVersion,
    string Kind,
    IReadOnlyList<ScanFileJson> Files,
    IReadOnlyList<ScanServiceJson> Services,
    IReadOnlyList<ScanResourceJson> Resources,
    IReadOnlyList<ScanUnclassifiedJson> Unclassified,
    IReadOnlyList<ScanProblemJson> Problems,
    IReadOnlyList<ScanModuleJson> Modules);

/// <summary>Source-generated serialization for the scan contract.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = true)]
[JsonSerializable(typeof(ScanJson))]
public sealed partial class ScanJsonContext : JsonSerializerContext;

/// <summary>Maps an <see cref="Architecture"/> to its JSON contract.</summary>
public static class ScanContracts
{
    /// <summary>The version of the shape.</summary>
    public const int SchemaVersion = 1;

    /// <summary>The contract of a scan; problems of <see cref="DiagnosticSeverity.Info"/> only when <paramref name="verbose"/>.</summary>
    public static ScanJson Scan(ResponsibilityCatalog catalog, Architecture architecture, bool verbose)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(architecture);
        return new ScanJson(
            SchemaVersion,
            "scan",
            [.. architecture.Files.Where(f => verbose || f.Kind != FileKind.NotTemplate).Select(f => new ScanFileJson(
                f.Name, Kebab(f.Kind.ToString()), f.Format?.Display(), f.NotTemplateReason, f.Resources.Count, f.HasErrors))],
            [.. architecture.Services.Select(s => new ScanServiceJson(s.Subject.Id, s.Subject.Name, s.Subject.Service.Id, s.Subject.Variant?.Id, s.Model.Id, s.Resources.Count))],
            [.. architecture.Resources.Select(r => new ScanResourceJson(
                r.Location.File, r.Location.Line, r.Location.Column, r.LogicalId, r.Type,
                r.Subject?.Service.Id, r.Subject?.Variant?.Id, r.Subject?.ModelId,
                Kebab(r.Status.ToString()), r.VariantReason,
                Kebab(r.Origin.Kind.ToString()), r.Origin.From,
                r.Exists.ToString().ToLowerInvariant(), r.ExistsReason))],
            [.. architecture.Unclassified.Select(u => new ScanUnclassifiedJson(u.Type, u.Resources.Count))],
            [.. architecture.Diagnostics.Where(d => verbose || d.Severity != DiagnosticSeverity.Info).Select(d => new ScanProblemJson(
                d.Location.File, d.Location.Line, d.Location.Column, d.Severity.ToString().ToLowerInvariant(), d.Rule, d.Message))],
            Modules(architecture));
    }

    /// <summary>The Terraform module calls of every scanned root module and plan, read and not read.</summary>
    public static IReadOnlyList<ScanModuleJson> Modules(Architecture architecture)
    {
        ArgumentNullException.ThrowIfNull(architecture);
        return [.. architecture.Modules.Select(p => new ScanModuleJson(
            p.Root.Name, p.Module.Address, p.Module.Source, p.Module.Version, p.Module.StatusName, p.Module.IsRead, p.Module.Directory, p.Module.Reason, p.Module.Location.ToString()))];
    }

    /// <summary>Serializes the contract.</summary>
    public static string Serialize(ScanJson scan) => JsonSerializer.Serialize(scan, ScanJsonContext.Default.ScanJson);

    private static string Kebab(string name) => string.Concat(name.Select((c, i) => char.IsUpper(c) && i > 0 ? "-" + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString()));
}
