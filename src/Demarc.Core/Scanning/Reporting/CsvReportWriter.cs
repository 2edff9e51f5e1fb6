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
        foreach (var o in report.Assessment.Obligations)
        {
            string[] row =
            [
                o.File,
                o.Resource.Location.Line.ToString(System.Globalization.CultureInfo.InvariantCulture),
                o.Resource.LogicalId,
                o.Resource.Type,
                o.Subject.Id,
                o.Domain.Id,
                o.Domain.Name,
                o.Cell.Owner.Display(),
                o.Status.Display(),
                o.Explanation,
                string.Join(" ", o.Evidence.Select(e => $"{e.Check.Id}:{e.Outcome.Display()}")),
                o.Cell.Parts.Customer,
                o.Cell.Parts.Aws,
                o.Attestation?.Owner ?? "",
                o.Attestation?.How ?? "",
                o.Attestation?.Evidence ?? "",
                o.Attestation is null ? "" : ScanReport.Date(o.Attestation.ReviewBy) + (o.AttestationExpired ? " (expired)" : ""),
            ];
            output.Write(string.Join(',', row.Select(Quote)) + "\r\n");
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

        return value.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }
}
