using Demarc.Model;
using Demarc.Scanning.Assessment;
using Demarc.Scanning.Checks;

namespace Demarc.Scanning.Reporting;

/// <summary>
/// The customer responsibility matrix as RFC 4180 CSV, one row per obligation: what a compliance team pastes into a
/// spreadsheet. Cells a spreadsheet would run as formulas are prefixed with a quote.
/// </summary>
public static class CsvReportWriter
{
    private static readonly string[] Columns =
    [
        "File", "Line", "Resource", "Type", "Service", "Domain", "Domain name", "Owner", "Status", "Explanation",
        "Checks", "Customer does", "AWS does", "Attested by", "How", "Evidence", "Review by",
    ];

    /// <summary>Writes the report.</summary>
    public static void Write(ScanReport report, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(output);
        output.Write(string.Join(',', Columns.Select(Quote)) + "\r\n");

        // Texts from the catalog and the checks repeat on every row: quote each once.
        var quoted = new Dictionary<string, string>(ReferenceEqualityComparer.Instance);
        string Shared(string value)
        {
            if (!quoted.TryGetValue(value, out var cell))
            {
                quoted[value] = cell = Quote(value);
            }

            return cell;
        }

        var checks = new System.Text.StringBuilder();
        foreach (var o in report.Assessment.Obligations)
        {
            checks.Clear();
            foreach (var e in o.Evidence)
            {
                if (checks.Length > 0)
                {
                    checks.Append(' ');
                }

                checks.Append(e.Check.Id).Append(':').Append(e.Outcome.Display());
            }

            output.Write(Shared(o.File));
            output.Write(',');
            output.Write(o.Resource.Location.Line.ToString(System.Globalization.CultureInfo.InvariantCulture));
            output.Write(',');
            output.Write(Quote(o.Resource.LogicalId));
            output.Write(',');
            output.Write(Quote(o.Resource.Type));
            output.Write(',');
            output.Write(Shared(o.Subject.Id));
            output.Write(',');
            output.Write(Shared(o.Domain.Id));
            output.Write(',');
            output.Write(Shared(o.Domain.Name));
            output.Write(',');
            output.Write(Shared(o.Cell.Owner.Display()));
            output.Write(',');
            output.Write(Shared(o.Status.Display()));
            output.Write(',');
            output.Write(Quote(o.Explanation));
            output.Write(',');
            output.Write(Quote(checks.ToString()));
            output.Write(',');
            output.Write(Shared(o.Cell.Parts.Customer));
            output.Write(',');
            output.Write(Shared(o.Cell.Parts.Aws));
            output.Write(',');
            if (o.Attestation is { } attestation)
            {
                output.Write(Quote(attestation.Owner));
                output.Write(',');
                output.Write(Quote(attestation.How));
                output.Write(',');
                output.Write(Quote(attestation.Evidence ?? ""));
                output.Write(',');
                output.Write(Quote(ScanReport.Date(attestation.ReviewBy) + (o.AttestationExpired ? " (expired)" : "")));
            }
            else
            {
                output.Write(",,,");
            }

            output.Write("\r\n");
        }
    }

    /// <summary>Quotes a cell when needed and defuses formula prefixes (CSV injection).</summary>
    public static string Quote(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value.Length > 0 && value[0] is '=' or '+' or '-' or '@' or '\t' or '\r' && !double.TryParse(value, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out _))
        {
            value = "'" + value;
        }

        return value.AsSpan().IndexOfAny(NeedsQuotes) >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }

    private static readonly System.Buffers.SearchValues<char> NeedsQuotes = System.Buffers.SearchValues.Create(",\"\r\n");
}
