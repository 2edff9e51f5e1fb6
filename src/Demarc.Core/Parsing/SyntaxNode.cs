namespace Demarc.Parsing;

/// <summary>A 1-based line and column in a text.</summary>
public readonly record struct TextPosition(int Line, int Column)
{
    /// <inheritdoc />
    public override string ToString() => $"{Line}:{Column}";
}

/// <summary>
/// A node of a parsed YAML or JSON document that remembers where it was written.
/// The same tree serves the catalog loader and the template readers.
/// </summary>
public abstract class SyntaxNode(TextPosition start, string? tag)
{
    /// <summary>Where the node starts.</summary>
    public TextPosition Start { get; } = start;

    /// <summary>The explicit YAML tag (<c>!Ref</c>, <c>!GetAtt</c>, …), or null.</summary>
    public string? Tag { get; } = tag;

    /// <summary>The number of nodes in this subtree, counting shared (aliased) subtrees each time they are reached.</summary>
    public abstract long Size { get; }
}

/// <summary>A scalar value, kept as text; its type is decided by whoever reads it.</summary>
public sealed class ScalarNode(TextPosition start, string? tag, string value, bool isPlain) : SyntaxNode(start, tag)
{
    /// <summary>The text of the scalar.</summary>
    public string Value { get; } = value;

    /// <summary>True for unquoted YAML scalars and JSON literals (numbers, booleans, null), which may be read as non-strings.</summary>
    public bool IsPlain { get; } = isPlain;

    /// <summary>True for a plain <c>null</c>, <c>~</c> or empty value.</summary>
    public bool IsNull => IsPlain && Value is "" or "~" or "null" or "Null" or "NULL";

    /// <inheritdoc />
    public override long Size => 1;

    /// <inheritdoc />
    public override string ToString() => Value;
}

/// <summary>A sequence of nodes.</summary>
public sealed class SequenceNode(TextPosition start, string? tag, IReadOnlyList<SyntaxNode> items) : SyntaxNode(start, tag)
{
    private readonly long _size = SizeOf(items);

    /// <summary>The items in order.</summary>
    public IReadOnlyList<SyntaxNode> Items { get; } = items;

    /// <inheritdoc />
    public override long Size => _size;

    private static long SizeOf(IReadOnlyList<SyntaxNode> items)
    {
        long size = 1;
        for (var i = 0; i < items.Count; i++)
        {
            size += items[i].Size;
        }

        return size;
    }
}

/// <summary>One key and its value in a mapping.</summary>
public readonly record struct MappingEntry(ScalarNode Key, SyntaxNode Value);

/// <summary>A mapping with scalar keys, in document order.</summary>
public sealed class MappingNode(TextPosition start, string? tag, IReadOnlyList<MappingEntry> entries) : SyntaxNode(start, tag)
{
    private readonly long _size = SizeOf(entries);

    /// <summary>The entries in document order. Keys are unique (later duplicates are reported and dropped by the reader).</summary>
    public IReadOnlyList<MappingEntry> Entries { get; } = entries;

    /// <inheritdoc />
    public override long Size => _size;

    private static long SizeOf(IReadOnlyList<MappingEntry> entries)
    {
        long size = 1;
        for (var i = 0; i < entries.Count; i++)
        {
            size += 1 + entries[i].Value.Size;
        }

        return size;
    }

    /// <summary>Finds the value of a key (exact, case-sensitive match).</summary>
    public bool TryGetValue(string key, out SyntaxNode value)
    {
        // Indexed rather than foreach: enumerating an IReadOnlyList boxes its enumerator, on every lookup of every key.
        var entries = Entries;
        for (var i = 0; i < entries.Count; i++)
        {
            var entry = entries[i];
            if (entry.Key.Value == key)
            {
                value = entry.Value;
                return true;
            }
        }

        value = null!;
        return false;
    }

    /// <summary>The value of a key, or null.</summary>
    public SyntaxNode? this[string key] => TryGetValue(key, out var value) ? value : null;
}
