using Demarc.Model;

namespace Demarc.Cli.Output;

/// <summary>
/// What a command shows, independent of format: headings, fields, tables and lists. One document feeds the terminal,
/// plain-text, Markdown and CSV writers, so every format tells the same story. JSON is written from the contracts instead.
/// </summary>
internal sealed record Document(IReadOnlyList<Block> Blocks);

internal abstract record Block;

/// <summary>A heading; level 1 is the document title.</summary>
internal sealed record Heading(string Text, int Level = 2) : Block;

/// <summary>A paragraph of text.</summary>
internal sealed record Paragraph(string Text) : Block;

/// <summary>The answer of a question, shown prominently, coloured by owner.</summary>
internal sealed record Verdict(string Label, Owner Owner, string Detail) : Block;

/// <summary>Preformatted text (a CloudFormation snippet), shown as written.</summary>
internal sealed record Code(string Text, string Language = "yaml") : Block;

/// <summary>Label: value lines.</summary>
internal sealed record Fields(IReadOnlyList<Field> Items) : Block;

internal sealed record Field(string Label, string Value);

/// <summary>A bulleted list.</summary>
internal sealed record Bullets(IReadOnlyList<string> Items) : Block;

/// <summary>
/// A table. The primary table of a document is what CSV writes; the other blocks are context for people.
/// </summary>
internal sealed record Table(string? Title, IReadOnlyList<string> Columns, IReadOnlyList<IReadOnlyList<TableCell>> Rows, bool IsPrimary = false) : Block;

/// <summary>A table cell; cells that hold an owner are coloured by it on a terminal.</summary>
internal sealed record TableCell(string Text, Owner? Owner = null)
{
    public static implicit operator TableCell(string text) => new(text);

    public static TableCell Of(Owner owner, string? suffix = null) => new(owner.Display() + suffix, owner);
}
