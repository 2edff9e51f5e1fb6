using Demarc.Model;

namespace Demarc.Scanning.Checks;

/// <summary>How much a failing check matters. Ordered: a higher value is more severe.</summary>
public enum Severity
{
    /// <summary>Hygiene; worth fixing, rarely exploitable on its own.</summary>
    Low = 1,

    /// <summary>Weakens a control the customer is responsible for.</summary>
    Medium = 2,

    /// <summary>Exposes data or access, or removes a control an audit expects.</summary>
    High = 3,

    /// <summary>Open to the internet or to anyone with an AWS account.</summary>
    Critical = 4,
}

/// <summary>The result of one check on one resource.</summary>
public enum CheckOutcome
{
    /// <summary>The template shows the control is in place, for every deployment it allows.</summary>
    Pass,

    /// <summary>The template shows the control is missing or weakened.</summary>
    Fail,

    /// <summary>The answer depends on a value known only at deployment; never counted as a pass.</summary>
    Unknown,

    /// <summary>The check does not apply to this resource (another kind of resource, a resource that is not created, …).</summary>
    NotApplicable,

    /// <summary>Nothing is configured, and AWS applies a default that covers the control (S3 SSE-S3, DynamoDB encryption).</summary>
    AwsDefault,
}

/// <summary>Spellings of severities and outcomes in output and in definition files.</summary>
public static class CheckNames
{
    /// <summary>All severities from most to least severe.</summary>
    public static IReadOnlyList<Severity> Severities { get; } = [Severity.Critical, Severity.High, Severity.Medium, Severity.Low];

    /// <summary>Lower-case name of a severity.</summary>
    public static string Display(this Severity severity) => severity switch
    {
        Severity.Critical => "critical",
        Severity.High => "high",
        Severity.Medium => "medium",
        Severity.Low => "low",
        _ => throw new ArgumentOutOfRangeException(nameof(severity)),
    };

    /// <summary>Reads a severity (case-insensitive).</summary>
    public static bool TryParseSeverity(string? text, out Severity severity)
    {
        foreach (var candidate in Severities)
        {
            if (string.Equals(candidate.Display(), text?.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                severity = candidate;
                return true;
            }
        }

        severity = default;
        return false;
    }

    /// <summary>The spelling of an outcome (<c>pass</c>, <c>fail</c>, <c>unknown</c>, <c>n/a</c>, <c>aws-default</c>).</summary>
    public static string Display(this CheckOutcome outcome) => outcome switch
    {
        CheckOutcome.Pass => "pass",
        CheckOutcome.Fail => "fail",
        CheckOutcome.Unknown => "unknown",
        CheckOutcome.NotApplicable => "n/a",
        CheckOutcome.AwsDefault => "aws-default",
        _ => throw new ArgumentOutOfRangeException(nameof(outcome)),
    };

    /// <summary>Reads an outcome as <see cref="Display(CheckOutcome)"/> writes it (also <c>not-applicable</c>).</summary>
    public static bool TryParseOutcome(string? text, out CheckOutcome outcome)
    {
        switch (text?.Trim().ToLowerInvariant())
        {
            case "pass": outcome = CheckOutcome.Pass; return true;
            case "fail": outcome = CheckOutcome.Fail; return true;
            case "unknown": outcome = CheckOutcome.Unknown; return true;
            case "n/a" or "not-applicable" or "na": outcome = CheckOutcome.NotApplicable; return true;
            case "aws-default": outcome = CheckOutcome.AwsDefault; return true;
            default: outcome = default; return false;
        }
    }
}

/// <summary>The ids of the same control in other tools, so their users find it and their waivers keep working.</summary>
public sealed record Equivalents(IReadOnlyList<string> Checkov, IReadOnlyList<string> CfnNag, IReadOnlyList<string> CfnGuard)
{
    /// <summary>No equivalents.</summary>
    public static Equivalents None { get; } = new([], [], []);

    /// <summary>Every equivalent id, of every tool.</summary>
    public IEnumerable<string> All => Checkov.Concat(CfnNag).Concat(CfnGuard);
}

/// <summary>
/// What AWS does when the customer configures nothing, for a check whose control AWS covers by default: the check's
/// outcome is <see cref="CheckOutcome.AwsDefault"/> and the report says what the customer may still choose.
/// </summary>
/// <param name="Covers">What AWS applies by default (<c>SSE-S3 encrypts every new object since January 2023</c>).</param>
/// <param name="CustomerMayChoose">What stays the customer's choice (<c>SSE-KMS with a customer managed key</c>).</param>
public sealed record AwsDefault(string Covers, string CustomerMayChoose);

/// <summary>
/// A check: automated evidence, read from a template, for one customer obligation (a service and a catalog domain).
/// Its metadata and, for simple checks, its logic are data (<c>data/checks/*.yaml</c>); checks that follow references
/// or read policy documents name a code implementation.
/// </summary>
/// <param name="Id">Stable id, <c>DMC-&lt;AREA&gt;-&lt;NNN&gt;</c>; never reused for another control.</param>
/// <param name="ServiceId">The catalog service whose obligation the check gives evidence for.</param>
/// <param name="DomainId">The catalog domain of that obligation.</param>
/// <param name="ResourceTypes">The CloudFormation (and SAM) resource types the check reads.</param>
/// <param name="Message">What is wrong when the check fails, in one sentence.</param>
/// <param name="Rationale">Why this is the customer's side of the shared responsibility model.</param>
/// <param name="Remediation">How to fix it, in words.</param>
/// <param name="Snippet">The fix as a CloudFormation snippet (YAML).</param>
/// <param name="Location">Where the definition is written (for diagnostics and the docs).</param>
public sealed record CheckDefinition(
    string Id,
    string Title,
    string ServiceId,
    string DomainId,
    Severity Severity,
    IReadOnlyList<string> ResourceTypes,
    string Message,
    string Rationale,
    string Remediation,
    string Snippet,
    Equivalents Equivalents,
    IReadOnlyList<string> References,
    AwsDefault? Default,
    string Logic,
    SourceLocation Location)
{
    /// <summary>
    /// Set when the check's service is not in the catalog yet (the checks file says so with <c>catalog_request</c>):
    /// the check runs and its findings are reported, but it creates no obligation until the catalog has the service.
    /// </summary>
    public string? CatalogRequest { get; init; }

    /// <summary>The area part of the id (<c>S3</c> in <c>DMC-S3-001</c>).</summary>
    public string Area => Id.Split('-')[1];

    /// <summary>The documentation page, relative to the repository root.</summary>
    public string DocPath => $"docs/checks/{Id}.md";
}
