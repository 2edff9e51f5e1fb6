using System.Text;

namespace Demarc.Cli.Output;

/// <summary>
/// Plain text for pipes and files: no colour, no terminal width, columns padded with spaces, one line per row.
/// Stable from run to run so scripts and golden tests can rely on it.
/// </summary>
internal static class PlainWriter
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
                    output.WriteLine(heading.Text);
                    output.WriteLine(new string(heading.Level == 1 ? '=' : '-', heading.Text.Length));
                    break;
                case Paragraph paragraph:
                    output.WriteLine(paragraph.Text);
                    break;
                case Code code:
                    foreach (var line in code.Text.TrimEnd('\n').Split('\n'))
                    {
                        output.WriteLine(("    " + line).TrimEnd());
                    }

                    break;
                case Verdict verdict:
                    output.WriteLine($"{verdict.Label}: {verdict.Detail}");
                    break;
                case Fields fields:
                    var width = fields.Items.Max(f => f.Label.Length) + 1;
                    foreach (var field in fields.Items)
                    {
                        output.WriteLine($"{(field.Label + ":").PadRight(width)} {field.Value}");
                    }

                    break;
                case Bullets bullets:
                    foreach (var item in bullets.Items)
                    {
                        output.WriteLine($"- {item}");
                    }

                    break;
                case Table table:
                    WriteTable(table, output);
                    break;
            }
        }
    }

    private static void WriteTable(Table table, TextWriter output)
    {
        if (table.Title is not null)
        {
            output.WriteLine(table.Title);
        }

        var widths = new int[table.Columns.Count];
        for (var i = 0; i < widths.Length; i++)
        {
            widths[i] = table.Columns[i].Length;
        }

        foreach (var row in table.Rows)
        {
            for (var i = 0; i < widths.Length; i++)
            {
                widths[i] = Math.Max(widths[i], row[i].Text.Length);
            }
        }

        var line = new StringBuilder();
        WriteRow(table.Columns, widths, line, output);
        WriteRow(widths.Select(w => new string('-', w)).ToList(), widths, line, output);
        var cells = new string[widths.Length];
        foreach (var row in table.Rows)
        {
            for (var i = 0; i < cells.Length; i++)
            {
                cells[i] = row[i].Text;
            }

            WriteRow(cells, widths, line, output);
        }

        if (table.Rows.Count == 0)
        {
            output.WriteLine("(none)");
        }
    }

    // Cells padded to their column's width plus two (the last as it is), trailing white space trimmed.
    private static void WriteRow(IReadOnlyList<string> cells, int[] widths, StringBuilder line, TextWriter output)
    {
        line.Clear();
        for (var i = 0; i < cells.Count; i++)
        {
            line.Append(cells[i]);
            if (i < cells.Count - 1 && widths[i] + 2 > cells[i].Length)
            {
                line.Append(' ', widths[i] + 2 - cells[i].Length);
            }
        }

        var end = line.Length;
        while (end > 0 && char.IsWhiteSpace(line[end - 1]))
        {
            end--;
        }

        line.Length = end;
        line.Append(output.NewLine);
        output.Write(line);
    }
}
