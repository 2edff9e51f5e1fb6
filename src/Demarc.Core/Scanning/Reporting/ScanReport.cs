using System.Globalization;
using Demarc.Catalog;
using Demarc.Model;
using Demarc.Scanning.Assessment;
using Demarc.Scanning.Checks;
using Demarc.Scanning.Terraform;

namespace Demarc.Scanning.Reporting;

/// <summary>One row of the services × domains matrix: a domain and the owner of its cell for each service found.</summary>
public sealed record MatrixRow(Domain Domain, IReadOnlyList<Owner> Owners);

/// <summary>How the customer's obligations of one domain stand, across the resources.</summary>
public sealed record DomainCoverage(Domain Domain, IReadOnlyDictionary<ObligationStatus, int> Counts)
{
    /// <summary>Obligations that apply.</summary>
    public int Total => Counts.Where(c => c.Key != ObligationStatus.NotApplicable).Sum(c => c.Value);

    /// <summary>Count of one status.</summary>
    public int this[ObligationStatus status] => Counts.GetValueOrDefault(status);
}

/// <summary>A check's fix as code in the resource's own language: <c>yaml</c> (CloudFormation) or <c>hcl</c> (Terraform).</summary>
public sealed record FixSnippet(string Code, string Language);

/// <summary>
/// What every writer reads: the assessment, the catalog and checks it was made with, and the run's settings. Writers are
/// small and dumb; anything computed for more than one of them is computed here.
/// </summary>
public sealed class ScanReport
{
    /// <summary>Creates the report of an assessment.</summary>
    public ScanReport(ScanAssessment assessment, ResponsibilityCatalog catalog, CheckRegistry registry, string toolVersion, Severity? failOn)
    {
        ArgumentNullException.ThrowIfNull(assessment);
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(registry);
        Assessment = assessment;
        Catalog = catalog;
        Registry = registry;
        ToolVersion = toolVersion;
        FailOn = failOn;
        Services = [.. assessment.Architecture.Services.Select(s => s.Subject)];
        Matrix = [.. catalog.Domains.Select(d => new MatrixRow(d, [.. Services.Select(s => s.CellFor(d.Id).Owner)]))];
        Coverage = CoverageOf(catalog, assessment.Obligations);
        RulesUsed = [.. assessment.Findings.Select(f => f.Result.Check).DistinctBy(c => c.Id).OrderBy(c => c.Id, StringComparer.Ordinal)];
    }

    // Obligations per domain by status, in one pass over the obligations (domains in catalog order, those with none left out).
    private static List<DomainCoverage> CoverageOf(ResponsibilityCatalog catalog, IReadOnlyList<Obligation> obligations)
    {
        var counts = new Dictionary<string, Dictionary<ObligationStatus, int>>(StringComparer.Ordinal);
        foreach (var obligation in obligations)
        {
            if (!counts.TryGetValue(obligation.Domain.Id, out var byStatus))
            {
                counts[obligation.Domain.Id] = byStatus = [];
            }

            byStatus[obligation.Status] = byStatus.GetValueOrDefault(obligation.Status) + 1;
        }

        return [.. catalog.Domains.Where(d => counts.ContainsKey(d.Id)).Select(d => new DomainCoverage(d, counts[d.Id]))];
    }

    /// <summary>The assessment.</summary>
    public ScanAssessment Assessment { get; }

    /// <summary>The catalog the obligations come from.</summary>
    public ResponsibilityCatalog Catalog { get; }

    /// <summary>The checks that ran.</summary>
    public CheckRegistry Registry { get; }

    /// <summary>Demarc's version.</summary>
    public string ToolVersion { get; }

    /// <summary>The lowest severity that fails the run (<c>--fail-on</c>), or null for never.</summary>
    public Severity? FailOn { get; }

    /// <summary>The services and variants found, in catalog order.</summary>
    public IReadOnlyList<Subject> Services { get; }

    /// <summary>The services × domains matrix.</summary>
    public IReadOnlyList<MatrixRow> Matrix { get; }

    /// <summary>Obligations per domain by status (domains with obligations only).</summary>
    public IReadOnlyList<DomainCoverage> Coverage { get; }

    /// <summary>The checks that produced findings, by id.</summary>
    public IReadOnlyList<CheckDefinition> RulesUsed { get; }

    /// <summary>Violations at or above <see cref="FailOn"/>: what makes the exit code 1.</summary>
    public int FailingViolations => Assessment.ViolationsAtOrAbove(FailOn);

    /// <summary>
    /// The fix to show for a result: the HCL of the check's Terraform form for a Terraform resource, the check's
    /// CloudFormation snippet otherwise.
    /// </summary>
    public static FixSnippet Fix(CheckResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return TerraformChecks.Snippet(result.Check.Id, result.ResourceType) is { Length: > 0 } hcl
            ? new FixSnippet(hcl, "hcl")
            : new FixSnippet(result.Check.Snippet, "yaml");
    }

    /// <summary>A share as a whole percentage.</summary>
    public static string Percent(double share) => (share * 100).ToString("0", CultureInfo.InvariantCulture) + "%";

    /// <summary>A count and its share of a total.</summary>
    public static string Share(int count, int total) =>
        total == 0 ? "0" : $"{count} ({Percent((double)count / total)})";

    /// <summary>The obligations' statuses with counts, for summaries: "12 met, 3 violated, …".</summary>
    public string StatusSummary() =>
        string.Join(", ", ObligationStatuses.All.Select(s => $"{Assessment.Count(s)} {s.Display()}"));

    /// <summary>A date as written in reports.</summary>
    public static string Date(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
