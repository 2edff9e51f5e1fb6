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

    /// <summary>Writes the report as UTF-8 bytes to a stream (a file, standard output).</summary>
    public static void Write(ScanReport report, Stream output, ScanJson? architecture = null)
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
            json.WritePropertyName("modules");
            JsonSerializer.Serialize(json, architecture.Modules, ScanJsonContext.Default.IReadOnlyListScanModuleJson);
        }
        else
        {
            json.WriteStartArray("files");
            foreach (var file in a.Architecture.Files)
            {
                json.WriteStartObject();
                json.WriteString("file", file.Name);
                json.WriteString("kind", file.Kind switch { FileKind.Template => "template", FileKind.NotTemplate => "not-template", _ => "unreadable" });
                WriteOptional(json, "format", file.Format?.Display());
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
            json.WritePropertyName("modules");
            JsonSerializer.Serialize(json, ScanContracts.Modules(a.Architecture), ScanJsonContext.Default.IReadOnlyListScanModuleJson);
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
        var shared = new SharedTexts();
        foreach (var o in a.Obligations)
        {
            json.WriteStartObject();
            json.WriteString(Names.File, shared[o.File]);
            json.WriteNumber(Names.Line, o.Resource.Location.Line);
            json.WriteString(Names.Resource, shared.Last(o.Resource.LogicalId));
            json.WriteString(Names.Type, shared.ByValue(o.Resource.Type));
            json.WriteString(Names.Service, shared[o.Subject.Id]);
            json.WriteString(Names.Domain, shared[o.Domain.Id]);
            json.WriteString(Names.Owner, shared[o.Cell.Owner.Display()]);
            json.WriteString(Names.Status, shared[o.Status.Display()]);
            json.WriteString(Names.Explanation, o.Explanation);
            json.WriteString(Names.CustomerPart, shared[o.Cell.Parts.Customer]);
            json.WriteStartArray(Names.Checks);
            foreach (var r in o.Evidence)
            {
                json.WriteStartObject();
                json.WriteString(Names.Id, shared[r.Check.Id]);
                json.WriteString(Names.Outcome, shared[r.Outcome.Display()]);
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
            WriteResult(json, f.Result, f.Waiver, shared);
        }

        json.WriteEndArray();

        json.WriteStartArray("unknown");
        foreach (var r in a.Unknowns)
        {
            WriteResult(json, r, null, shared);
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

    private static void WriteResult(Utf8JsonWriter json, CheckResult r, Waiver? waiver, SharedTexts shared)
    {
        json.WriteStartObject();
        json.WriteString(Names.Check, shared[r.Check.Id]);
        json.WriteString(Names.Title, shared[r.Check.Title]);
        json.WriteString(Names.Severity, shared[r.Check.Severity.Display()]);
        json.WriteString(Names.Service, shared[r.Check.ServiceId]);
        json.WriteString(Names.Domain, shared[r.Check.DomainId]);
        json.WriteString(Names.File, shared.ByValue(r.Location.File));
        json.WriteNumber(Names.Line, r.Location.Line);
        json.WriteNumber(Names.Column, r.Location.Column);
        json.WriteString(Names.Resource, r.LogicalId);
        json.WriteString(Names.Type, shared.ByValue(r.ResourceType));
        json.WriteString(Names.Outcome, shared[r.Outcome.Display()]);
        json.WriteString(Names.Message, r.Message);
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

    // Property names of the repeated objects, encoded once.
    private static class Names
    {
        public static readonly JsonEncodedText File = JsonEncodedText.Encode("file");
        public static readonly JsonEncodedText Line = JsonEncodedText.Encode("line");
        public static readonly JsonEncodedText Column = JsonEncodedText.Encode("column");
        public static readonly JsonEncodedText Resource = JsonEncodedText.Encode("resource");
        public static readonly JsonEncodedText Type = JsonEncodedText.Encode("type");
        public static readonly JsonEncodedText Service = JsonEncodedText.Encode("service");
        public static readonly JsonEncodedText Domain = JsonEncodedText.Encode("domain");
        public static readonly JsonEncodedText Owner = JsonEncodedText.Encode("owner");
        public static readonly JsonEncodedText Status = JsonEncodedText.Encode("status");
        public static readonly JsonEncodedText Explanation = JsonEncodedText.Encode("explanation");
        public static readonly JsonEncodedText CustomerPart = JsonEncodedText.Encode("customerPart");
        public static readonly JsonEncodedText Checks = JsonEncodedText.Encode("checks");
        public static readonly JsonEncodedText Id = JsonEncodedText.Encode("id");
        public static readonly JsonEncodedText Outcome = JsonEncodedText.Encode("outcome");
        public static readonly JsonEncodedText Check = JsonEncodedText.Encode("check");
        public static readonly JsonEncodedText Title = JsonEncodedText.Encode("title");
        public static readonly JsonEncodedText Severity = JsonEncodedText.Encode("severity");
        public static readonly JsonEncodedText Message = JsonEncodedText.Encode("message");
    }

    /// <summary>
    /// Values that repeat on every obligation (catalog texts, ids, statuses, the file and type names), each encoded the
    /// first time it is written: by the string instance (texts of the catalog and the checks), or by value (file names
    /// and resource types, few but read anew for each resource).
    /// </summary>
    private sealed class SharedTexts
    {
        private readonly Dictionary<string, JsonEncodedText> _encoded = new(ReferenceEqualityComparer.Instance);
        private readonly Dictionary<string, JsonEncodedText> _byValue = new(StringComparer.Ordinal);
        private string? _last;
        private JsonEncodedText _lastEncoded;

        public JsonEncodedText this[string text]
        {
            get
            {
                if (!_encoded.TryGetValue(text, out var encoded))
                {
                    _encoded[text] = encoded = JsonEncodedText.Encode(text, JsonReportOutput.Options.Encoder);
                }

                return encoded;
            }
        }

        public JsonEncodedText ByValue(string text)
        {
            if (!_byValue.TryGetValue(text, out var encoded))
            {
                encoded = JsonEncodedText.Encode(text, JsonReportOutput.Options.Encoder);
                if (_byValue.Count < 10_000)
                {
                    _byValue[text] = encoded;
                }
            }

            return encoded;
        }

        /// <summary>A text that repeats on consecutive objects only (a resource's id on its obligations).</summary>
        public JsonEncodedText Last(string text)
        {
            if (!ReferenceEquals(text, _last))
            {
                (_last, _lastEncoded) = (text, JsonEncodedText.Encode(text, JsonReportOutput.Options.Encoder));
            }

            return _lastEncoded;
        }
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
