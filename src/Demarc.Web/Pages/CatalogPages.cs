using System.Globalization;
using Demarc.Contracts;
using Demarc.Model;
using Demarc.Views;
using Demarc.Web.Api;
using Demarc.Web.Quiz;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace Demarc.Web.Pages;

/// <summary>The pages over the catalog: Home, Services, Service, Who, Compare, Shift.</summary>
public static class CatalogPages
{
    /// <summary>Maps the pages.</summary>
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/", (WebCatalog catalog) => Home(catalog)).ExcludeFromDescription();
        app.MapGet("/services", (WebCatalog catalog, string? model, string? q) => Services(catalog, model, q)).ExcludeFromDescription();
        app.MapGet("/services/{id}", (WebCatalog catalog, string id) => Service(catalog, id)).ExcludeFromDescription();
        app.MapGet("/who", (WebCatalog catalog, string? service, string? task) => Who(catalog, service, task)).ExcludeFromDescription();
        app.MapGet("/compare", (WebCatalog catalog, [FromQuery] string[]? services, string? view) => Compare(catalog, services ?? [], view)).ExcludeFromDescription();
        app.MapGet("/shift", (WebCatalog catalog, string? from, string? to) => Shift(catalog, from, to)).ExcludeFromDescription();
    }

    private static IResult Home(WebCatalog web)
    {
        var catalog = web.Catalog;
        var h = new Html();
        h.Add($"""
            <h1>Who secures what on AWS</h1>
            <p class="lead">AWS is responsible for security <strong>of</strong> the cloud: the facilities, hardware, network and virtualization that run every service.
            You are responsible for security <strong>in</strong> the cloud: what you put there and how you configure it. Where the line falls depends on the service.</p>
            <h2 id="layers">The two layers</h2>
            <div class="layers">
            """);
        foreach (var (layer, css, title, text) in new[]
        {
            (Layer.InTheCloud, "layer-in", "Security IN the cloud: the customer's side", "Yours on every service, or shared with AWS, or AWS's on the more managed services: it depends on the service."),
            (Layer.OfTheCloud, "layer-of", "Security OF the cloud: AWS, always", "AWS secures the infrastructure that runs every service; nothing here is yours on any service."),
        })
        {
            h.Add($"""<section class="layer {css}" aria-labelledby="layer-{css}"><h3 id="layer-{css}">{title}</h3><p>{text}</p><ul>""");
            foreach (var domain in catalog.Domains.Where(d => d.Layer == layer))
            {
                h.Add($"""<li title="{domain.Description}">{domain.Name}</li>""");
            }

            h.Add($"</ul></section>");
        }

        h.Add($"""
            </div>
            <h2 id="spectrum">The service-model spectrum</h2>
            <p>The more AWS manages, the less is left to you. Average number of domains you carry (Customer = 1, Shared = ½) out of {catalog.Domains.Count}:</p>
            <ol class="spectrum">
            """);
        foreach (var model in catalog.Models.OrderBy(m => m.Rank))
        {
            var services = ResponsibilityViews.Services(catalog, model.Id);
            var load = services.Count == 0 ? 0 : services.Average(s => s.Counts.Sum(c => c.Key.CustomerWeight() * c.Value));
            h.Add($"""<li><div class="rank">{(model.Rank == 0 ? "most yours" : model.Rank == catalog.Models.Max(m => m.Rank) ? "least yours" : "step " + (model.Rank + 1).ToString(CultureInfo.InvariantCulture))}</div><h3><a href="/services?model={model.Id}">{model.Name}</a></h3><p>{model.Description}</p>""");
            h.Add($"""<p><strong>{load.ToString("0.0", CultureInfo.InvariantCulture)}</strong> domains yours on average. Examples: """);
            var first = true;
            foreach (var listing in services.Take(4))
            {
                h.Add($"""{(first ? Markup.Empty : new Markup(", "))}<a href="/services/{listing.Service.Id}">{listing.Service.Name}</a>""");
                first = false;
            }

            h.Add($"</p></li>");
        }

        h.Add($"""</ol><h2 id="rules">The rules in one line each</h2><ul class="rules">""");
        var always = catalog.Domains.Where(d => d.Invariant == DomainInvariant.AlwaysAws).Select(d => d.Name.ToLowerInvariant()).ToList();
        var never = catalog.Domains.Where(d => d.Invariant == DomainInvariant.NeverAws).Select(d => d.Name.ToLowerInvariant()).ToList();
        h.Add($"""<li><strong>Always AWS:</strong> {string.Join(", ", always)}, on every service.</li>""");
        h.Add($"""<li><strong>Always yours:</strong> {string.Join(", ", never)}, whatever the service: AWS gives you the tools (default encryption, KMS, IAM) but the decisions are yours.</li>""");
        foreach (var category in catalog.ControlCategories)
        {
            h.Add($"""<li><strong>{category.Name}:</strong> {category.Description}{(category.Controls.Count > 0 ? " (" + string.Join(", ", category.Controls.Select(c => c.Name.ToLowerInvariant())) + ")" : "")}</li>""");
        }

        h.Add($"""
            <li><strong>Patching moves with the service:</strong> you patch the guest OS on EC2; AWS patches the OS under RDS and Lambda.</li>
            </ul>
            <h2 id="who">Who is responsible?</h2>
            {WhoForm(null, null)}
            <p>Or <a href="/ask">ask a question in your own words</a>, <a href="/compare?services=ec2,rds,lambda">compare EC2, RDS and Lambda</a>, or <a href="/quiz">take the quiz</a>.</p>
            """);
        return Layout.Page("Home", "/", h.ToMarkup());
    }

    private static Markup WhoForm(string? service, string? task) => Html.Of($"""
        <form class="inline" method="get" action="/who" role="search" aria-label="Who is responsible">
        <div><label for="who-service">Service</label><input type="text" id="who-service" name="service" value="{service}" placeholder="rds" required></div>
        <div><label for="who-task">Task</label><input type="text" id="who-task" name="task" value="{task}" placeholder="patch the operating system" required></div>
        <div><button type="submit">Who?</button></div>
        </form>
        """);

    private static IResult Services(WebCatalog web, string? model, string? q)
    {
        var catalog = web.Catalog;
        var modelId = string.IsNullOrWhiteSpace(model) ? null : model.Trim().ToLowerInvariant();
        if (modelId is not null && catalog.FindModel(modelId) is null)
        {
            return Layout.Error("Unknown service model", $"There is no service model '{model}'. Models: {string.Join(", ", catalog.Models.Select(m => m.Id))}.", 400, "/services");
        }

        var listings = CatalogApi.Search(web, modelId, q);
        var h = new Html();
        h.Add($"""
            <h1>Services</h1>
            <form class="inline" method="get" action="/services" role="search" aria-label="Filter services">
            <div><label for="service-model">Service model</label><select id="service-model" name="model"><option value="">All models</option>
            """);
        foreach (var m in catalog.Models.OrderBy(m => m.Rank))
        {
            h.Add($"""<option value="{m.Id}"{(m.Id == modelId ? new Markup(" selected") : Markup.Empty)}>{m.Name}</option>""");
        }

        h.Add($"""
            </select></div>
            <div><label for="service-search">Search <span class="hint">name or alias</span></label><input type="search" id="service-search" name="q" value="{q}" placeholder="rds, fargate, object storage"></div>
            <div><button type="submit">Filter</button></div>
            </form>
            <p id="service-count" role="status">{listings.Count} service(s)</p>
            <div class="table-wrap"><table id="service-table">
            <thead><tr><th scope="col">Service</th><th scope="col">Model</th><th scope="col">Category</th><th scope="col"><abbr title="domains AWS owns">AWS</abbr></th><th scope="col">Shared</th><th scope="col"><abbr title="domains the customer owns">Customer</abbr></th><th scope="col">N/A</th><th scope="col">Variants</th></tr></thead><tbody>
            """);
        foreach (var listing in listings)
        {
            var s = listing.Service;
            h.Add($"""<tr data-names="{CatalogApi.SearchText(s)}"><th scope="row"><a href="/services/{s.Id}">{s.Name}</a> <span class="muted">{s.Id}</span></th><td>{listing.Model.Name}</td><td>{s.Category}</td>""");
            foreach (var owner in OwnerNames.All)
            {
                h.Add($"<td>{listing.Counts.GetValueOrDefault(owner)}</td>");
            }

            h.Add($"<td>{string.Join(", ", s.Variants.Select(v => v.Name))}</td></tr>");
        }

        h.Add($"</tbody></table></div>");
        if (listings.Count == 0)
        {
            h.Add($"""<p class="note">No service matches. Clear the search, or try another name: the catalog knows ids, names and aliases ("RDS", "object storage", "Fargate").</p>""");
        }

        return Layout.Page("Services", "/services", h.ToMarkup());
    }

    private static IResult Service(WebCatalog web, string id)
    {
        var (subject, error) = Lookup.Service(web, id);
        if (subject is null)
        {
            return Layout.Error("Unknown service", error!.Message, 404, "/services");
        }

        var catalog = web.Catalog;
        var matrix = ResponsibilityViews.Show(catalog, subject);
        var show = CatalogContracts.Show(catalog, matrix);
        var h = new Html();
        h.Add($"""
            <h1>{subject.Name}</h1>
            <p class="lead">{show.Summary}</p>
            <dl class="panel grid">
            <div><dt>Id</dt><dd><code>{subject.Id}</code></dd></div>
            <div><dt>Service model</dt><dd><a href="/services?model={matrix.Model.Id}">{matrix.Model.Name}</a></dd></div>
            <div><dt>Category</dt><dd>{show.Category}</dd></div>
            <div><dt>Domains</dt><dd>{string.Join(", ", show.Counts.Select(c => $"{c.Value} {c.Key}"))}</dd></div>
            <div><dt>Also called</dt><dd>{(show.Aliases.Count == 0 ? "-" : string.Join(", ", show.Aliases))}</dd></div>
            <div><dt>Created by</dt><dd>{string.Join(", ", show.ResourceTypes.CloudFormation.Concat(show.ResourceTypes.Terraform).DefaultIfEmpty("-"))}</dd></div>
            {(matrix.Parent is { } parent ? Html.Of($"""<div><dt>Variant of</dt><dd><a href="/services/{parent.Id}">{parent.Name}</a></dd></div>""") : Markup.Empty)}
            </dl>
            <h2>Responsibility matrix</h2>
            <p class="muted">* differs from the service model's default · ^ changed by the variant · confidence: verified against the sources, or following the model's rule.</p>
            <div class="table-wrap"><table id="matrix">
            <thead><tr><th scope="col">Domain</th><th scope="col">Layer</th><th scope="col">Owner</th><th scope="col">AWS does</th><th scope="col">You do</th><th scope="col">Note</th><th scope="col">Sources</th></tr></thead><tbody>
            """);
        foreach (var cell in show.Cells)
        {
            var marks = (cell.Exception ? "*" : "") + (cell.Overridden ? "^" : "") + (cell.Confidence == "unverified" ? "?" : "");
            h.Add($"""<tr id="cell-{cell.Domain}" data-domain="{cell.Domain}"><th scope="row">{cell.DomainName}</th><td>{cell.Layer}</td><td>{Layout.Owner(cell.Owner)}{(marks.Length > 0 ? Html.Of($"""<span class="mark">{marks}</span>""") : Markup.Empty)}</td><td>{cell.Aws}</td><td>{cell.Customer}</td><td>{cell.Note}{(cell.AsOf is null ? Markup.Empty : Html.Of($" <span class=\"muted\">(as of {cell.AsOf})</span>"))}</td><td>""");
            foreach (var source in cell.Sources)
            {
                h.Add($"""<a href="{source.Url}" rel="noreferrer">{source.Title}</a><br>""");
            }

            h.Add($"</td></tr>");
        }

        h.Add($"</tbody></table></div>");
        if (show.Variants.Count > 0)
        {
            h.Add($"<h2>Variants</h2><ul>");
            foreach (var variant in show.Variants)
            {
                h.Add($"""<li><a href="/services/{variant.Id}">{variant.Name}</a>: {variant.Summary} {(variant.Changes.Count == 0 ? "" : "Changes: " + string.Join("; ", variant.Changes.Select(c => $"{catalog.Domain(c.Domain).Name} {c.From} → {c.To}")))}</li>""");
            }

            h.Add($"</ul>");
        }

        if (show.Caveats.Count > 0)
        {
            h.Add($"<h2>Often misunderstood</h2><ul>");
            foreach (var caveat in show.Caveats)
            {
                h.Add($"<li>{caveat}</li>");
            }

            h.Add($"</ul>");
        }

        h.Add($"""<p><a href="/api/services/{subject.Id}">This page as JSON</a> · <a href="/shift?from={subject.Id}">Shift from {subject.Name}</a></p>""");
        return Layout.Page(subject.Name, "/services", h.ToMarkup());
    }

    private static IResult Who(WebCatalog web, string? service, string? task)
    {
        var h = new Html();
        h.Add($"<h1>Who is responsible?</h1>{WhoForm(service, task)}");
        if (service is null && task is null)
        {
            return Layout.Page("Who", "/", h.ToMarkup());
        }

        var (subject, serviceError) = Lookup.Service(web, service);
        var (domain, taskError) = Lookup.Task(web, task);
        if (subject is null || domain is null)
        {
            h.Add($"""<div class="alert" role="alert"><p>{(serviceError ?? taskError)!.Message}</p></div>""");
            return Layout.Page("Who", "/", h.ToMarkup(), 404);
        }

        var answer = ResponsibilityViews.Who(web.Catalog, subject, domain.Domain!);
        var cell = CatalogContracts.Cell(answer.Cell);
        h.Add($"""
            <section class="panel" aria-live="polite"><h2>{cell.DomainName} on {subject.Name}</h2>
            <p class="verdict" id="who-owner">{Layout.Owner(answer.Cell.Cell.Owner)}</p>
            <p class="muted">Understood "{task}" as "{domain.Match!.Phrase}".</p>
            <dl><dt>AWS does</dt><dd>{cell.Aws}</dd><dt>You do</dt><dd>{cell.Customer}</dd>{(cell.Note is null ? Markup.Empty : Html.Of($"<dt>Note</dt><dd>{cell.Note}</dd>"))}</dl>
            <p>Sources: {string.Join(", ", cell.Sources.Select(s => s.Title))}. <a href="/services/{subject.Id}#cell-{cell.Domain}">The whole matrix</a>.</p></section>
            """);
        return Layout.Page("Who", "/", h.ToMarkup());
    }

    private static IResult Compare(WebCatalog web, string[] services, string? view)
    {
        var given = string.Join(", ", Lookup.Names(services));
        var h = new Html();
        h.Add($"""
            <h1>Compare services</h1>
            <form class="inline" method="get" action="/compare">
            <div><label for="compare-services">Services <span class="hint">two or more, separated by commas</span></label><input type="text" id="compare-services" name="services" value="{given}" placeholder="ec2, rds, lambda" required></div>
            <div><label for="compare-view">Rows</label><select id="compare-view" name="view"><option value="domains">Every domain</option><option value="core"{(view == "core" ? new Markup(" selected") : Markup.Empty)}>The core table</option></select></div>
            <div><button type="submit">Compare</button></div>
            </form>
            """);
        if (given.Length == 0)
        {
            h.Add($"""<p>For example <a href="/compare?services=ec2,rds,lambda">EC2, RDS and Lambda</a> or <a href="/compare?services=ecs_ec2,fargate,eks">ECS on EC2, Fargate and EKS</a>.</p>""");
            return Layout.Page("Compare", "/compare", h.ToMarkup());
        }

        var (subjects, error) = CatalogApi.Subjects(web, services);
        if (subjects is null)
        {
            h.Add($"""<div class="alert" role="alert"><p>{error!.Message}</p></div>""");
            return Layout.Page("Compare", "/compare", h.ToMarkup(), error.Status);
        }

        var comparison = ResponsibilityViews.Compare(web.Catalog, subjects);
        h.Add($"""<div class="table-wrap"><table id="compare-table"><caption>{(view == "core" ? "The source document's core table" : "Who owns each domain")}</caption><thead><tr><th scope="col">{(view == "core" ? "Responsibility" : "Domain")}</th>""");
        foreach (var subject in subjects)
        {
            h.Add($"""<th scope="col" data-service="{subject.Id}"><a href="/services/{subject.Id}">{subject.Name}</a></th>""");
        }

        h.Add($"</tr></thead><tbody>");
        if (view == "core")
        {
            foreach (var row in comparison.CoreRows)
            {
                h.Add($"""<tr data-row="{row.Row.Id}"><th scope="row">{row.Row.Name}</th>""");
                foreach (var owner in row.Owners)
                {
                    h.Add($"<td>{Layout.Owner(owner)}</td>");
                }

                h.Add($"</tr>");
            }
        }
        else
        {
            foreach (var row in comparison.Rows)
            {
                h.Add($"""<tr data-domain="{row.Domain.Id}"><th scope="row">{row.Domain.Name} <span class="muted">({row.Domain.Layer.Display()})</span></th>""");
                foreach (var cell in row.Cells)
                {
                    h.Add($"<td>{Layout.Owner(cell.Cell.Owner, $"AWS: {cell.Cell.Parts.Aws} You: {cell.Cell.Parts.Customer}")}</td>");
                }

                h.Add($"</tr>");
            }
        }

        h.Add($"</tbody><tfoot><tr><th scope=\"row\">Customer load</th>");
        foreach (var (subject, i) in subjects.Select((s, i) => (s, i)))
        {
            h.Add($"<td>{comparison.Rows.Sum(r => r.Cells[i].Cell.Owner.CustomerWeight()).ToString("0.0", CultureInfo.InvariantCulture)}</td>");
        }

        h.Add($"""</tr></tfoot></table></div><p class="muted">Customer load counts the domains you carry: Customer = 1, Shared = ½. Hover a badge for each side's part.</p><p><a href="/api/compare?services={string.Join(",", subjects.Select(s => s.Id))}">This comparison as JSON</a></p>""");
        return Layout.Page("Compare", "/compare", h.ToMarkup());
    }

    private static IResult Shift(WebCatalog web, string? from, string? to)
    {
        var h = new Html();
        h.Add($"""
            <h1>Shift a workload</h1>
            <form class="inline" method="get" action="/shift">
            <div><label for="shift-from">From</label><input type="text" id="shift-from" name="from" value="{from}" placeholder="ec2" required></div>
            <div><label for="shift-to">To</label><input type="text" id="shift-to" name="to" value="{to}" placeholder="rds" required></div>
            <div><button type="submit">Shift</button></div>
            </form>
            """);
        if (string.IsNullOrWhiteSpace(from) || string.IsNullOrWhiteSpace(to))
        {
            h.Add($"""<p>For example <a href="/shift?from=ec2&amp;to=rds">EC2 → RDS</a> or <a href="/shift?from=ec2&amp;to=lambda">EC2 → Lambda</a>.</p>""");
            return Layout.Page("Shift", "/shift", h.ToMarkup());
        }

        var (source, fromError) = Lookup.Service(web, from);
        var (target, toError) = Lookup.Service(web, to);
        if (source is null || target is null)
        {
            h.Add($"""<div class="alert" role="alert"><p>{(fromError ?? toError)!.Message}</p></div>""");
            return Layout.Page("Shift", "/shift", h.ToMarkup(), 404);
        }

        var shift = ResponsibilityViews.Shift(web.Catalog, source, target);
        h.Add($"""<p class="lead">From <a href="/services/{source.Id}">{source.Name}</a> to <a href="/services/{target.Id}">{target.Name}</a>: the domains you carry go from <strong>{shift.CustomerLoadBefore.ToString("0.0", CultureInfo.InvariantCulture)}</strong> to <strong>{shift.CustomerLoadAfter.ToString("0.0", CultureInfo.InvariantCulture)}</strong>.</p>""");
        foreach (var (direction, title) in new[]
        {
            (ShiftDirection.ToAws, "Moves to AWS"),
            (ShiftDirection.ToCustomer, "Moves to you"),
            (ShiftDirection.Appears, "Starts to apply"),
            (ShiftDirection.Disappears, "No longer applies"),
            (ShiftDirection.Unchanged, "Stays as it is"),
        })
        {
            var changes = shift.Where(direction);
            if (changes.Count == 0)
            {
                continue;
            }

            h.Add($"""<h2 id="{CatalogContracts.DirectionName(direction)}">{title} ({changes.Count})</h2><div class="table-wrap"><table><thead><tr><th scope="col">Domain</th><th scope="col">{source.Name}</th><th scope="col">{target.Name}</th><th scope="col">Afterwards, you do</th></tr></thead><tbody>""");
            foreach (var change in changes)
            {
                h.Add($"""<tr data-domain="{change.Domain.Id}"><th scope="row">{change.Domain.Name}</th><td>{Layout.Owner(change.From.Cell.Owner)}</td><td>{Layout.Owner(change.To.Cell.Owner)}</td><td>{change.To.Cell.Parts.Customer}</td></tr>""");
            }

            h.Add($"</tbody></table></div>");
        }

        return Layout.Page("Shift", "/shift", h.ToMarkup());
    }
}
