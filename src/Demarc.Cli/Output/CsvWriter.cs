namespace Demarc.Cli.Output;

/// <summary>RFC 4180 CSV of the document's primary table: what a compliance team pastes into a spreadsheet.</summary>
internal static class CsvWriter
{
    public static void Write(Document document, TextWriter output)
    {
        var table = document.Blocks.OfType<Table>().FirstOrDefault(t => t.IsPrimary)
            ?? document.Blocks.OfType<Table>().FirstOrDefault();
        if (table is null)
        {
            return;
        }

        output.Write(string.Join(',', table.Columns.Select(Quote)) + "\r\n");
        foreach (var row in table.Rows)
        {
            output.Write(string.Join(',', row.Select(c => Quote(c.Text))) + "\r\n");
        }
    }

    // Quote when needed; prefix cells a spreadsheet would run as a formula (CSV injection).
    internal static string Quote(string value)
    {
        if (value.Length > 0 && value[0] is '=' or '+' or '-' or '@' && !double.TryParse(value, out _))
        {
            value = "'" + value;
        }

        return value.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }
}
