using System.Globalization;
using Demarc.Cli.Output;
using Demarc.Model;
using Demarc.Scanning.Assessment;
using Demarc.Scanning.Checks;
using Demarc.Scanning.Reporting;

namespace Demarc.Cli.Commands;

/// <summary>
/// The scan report for people (terminal, plain text, Markdown): the architecture (services, models, matrix), then the
/// obligations, the violations with why they are the customer's and how to fix them, waivers, unknowns, attestations
/// and the totals.
/// </summary>
internal static class ScanReportDocument
{
    public static Document Render(ScanReport report, Document architecture)
    {
        var a = report.Assessment;
        var blocks = new List<Block>(architecture.Blocks.Select(b => b is Table t ? t with { IsPrimary = false } : b));
        blocks.AddRange(Modules(a.Architecture));

        blocks.Add(new Heading("Your obligations"));
        blocks.Add(new Paragraph($"Each customer or shared cell of a service, per resource: {report.StatusSummary()}."));
        blocks.Add(a.Obligations.Count == 0
            ? new Paragraph("None: no resource of a catalog service was found.")
            : new Table(
                null,
                ["Resource", "Service", "Domain", "Owner", "Status", "Why"],
                [.. a.Obligations.Select(o => (IReadOnlyList<TableCell>)
                [
                    $"{o.Resource.LogicalId} ({o.Resource.Location})",
                    o.Subject.Id,
                    o.Domain.Id,
                    TableCell.Of(o.Cell.Owner),
                    o.Status.Display(),
                    o.Explanation,
                ])],
                IsPrimary: true));

        var violations = a.Violations.ToList();
        blocks.Add(new Heading($"Violations ({violations.Count})"));
        if (violations.Count == 0)
        {
            blocks.Add(new Paragraph("None."));
        }

        foreach (var f in violations)
        {
            var r = f.Result;
            var c = r.Check;
            blocks.Add(new Paragraph($"[{c.Severity.Display().ToUpperInvariant()}] {c.Id} {c.Title}: {r.LogicalId} at {r.Location}"));
            blocks.Add(new Fields(
            [
                new("What is wrong", r.Message),
                new("Why it is yours", $"{c.Rationale} ({c.ServiceId}/{c.DomainId})"),
                new("How to fix", c.Remediation),
                .. c.Equivalents.All.Any() ? new[] { new Field("Also known as", string.Join(", ", c.Equivalents.All)) } : [],
            ]));
            var fix = ScanReport.Fix(r);
            blocks.Add(new Code(fix.Code, fix.Language));
        }

        var suppressed = a.Suppressed.ToList();
        blocks.Add(new Heading($"Suppressed findings ({suppressed.Count})"));
        blocks.Add(suppressed.Count == 0
            ? new Paragraph("None.")
            : new Table(null, ["Location", "Check", "Resource", "Waiver", "Reason"],
                [.. suppressed.Select(f => (IReadOnlyList<TableCell>)
                [
                    f.Result.Location.ToString(), f.Result.Check.Id, f.Result.LogicalId,
                    $"{f.Waiver!.SourceName} {f.Waiver.WrittenId}" + (f.Waiver.Expires is { } e ? $" until {ScanReport.Date(e)}" : ""),
                    f.Waiver.Reason,
                ])]));

        var unknowns = a.Unknowns.ToList();
        blocks.Add(new Heading($"Known only at deployment ({unknowns.Count})"));
        blocks.Add(unknowns.Count == 0
            ? new Paragraph("None: every check could decide from the template.")
            : new Table(null, ["Location", "Check", "Resource", "Why"],
                [.. unknowns.Select(r => (IReadOnlyList<TableCell>)[r.Location.ToString(), r.Check.Id, r.LogicalId, r.Message])]));

        blocks.Add(new Heading($"Attestations ({a.Attestations.Count})"));
        blocks.Add(a.Attestations.Count == 0
            ? new Paragraph("None. Record who handles the obligations no template shows in demarc.attest.yaml beside the templates (see docs/scan.md).")
            : new Table(null, ["Service", "Domain", "Resource", "Owner", "Review by", "Obligations", "Where"],
                [.. a.Attestations.Select(u => (IReadOnlyList<TableCell>)
                [
                    u.Attestation.ServiceId, u.Attestation.DomainId, u.Attestation.Resource ?? "(all)", u.Attestation.Owner,
                    ScanReport.Date(u.Attestation.ReviewBy) + (u.Expired ? " EXPIRED" : ""),
                    u.Obligations.ToString(CultureInfo.InvariantCulture), u.Attestation.Location.ToString(),
                ])]));

        if (a.Baseline.Count > 0)
        {
            blocks.Add(new Heading($"Baseline ({a.Baseline.Count} entries)"));
            blocks.Add(new Table(null, ["Check", "File", "Resource", "Matched", "Note"],
                [.. a.Baseline.Select(b => (IReadOnlyList<TableCell>)
                [
                    b.Entry.CheckId, b.Entry.File, b.Entry.Resource, b.Matched.ToString(CultureInfo.InvariantCulture),
                    b.Expired ? $"expired {ScanReport.Date(b.Entry.Expires!.Value)}" : b.Matched == 0 ? "no longer found: remove it" : "",
                ])]));
        }

        if (a.Diagnostics.Count > 0)
        {
            blocks.Add(new Heading("Problems with waivers, attestations and the baseline"));
            blocks.Add(new Table(null, ["Location", "Severity", "Rule", "Problem"],
                [.. a.Diagnostics.Select(d => (IReadOnlyList<TableCell>)[d.Location.ToString(), d.Severity.ToString().ToLowerInvariant(), d.Rule, d.Message])]));
        }

        var applicable = a.Applicable;
        blocks.Add(new Heading("Totals"));
        blocks.Add(new Fields(
        [
            new("AWS carries", $"{ScanReport.Percent(a.Split.AwsShare)} of the stack ({a.Split.Aws} AWS cells, {a.Split.Shared} shared counted half)"),
            new("You carry", $"{ScanReport.Percent(a.Split.CustomerShare)} of the stack ({a.Split.Customer} customer cells, {a.Split.Shared} shared counted half)"),
            new("Your obligations", applicable.ToString(CultureInfo.InvariantCulture)),
            .. new[] { ObligationStatus.Met, ObligationStatus.Violated, ObligationStatus.Attested, ObligationStatus.AwsDefault, ObligationStatus.Open, ObligationStatus.Suppressed }
                .Select(s => new Field("  " + s.Display(), ScanReport.Share(a.Count(s), applicable))),
            new("Findings", $"{violations.Count} violation(s) ({string.Join(", ", CheckNames.Severities.Select(s => $"{violations.Count(f => f.Severity == s)} {s.Display()}"))}), {suppressed.Count} suppressed, {unknowns.Count} unknown"),
            new("Fails the run", report.FailOn is null ? "never (--fail-on none)" : $"{report.FailingViolations} violation(s) at or above {report.FailOn.Value.Display()}"),
            new("As of", ScanReport.Date(a.AsOf)),
        ]));
        return new Document(blocks);
    }

    // The Terraform module calls of each root module or plan, read or not; nothing when no input calls a module.
    private static IEnumerable<Block> Modules(Scanning.Architecture architecture)
    {
        var modules = architecture.Modules.ToList();
        if (modules.Count == 0)
        {
            yield break;
        }

        var notRead = modules.Count(m => !m.Module.IsRead);
        yield return new Heading("Terraform modules");
        yield return new Paragraph(
            $"{modules.Count} module call(s) in {modules.Select(m => m.Root.Name).Distinct(StringComparer.Ordinal).Count()} root module(s) or plan(s): "
            + $"{modules.Count - notRead} read, {notRead} not read" + (notRead > 0 ? " (the resources of a module not read are not scanned)." : "."));
        yield return new Table(
            null,
            ["Root module", "Module", "Source", "Read", "Directory or reason"],
            [.. modules.Select(m => (IReadOnlyList<TableCell>)
            [
                m.Root.Name,
                m.Module.Address,
                m.Module.Source ?? "(not a literal)",
                m.Module.Status switch
                {
                    Scanning.Terraform.ModuleReadStatus.Read => "yes",
                    Scanning.Terraform.ModuleReadStatus.ReadDownloaded => "yes (downloaded copy)",
                    Scanning.Terraform.ModuleReadStatus.Remote => "no (remote)",
                    _ => "no",
                },
                m.Module.IsRead ? m.Module.Directory ?? "(in the plan)" : m.Module.Reason ?? "",
            ])]);
    }
}
