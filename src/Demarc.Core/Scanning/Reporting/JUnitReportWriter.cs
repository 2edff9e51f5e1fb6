using System.Globalization;
using System.Text;
using System.Xml;
using Demarc.Scanning.Checks;

namespace Demarc.Scanning.Reporting;

/// <summary>
/// JUnit XML for CI systems: one test suite per check that ran, one test case per resource it checked; a failing
/// result is a failure, a suppressed one or an unknown is skipped with the reason.
/// </summary>
public static class JUnitReportWriter
{
    /// <summary>Writes the report.</summary>
    public static void Write(ScanReport report, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(output);
        var suppressed = report.Assessment.Findings.Where(f => f.IsSuppressed).Select(f => f.Result).ToHashSet(ReferenceEqualityComparer.Instance);
        var waivers = report.Assessment.Findings.Where(f => f.IsSuppressed).ToDictionary(f => (object)f.Result, f => f.Waiver!, ReferenceEqualityComparer.Instance);
        var groups = report.Assessment.Results.GroupBy(r => r.Check.Id, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal).ToList();
        var builder = new StringBuilder();
        using (var xml = XmlWriter.Create(builder, new XmlWriterSettings { Indent = true, OmitXmlDeclaration = false, NewLineChars = "\n" }))
        {
            xml.WriteStartElement("testsuites");
            xml.WriteAttributeString("name", "demarc scan");
            xml.WriteAttributeString("tests", Count(report.Assessment.Results.Count));
            xml.WriteAttributeString("failures", Count(report.Assessment.Violations.Count()));
            foreach (var group in groups)
            {
                var check = group.First().Check;
                var results = group.ToList();
                xml.WriteStartElement("testsuite");
                xml.WriteAttributeString("name", $"{check.Id} {check.Title}");
                xml.WriteAttributeString("tests", Count(results.Count));
                xml.WriteAttributeString("failures", Count(results.Count(r => r.Outcome == CheckOutcome.Fail && !suppressed.Contains(r))));
                xml.WriteAttributeString("skipped", Count(results.Count(r => r.Outcome == CheckOutcome.Unknown || suppressed.Contains(r))));
                foreach (var r in results)
                {
                    xml.WriteStartElement("testcase");
                    xml.WriteAttributeString("classname", check.Id);
                    xml.WriteAttributeString("name", $"{r.LogicalId} ({r.Location})");
                    xml.WriteAttributeString("file", r.File);
                    xml.WriteAttributeString("line", Count(r.Location.Line));
                    if (r.Outcome == CheckOutcome.Fail && waivers.TryGetValue(r, out var waiver))
                    {
                        xml.WriteStartElement("skipped");
                        xml.WriteAttributeString("message", $"suppressed ({waiver.SourceName}): {waiver.Reason}");
                        xml.WriteEndElement();
                    }
                    else if (r.Outcome == CheckOutcome.Fail)
                    {
                        xml.WriteStartElement("failure");
                        xml.WriteAttributeString("message", r.Message);
                        xml.WriteAttributeString("type", check.Severity.Display());
                        xml.WriteString($"{r.Location}: {r.Message}\nWhy it is yours: {check.Rationale}\nFix: {check.Remediation}\n{ScanReport.Fix(r).Code}");
                        xml.WriteEndElement();
                    }
                    else if (r.Outcome == CheckOutcome.Unknown)
                    {
                        xml.WriteStartElement("skipped");
                        xml.WriteAttributeString("message", r.Message);
                        xml.WriteEndElement();
                    }

                    xml.WriteEndElement();
                }

                xml.WriteEndElement();
            }

            xml.WriteEndElement();
        }

        output.Write(builder.ToString().Replace("utf-16", "utf-8", StringComparison.Ordinal));
        output.Write('\n');
    }

    private static string Count(int n) => n.ToString(CultureInfo.InvariantCulture);
}
