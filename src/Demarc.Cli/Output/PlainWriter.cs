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
        foreach (var block in document.Blocks)
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

        var widths = table.Columns.Select((c, i) => Math.Max(c.Length, table.Rows.Count == 0 ? 0 : table.Rows.Max(r => r[i].Text.Length))).ToArray();
        WriteRow(table.Columns, widths, output);
        WriteRow(widths.Select(w => new string('-', w)).ToList(), widths, output);
        foreach (var row in table.Rows)
        {
            WriteRow(row.Select(c => c.Text).ToList(), widths, output);
        }

        if (table.Rows.Count == 0)
        {
            output.WriteLine("(none)");
        }
    }

    private static void WriteRow(IReadOnlyList<string> cells, int[] widths, TextWriter output)
    {
        var line = new StringBuilder();
        for (var i = 0; i < cells.Count; i++)
        {
            line.Append(i == cells.Count - 1 ? cells[i] : cells[i].PadRight(widths[i] + 2));
        }

        output.WriteLine(line.ToString().TrimEnd());
    }
}
