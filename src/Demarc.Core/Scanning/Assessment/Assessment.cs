using Demarc.Model;
using Demarc.Scanning.Checks;

namespace Demarc.Scanning.Assessment;

/// <summary>The status of an obligation in a report.</summary>
public enum ObligationStatus
{
    /// <summary>A check gives evidence that the customer's part is in place.</summary>
    Met,

    /// <summary>A check failed and no waiver covers it.</summary>
    Violated,

    /// <summary>The team recorded who handles it and how (an attestation within its review date).</summary>
    Attested,

    /// <summary>AWS covers it by default; the customer may still choose stronger settings.</summary>
    AwsDefault,

    /// <summary>Nothing known yet: no check, an unknown result, or an expired attestation.</summary>
    Open,

    /// <summary>A check failed but a waiver with a reason covers it.</summary>
    Suppressed,

    /// <summary>The resource is not created with the parameters in force.</summary>
    NotApplicable,
}

/// <summary>Spelling of statuses.</summary>
public static class ObligationStatuses
{
    /// <summary>In report order.</summary>
    public static IReadOnlyList<ObligationStatus> All { get; } =
        [ObligationStatus.Violated, ObligationStatus.Open, ObligationStatus.Suppressed, ObligationStatus.Attested, ObligationStatus.AwsDefault, ObligationStatus.Met, ObligationStatus.NotApplicable];

    /// <summary><c>met</c>, <c>violated</c>, <c>attested</c>, <c>aws-default</c>, <c>open</c>, <c>suppressed</c>, <c>n/a</c>.</summary>
    public static string Display(this ObligationStatus status) => status switch
    {
        ObligationStatus.Met => "met",
        ObligationStatus.Violated => "violated",
        ObligationStatus.Attested => "attested",
        ObligationStatus.AwsDefault => "aws-default",
        ObligationStatus.Open => "open",
        ObligationStatus.Suppressed => "suppressed",
        ObligationStatus.NotApplicable => "n/a",
        _ => throw new ArgumentOutOfRangeException(nameof(status)),
    };
}

/// <summary>A failing check result and the waiver that covers it, if any.</summary>
public sealed record Finding(CheckResult Result, Waiver? Waiver)
{
    /// <summary>
    /// The scanned input the result comes from (a template, a Terraform root module or plan), or null when not known.
    /// For Terraform it names the root module, which the address (<see cref="CheckResult.LogicalId"/>) is relative to.
    /// </summary>
    public ScannedFile? Input { get; init; }

    /// <summary>True when a waiver covers it.</summary>
    public bool IsSuppressed => Waiver is not null;

    /// <summary>The check's severity.</summary>
    public Severity Severity => Result.Check.Severity;
}

/// <summary>
/// A customer or shared cell of a service, instantiated for one resource: "RDS instance OrdersDb: encryption at rest",
/// with its status and what decided it.
/// </summary>
/// <param name="Evidence">The results of the checks on this resource for this domain.</param>
/// <param name="Attestation">The attestation that applies, expired or not.</param>
/// <param name="Explanation">Why the status is what it is, in a sentence.</param>
public sealed record Obligation(
    ScannedResource Resource,
    string File,
    Subject Subject,
    Domain Domain,
    Cell Cell,
    ObligationStatus Status,
    IReadOnlyList<CheckResult> Evidence,
    IReadOnlyList<Finding> Findings,
    Attestation? Attestation,
    string Explanation)
{
    /// <summary>True when the attestation that applies is past its review date.</summary>
    public bool AttestationExpired { get; init; }
}

/// <summary>How one file was checked: its summary for the architecture, every check result, and waiver problems.</summary>
public sealed record FileAssessment(ScannedFile File, string? Path, IReadOnlyList<CheckResult> Results, IReadOnlyDictionary<string, IReadOnlyList<Waiver>> Waivers, IReadOnlyList<ScanDiagnostic> Diagnostics);

/// <summary>A baseline entry and whether it was used, or has expired.</summary>
public sealed record BaselineUse(BaselineEntry Entry, int Matched, bool Expired);

/// <summary>An attestation and how many obligations it covered.</summary>
public sealed record AttestationUse(Attestation Attestation, int Obligations, bool Expired);

/// <summary>The split of the stack: cells of the services found, by owner, and the shares.</summary>
public sealed record Split(int Aws, int Shared, int Customer, int NotApplicable)
{
    /// <summary>Cells that apply.</summary>
    public int Applicable => Aws + Shared + Customer;

    /// <summary>AWS's share, counting shared cells half.</summary>
    public double AwsShare => Applicable == 0 ? 0 : (Aws + (Shared / 2.0)) / Applicable;

    /// <summary>The customer's share, counting shared cells half.</summary>
    public double CustomerShare => Applicable == 0 ? 0 : 1 - AwsShare;
}

/// <summary>
/// Everything a report shows: the architecture, the check results, the obligations with their status, findings,
/// waivers, attestations and totals. One assessment feeds every writer.
/// </summary>
public sealed record ScanAssessment(
    Architecture Architecture,
    IReadOnlyList<CheckResult> Results,
    IReadOnlyList<Obligation> Obligations,
    IReadOnlyList<Finding> Findings,
    IReadOnlyList<AttestationUse> Attestations,
    IReadOnlyList<BaselineUse> Baseline,
    IReadOnlyList<ScanDiagnostic> Diagnostics,
    Split Split,
    DateOnly AsOf)
{
    /// <summary>Failing results no waiver covers.</summary>
    public IEnumerable<Finding> Violations => Findings.Where(f => !f.IsSuppressed);

    /// <summary>Failing results a waiver covers.</summary>
    public IEnumerable<Finding> Suppressed => Findings.Where(f => f.IsSuppressed);

    /// <summary>Results that depend on deploy-time values.</summary>
    public IEnumerable<CheckResult> Unknowns => Results.Where(r => r.Outcome == CheckOutcome.Unknown);

    /// <summary>Obligations by status.</summary>
    public int Count(ObligationStatus status) => StatusCounts()[(int)status];

    /// <summary>Obligations that apply (not n/a).</summary>
    public int Applicable => Obligations.Count - Count(ObligationStatus.NotApplicable);

    // Counted once per list of obligations (reports ask for every status several times), outside the record's fields
    // so equality and copies are unaffected.
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<IReadOnlyList<Obligation>, int[]> CountsByList = new();

    private int[] StatusCounts() => CountsByList.GetValue(Obligations, static obligations =>
    {
        var counts = new int[Enum.GetValues<ObligationStatus>().Length];
        foreach (var obligation in obligations)
        {
            counts[(int)obligation.Status]++;
        }

        return counts;
    });

    /// <summary>True when some input (a template, an attestation or baseline file) could not be read (exit code 2).</summary>
    public bool HasInputErrors => Architecture.HasErrors || Diagnostics.Any(d => d.Severity == DiagnosticSeverity.Error);

    /// <summary>Violations at or above a severity (null: none count).</summary>
    public int ViolationsAtOrAbove(Severity? threshold) => threshold is null ? 0 : Violations.Count(f => f.Severity >= threshold);
}
