using System.Text.Json;
using Demarc.Web.Engines;
using Demarc.Web.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Demarc.Web.Api;

/// <summary><c>/api/scans</c>: scan templates, Terraform plans and modules, and the history of scans with their reports.</summary>
public static class ScanApi
{
    /// <summary>Maps the endpoints.</summary>
    public static void Map(IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/scans").WithTags("Scans");
        api.MapPost("", async Task<IResult> (HttpContext context, ScanService scans, CancellationToken cancellationToken) =>
            {
                var (request, title, problem) = await scans.ReadAsync(context.Request, cancellationToken).ConfigureAwait(false);
                if (problem is not null)
                {
                    return Problems.Result(problem.Status, problem.Title, problem.Message);
                }

                var scan = await scans.RunAsync(request!, title!, cancellationToken).ConfigureAwait(false);
                return new CreatedText(Results.Text(JsonSerializer.Serialize(ScanService.Json(scan), WebJsonContext.Output.ScanJson), CatalogApi.Json, statusCode: 201), $"/api/scans/{scan.Id}");
            })
            .WithName("CreateScan").WithSummary("Scan templates, Terraform plans or a Terraform module, and save the scan")
            .WithDescription("multipart/form-data: `templates` (files, repeat for several: CloudFormation or SAM templates and Terraform plan JSON, recognised by content, and the `.tf`, `terraform.tfvars` and `*.auto.tfvars` files of one Terraform module), or `template` (the text of one template or plan) with `templateName`; optional `parameters` (a parameters file), `parameter` (`Key=Value`, repeatable: a CloudFormation parameter or a Terraform variable), `attestation` (an attestation file), `title`. Files are read with the scanner's limits; the module's calls to other modules are not followed. Returns 201 with the saved scan and links to its report as JSON, SARIF, CSV and HTML, the documents of `demarc scan --format …`.")
            .Produces<ScanJson>(201, "application/json").ProducesProblem(400).ProducesProblem(413).ProducesProblem(415)
            .DisableAntiforgery();

        api.MapGet("", async Task<IResult> (ScanService scans, int? limit, int? offset, CancellationToken cancellationToken) =>
            {
                if (limit is < 1 or > 1000 || offset is < 0)
                {
                    return Problems.Result(400, "Bad paging", "limit is 1 to 1000 (default 100); offset is 0 or more");
                }

                var list = await scans.Store.ListAsync(limit ?? 100, offset ?? 0, cancellationToken).ConfigureAwait(false);
                var total = await scans.Store.CountAsync(cancellationToken).ConfigureAwait(false);
                return Results.Text(JsonSerializer.Serialize(new ScanListJson(1, "scans", total, offset ?? 0, [.. list.Select(ScanService.Json)]), WebJsonContext.Output.ScanListJson), CatalogApi.Json);
            })
            .WithName("ListScans").WithSummary("The scan history, newest first")
            .Produces<ScanListJson>(200, "application/json").ProducesProblem(400);

        api.MapGet("/{id}", async Task<IResult> (ScanService scans, string id, CancellationToken cancellationToken) =>
            {
                var scan = await scans.Store.FindAsync(id, cancellationToken).ConfigureAwait(false);
                return scan is null ? Missing(id) : Results.Text(JsonSerializer.Serialize(ScanService.Json(scan), WebJsonContext.Output.ScanJson), CatalogApi.Json);
            })
            .WithName("GetScan").WithSummary("One saved scan")
            .Produces<ScanJson>(200, "application/json").ProducesProblem(404);

        api.MapGet("/{id}/{format}", async Task<IResult> (ScanService scans, string id, string format, CancellationToken cancellationToken) =>
                await Download(scans, id, format, cancellationToken).ConfigureAwait(false))
            .WithName("GetScanReport").WithSummary("A saved scan's report: json, sarif, csv or html")
            .WithDescription("The report as `demarc scan --format FORMAT` wrote it when the scan ran, as a download.")
            .Produces(200).ProducesProblem(404);

        api.MapDelete("/{id}", async Task<IResult> (ScanService scans, string id, CancellationToken cancellationToken) =>
                await scans.Store.DeleteAsync(id, cancellationToken).ConfigureAwait(false) ? Results.NoContent() : Missing(id))
            .WithName("DeleteScan").WithSummary("Delete a saved scan and its reports")
            .Produces(204).ProducesProblem(404);
    }

    /// <summary>A saved report as a download.</summary>
    public static async Task<IResult> Download(ScanService scans, string id, string format, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scans);
        if (!ScanService.Formats.TryGetValue(format, out var type))
        {
            return Problems.Result(404, "Unknown format", $"'{format}' is not a report format; use json, sarif, csv or html");
        }

        var content = await scans.Store.DocumentAsync(id, format, cancellationToken).ConfigureAwait(false);
        if (content is null)
        {
            return Missing(id);
        }

        return Results.File(System.Text.Encoding.UTF8.GetBytes(content), type.MediaType, $"demarc-scan-{id}.{type.Extension}");
    }

    private static IResult Missing(string id) => Problems.Result(404, "Unknown scan", $"there is no scan '{id}' (deleted, or never saved); /api/scans lists them");

    /// <summary>A text result with a Location header.</summary>
    private sealed class CreatedText(IResult inner, string location) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.Headers.Location = location;
            return inner.ExecuteAsync(httpContext);
        }
    }
}
