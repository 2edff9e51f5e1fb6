using System.Text.RegularExpressions;
using Demarc.Model;
using Demarc.Parsing;

namespace Demarc.Catalog;

/// <summary>The outcome of loading: a catalog when every rule holds, and every diagnostic found either way.</summary>
public sealed record CatalogLoadResult(ResponsibilityCatalog? Catalog, IReadOnlyList<CatalogDiagnostic> Diagnostics)
{
    /// <summary>True when the catalog loaded without breaking any rule.</summary>
    public bool IsValid => Catalog is not null && Diagnostics.Count == 0;
}

/// <summary>
/// Reads catalog YAML (the built-in files, then optional overlay files) into an immutable <see cref="ResponsibilityCatalog"/>,
/// and checks every rule on the result. Each document names its <c>kind</c>; see <c>docs/catalog-format.md</c>.
/// </summary>
public static partial class CatalogLoader
{
    /// <summary>Document kinds an overlay may contain. Domains, models and the core table belong to the built-in catalog only.</summary>
    private static readonly string[] OverlayKinds = ["sources", "service", "service-patch"];

    private static readonly string[] AllKinds = ["sources", "domains", "models", "control-categories", "core-model", "service", "service-patch"];

    /// <summary>Loads and validates a catalog; <paramref name="overlay"/> files add services and sources or patch cells.</summary>
    public static CatalogLoadResult Load(IEnumerable<CatalogFile> builtIn, IEnumerable<CatalogFile>? overlay = null)
    {
        ArgumentNullException.ThrowIfNull(builtIn);
        var diagnostics = new List<CatalogDiagnostic>();
        var documents = new List<(YamlMap Map, string Kind, bool IsOverlay)>();
        ReadDocuments(builtIn, isOverlay: false, documents, diagnostics);
        ReadDocuments(overlay ?? [], isOverlay: true, documents, diagnostics);

        var builder = new Builder(diagnostics);
        foreach (var kind in AllKinds)
        {
            foreach (var (map, _, isOverlay) in documents.Where(d => d.Kind == kind))
            {
                builder.Add(kind, map, isOverlay);
            }
        }

        var catalog = builder.Build();
        if (catalog is not null)
        {
            CatalogValidator.Validate(catalog, diagnostics);
        }

        var ordered = diagnostics
            .Distinct()
            .OrderBy(d => d.Location.File, StringComparer.Ordinal)
            .ThenBy(d => d.Location.Line)
            .ThenBy(d => d.Location.Column)
            .ToList();
        return new CatalogLoadResult(ordered.Count == 0 ? catalog : null, ordered);
    }

    /// <summary>Reads every <c>*.yaml</c>/<c>*.yml</c> file under a directory, named relative to it.</summary>
    public static IReadOnlyList<CatalogFile> ReadDirectory(string directory, ParseLimits? limits = null)
    {
        limits ??= ParseLimits.Default;
        var root = Path.GetFullPath(directory);
        var files = Directory.EnumerateFiles(root, "*.*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".yml", StringComparison.OrdinalIgnoreCase))
            .Order(StringComparer.Ordinal);
        var result = new List<CatalogFile>();
        foreach (var file in files)
        {
            var name = Path.Combine(directory, Path.GetRelativePath(root, file));
            var info = new FileInfo(file);
            try
            {
                var text = info.Length > limits.MaxBytes
                    ? throw new ParseException($"the file is {info.Length:N0} bytes, more than the limit of {limits.MaxBytes:N0} bytes", default, "too-large")
                    : TextDecoding.DecodeUtf8(File.ReadAllBytes(file), limits);
                result.Add(new CatalogFile(name, text));
            }
            catch (ParseException ex)
            {
                // Keep the problem with the file: Load reports it with the position, beside every other problem.
                result.Add(new CatalogFile(name, "", ex));
            }
        }

        return result;
    }

    private static void ReadDocuments(IEnumerable<CatalogFile> files, bool isOverlay, List<(YamlMap, string, bool)> documents, List<CatalogDiagnostic> diagnostics)
    {
        foreach (var file in files)
        {
            if (file.ReadError is { } error)
            {
                diagnostics.Add(new(new SourceLocation(file.Name, error.Position.Line, error.Position.Column), CatalogRules.YamlSyntax, error.Message));
                continue;
            }

            YamlReadResult read;
            try
            {
                read = YamlTreeReader.Read(file.Text, CatalogLimits);
            }
            catch (ParseException ex)
            {
                diagnostics.Add(new(new SourceLocation(file.Name, ex.Position.Line, ex.Position.Column), CatalogRules.YamlSyntax, ex.Message));
                continue;
            }

            foreach (var warning in read.Warnings)
            {
                diagnostics.Add(new(new SourceLocation(file.Name, warning.Position.Line, warning.Position.Column), CatalogRules.YamlSyntax, warning.Message));
            }

            foreach (var document in read.Documents)
            {
                if (document is ScalarNode { IsNull: true })
                {
                    continue;
                }

                var map = YamlMap.From(document, file.Name, diagnostics, "a catalog document");
                if (map is null)
                {
                    continue;
                }

                var kind = map.String("kind", required: true);
                if (kind is null)
                {
                    continue;
                }

                var allowed = isOverlay ? OverlayKinds : AllKinds;
                if (!allowed.Contains(kind))
                {
                    var why = isOverlay && AllKinds.Contains(kind)
                        ? $"an overlay may not contain '{kind}' documents (allowed: {string.Join(", ", OverlayKinds)})"
                        : $"unknown kind '{kind}' (expected one of: {string.Join(", ", allowed)})";
                    map.Error(map.Get("kind")!, CatalogRules.Schema, why);
                    continue;
                }

                documents.Add((map, kind, isOverlay));
            }
        }
    }

    // Catalog files are small; tighter limits than for templates.
    private static readonly ParseLimits CatalogLimits = new() { MaxBytes = 5 * 1024 * 1024, MaxDepth = 32, MaxNodes = 500_000 };

    [GeneratedRegex("^[a-z][a-z0-9_]*$", RegexOptions.CultureInvariant)]
    internal static partial Regex IdPattern();

    [GeneratedRegex(@"^\d{4}(-\d{2}(-\d{2})?)?$", RegexOptions.CultureInvariant)]
    internal static partial Regex AsOfPattern();
}
