namespace Demarc.Parsing;

/// <summary>Bounds that keep hostile input from exhausting memory or time. Every reader enforces them.</summary>
public sealed record ParseLimits
{
    /// <summary>Largest input accepted, in bytes. <value>The default is 20 MB.</value></summary>
    public long MaxBytes { get; init; } = 20 * 1024 * 1024;

    /// <summary>Deepest nesting of mappings and sequences. <value>The default is 100.</value></summary>
    public int MaxDepth { get; init; } = 100;

    /// <summary>
    /// Most nodes a document may hold once YAML aliases are counted at every place they are used
    /// (what stops "billion laughs"). <value>The default is 2,000,000.</value>
    /// </summary>
    public long MaxNodes { get; init; } = 2_000_000;

    /// <summary>The defaults.</summary>
    public static ParseLimits Default { get; } = new();
}

/// <summary>A document that cannot be read: where and why.</summary>
public sealed class ParseException(string message, TextPosition position, string rule) : Exception(message)
{
    /// <summary>Where the problem is (line 0 when it concerns the whole input).</summary>
    public TextPosition Position { get; } = position;

    /// <summary>A short stable name for the kind of problem (<c>syntax</c>, <c>too-large</c>, <c>too-deep</c>, <c>alias-expansion</c>, <c>encoding</c>, <c>duplicate-key</c>).</summary>
    public string Rule { get; } = rule;
}

/// <summary>A problem that does not stop reading (for example a duplicate key, whose later value is dropped).</summary>
public sealed record ParseWarning(TextPosition Position, string Rule, string Message);
