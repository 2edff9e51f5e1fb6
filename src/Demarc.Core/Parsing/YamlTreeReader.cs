using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Demarc.Parsing;

/// <summary>The documents of a YAML stream and the problems that did not stop reading.</summary>
public sealed record YamlReadResult(IReadOnlyList<SyntaxNode> Documents, IReadOnlyList<ParseWarning> Warnings);

/// <summary>
/// Reads YAML into <see cref="SyntaxNode"/> trees with positions, from YamlDotNet's event parser.
/// Aliases share the anchored subtree (no copy); their size counts against <see cref="ParseLimits.MaxNodes"/>
/// so an alias bomb is refused before anything walks it. Duplicate keys are reported; the first value wins.
/// </summary>
public static class YamlTreeReader
{
    /// <summary>Reads every document of a YAML text.</summary>
    /// <exception cref="ParseException">Syntax error, nesting too deep or too many nodes.</exception>
    public static YamlReadResult Read(string text, ParseLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        limits ??= ParseLimits.Default;
        var state = new ReaderState(limits);
        var documents = new List<SyntaxNode>();
        try
        {
            var parser = new Parser(new Scanner(new StringReader(text), skipComments: true));
            parser.Consume<StreamStart>();
            while (parser.TryConsume<DocumentStart>(out _))
            {
                state.Anchors.Clear();
                state.TotalNodes = 0;
                if (parser.Accept<DocumentEnd>(out _))
                {
                    documents.Add(new ScalarNode(new TextPosition(1, 1), null, "", isPlain: true));
                }
                else
                {
                    documents.Add(ReadNode(parser, state, depth: 1));
                }

                parser.Consume<DocumentEnd>();
            }

            parser.Consume<StreamEnd>();
        }
        catch (YamlException ex)
        {
            var position = new TextPosition((int)ex.Start.Line, (int)ex.Start.Column);
            throw new ParseException(Describe(ex), position, "syntax");
        }

        return new YamlReadResult(documents, state.Warnings);
    }

    private sealed class ReaderState(ParseLimits limits)
    {
        public ParseLimits Limits { get; } = limits;
        public Dictionary<string, SyntaxNode> Anchors { get; } = new(StringComparer.Ordinal);
        public List<ParseWarning> Warnings { get; } = [];
        public long TotalNodes { get; set; }

        public void Count(long nodes, TextPosition at)
        {
            TotalNodes += nodes;
            if (TotalNodes > Limits.MaxNodes)
            {
                throw new ParseException(
                    $"the document expands to more than {Limits.MaxNodes:N0} nodes (YAML aliases are counted where they are used)",
                    at,
                    "alias-expansion");
            }
        }
    }

    private static SyntaxNode ReadNode(IParser parser, ReaderState state, int depth)
    {
        var current = parser.Current ?? throw new ParseException("unexpected end of YAML", default, "syntax");
        var start = Position(current.Start);
        if (depth > state.Limits.MaxDepth)
        {
            throw new ParseException($"nesting deeper than {state.Limits.MaxDepth} levels", start, "too-deep");
        }

        switch (current)
        {
            case AnchorAlias alias:
            {
                parser.MoveNext();
                if (!state.Anchors.TryGetValue(alias.Value.Value, out var target))
                {
                    throw new ParseException($"alias *{alias.Value.Value} refers to no anchor", start, "syntax");
                }

                state.Count(target.Size, start);
                return target;
            }

            case Scalar scalar:
            {
                parser.MoveNext();
                state.Count(1, start);
                var node = new ScalarNode(start, TagOf(scalar.Tag), scalar.Value, scalar.Style == ScalarStyle.Plain);
                Remember(state, scalar.Anchor, node);
                return node;
            }

            case SequenceStart sequenceStart:
            {
                parser.MoveNext();
                state.Count(1, start);
                var items = new List<SyntaxNode>();
                while (!parser.TryConsume<SequenceEnd>(out _))
                {
                    items.Add(ReadNode(parser, state, depth + 1));
                }

                var node = new SequenceNode(start, TagOf(sequenceStart.Tag), items);
                Remember(state, sequenceStart.Anchor, node);
                return node;
            }

            case MappingStart mappingStart:
            {
                parser.MoveNext();
                state.Count(1, start);
                var entries = new List<MappingEntry>();
                var seen = new KeySet();
                while (!parser.TryConsume<MappingEnd>(out _))
                {
                    var keyNode = ReadNode(parser, state, depth + 1);
                    if (keyNode is not ScalarNode key)
                    {
                        throw new ParseException("mapping keys must be plain values, not lists or mappings", keyNode.Start, "syntax");
                    }

                    var value = ReadNode(parser, state, depth + 1);
                    if (key.Tag is null && key.IsPlain && key.Value == "<<")
                    {
                        // YAML merge key: copy the merged mapping's entries that are not set explicitly.
                        MergeInto(entries, ref seen, value, key.Start);
                        continue;
                    }

                    if (!seen.Add(entries, key.Value))
                    {
                        state.Warnings.Add(new ParseWarning(key.Start, "duplicate-key", $"duplicate key '{key.Value}': the first value is kept"));
                        continue;
                    }

                    entries.Add(new MappingEntry(key, value));
                }

                var node = new MappingNode(start, TagOf(mappingStart.Tag), entries);
                Remember(state, mappingStart.Anchor, node);
                return node;
            }

            default:
                throw new ParseException($"unexpected YAML event {current.GetType().Name}", start, "syntax");
        }
    }

    private static void MergeInto(List<MappingEntry> entries, ref KeySet seen, SyntaxNode merged, TextPosition at)
    {
        var sources = merged switch
        {
            MappingNode m => [m],
            SequenceNode s when s.Items.All(i => i is MappingNode) => s.Items.Cast<MappingNode>().ToList(),
            _ => throw new ParseException("a merge key (<<) must refer to a mapping or a list of mappings", at, "syntax"),
        };
        foreach (var source in sources)
        {
            foreach (var entry in source.Entries)
            {
                if (seen.Add(entries, entry.Key.Value))
                {
                    entries.Add(entry);
                }
            }
        }
    }

    /// <summary>
    /// The keys of one mapping: small mappings (the usual case) are searched in place, larger ones get a set, so reading
    /// does not allocate a hash set per mapping.
    /// </summary>
    private struct KeySet
    {
        private HashSet<string>? _set;

        /// <summary>True when the key is new to the mapping whose entries so far are <paramref name="entries"/>.</summary>
        public bool Add(List<MappingEntry> entries, string key)
        {
            if (_set is not null)
            {
                return _set.Add(key);
            }

            foreach (var entry in entries)
            {
                if (entry.Key.Value == key)
                {
                    return false;
                }
            }

            if (entries.Count >= 16)
            {
                _set = new HashSet<string>(StringComparer.Ordinal);
                foreach (var entry in entries)
                {
                    _set.Add(entry.Key.Value);
                }

                _set.Add(key);
            }

            return true;
        }
    }

    private static void Remember(ReaderState state, AnchorName anchor, SyntaxNode node)
    {
        if (!anchor.IsEmpty)
        {
            state.Anchors[anchor.Value] = node;
        }
    }

    private static string? TagOf(TagName tag) => tag.IsEmpty || tag.IsNonSpecific ? null : tag.Value;

    private static TextPosition Position(Mark mark) => new((int)mark.Line, (int)mark.Column);

    // YamlDotNet messages start with "(Line: 3, Col: 5, Idx: 20) - (…): "; the position is reported separately.
    private static string Describe(YamlException ex)
    {
        var message = ex.Message;
        var cut = message.IndexOf("): ", StringComparison.Ordinal);
        if (message.StartsWith("(Line:", StringComparison.Ordinal) && cut > 0)
        {
            message = message[(cut + 3)..];
        }

        return message.Trim();
    }
}
