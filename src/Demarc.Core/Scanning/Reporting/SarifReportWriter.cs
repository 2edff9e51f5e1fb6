using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Demarc.Scanning.Assessment;
using Demarc.Scanning.Checks;
using Demarc.Scanning.Templates;
using Demarc.Scanning.Terraform;

namespace Demarc.Scanning.Reporting;

/// <summary>
/// SARIF 2.1.0 for code scanning: one rule per check that produced a finding (with its help text), one result per
/// failing check result (suppressed ones carry a <c>suppressions</c> entry), relative artifact URIs and a
/// line-independent <c>partialFingerprints</c> entry so alerts survive edits elsewhere in the file.
/// Spec: https://docs.oasis-open.org/sarif/sarif/v2.1.0/sarif-v2.1.0.html
/// </summary>
public static class SarifReportWriter
{
    /// <summary>The schema the output validates against.</summary>
    public const string SchemaUri = "https://json.schemastore.org/sarif-2.1.0.json";

    /// <summary>Writes the report.</summary>
    public static void Write(ScanReport report, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(output);
        JsonReportOutput.Write(output, json => Write(report, json));
    }

    /// <summary>The SARIF level of a severity.</summary>
    public static string Level(Severity severity) => severity switch
    {
        Severity.Critical or Severity.High => "error",
        Severity.Medium => "warning",
        _ => "note",
    };

    /// <summary>GitHub's security-severity score (0–10) of a severity.</summary>
    public static string SecuritySeverity(Severity severity) => severity switch
    {
        Severity.Critical => "9.5",
        Severity.High => "7.5",
        Severity.Medium => "5.0",
        _ => "2.0",
    };

    /// <summary>A stable fingerprint of a CloudFormation finding: the check, the file and the resource, not the line.</summary>
    public static string Fingerprint(CheckResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return Hash($"{result.Check.Id}|{Uri(result.File)}|{result.LogicalId}");
    }

    /// <summary>
    /// A stable fingerprint of a finding. CloudFormation: the check, the file and the logical id. Terraform: the check,
    /// the root module (or plan) scanned and the resource address, so the finding keeps its identity when its lines move
    /// or its block moves to another <c>.tf</c> file of the module, and two root modules calling one child module differ.
    /// </summary>
    public static string Fingerprint(Finding finding)
    {
        ArgumentNullException.ThrowIfNull(finding);
        var r = finding.Result;
        return finding.Input is { } input && input.Format.IsTerraform()
            ? Hash($"{r.Check.Id}|terraform|{Uri(input.Name)}|{r.LogicalId}")
            : Fingerprint(r);
    }

    private static string Hash(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)))[..32];

    /// <summary>A file name as a relative URI with forward slashes.</summary>
    public static string Uri(string file)
    {
        ArgumentNullException.ThrowIfNull(file);
        var path = file.Replace('\\', '/');
        while (path.StartsWith("./", StringComparison.Ordinal))
        {
            path = path[2..];
        }

        return string.Join('/', path.Split('/').Select(System.Uri.EscapeDataString));
    }

    private static void Write(ScanReport report, Utf8JsonWriter json)
    {
        var rules = report.RulesUsed;
        var index = rules.Select((r, i) => (r.Id, i)).ToDictionary(p => p.Id, p => p.i, StringComparer.Ordinal);

        // A rule's help shows the CloudFormation fix, and the Terraform fix of each Terraform type it found a problem on.
        var hcl = report.Assessment.Findings
            .Select(f => ScanReport.Fix(f.Result) is { Language: "hcl" } fix ? (f.Result.Check.Id, fix.Code) : default)
            .Where(p => p.Id is not null)
            .Distinct()
            .ToLookup(p => p.Id, p => p.Code, StringComparer.Ordinal);
        json.WriteStartObject();
        json.WriteString("$schema", SchemaUri);
        json.WriteString("version", "2.1.0");
        json.WriteStartArray("runs");
        json.WriteStartObject();
        json.WriteStartObject("tool");
        json.WriteStartObject("driver");
        json.WriteString("name", "Demarc");
        json.WriteString("semanticVersion", report.ToolVersion);
        json.WriteString("informationUri", "https://docs.aws.amazon.com/whitepapers/latest/aws-risk-and-compliance/shared-responsibility-model.html");
        json.WriteStartArray("rules");
        foreach (var rule in rules)
        {
            json.WriteStartObject();
            json.WriteString("id", rule.Id);
            json.WriteString("name", Name(rule.Title));
            json.WriteStartObject("shortDescription");
            json.WriteString("text", rule.Title);
            json.WriteEndObject();
            json.WriteStartObject("fullDescription");
            json.WriteString("text", rule.Rationale);
            json.WriteEndObject();
            json.WriteStartObject("help");
            var terraform = hcl[rule.Id].ToList();
            json.WriteString("text", $"{rule.Remediation}\n\n{rule.Snippet}" + string.Concat(terraform.Select(s => $"\nIn Terraform:\n\n{s}")));
            json.WriteString("markdown", $"**Why it is yours:** {rule.Rationale}\n\n**Fix:** {rule.Remediation}\n\n```yaml\n{rule.Snippet}```\n\n"
                + string.Concat(terraform.Select(s => $"In Terraform:\n\n```hcl\n{s}```\n\n")) + $"Documentation: {rule.DocPath}");
            json.WriteEndObject();
            json.WriteStartObject("defaultConfiguration");
            json.WriteString("level", Level(rule.Severity));
            json.WriteEndObject();
            json.WriteStartObject("properties");
            json.WriteString("security-severity", SecuritySeverity(rule.Severity));
            json.WriteString("precision", "high");
            json.WriteStartArray("tags");
            json.WriteStringValue("security");
            json.WriteStringValue("demarc/" + rule.ServiceId);
            json.WriteStringValue("domain/" + rule.DomainId);
            json.WriteEndArray();
            json.WriteEndObject();
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
        json.WriteEndObject();

        json.WriteStartArray("results");
        foreach (var finding in report.Assessment.Findings)
        {
            var r = finding.Result;
            var terraform = finding.Input is { } input && input.Format.IsTerraform() ? input : null;
            json.WriteStartObject();
            json.WriteString("ruleId", r.Check.Id);
            json.WriteNumber("ruleIndex", index[r.Check.Id]);
            json.WriteString("level", Level(r.Check.Severity));
            json.WriteStartObject("message");
            json.WriteString("text", $"{r.LogicalId} ({r.ResourceType}): {r.Message}");
            json.WriteEndObject();
            json.WriteStartArray("locations");
            json.WriteStartObject();
            json.WriteStartObject("physicalLocation");
            json.WriteStartObject("artifactLocation");
            json.WriteString("uri", Uri(r.Location.File.Length > 0 ? r.Location.File : r.File));
            json.WriteString("uriBaseId", "%SRCROOT%");
            json.WriteEndObject();
            json.WriteStartObject("region");
            json.WriteNumber("startLine", Math.Max(1, r.Location.Line));
            json.WriteNumber("startColumn", Math.Max(1, r.Location.Column));
            json.WriteEndObject();
            json.WriteEndObject();
            json.WriteStartArray("logicalLocations");
            json.WriteStartObject();
            if (terraform is not null)
            {
                // module.db.aws_db_instance.main[0]: the resource within its module, and the whole address.
                json.WriteString("name", TerraformAddresses.Split(r.LogicalId).Resource);
                json.WriteString("fullyQualifiedName", r.LogicalId);
            }
            else
            {
                json.WriteString("name", r.LogicalId);
            }

            json.WriteString("kind", "resource");
            json.WriteEndObject();
            json.WriteEndArray();
            json.WriteEndObject();
            json.WriteEndArray();
            json.WriteStartObject("partialFingerprints");
            json.WriteString("demarcFinding/v1", Fingerprint(finding));
            json.WriteEndObject();
            if (finding.Waiver is { } waiver)
            {
                json.WriteStartArray("suppressions");
                json.WriteStartObject();
                json.WriteString("kind", waiver.Source == WaiverSource.Baseline ? "external" : "inSource");
                json.WriteString("status", "accepted");
                json.WriteString("justification", $"{waiver.Reason} ({waiver.SourceName} {waiver.WrittenId})");
                json.WriteEndObject();
                json.WriteEndArray();
            }

            json.WriteStartObject("properties");
            json.WriteString("severity", r.Check.Severity.Display());
            json.WriteString("service", r.Check.ServiceId);
            json.WriteString("domain", r.Check.DomainId);
            if (terraform is not null)
            {
                json.WriteString("terraformAddress", r.LogicalId);
                json.WriteString("terraformRoot", terraform.Name);
            }

            json.WriteEndObject();
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteString("columnKind", "unicodeCodePoints");
        json.WriteStartObject("originalUriBaseIds");
        json.WriteStartObject("%SRCROOT%");
        json.WriteStartObject("description");
        json.WriteString("text", "The directory demarc scan ran in; artifact URIs are relative to it.");
        json.WriteEndObject();
        json.WriteEndObject();
        json.WriteEndObject();
        json.WriteEndObject();
        json.WriteEndArray();
        json.WriteEndObject();
    }

    // "S3 bucket blocks all public access" -> "S3BucketBlocksAllPublicAccess"
    private static string Name(string title) =>
        string.Concat(title.Split([' ', '-', '/', '(', ')', ',', '.'], StringSplitOptions.RemoveEmptyEntries)
            .Select(w => char.ToUpper(w[0], CultureInfo.InvariantCulture) + w[1..]));
}
