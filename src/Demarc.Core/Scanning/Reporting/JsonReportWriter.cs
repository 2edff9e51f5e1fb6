using System.Text.Encodings.Web;
using System.Text.Json;
using Demarc.Model;
using Demarc.Scanning.Assessment;
using Demarc.Scanning.Checks;
using Demarc.Scanning.Templates;

namespace Demarc.Scanning.Reporting;

/// <summary>
/// <c>demarc scan --format json</c>: the whole report as one JSON document (schemaVersion 1, documented in
/// docs/scan.md). Fields are added, never renamed or removed without raising the schema version.
/// </summary>
public static class JsonReportWriter
{
    /// <summary>
    /// Writes the report. <paramref name="architecture"/> (the scan contract of the architecture: files, services,
    /// resources, unclassified types, problems) is embedded field by field when given.
    /// </summary>
    public static void Write(ScanReport report, TextWriter output, ScanJson? architecture = null)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(output);
        JsonReportOutput.Write(output, json => Write(report, json, architecture));
    }

    private static void Write(ScanReport report, Utf8JsonWriter json, ScanJson? architecture)
    {
        var a = report.Assessment;
        json.WriteStartObject();
        json.WriteNumber("schemaVersion", 1);
        json.WriteString("kind", "scan");
        json.WriteString("tool", "demarc " + report.ToolVersion);
        json.WriteString("asOf", ScanReport.Date(a.AsOf));
        json.WriteString("failOn", report.FailOn?.Display() ?? "none");

        json.WriteStartObject("totals");
        json.WriteNumber("files", a.Architecture.Files.Count);
        json.WriteNumber("templates", a.Architecture.Templates.Count());
        json.WriteNumber("resources", a.Architecture.Resources.Count());
        json.WriteNumber("awsCells", a.Split.Aws);
        json.WriteNumber("sharedCells", a.Split.Shared);
        json.WriteNumber("customerCells", a.Split.Customer);
        json.WriteNumber("awsShare", Math.Round(a.Split.AwsShare, 4));
        json.WriteNumber("customerShare", Math.Round(a.Split.CustomerShare, 4));
        json.WriteNumber("obligations", a.Applicable);
        json.WriteStartObject("obligationsByStatus");
        foreach (var status in ObligationStatuses.All)
        {
            json.WriteNumber(status.Display(), a.Count(status));
        }

        json.WriteEndObject();
        json.WriteNumber("violations", a.Violations.Count());
        json.WriteNumber("suppressed", a.Suppressed.Count());
        json.WriteNumber("unknown", a.Unknowns.Count());
        json.WriteNumber("failingViolations", report.FailingViolations);
        json.WriteEndObject();

        if (architecture is not null)
        {
            json.WritePropertyName("files");
            JsonSerializer.Serialize(json, architecture.Files, ScanJsonContext.Default.IReadOnlyListScanFileJson);
            json.WritePropertyName("services");
            JsonSerializer.Serialize(json, architecture.Services, ScanJsonContext.Default.IReadOnlyListScanServiceJson);
            json.WritePropertyName("resources");
            JsonSerializer.Serialize(json, architecture.Resources, ScanJsonContext.Default.IReadOnlyListScanResourceJson);
        }
        else
        {
            json.WriteStartArray("files");
            foreach (var file in a.Architecture.Files)
            {
                json.WriteStartObject();
                json.WriteString("file", file.Name);
                json.WriteString("kind", file.Kind switch { FileKind.Template => "template", FileKind.NotTemplate => "not-template", _ => "unreadable" });
                WriteOptional(json, "format", file.Format switch { TemplateFormat.Json => "json", TemplateFormat.Yaml => "yaml", _ => null });
                json.WriteNumber("resources", file.Resources.Count);
                json.WriteEndObject();
            }

            json.WriteEndArray();

            json.WriteStartArray("services");
            foreach (var use in a.Architecture.Services)
            {
                json.WriteStartObject();
                json.WriteString("id", use.Subject.Id);
                json.WriteString("name", use.Subject.Name);
                json.WriteString("model", use.Model.Id);
                json.WriteNumber("resources", use.Resources.Count);
                json.WriteEndObject();
            }

            json.WriteEndArray();
        }

        json.WriteStartArray("matrix");
        foreach (var row in report.Matrix)
        {
            json.WriteStartObject();
            json.WriteString("domain", row.Domain.Id);
            json.WriteString("layer", row.Domain.Layer.Display());
            json.WriteStartObject("owners");
            for (var i = 0; i < report.Services.Count; i++)
            {
                json.WriteString(report.Services[i].Id, row.Owners[i].Display());
            }

            json.WriteEndObject();
            json.WriteEndObject();
        }

        json.WriteEndArray();

        json.WriteStartArray("obligations");
        foreach (var o in a.Obligations)
        {
            json.WriteStartObject();
            json.WriteString("file", o.File);
            json.WriteNumber("line", o.Resource.Location.Line);
            json.WriteString("resource", o.Resource.LogicalId);
            json.WriteString("type", o.Resource.Type);
            json.WriteString("service", o.Subject.Id);
            json.WriteString("domain", o.Domain.Id);
            json.WriteString("owner", o.Cell.Owner.Display());
            json.WriteString("status", o.Status.Display());
            json.WriteString("explanation", o.Explanation);
            json.WriteString("customerPart", o.Cell.Parts.Customer);
            json.WriteStartArray("checks");
            foreach (var r in o.Evidence)
            {
                json.WriteStartObject();
                json.WriteString("id", r.Check.Id);
                json.WriteString("outcome", r.Outcome.Display());
                json.WriteEndObject();
            }

            json.WriteEndArray();
            if (o.Attestation is { } at)
            {
                json.WriteStartObject("attestation");
                json.WriteString("owner", at.Owner);
                json.WriteString("how", at.How);
                WriteOptional(json, "evidence", at.Evidence);
                json.WriteString("reviewBy", ScanReport.Date(at.ReviewBy));
                json.WriteBoolean("expired", o.AttestationExpired);
                json.WriteEndObject();
            }

            json.WriteEndObject();
        }

        json.WriteEndArray();

        json.WriteStartArray("findings");
        foreach (var f in a.Findings)
        {
            WriteResult(json, f.Result, f.Waiver);
        }

        json.WriteEndArray();

        json.WriteStartArray("unknown");
        foreach (var r in a.Unknowns)
        {
            WriteResult(json, r, null);
        }

        json.WriteEndArray();

        json.WriteStartArray("attestations");
        foreach (var use in a.Attestations)
        {
            json.WriteStartObject();
            json.WriteString("service", use.Attestation.ServiceId);
            json.WriteString("domain", use.Attestation.DomainId);
            WriteOptional(json, "resource", use.Attestation.Resource);
            json.WriteString("owner", use.Attestation.Owner);
            json.WriteString("reviewBy", ScanReport.Date(use.Attestation.ReviewBy));
            json.WriteBoolean("expired", use.Expired);
            json.WriteNumber("obligations", use.Obligations);
            json.WriteString("location", use.Attestation.Location.ToString());
            json.WriteEndObject();
        }

        json.WriteEndArray();

        json.WriteStartArray("baseline");
        foreach (var use in a.Baseline)
        {
            json.WriteStartObject();
            json.WriteString("check", use.Entry.CheckId);
            json.WriteString("file", use.Entry.File);
            json.WriteString("resource", use.Entry.Resource);
            json.WriteNumber("matched", use.Matched);
            json.WriteBoolean("expired", use.Expired);
            json.WriteEndObject();
        }

        json.WriteEndArray();

        json.WriteStartArray("unclassified");
        foreach (var u in a.Architecture.Unclassified)
        {
            json.WriteStartObject();
            json.WriteString("type", u.Type);
            json.WriteNumber("resources", u.Resources.Count);
            json.WriteEndObject();
        }

        json.WriteEndArray();

        json.WriteStartArray("problems");
        var diagnostics = architecture is null ? a.Architecture.Diagnostics.Concat(a.Diagnostics) : a.Diagnostics;
        if (architecture is not null)
        {
            foreach (var problem in architecture.Problems)
            {
                JsonSerializer.Serialize(json, problem, ScanJsonContext.Default.ScanProblemJson);
            }
        }

        foreach (var d in diagnostics)
        {
            json.WriteStartObject();
            json.WriteString("file", d.Location.File);
            json.WriteNumber("line", d.Location.Line);
            json.WriteNumber("column", d.Location.Column);
            json.WriteString("severity", d.Severity.ToString().ToLowerInvariant());
            json.WriteString("rule", d.Rule);
            json.WriteString("message", d.Message);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static void WriteResult(Utf8JsonWriter json, CheckResult r, Waiver? waiver)
    {
        json.WriteStartObject();
        json.WriteString("check", r.Check.Id);
        json.WriteString("title", r.Check.Title);
        json.WriteString("severity", r.Check.Severity.Display());
        json.WriteString("service", r.Check.ServiceId);
        json.WriteString("domain", r.Check.DomainId);
        json.WriteString("file", r.Location.File);
        json.WriteNumber("line", r.Location.Line);
        json.WriteNumber("column", r.Location.Column);
        json.WriteString("resource", r.LogicalId);
        json.WriteString("type", r.ResourceType);
        json.WriteString("outcome", r.Outcome.Display());
        json.WriteString("message", r.Message);
        if (waiver is not null)
        {
            json.WriteStartObject("suppression");
            json.WriteString("source", waiver.SourceName);
            json.WriteString("id", waiver.WrittenId);
            json.WriteString("reason", waiver.Reason);
            if (waiver.Expires is { } expires)
            {
                json.WriteString("expires", ScanReport.Date(expires));
            }

            json.WriteEndObject();
        }

        json.WriteEndObject();
    }

    private static void WriteOptional(Utf8JsonWriter json, string name, string? value)
    {
        if (value is null)
        {
            json.WriteNull(name);
        }
        else
        {
            json.WriteString(name, value);
        }
    }
}
