using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Demarc.Web.Api;
using Demarc.Web.Engines;
using Demarc.Web.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Demarc.Web.Pages;

/// <summary>The Scan page (upload or paste templates) and the History (list, open, download, delete).</summary>
public static partial class ScanPages
{
    /// <summary>Maps the pages and their forms.</summary>
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/scan", (HttpContext context, ScanService scans, WebOptions options) => Form(context, scans, options, null, 200)).ExcludeFromDescription();

        app.MapPost("/scan", async Task<IResult> (HttpContext context, ScanService scans, WebOptions options, CancellationToken cancellationToken) =>
        {
            var (request, title, problem) = await scans.ReadAsync(context.Request, cancellationToken).ConfigureAwait(false);
            if (problem is not null)
            {
                return Form(context, scans, options, problem.Message, problem.Status);
            }

            // The form was read within the limits above; now its antiforgery token can be checked without reading it again.
            if (!await Layout.IsValidFormAsync(context).ConfigureAwait(false))
            {
                return Layout.FormExpired("/scan");
            }

            var scan = await scans.RunAsync(request!, title!, cancellationToken).ConfigureAwait(false);
            return Results.Redirect($"/history/{scan.Id}");
        }).ExcludeFromDescription().DisableAntiforgery();

        app.MapGet("/history", async Task<IResult> (HttpContext context, ScanService scans, CancellationToken cancellationToken) =>
        {
            var list = await scans.Store.ListAsync(200, 0, cancellationToken).ConfigureAwait(false);
            var h = new Html();
            h.Add($"""<h1>History</h1><p>{list.Count} saved scan(s). <a href="/scan">New scan</a>.</p>""");
            if (list.Count > 0)
            {
                h.Add($"""<div class="table-wrap"><table id="history-table"><thead><tr><th scope="col">Scan</th><th scope="col">When (UTC)</th><th scope="col">Files</th><th scope="col">Violations</th><th scope="col">Summary</th><th scope="col">Actions</th></tr></thead><tbody>""");
                foreach (var scan in list)
                {
                    h.Add($"""<tr data-scan="{scan.Id}"><th scope="row"><a href="/history/{scan.Id}">{scan.Title}</a></th><td>{scan.CreatedAt:yyyy-MM-dd HH:mm:ss}</td><td>{scan.Files.Count}</td><td>{scan.Violations}</td><td>{scan.Summary}</td><td>{DeleteForm(context, scan.Id, scan.Title)}</td></tr>""");
                }

                h.Add($"</tbody></table></div>");
            }

            return Layout.Page("History", "/history", h.ToMarkup());
        }).ExcludeFromDescription();

        app.MapGet("/history/{id}", async Task<IResult> (HttpContext context, ScanService scans, string id, CancellationToken cancellationToken) =>
        {
            var scan = await scans.Store.FindAsync(id, cancellationToken).ConfigureAwait(false);
            if (scan is null)
            {
                return Layout.Error("Unknown scan", $"There is no scan '{id}': it was deleted, or never saved.", 404, "/history");
            }

            var view = await scans.ViewAsync(id, cancellationToken).ConfigureAwait(false);
            var h = new Html();
            h.Add($"""
                <h1>Scan: {scan.Title}</h1>
                <dl class="panel grid" id="scan-summary">
                <div><dt>When (UTC)</dt><dd>{scan.CreatedAt:yyyy-MM-dd HH:mm:ss}</dd></div>
                <div><dt>Files</dt><dd>{string.Join(", ", scan.Files)}</dd></div>
                <div><dt>Resources</dt><dd>{scan.Resources}</dd></div>
                <div><dt>Violations</dt><dd id="violation-count">{scan.Violations}</dd></div>
                <div><dt>Input errors</dt><dd>{scan.Errors}</dd></div>
                <div><dt>Obligations</dt><dd>{scan.Summary}</dd></div>
                </dl>
                <div class="actions"><span>Download:</span>
                """);
            foreach (var format in ScanService.Formats.Keys)
            {
                h.Add($"""<a class="button secondary" href="/api/scans/{scan.Id}/{format}" download>{format.ToUpperInvariant()}</a>""");
            }

            h.Add($"{DeleteForm(context, scan.Id, scan.Title)}</div>");
            if (view is not null)
            {
                if (view.Problems.Count > 0)
                {
                    h.Add($"""<h2>Input problems</h2><ul id="scan-problems">""");
                    foreach (var problem in view.Problems)
                    {
                        h.Add($"<li><strong>{problem.Severity}</strong> {problem.Location} [{problem.Rule}] {problem.Message}</li>");
                    }

                    h.Add($"</ul>");
                }

                h.Add($"""<h2>Violations ({view.Violations.Count})</h2>""");
                if (view.Violations.Count == 0)
                {
                    h.Add($"<p>No violation: every check that could be decided passed or was waived.</p>");
                }
                else
                {
                    h.Add($"""<div class="table-wrap"><table id="violations"><thead><tr><th scope="col">Severity</th><th scope="col">Check</th><th scope="col">Resource</th><th scope="col">Where</th><th scope="col">Domain</th><th scope="col">Finding</th></tr></thead><tbody>""");
                    foreach (var v in view.Violations)
                    {
                        h.Add($"""<tr data-check="{v.Check}"><td>{v.Severity}</td><td><strong>{v.Check}</strong> {v.Title}</td><td>{v.Resource} <span class="muted">{v.Service}</span></td><td>{v.Location}</td><td>{v.Domain}</td><td>{v.Message}</td></tr>""");
                    }

                    h.Add($"</tbody></table></div>");
                }
            }

            h.Add($"""<h2>Full report</h2><p class="muted">The same report as <code>demarc scan --format html</code>, shown in a sandbox.</p><iframe class="report" title="Scan report" src="/history/{scan.Id}/report" sandbox="allow-scripts"></iframe>""");
            return Layout.Page("Scan " + scan.Title, "/history", h.ToMarkup());
        }).ExcludeFromDescription();

        app.MapGet("/history/{id}/report", async Task<IResult> (HttpContext context, ScanService scans, string id, CancellationToken cancellationToken) =>
        {
            var html = await scans.Store.DocumentAsync(id, "html", cancellationToken).ConfigureAwait(false);
            if (html is null)
            {
                return Layout.Error("Unknown scan", $"There is no report for scan '{id}'.", 404, "/history");
            }

            // The CLI's report is one self-contained file with inline CSS and a few lines of inline script. It is shown in a
            // sandboxed frame (no access to this app's origin or cookies), and its own policy allows exactly its scripts, by hash.
            context.Response.Headers.ContentSecurityPolicy = ReportPolicy(html);
            return Results.Content(html, "text/html; charset=utf-8");
        }).ExcludeFromDescription();

        app.MapPost("/history/{id}/delete", async Task<IResult> (HttpContext context, ScanService scans, string id, CancellationToken cancellationToken) =>
        {
            if (!await Layout.IsValidFormAsync(context).ConfigureAwait(false))
            {
                return Layout.FormExpired("/history");
            }

            return await scans.Store.DeleteAsync(id, cancellationToken).ConfigureAwait(false)
                ? Results.Redirect("/history")
                : Layout.Error("Unknown scan", $"There is no scan '{id}': it was already deleted.", 404, "/history");
        }).ExcludeFromDescription().DisableAntiforgery();
    }

    /// <summary>The content security policy of a stored report: its inline scripts by SHA-256, inline styles, nothing else.</summary>
    public static string ReportPolicy(string html)
    {
        ArgumentNullException.ThrowIfNull(html);
        var hashes = InlineScript().Matches(html)
            .Select(m => $"'sha256-{Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(m.Groups[1].Value)))}'")
            .Distinct();
        return $"default-src 'none'; script-src {string.Join(' ', hashes.DefaultIfEmpty("'none'"))}; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'self'; form-action 'none'; base-uri 'none'";
    }

    [GeneratedRegex(@"<script>(.*?)</script>", RegexOptions.Singleline | RegexOptions.CultureInvariant)]
    private static partial Regex InlineScript();

    private static Markup DeleteForm(HttpContext context, string id, string title) => Html.Of($"""
        <form method="post" action="/history/{id}/delete" data-confirm="Delete the scan '{title}' and its reports?">{Layout.Antiforgery(context)}<button type="submit" class="danger" aria-label="Delete scan {title}">Delete</button></form>
        """);

    private static IResult Form(HttpContext context, ScanService scans, WebOptions options, string? problem, int status)
    {
        var h = new Html();
        h.Add($"""
            <h1>Scan templates and Terraform</h1>
            <p class="lead">Upload what <code>demarc scan</code> reads: CloudFormation or SAM templates (JSON or YAML), Terraform plans (the JSON of <code>terraform show -json plan.out</code>), or the <code>.tf</code> files of one Terraform module (with its <code>terraform.tfvars</code> or <code>*.auto.tfvars</code>); or paste a template or a plan. Demarc maps each resource to its service, lists the obligations the model leaves to you, and checks which ones the code meets, with the same checks for CloudFormation and Terraform. Each scan is saved to the <a href="/history">History</a>.</p>
            <p class="muted">The uploaded <code>.tf</code> files are read as one module, without the modules it calls (a local <code>source</code> is a directory on your machine, not here): scan a plan, or run <code>demarc scan</code> on the directory, to include them.</p>
            """);
        if (problem is not null)
        {
            h.Add($"""<div class="alert" role="alert" id="scan-error"><p>{problem}</p></div>""");
        }

        h.Add($"""
            <form method="post" action="/scan" enctype="multipart/form-data" id="scan-form">{Layout.Antiforgery(context)}
            <div class="field"><label for="scan-files">Templates, plans or .tf files <span class="hint">up to {options.MaxFiles} files, {ScanService.Megabytes(options.MaxFileBytes)} each</span></label><input type="file" id="scan-files" name="templates" multiple accept=".json,.yaml,.yml,.template,.txt,.tf,.tfvars"></div>
            <div class="field"><label for="scan-paste">Or paste a template or a plan</label><textarea id="scan-paste" name="template" rows="10" spellcheck="false"></textarea></div>
            <div class="field"><label for="scan-paste-name">Name of the pasted template <span class="hint">ending in .tf to scan it as a Terraform module</span></label><input type="text" id="scan-paste-name" name="templateName" placeholder="template.yaml"></div>
            <details><summary>Parameters, attestation and title</summary>
            <div class="field"><label for="scan-parameters">Parameters file <span class="hint">JSON or YAML, as demarc scan --parameters reads; values also set Terraform variables</span></label><input type="file" id="scan-parameters" name="parameters"></div>
            <div class="field"><label for="scan-pairs">Parameter values <span class="hint">one Key=Value per line (a CloudFormation parameter or a Terraform variable)</span></label><textarea id="scan-pairs" name="parameter" rows="3"></textarea></div>
            <div class="field"><label for="scan-attestation">Attestation file <span class="hint">obligations you meet outside the template</span></label><input type="file" id="scan-attestation" name="attestation"></div>
            <div class="field"><label for="scan-title">Title</label><input type="text" id="scan-title" name="title" maxlength="200"></div>
            </details>
            <p><button type="submit">Scan</button></p>
            </form>
            """);
        return Layout.Page("Scan", "/scan", h.ToMarkup(), status);
    }
}
