using System.Globalization;
using System.Net;
using System.Text;
using Demarc.Model;
using Demarc.Scanning.Assessment;
using Demarc.Scanning.Checks;

namespace Demarc.Scanning.Reporting;

/// <summary>
/// One self-contained HTML page (inline CSS, inline SVG charts, a few lines of inline script for the filters; no
/// external assets): the split, the matrix, the obligations with filters, coverage per domain and the findings with
/// their fixes. Every text that came from a template, a catalog or a file is HTML-encoded.
/// </summary>
public static class HtmlReportWriter
{
    private static readonly Dictionary<ObligationStatus, string> StatusColors = new()
    {
        [ObligationStatus.Met] = "#2e7d32",
        [ObligationStatus.Violated] = "#c62828",
        [ObligationStatus.Attested] = "#1565c0",
        [ObligationStatus.AwsDefault] = "#ef8f00",
        [ObligationStatus.Open] = "#757575",
        [ObligationStatus.Suppressed] = "#8e24aa",
        [ObligationStatus.NotApplicable] = "#bdbdbd",
    };

    /// <summary>Writes the report.</summary>
    public static void Write(ScanReport report, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(output);
        var a = report.Assessment;
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
        html.Append("<title>Demarc scan report</title>\n<style>\n").Append(Css).Append("</style>\n</head>\n<body>\n");
        html.Append("<header><h1>Shared responsibility report</h1><p class=\"muted\">demarc ").Append(E(report.ToolVersion)).Append(" · as of ").Append(ScanReport.Date(a.AsOf))
            .Append(" · ").Append(a.Architecture.Resources.Count()).Append(" resources in ").Append(a.Architecture.Templates.Count()).Append(" input(s)</p></header>\n<main>\n");

        // Summary cards.
        html.Append("<section class=\"cards\">\n");
        Card(html, "AWS carries", ScanReport.Percent(a.Split.AwsShare), $"{a.Split.Aws} AWS and {a.Split.Shared} shared cells");
        Card(html, "You carry", ScanReport.Percent(a.Split.CustomerShare), $"{a.Split.Customer} customer and {a.Split.Shared} shared cells");
        Card(html, "Obligations", a.Applicable.ToString(CultureInfo.InvariantCulture), report.StatusSummary());
        Card(html, "Violations", a.Violations.Count().ToString(CultureInfo.InvariantCulture), $"{report.FailingViolations} at or above --fail-on {(report.FailOn?.Display() ?? "none")}; {a.Suppressed.Count()} suppressed");
        html.Append("</section>\n");

        // Charts.
        html.Append("<section><h2>Split of the stack</h2>\n");
        SplitChart(html, a.Split);
        html.Append("</section>\n<section><h2>Your obligations per domain</h2>\n");
        CoverageChart(html, report.Coverage);
        html.Append("</section>\n");

        // Services and the matrix.
        html.Append("<section><h2>Services and the responsibility matrix</h2>\n<table class=\"matrix\"><thead><tr><th>Domain</th>");
        foreach (var s in report.Services)
        {
            html.Append("<th title=\"").Append(E(s.Name)).Append("\">").Append(E(s.Id)).Append("</th>");
        }

        html.Append("</tr></thead><tbody>\n");
        foreach (var row in report.Matrix)
        {
            html.Append("<tr><th>").Append(E(row.Domain.Name)).Append(" <span class=\"muted\">").Append(E(row.Domain.Id)).Append("</span></th>");
            foreach (var owner in row.Owners)
            {
                html.Append("<td class=\"own-").Append(OwnerClass(owner)).Append("\">").Append(E(owner.Display())).Append("</td>");
            }

            html.Append("</tr>\n");
        }

        html.Append("</tbody></table>\n<p class=\"muted\">Services found: ");
        html.Append(string.Join(", ", a.Architecture.Services.Select(s => $"{E(s.Subject.Name)} ({E(s.Model.Name)}, {s.Resources.Count} resources)")));
        html.Append("</p></section>\n");

        // Findings.
        html.Append("<section><h2>Violations</h2>\n");
        var violations = a.Violations.ToList();
        if (violations.Count == 0)
        {
            html.Append("<p>None.</p>\n");
        }

        foreach (var f in violations)
        {
            Finding(html, f);
            Spill(html, output);
        }

        html.Append("</section>\n");

        // Obligations with filters.
        html.Append("<section><h2>Obligations</h2>\n<div class=\"filters\">\n<label>Status <select id=\"f-status\"><option value=\"\">all</option>");
        foreach (var status in ObligationStatuses.All)
        {
            html.Append("<option>").Append(E(status.Display())).Append("</option>");
        }

        html.Append("</select></label>\n<label>Service <select id=\"f-service\"><option value=\"\">all</option>");
        foreach (var s in a.Obligations.Select(o => o.Subject.Id).Distinct(StringComparer.Ordinal))
        {
            html.Append("<option>").Append(E(s)).Append("</option>");
        }

        html.Append("</select></label>\n<label>Domain <select id=\"f-domain\"><option value=\"\">all</option>");
        foreach (var d in a.Obligations.Select(o => o.Domain.Id).Distinct(StringComparer.Ordinal))
        {
            html.Append("<option>").Append(E(d)).Append("</option>");
        }

        html.Append("</select></label>\n<label>Search <input id=\"f-text\" type=\"search\" placeholder=\"resource, text…\"></label> <span id=\"f-count\" class=\"muted\"></span>\n</div>\n");
        html.Append("<table id=\"obligations\"><thead><tr><th>Resource</th><th>Service</th><th>Domain</th><th>Owner</th><th>Status</th><th>Why</th></tr></thead><tbody>\n");
        foreach (var o in a.Obligations)
        {
            html.Append("<tr data-status=\"").Append(E(o.Status.Display())).Append("\" data-service=\"").Append(E(o.Subject.Id)).Append("\" data-domain=\"").Append(E(o.Domain.Id)).Append("\">");
            html.Append("<td>").Append(E(o.Resource.LogicalId)).Append("<br><span class=\"muted\">").Append(E(o.Resource.Location.ToString())).Append("</span></td>");
            html.Append("<td>").Append(E(o.Subject.Id)).Append("</td><td>").Append(E(o.Domain.Name)).Append("</td>");
            html.Append("<td class=\"own-").Append(OwnerClass(o.Cell.Owner)).Append("\">").Append(E(o.Cell.Owner.Display())).Append("</td>");
            html.Append("<td><span class=\"status\" style=\"background:").Append(StatusColors[o.Status]).Append("\">").Append(E(o.Status.Display())).Append("</span></td>");
            html.Append("<td>").Append(E(o.Explanation)).Append("</td></tr>\n");
            Spill(html, output);
        }

        html.Append("</tbody></table>\n</section>\n");

        // Suppressed, unknown, attestations, unclassified, problems.
        List(html, "Suppressed findings", a.Suppressed.Select(f => $"{f.Result.Check.Id} {f.Result.LogicalId} ({f.Result.Location}): {f.Waiver!.Reason} [{f.Waiver.SourceName}]"));
        List(html, "Known only at deployment", a.Unknowns.Select(r => $"{r.Check.Id} {r.LogicalId} ({r.Location}): {r.Message}"));
        List(html, "Attestations", a.Attestations.Select(u => $"{u.Attestation.ServiceId}/{u.Attestation.DomainId}{(u.Attestation.Resource is null ? "" : "/" + u.Attestation.Resource)}: {u.Attestation.Owner}, review by {ScanReport.Date(u.Attestation.ReviewBy)}{(u.Expired ? " (EXPIRED)" : "")}, {u.Obligations} obligation(s) ({u.Attestation.Location})"));
        List(html, "Unclassified resource types", a.Architecture.Unclassified.Select(u => $"{u.Type}: {u.Resources.Count} resource(s), first at {u.Resources[0].Location}"));
        if (a.Architecture.Modules.Any())
        {
            List(html, "Terraform modules", a.Architecture.Modules.Select(m => $"{m.Root.Name}: {m.Module.Address} ({m.Module.Source ?? "source not a literal"}) "
                + (m.Module.IsRead ? $"read from {m.Module.Directory ?? "the plan"}" : $"NOT READ: {m.Module.Reason}")));
        }

        List(html, "Problems", a.Architecture.Diagnostics.Concat(a.Diagnostics).Where(d => d.Severity != DiagnosticSeverity.Info).Select(d => d.ToString()));

        html.Append("</main>\n<script>\n").Append(Script).Append("</script>\n</body>\n</html>\n");
        output.Write(html);
    }

    // Writes what is built so far once it is 64 K characters: a large scan's page is tens of megabytes.
    private static void Spill(StringBuilder html, TextWriter output)
    {
        if (html.Length >= 64 * 1024)
        {
            output.Write(html);
            html.Clear();
        }
    }

    /// <summary>HTML-encodes text (also quotes, for attributes).</summary>
    public static string E(string? text) => WebUtility.HtmlEncode(text ?? "");

    private static void Card(StringBuilder html, string label, string value, string detail) =>
        html.Append("<div class=\"card\"><div class=\"muted\">").Append(E(label)).Append("</div><div class=\"big\">").Append(E(value)).Append("</div><div class=\"muted\">").Append(E(detail)).Append("</div></div>\n");

    private static void Finding(StringBuilder html, Finding f)
    {
        var r = f.Result;
        var c = r.Check;
        html.Append("<details class=\"finding sev-").Append(E(c.Severity.Display())).Append("\"><summary><span class=\"sev\">").Append(E(c.Severity.Display().ToUpperInvariant())).Append("</span> ")
            .Append(E(c.Id)).Append(' ').Append(E(c.Title)).Append(" · <code>").Append(E(r.LogicalId)).Append("</code> · ").Append(E(r.Location.ToString())).Append("</summary>\n");
        html.Append("<p><b>What is wrong:</b> ").Append(E(r.Message)).Append("</p>\n");
        html.Append("<p><b>Why it is yours:</b> ").Append(E(c.Rationale)).Append("</p>\n");
        var fix = ScanReport.Fix(r);
        html.Append("<p><b>How to fix:</b> ").Append(E(c.Remediation)).Append("</p>\n<pre><code class=\"language-").Append(E(fix.Language)).Append("\">").Append(E(fix.Code)).Append("</code></pre>\n");
        if (c.Equivalents.All.Any())
        {
            html.Append("<p class=\"muted\">Also known as: ").Append(E(string.Join(", ", c.Equivalents.All))).Append("</p>\n");
        }

        html.Append("</details>\n");
    }

    private static void List(StringBuilder html, string title, IEnumerable<string> items)
    {
        var list = items.ToList();
        html.Append("<section><h2>").Append(E(title)).Append(" (").Append(list.Count).Append(")</h2>\n");
        if (list.Count == 0)
        {
            html.Append("<p class=\"muted\">None.</p>\n");
        }
        else
        {
            html.Append("<ul>\n");
            foreach (var item in list)
            {
                html.Append("<li>").Append(E(item)).Append("</li>\n");
            }

            html.Append("</ul>\n");
        }

        html.Append("</section>\n");
    }

    private static void SplitChart(StringBuilder html, Split split)
    {
        const int width = 600;
        var total = Math.Max(1, split.Applicable);
        var parts = new (string Label, int Count, string Color)[]
        {
            ("AWS", split.Aws, "#ef8f00"), ("Shared", split.Shared, "#7e57c2"), ("Customer", split.Customer, "#1e88e5"),
        };
        html.Append("<svg role=\"img\" aria-label=\"Split of responsibility cells\" width=\"").Append(width + 20).Append("\" height=\"70\" viewBox=\"0 0 ").Append(width + 20).Append(" 70\" xmlns=\"http://www.w3.org/2000/svg\">\n");
        double x = 10;
        foreach (var (label, count, color) in parts)
        {
            var w = width * count / (double)total;
            html.Append(CultureInfo.InvariantCulture, $"<rect x=\"{x:0.#}\" y=\"10\" width=\"{w:0.#}\" height=\"28\" fill=\"{color}\"><title>{E(label)}: {count}</title></rect>\n");
            if (w > 60)
            {
                html.Append(CultureInfo.InvariantCulture, $"<text x=\"{x + 6:0.#}\" y=\"29\" fill=\"#fff\" font-size=\"13\">{E(label)} {count}</text>\n");
            }

            x += w;
        }

        html.Append(CultureInfo.InvariantCulture, $"<text x=\"10\" y=\"60\" font-size=\"12\" fill=\"#444\">AWS carries {ScanReport.Percent(split.AwsShare)}, you carry {ScanReport.Percent(split.CustomerShare)} (shared cells count half; {split.NotApplicable} cells N/A)</text>\n");
        html.Append("</svg>\n");
    }

    private static void CoverageChart(StringBuilder html, IReadOnlyList<DomainCoverage> coverage)
    {
        const int label = 300;
        const int width = 420;
        var height = 24 + (coverage.Count * 22);
        html.Append("<svg role=\"img\" aria-label=\"Obligations per domain by status\" width=\"").Append(label + width + 80).Append("\" height=\"").Append(height + 24)
            .Append("\" viewBox=\"0 0 ").Append(label + width + 80).Append(' ').Append(height + 24).Append("\" xmlns=\"http://www.w3.org/2000/svg\">\n");
        var max = Math.Max(1, coverage.Count == 0 ? 1 : coverage.Max(c => c.Counts.Values.Sum()));
        var y = 10;
        foreach (var domain in coverage)
        {
            html.Append(CultureInfo.InvariantCulture, $"<text x=\"{label - 6}\" y=\"{y + 13}\" font-size=\"12\" text-anchor=\"end\">{E(domain.Domain.Name)}</text>\n");
            double x = label;
            foreach (var status in ObligationStatuses.All)
            {
                var count = domain[status];
                if (count == 0)
                {
                    continue;
                }

                var w = width * count / (double)max;
                html.Append(CultureInfo.InvariantCulture, $"<rect x=\"{x:0.#}\" y=\"{y}\" width=\"{w:0.#}\" height=\"16\" fill=\"{StatusColors[status]}\"><title>{E(domain.Domain.Name)}: {count} {E(status.Display())}</title></rect>\n");
                x += w;
            }

            html.Append(CultureInfo.InvariantCulture, $"<text x=\"{x + 4:0.#}\" y=\"{y + 13}\" font-size=\"11\" fill=\"#444\">{domain.Total}</text>\n");
            y += 22;
        }

        double lx = 10;
        foreach (var status in ObligationStatuses.All)
        {
            html.Append(CultureInfo.InvariantCulture, $"<rect x=\"{lx:0.#}\" y=\"{y + 6}\" width=\"10\" height=\"10\" fill=\"{StatusColors[status]}\"/><text x=\"{lx + 14:0.#}\" y=\"{y + 15}\" font-size=\"11\">{E(status.Display())}</text>\n");
            lx += 90;
        }

        html.Append("</svg>\n");
    }

    private static string OwnerClass(Owner owner) => owner switch
    {
        Owner.Aws => "aws",
        Owner.Shared => "shared",
        Owner.Customer => "customer",
        _ => "na",
    };

    private const string Css = """
        body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; margin: 0; color: #222; background: #fafafa; }
        header { background: #232f3e; color: #fff; padding: 16px 24px; }
        header .muted { color: #cfd8dc; }
        main { padding: 8px 24px 40px; max-width: 1400px; }
        h1 { margin: 0 0 4px; font-size: 22px; }
        h2 { font-size: 17px; margin: 24px 0 8px; }
        .muted { color: #666; font-size: 12px; }
        .cards { display: flex; gap: 12px; flex-wrap: wrap; margin-top: 16px; }
        .card { background: #fff; border: 1px solid #ddd; border-radius: 6px; padding: 10px 14px; min-width: 200px; flex: 1; }
        .big { font-size: 26px; font-weight: 600; }
        table { border-collapse: collapse; background: #fff; width: 100%; }
        th, td { border: 1px solid #e0e0e0; padding: 4px 8px; text-align: left; vertical-align: top; }
        thead th { background: #eceff1; position: sticky; top: 0; }
        .matrix td { text-align: center; font-size: 12px; }
        .matrix tbody th { white-space: nowrap; font-weight: 500; }
        .own-aws { background: #ffe0b2; } .own-shared { background: #e1d5f5; } .own-customer { background: #bbdefb; } .own-na { background: #f5f5f5; color: #999; }
        .status { color: #fff; border-radius: 3px; padding: 1px 6px; font-size: 12px; white-space: nowrap; }
        .filters { display: flex; gap: 14px; align-items: center; margin-bottom: 8px; flex-wrap: wrap; }
        details.finding { background: #fff; border: 1px solid #ddd; border-left: 5px solid #999; border-radius: 4px; margin: 6px 0; padding: 6px 10px; }
        details.sev-critical { border-left-color: #b71c1c; } details.sev-high { border-left-color: #e53935; } details.sev-medium { border-left-color: #fb8c00; } details.sev-low { border-left-color: #fdd835; }
        .sev { font-weight: 700; font-size: 11px; }
        pre { background: #263238; color: #eceff1; padding: 8px 10px; border-radius: 4px; overflow-x: auto; }

        """;

    private const string Script = """
        (function () {
          var status = document.getElementById('f-status'), service = document.getElementById('f-service'),
              domain = document.getElementById('f-domain'), text = document.getElementById('f-text'), count = document.getElementById('f-count');
          var rows = Array.prototype.slice.call(document.querySelectorAll('#obligations tbody tr'));
          function apply() {
            var q = text.value.toLowerCase(), shown = 0;
            rows.forEach(function (row) {
              var ok = (!status.value || row.dataset.status === status.value) && (!service.value || row.dataset.service === service.value) &&
                       (!domain.value || row.dataset.domain === domain.value) && (!q || row.textContent.toLowerCase().indexOf(q) >= 0);
              row.style.display = ok ? '' : 'none';
              if (ok) { shown++; }
            });
            count.textContent = shown + ' of ' + rows.length;
          }
          [status, service, domain, text].forEach(function (el) { el.addEventListener('input', apply); });
          apply();
        })();

        """;
}
