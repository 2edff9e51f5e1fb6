using Demarc.Contracts;
using Demarc.Model;
using Demarc.Views;
using Demarc.Web.Quiz;
using Demarc.Web.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace Demarc.Web.Api;

/// <summary>The catalog's JSON API: the same documents as <c>demarc … --format json</c>.</summary>
public static class CatalogApi
{
    /// <summary>The media type of every JSON answer.</summary>
    public const string Json = "application/json; charset=utf-8";

    /// <summary>Maps the endpoints.</summary>
    public static void Map(IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api").WithTags("Catalog");
        api.MapGet("/services", (WebCatalog catalog, string? model, string? q) =>
            {
                if (model is not null && catalog.Catalog.FindModel(model.Trim().ToLowerInvariant()) is null)
                {
                    return Problems.Result(400, "Unknown service model", $"unknown service model '{model}'. Models: {string.Join(", ", catalog.Catalog.Models.Select(m => m.Id))}.");
                }

                var listings = Search(catalog, model, q);
                return Results.Text(CatalogContracts.Serialize(CatalogContracts.Services(listings), CatalogContracts.Json.ServicesJson), Json);
            })
            .WithName("ListServices").WithSummary("List the catalog's services")
            .WithDescription("Every service with its model and how the 24 domains split. `model` keeps one service model (iaas, container, managed, serverless, abstracted); `q` keeps services whose id, name or aliases (or a variant's) contain the words. Same JSON as `demarc services --format json`.")
            .Produces<ServicesJson>(200, "application/json").ProducesProblem(400);

        api.MapGet("/services/{id}", (WebCatalog catalog, string id) =>
            {
                var (subject, error) = Lookup.Service(catalog, id);
                return subject is null
                    ? NotFound("Unknown service", error!)
                    : Results.Text(CatalogContracts.Serialize(CatalogContracts.Show(catalog.Catalog, ResponsibilityViews.Show(catalog.Catalog, subject)), CatalogContracts.Json.ShowJson), Json);
            })
            .WithName("ShowService").WithSummary("The full matrix of a service or variant")
            .WithDescription("Every domain's owner, what AWS does, what the customer does, notes, sources; the service's variants and how they differ. `id` is an id, name or alias. Same JSON as `demarc show --format json`.")
            .Produces<ShowJson>(200, "application/json").ProducesProblem(404);

        api.MapGet("/who", (WebCatalog catalog, string? service, string? task) =>
            {
                var (subject, serviceError) = Lookup.Service(catalog, service);
                if (subject is null)
                {
                    return NotFound("Unknown service", serviceError!);
                }

                var (domain, taskError) = Lookup.Task(catalog, task);
                if (domain is null)
                {
                    return NotFound("Unknown responsibility", taskError!);
                }

                var answer = ResponsibilityViews.Who(catalog.Catalog, subject, domain.Domain!);
                var understood = new UnderstoodJson(service!, task!, domain.Match!.Phrase);
                return Results.Text(CatalogContracts.Serialize(CatalogContracts.Who(catalog.Catalog, answer, understood), CatalogContracts.Json.WhoJson), Json);
            })
            .WithName("Who").WithSummary("Who is responsible for a task on a service")
            .WithDescription("`service`: id, name or alias; `task`: words or a domain id (\"patch the operating system\", MFA, enc_rest). Same JSON as `demarc who --format json`.")
            .Produces<WhoJson>(200, "application/json").ProducesProblem(404);

        api.MapGet("/compare", (WebCatalog catalog, [FromQuery] string[]? services = null) =>
            {
                var (subjects, error) = Subjects(catalog, services ?? []);
                if (subjects is null)
                {
                    return error!.Status == 400 ? Problems.Result(400, "Services needed", error.Message) : NotFound("Unknown service", error);
                }

                return Results.Text(CatalogContracts.Serialize(CatalogContracts.Compare(catalog.Catalog, ResponsibilityViews.Compare(catalog.Catalog, subjects)), CatalogContracts.Json.CompareJson), Json);
            })
            .WithName("Compare").WithSummary("Services side by side")
            .WithDescription("`services`: two to twenty services, repeated (`?services=ec2&services=rds`) or comma-separated (`?services=ec2,rds,lambda`). Same JSON as `demarc compare --format json`, with the core table.")
            .Produces<CompareJson>(200, "application/json").ProducesProblem(400).ProducesProblem(404);

        api.MapGet("/shift", (WebCatalog catalog, string? from, string? to) =>
            {
                var (source, fromError) = Lookup.Service(catalog, from);
                if (source is null)
                {
                    return NotFound("Unknown service", fromError!);
                }

                var (target, toError) = Lookup.Service(catalog, to);
                if (target is null)
                {
                    return NotFound("Unknown service", toError!);
                }

                return Results.Text(CatalogContracts.Serialize(CatalogContracts.Shift(catalog.Catalog, ResponsibilityViews.Shift(catalog.Catalog, source, target)), CatalogContracts.Json.ShiftJson), Json);
            })
            .WithName("Shift").WithSummary("What moves when a workload moves between services")
            .WithDescription("`from`, `to`: services or variants. Same JSON as `demarc shift --format json`.")
            .Produces<ShiftJson>(200, "application/json").ProducesProblem(404);
    }

    /// <summary>A 404 problem for a lookup, with the closest matches as <c>candidates</c>.</summary>
    public static IResult NotFound(string title, LookupError error)
    {
        ArgumentNullException.ThrowIfNull(error);
        return Problems.Result(404, title, error.Message, new Dictionary<string, object?> { ["candidates"] = error.Candidates });
    }

    /// <summary>Services of a model whose names contain the words of a search.</summary>
    public static IReadOnlyList<ServiceListing> Search(WebCatalog catalog, string? model, string? query)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        var modelId = string.IsNullOrWhiteSpace(model) ? null : model.Trim().ToLowerInvariant();
        var listings = ResponsibilityViews.Services(catalog.Catalog, modelId);
        var words = (query ?? "").Trim().ToLowerInvariant();
        return words.Length == 0 ? listings : [.. listings.Where(l => SearchText(l.Service).Contains(words, StringComparison.Ordinal))];
    }

    /// <summary>What a search looks in: ids, names and aliases of a service and its variants, lower case.</summary>
    public static string SearchText(Service service)
    {
        ArgumentNullException.ThrowIfNull(service);
        IEnumerable<string> names = [service.Id, service.Name, .. service.Aliases, .. service.Variants.SelectMany(v => (string[])[v.Id, v.Name, .. v.Aliases])];
        return string.Join(" | ", names).ToLowerInvariant();
    }

    /// <summary>Resolves the services of a comparison: two to twenty.</summary>
    public static (IReadOnlyList<Subject>? Subjects, LookupError? Error) Subjects(WebCatalog catalog, IEnumerable<string?> values)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        var names = Lookup.Names(values).ToList();
        if (names.Count == 1 && names[0].Contains(' ', StringComparison.Ordinal) && Lookup.Service(catalog, names[0]).Subject is null)
        {
            names = [.. names[0].Split(' ', StringSplitOptions.RemoveEmptyEntries)];
        }

        if (names.Count is < 2 or > 20)
        {
            return (null, new LookupError($"compare needs 2 to 20 services (got {names.Count}), for example \"ec2, rds, lambda\"", [], 400));
        }

        var subjects = new List<Subject>();
        foreach (var name in names)
        {
            var (subject, error) = Lookup.Service(catalog, name);
            if (subject is null)
            {
                return (null, error);
            }

            subjects.Add(subject);
        }

        return (subjects, null);
    }
}
