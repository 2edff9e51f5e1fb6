namespace Demarc.Model;

/// <summary>Where something was written: a file (as named to the user), a 1-based line and column.</summary>
public sealed record SourceLocation(string File, int Line, int Column)
{
    /// <summary>A location for things that were not read from a file.</summary>
    public static SourceLocation None { get; } = new("", 0, 0);

    /// <inheritdoc />
    public override string ToString() => Line > 0 ? $"{File}:{Line}:{Column}" : File;
}
