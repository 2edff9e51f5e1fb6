namespace Demarc.Cli.Output;

/// <summary>GitHub-flavoured Markdown: headings, tables with escaped pipes, lists.</summary>
internal static class MarkdownWriter
{
    public static void Write(Document document, TextWriter output)
    {
        var first = true;
        foreach (var block in document.Blocks.Where(b => b is not Table { Hidden: true }))
        {
            if (!first)
            {
                output.WriteLine();
            }

            first = false;
            switch (block)
            {
                case Heading heading:
                    output.WriteLine($"{new string('#', heading.Level)} {Escape(heading.Text)}");
                    break;
                case Paragraph paragraph:
                    output.WriteLine(Escape(paragraph.Text));
                    break;
                case Code code:
                    output.WriteLine("```" + code.Language);
                    output.WriteLine(code.Text.TrimEnd('\n').Replace("```", "` ` `", StringComparison.Ordinal));
                    output.WriteLine("```");
                    break;
                case Verdict verdict:
                    output.WriteLine($"**{Escape(verdict.Label)}: {Escape(verdict.Detail)}**");
                    break;
                case Fields fields:
                    foreach (var field in fields.Items)
                    {
                        output.WriteLine($"- **{Escape(field.Label)}:** {Escape(field.Value)}");
                    }

                    break;
                case Bullets bullets:
                    foreach (var item in bullets.Items)
                    {
                        output.WriteLine($"- {Escape(item)}");
                    }

                    break;
                case Table table:
                    if (table.Title is not null)
                    {
                        output.WriteLine($"**{Escape(table.Title)}**");
                        output.WriteLine();
                    }

                    output.WriteLine("| " + string.Join(" | ", table.Columns.Select(Cell)) + " |");
                    output.WriteLine("|" + string.Concat(table.Columns.Select(_ => "---|")));
                    var line = new System.Text.StringBuilder();
                    foreach (var row in table.Rows)
                    {
                        line.Clear().Append("| ");
                        for (var i = 0; i < row.Count; i++)
                        {
                            line.Append(i == 0 ? "" : " | ").Append(Cell(row[i].Text));
                        }

                        line.Append(" |").Append(output.NewLine);
                        output.Write(line);
                    }

                    break;
            }
        }
    }

    private static string Cell(string text) => text.AsSpan().IndexOfAny(CellMarkup) < 0
        ? text
        : Escape(text).Replace("|", "\\|", StringComparison.Ordinal).Replace("\n", "<br>", StringComparison.Ordinal);

    // The characters Escape and Cell replace: most cells have none and are written as they are.
    private static readonly System.Buffers.SearchValues<char> CellMarkup = System.Buffers.SearchValues.Create("\\*_<>|\n");

    // Markdown treats a few characters as markup; escape those that commonly appear in catalog text.
    private static string Escape(string text) => text
        .Replace("\\", "\\\\", StringComparison.Ordinal)
        .Replace("*", "\\*", StringComparison.Ordinal)
        .Replace("_", "\\_", StringComparison.Ordinal)
        .Replace("<", "&lt;", StringComparison.Ordinal)
        .Replace(">", "&gt;", StringComparison.Ordinal);
}
