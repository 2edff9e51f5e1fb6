using System.Text;
using Demarc.Catalog;

namespace Demarc.Scanning.Checks;

/// <summary>
/// The documentation of checks, generated from the registry: each page's part between the markers, and the index.
/// Hand-written notes may follow the end marker; a test keeps the generated parts in sync.
/// </summary>
public static class CheckDocs
{
    /// <summary>Starts the generated part of a page.</summary>
    public const string Begin = "<!-- generated from data/checks: begin (edit the YAML, then run: UPDATE_DOCS=1 dotnet test tests/Demarc.Core.Tests --filter CheckDocsTests) -->";

    /// <summary>Ends the generated part of a page.</summary>
    public const string End = "<!-- generated from data/checks: end -->";

    /// <summary>The generated part of a check's page (markers included), with its Terraform forms when it has any.</summary>
    public static string Page(CheckDefinition check, ResponsibilityCatalog catalog, IEnumerable<Terraform.TerraformCheckForm> terraformForms)
    {
        ArgumentNullException.ThrowIfNull(check);
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(terraformForms);
        var forms = terraformForms.Where(f => f.CheckId == check.Id).ToList();
        var domain = catalog.FindDomain(check.DomainId);
        var text = new StringBuilder();
        text.Append(Begin).Append('\n');
        text.Append("# ").Append(check.Id).Append(": ").Append(check.Title).Append("\n\n");
        text.Append("| | |\n|---|---|\n");
        text.Append("| Service | `").Append(check.ServiceId).Append('`').Append(check.CatalogRequest is null ? "" : " (not in the catalog yet)").Append(" |\n");
        text.Append("| Responsibility domain | `").Append(check.DomainId).Append('`').Append(domain is null ? "" : $" ({domain.Name})").Append(" |\n");
        text.Append("| Severity | ").Append(check.Severity.Display()).Append(" |\n");
        text.Append("| Resource types | ").Append(string.Join(", ", check.ResourceTypes.Select(t => $"`{t}`"))).Append(" |\n");
        text.Append("| Terraform types | ").Append(forms.Count == 0 ? "none (no Terraform form)" : string.Join(", ", forms.SelectMany(f => f.Types).Distinct(StringComparer.Ordinal).Select(t => $"`{t}`"))).Append(" |\n");
        text.Append("| Logic | ").Append(check.Logic == "rule" ? "declarative rule" : $"code check `{check.Logic[5..]}`").Append(" |\n");
        text.Append("| Equivalents | ").Append(Equivalents(check.Equivalents)).Append(" |\n\n");
        text.Append("## What fails\n\n").Append(check.Message).Append(".\n\n");
        text.Append("## Why it is the customer's responsibility\n\n").Append(check.Rationale).Append("\n\n");
        if (check.Default is { } d)
        {
            text.Append("## What AWS does by default\n\n").Append(d.Covers).Append(" When nothing is configured the obligation is reported as `aws-default`; you may still choose ")
                .Append(d.CustomerMayChoose).Append(".\n\n");
        }

        text.Append("## How to fix it\n\n").Append(check.Remediation).Append("\n\n```yaml\n").Append(check.Snippet).Append("```\n\n");
        foreach (var snippet in forms.Select(f => f.Snippet).Where(s => s.Length > 0).Distinct(StringComparer.Ordinal))
        {
            text.Append("In Terraform:\n\n```hcl\n").Append(snippet.EndsWith('\n') ? snippet : snippet + "\n").Append("```\n\n");
        }

        text.Append("## Outcomes\n\n");
        text.Append("- **pass**: the template shows the control in place for every deployment it allows.\n");
        text.Append("- **fail**: the template shows it missing or weakened.\n");
        text.Append("- **unknown**: the answer depends on a value known only at deployment (a parameter without default, an import, a condition on them); never counted as a pass.\n");
        if (check.Default is not null)
        {
            text.Append("- **aws-default**: nothing is configured and AWS's default covers the control.\n");
        }

        text.Append("\nSuppress a finding with a reason in the resource's metadata (`Metadata: demarc: suppress: [{ id: ").Append(check.Id).Append(", reason: \"...\" }]`)");
        text.Append(check.Equivalents.All.Any() ? ", or with the equivalent checkov, cfn_nag or cfn-guard key.\n\n" : ".\n\n");
        if (forms.Count > 0)
        {
            text.Append("In Terraform, a comment in or just above the resource block: `# demarc:suppress=").Append(check.Id).Append(":reason`; plans carry no comments, so use a baseline (docs/terraform.md).\n\n");
        }

        text.Append("## References\n\n");
        foreach (var reference in check.References)
        {
            text.Append("- <").Append(reference).Append(">\n");
        }

        text.Append('\n').Append("Definition: `").Append(check.Location.File).Append("`; test cases: `tests/Demarc.Core.Tests/Checks/Fixtures/").Append(check.Id).Append(".yaml`.\n");
        if (forms.Count > 0)
        {
            text.Append("Terraform form: `").Append(forms[0].Location.File).Append("`; test cases: `tests/Demarc.Core.Tests/Terraform/Fixtures/Checks/").Append(check.Id).Append(".yaml`.\n");
        }

        text.Append(End).Append('\n');
        return text.ToString();
    }

    /// <summary>The generated index of every check (markers included).</summary>
    public static string Index(CheckRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        var text = new StringBuilder();
        text.Append(Begin).Append('\n');
        text.Append(registry.Checks.Count).Append(" checks.\n\n");
        text.Append("| Id | Title | Service | Domain | Severity | Equivalents |\n|---|---|---|---|---|---|\n");
        foreach (var check in registry.Checks.Select(c => c.Definition))
        {
            text.Append("| [").Append(check.Id).Append("](").Append(check.Id).Append(".md) | ").Append(check.Title).Append(" | `").Append(check.ServiceId).Append("` | `")
                .Append(check.DomainId).Append("` | ").Append(check.Severity.Display()).Append(" | ").Append(Equivalents(check.Equivalents)).Append(" |\n");
        }

        text.Append(End).Append('\n');
        return text.ToString();
    }

    /// <summary>Replaces the generated part of a document (or writes a new one around it).</summary>
    public static string Merge(string? existing, string generated)
    {
        ArgumentNullException.ThrowIfNull(generated);
        if (existing is null)
        {
            return generated;
        }

        var begin = existing.IndexOf(Begin, StringComparison.Ordinal);
        var end = existing.IndexOf(End, StringComparison.Ordinal);
        if (begin < 0 || end < begin)
        {
            return generated + "\n" + existing;
        }

        return string.Concat(existing.AsSpan(0, begin), generated, existing.AsSpan(end + End.Length + 1 > existing.Length ? existing.Length : end + End.Length + 1));
    }

    private static string Equivalents(Equivalents e)
    {
        var parts = new List<string>();
        if (e.Checkov.Count > 0)
        {
            parts.Add("checkov " + string.Join(", ", e.Checkov));
        }

        if (e.CfnNag.Count > 0)
        {
            parts.Add("cfn_nag " + string.Join(", ", e.CfnNag));
        }

        if (e.CfnGuard.Count > 0)
        {
            parts.Add("cfn-guard " + string.Join(", ", e.CfnGuard));
        }

        return parts.Count == 0 ? "none known" : string.Join("; ", parts);
    }
}
