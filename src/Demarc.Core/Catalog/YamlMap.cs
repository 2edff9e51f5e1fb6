using Demarc.Model;
using Demarc.Parsing;

namespace Demarc.Catalog;

/// <summary>
/// Typed, position-aware access to one YAML mapping of a catalog file. Problems are collected
/// as diagnostics (never thrown) so one run reports every broken rule; unknown keys are reported by <see cref="Finish"/>.
/// </summary>
internal sealed class YamlMap
{
    private readonly HashSet<string> _read = new(StringComparer.Ordinal);

    private YamlMap(MappingNode node, string file, List<CatalogDiagnostic> diagnostics)
    {
        Node = node;
        File = file;
        Diagnostics = diagnostics;
    }

    public MappingNode Node { get; }

    public string File { get; }

    public List<CatalogDiagnostic> Diagnostics { get; }

    public SourceLocation Location => At(Node);

    /// <summary>
    /// The first document of a one-document YAML file as a map: a syntax error or a document that is not a mapping is a
    /// diagnostic (with file, line and column) and gives null, as does an empty file.
    /// </summary>
    public static YamlMap? Parse(string file, string text, List<CatalogDiagnostic> diagnostics, string what)
    {
        SyntaxNode? root;
        try
        {
            var documents = YamlTreeReader.Read(text).Documents;
            root = documents.Count > 0 ? documents[0] : null;
        }
        catch (ParseException ex)
        {
            diagnostics.Add(new(new SourceLocation(file, ex.Position.Line, ex.Position.Column), CatalogRules.YamlSyntax, ex.Message));
            return null;
        }

        return From(root, file, diagnostics, what);
    }

    public static YamlMap? From(SyntaxNode? node, string file, List<CatalogDiagnostic> diagnostics, string what)
    {
        if (node is MappingNode mapping)
        {
            return new YamlMap(mapping, file, diagnostics);
        }

        if (node is not null)
        {
            diagnostics.Add(new(Locate(file, node), CatalogRules.Schema, $"{what} must be a mapping of keys to values"));
        }

        return null;
    }

    public SourceLocation At(SyntaxNode node) => Locate(File, node);

    public static SourceLocation Locate(string file, SyntaxNode node) => new(file, node.Start.Line, node.Start.Column);

    public void Error(SyntaxNode at, string rule, string message) => Diagnostics.Add(new(At(at), rule, message));

    public SyntaxNode? Get(string key)
    {
        _read.Add(key);
        return Node[key];
    }

    public bool Has(string key) => Node.TryGetValue(key, out _);

    public string? String(string key, bool required = false)
    {
        var node = Get(key);
        if (node is null)
        {
            if (required)
            {
                Diagnostics.Add(new(Location, CatalogRules.Schema, $"missing required key '{key}'"));
            }

            return null;
        }

        if (node is ScalarNode scalar && !scalar.IsNull)
        {
            return scalar.Value.Trim();
        }

        if (node is ScalarNode && !required)
        {
            return null;
        }

        Error(node, CatalogRules.Schema, $"'{key}' must be a single value");
        return null;
    }

    public IReadOnlyList<(string Value, SyntaxNode Node)> Strings(string key)
    {
        var node = Get(key);
        switch (node)
        {
            case null:
                return [];
            case ScalarNode scalar when scalar.IsNull:
                return [];
            case ScalarNode scalar:
                return [(scalar.Value.Trim(), scalar)];
            case SequenceNode sequence:
                var values = new List<(string, SyntaxNode)>();
                foreach (var item in sequence.Items)
                {
                    if (item is ScalarNode s && !s.IsNull)
                    {
                        values.Add((s.Value.Trim(), s));
                    }
                    else
                    {
                        Error(item, CatalogRules.Schema, $"items of '{key}' must be single values");
                    }
                }

                return values;
            default:
                Error(node, CatalogRules.Schema, $"'{key}' must be a list of values");
                return [];
        }
    }

    public IReadOnlyList<YamlMap> Maps(string key, bool required = false)
    {
        var node = Get(key);
        if (node is null)
        {
            if (required)
            {
                Diagnostics.Add(new(Location, CatalogRules.Schema, $"missing required key '{key}'"));
            }

            return [];
        }

        if (node is not SequenceNode sequence)
        {
            Error(node, CatalogRules.Schema, $"'{key}' must be a list");
            return [];
        }

        var maps = new List<YamlMap>();
        foreach (var item in sequence.Items)
        {
            var map = From(item, File, Diagnostics, $"each item of '{key}'");
            if (map is not null)
            {
                maps.Add(map);
            }
        }

        return maps;
    }

    public YamlMap? Map(string key, bool required = false)
    {
        var node = Get(key);
        if (node is null && required)
        {
            Diagnostics.Add(new(Location, CatalogRules.Schema, $"missing required key '{key}'"));
        }

        return From(node, File, Diagnostics, $"'{key}'");
    }

    /// <summary>Reports every key that no reader asked for: usually a typo.</summary>
    public void Finish()
    {
        foreach (var entry in Node.Entries)
        {
            if (!_read.Contains(entry.Key.Value))
            {
                var known = string.Join(", ", _read.Order(StringComparer.Ordinal));
                Error(entry.Key, CatalogRules.Schema, $"unknown key '{entry.Key.Value}' (expected one of: {known})");
            }
        }
    }
}
