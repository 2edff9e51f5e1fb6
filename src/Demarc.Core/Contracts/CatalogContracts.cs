using System.Text.Json;
using System.Text.Json.Serialization;
using Demarc.Catalog;
using Demarc.Model;
using Demarc.Views;

namespace Demarc.Contracts;

// The JSON shapes of the catalog views, shared by `demarc … --format json` and the web API.
// Documented in docs/json-output.md and pinned by golden tests: add fields, never rename or remove them
// without raising SchemaVersion.

/// <summary>A cited document.</summary>
public sealed record SourceJson(string Id, string Title, string Url);

/// <summary>A service or variant.</summary>
public sealed record SubjectJson(string Id, string Name, string Service, string? Variant, string Model, string ModelName);

/// <summary>One cell.</summary>
public sealed record CellJson(
    string Domain,
    string DomainName,
    string Layer,
    string Owner,
    string DefaultOwner,
    bool Exception,
    bool Overridden,
    string Aws,
    string Customer,
    string? Note,
    string Confidence,
    string? AsOf,
    IReadOnlyList<SourceJson> Sources);

/// <summary>An AWS IT control that covers a domain.</summary>
public sealed record ControlJson(string Category, string CategoryName, string Id, string Name, string Aws, string Customer);

/// <summary>How the input words were understood.</summary>
public sealed record UnderstoodJson(string Service, string Task, string MatchedPhrase);

/// <summary>The answer of <c>demarc who</c>.</summary>
public sealed record WhoJson(int SchemaVersion, string Kind, SubjectJson Service, CellJson Cell, IReadOnlyList<ControlJson> Controls, UnderstoodJson? Understood);

/// <summary>A cell a variant changes.</summary>
public sealed record ChangeJson(string Domain, string From, string To);

/// <summary>A variant and how it differs from its service.</summary>
public sealed record VariantJson(string Id, string Name, string Summary, IReadOnlyList<string> Aliases, IReadOnlyList<ChangeJson> Changes);

/// <summary>Resource types that create a service.</summary>
public sealed record ResourceTypesJson(IReadOnlyList<string> CloudFormation, IReadOnlyList<string> Terraform);

/// <summary>The full matrix of <c>demarc show</c>.</summary>
public sealed record ShowJson(
    int SchemaVersion,
    string Kind,
    SubjectJson Service,
    string Category,
    string Summary,
    IReadOnlyList<string> Aliases,
    ResourceTypesJson ResourceTypes,
    IReadOnlyDictionary<string, int> Counts,
    IReadOnlyList<CellJson> Cells,
    IReadOnlyList<VariantJson> Variants,
    IReadOnlyList<string> Caveats);

/// <summary>One domain across compared services: owners in the order of <c>services</c>.</summary>
public sealed record CompareRowJson(string Domain, string DomainName, string Layer, IReadOnlyList<CellJson> Cells);

/// <summary>One core-table row across compared services.</summary>
public sealed record CoreRowJson(string Id, string Name, IReadOnlyList<string> Domains, string Aws, string Customer, IReadOnlyList<string> Owners);

/// <summary>The output of <c>demarc compare</c>.</summary>
public sealed record CompareJson(int SchemaVersion, string Kind, IReadOnlyList<SubjectJson> Services, IReadOnlyList<CompareRowJson> Domains, IReadOnlyList<CoreRowJson> Core);

/// <summary>One domain's move in <c>demarc shift</c>.</summary>
public sealed record ShiftChangeJson(string Domain, string DomainName, string Direction, CellJson From, CellJson To);

/// <summary>The output of <c>demarc shift</c>.</summary>
public sealed record ShiftJson(
    int SchemaVersion,
    string Kind,
    SubjectJson From,
    SubjectJson To,
    double CustomerLoadBefore,
    double CustomerLoadAfter,
    IReadOnlyDictionary<string, IReadOnlyList<string>> Summary,
    IReadOnlyList<ShiftChangeJson> Changes);

/// <summary>A service in <c>demarc services</c>.</summary>
public sealed record ServiceListingJson(string Id, string Name, string Model, string Category, string Summary, IReadOnlyDictionary<string, int> Counts, IReadOnlyList<string> Variants);

/// <summary>The output of <c>demarc services</c>.</summary>
public sealed record ServicesJson(int SchemaVersion, string Kind, IReadOnlyList<ServiceListingJson> Services);

/// <summary>One catalog problem.</summary>
public sealed record DiagnosticJson(string File, int Line, int Column, string Rule, string Message);

/// <summary>The output of <c>demarc catalog validate</c>.</summary>
public sealed record ValidationJson(int SchemaVersion, string Kind, bool Valid, int Services, int Variants, int Domains, IReadOnlyList<DiagnosticJson> Problems);

/// <summary>Source-generated serialization for the contracts (trim-safe, no reflection at run time).</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    WriteIndented = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(WhoJson))]
[JsonSerializable(typeof(ShowJson))]
[JsonSerializable(typeof(CompareJson))]
[JsonSerializable(typeof(ShiftJson))]
[JsonSerializable(typeof(ServicesJson))]
[JsonSerializable(typeof(ValidationJson))]
public sealed partial class ContractsJsonContext : JsonSerializerContext;

/// <summary>Maps views to their JSON contracts.</summary>
public static class CatalogContracts
{
    /// <summary>The version of the JSON shapes; raised only on a breaking change.</summary>
    public const int SchemaVersion = 1;

    /// <summary>
    /// The serializer context for output: camelCase, indented, and without escaping characters that are safe in JSON
    /// (apostrophes, arrows, accented letters), so files and API responses stay readable.
    /// </summary>
    public static ContractsJsonContext Json { get; } = new(new JsonSerializerOptions
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });

    /// <summary>Serializes a contract with the shared options (camelCase, indented, UTF-8 without escaping of non-ASCII letters).</summary>
    public static string Serialize<T>(T value, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> typeInfo) =>
        JsonSerializer.Serialize(value, typeInfo);

    public static SubjectJson Subject(ResponsibilityCatalog catalog, Subject subject)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(subject);
        return new(subject.Id, subject.Name, subject.Service.Id, subject.Variant?.Id, subject.ModelId, catalog.Model(subject.ModelId).Name);
    }

    public static CellJson Cell(CellView view)
    {
        ArgumentNullException.ThrowIfNull(view);
        var cell = view.Cell;
        return new(
            view.Domain.Id,
            view.Domain.Name,
            view.Domain.Layer.Display(),
            cell.Owner.Display(),
            view.DefaultOwner.Display(),
            view.IsException,
            view.IsOverridden,
            cell.Parts.Aws,
            cell.Parts.Customer,
            cell.Note,
            cell.Confidence.Display(),
            cell.AsOf,
            [.. view.Sources.Select(s => new SourceJson(s.Id, s.Title, s.Url))]);
    }

    public static WhoJson Who(ResponsibilityCatalog catalog, WhoAnswer answer, UnderstoodJson? understood)
    {
        ArgumentNullException.ThrowIfNull(answer);
        return new(SchemaVersion, "who", Subject(catalog, answer.Subject), Cell(answer.Cell),
            [.. answer.Controls.Select(c => new ControlJson(c.Category.Id, c.Category.Name, c.Control.Id, c.Control.Name, c.Control.Parts.Aws, c.Control.Parts.Customer))],
            understood);
    }

    public static ShowJson Show(ResponsibilityCatalog catalog, ServiceMatrix matrix)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        var subject = matrix.Subject;
        var service = subject.Service;
        return new(
            SchemaVersion,
            "show",
            Subject(catalog, subject),
            service.Category,
            subject.Variant?.Summary ?? service.Summary,
            subject.Variant?.Aliases ?? service.Aliases,
            new ResourceTypesJson(service.ResourceTypes.CloudFormation, service.ResourceTypes.Terraform),
            Counts(matrix.Counts),
            [.. matrix.Cells.Select(Cell)],
            [.. matrix.Variants.Select(v => new VariantJson(v.Variant.Id, v.Variant.Name, v.Variant.Summary, v.Variant.Aliases,
                [.. v.Changes.Select(c => new ChangeJson(c.Domain.Id, c.From.Display(), c.To.Display()))]))],
            service.Caveats);
    }

    public static CompareJson Compare(ResponsibilityCatalog catalog, Comparison comparison)
    {
        ArgumentNullException.ThrowIfNull(comparison);
        return new(
            SchemaVersion,
            "compare",
            [.. comparison.Subjects.Select(s => Subject(catalog, s))],
            [.. comparison.Rows.Select(r => new CompareRowJson(r.Domain.Id, r.Domain.Name, r.Domain.Layer.Display(), [.. r.Cells.Select(Cell)]))],
            [.. comparison.CoreRows.Select(r => new CoreRowJson(r.Row.Id, r.Row.Name, r.Row.DomainIds, r.Row.Parts.Aws, r.Row.Parts.Customer, [.. r.Owners.Select(o => o.Display())]))]);
    }

    public static ShiftJson Shift(ResponsibilityCatalog catalog, Shift shift)
    {
        ArgumentNullException.ThrowIfNull(shift);
        var summary = Enum.GetValues<ShiftDirection>().ToDictionary(
            DirectionName,
            d => (IReadOnlyList<string>)[.. shift.Where(d).Select(c => c.Domain.Id)]);
        return new(
            SchemaVersion,
            "shift",
            Subject(catalog, shift.From),
            Subject(catalog, shift.To),
            shift.CustomerLoadBefore,
            shift.CustomerLoadAfter,
            summary,
            [.. shift.Changes.Select(c => new ShiftChangeJson(c.Domain.Id, c.Domain.Name, DirectionName(c.Direction), Cell(c.From), Cell(c.To)))]);
    }

    public static ServicesJson Services(IReadOnlyList<ServiceListing> listings)
    {
        ArgumentNullException.ThrowIfNull(listings);
        return new(SchemaVersion, "services", [.. listings.Select(l => new ServiceListingJson(
            l.Service.Id, l.Service.Name, l.Model.Id, l.Service.Category, l.Service.Summary, Counts(l.Counts), [.. l.Service.Variants.Select(v => v.Id)]))]);
    }

    public static ValidationJson Validation(CatalogLoadResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var catalog = result.Catalog;
        return new(SchemaVersion, "catalog-validation", result.IsValid, catalog?.Services.Count ?? 0,
            catalog?.Services.Sum(s => s.Variants.Count) ?? 0, catalog?.Domains.Count ?? 0,
            [.. result.Diagnostics.Select(d => new DiagnosticJson(d.Location.File, d.Location.Line, d.Location.Column, d.Rule, d.Message))]);
    }

    /// <summary>The JSON spelling of a shift direction.</summary>
    public static string DirectionName(ShiftDirection direction) => direction switch
    {
        ShiftDirection.ToAws => "to-aws",
        ShiftDirection.ToCustomer => "to-customer",
        ShiftDirection.Appears => "appears",
        ShiftDirection.Disappears => "disappears",
        _ => "unchanged",
    };

    private static Dictionary<string, int> Counts(IReadOnlyDictionary<Owner, int> counts) =>
        OwnerNames.All.ToDictionary(o => o.Display(), o => counts.GetValueOrDefault(o));
}
