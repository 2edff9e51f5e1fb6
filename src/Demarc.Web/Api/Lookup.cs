using Demarc.Model;
using Demarc.Resolution;
using Demarc.Web.Quiz;

namespace Demarc.Web.Api;

/// <summary>A lookup that failed: a message like the CLI's, and the closest matches.</summary>
public sealed record LookupError(string Message, IReadOnlyList<string> Candidates, int Status = 404);

/// <summary>Resolves services and tasks as the CLI does, with the CLI's messages.</summary>
public static class Lookup
{
    /// <summary>A service or variant by id, name or alias.</summary>
    public static (Subject? Subject, LookupError? Error) Service(WebCatalog catalog, string? input)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        if (string.IsNullOrWhiteSpace(input))
        {
            return (null, new LookupError("no service given: name a service or variant (ec2, \"Amazon RDS\", fargate)", []));
        }

        if (input.Length > 200)
        {
            return (null, new LookupError("a service name has at most 200 characters", []));
        }

        var resolution = catalog.Services.Resolve(input);
        if (resolution.Subject is not null)
        {
            return (resolution.Subject, null);
        }

        var candidates = resolution.Candidates.Select(c => c.Id).ToList();
        var names = string.Join(", ", resolution.Candidates.Select(c => $"{c.Id} ({c.Name})"));
        var message = resolution.Status == ResolutionStatus.Ambiguous
            ? $"'{input}' could mean several services: {names}. Use one of these ids."
            : candidates.Count > 0
                ? $"unknown service '{input}'. Did you mean: {names}?"
                : $"unknown service '{input}'. /api/services lists the catalog.";
        return (null, new LookupError(message, candidates));
    }

    /// <summary>A responsibility domain from task words or an id.</summary>
    public static (DomainResolution? Domain, LookupError? Error) Task(WebCatalog catalog, string? input)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        if (string.IsNullOrWhiteSpace(input))
        {
            return (null, new LookupError("no task given: say what needs doing (\"patch the operating system\", MFA, enc_rest)", []));
        }

        if (input.Length > 500)
        {
            return (null, new LookupError("a task has at most 500 characters", []));
        }

        var resolution = catalog.Domains.Resolve(input);
        if (resolution.Domain is not null)
        {
            return (resolution, null);
        }

        var candidates = resolution.Candidates.Select(c => c.Domain.Id).ToList();
        if (resolution.Status == ResolutionStatus.Ambiguous)
        {
            return (null, new LookupError(
                $"'{input}' could mean several responsibilities: {string.Join(", ", resolution.Candidates.Select(c => $"{c.Domain.Id} ({c.Domain.Name})"))}. Be more specific, or give a domain id.",
                candidates));
        }

        var unknown = resolution.UnknownWords.Count > 0 ? $" (not understood: {string.Join(", ", resolution.UnknownWords)})" : "";
        var hints = resolution.Suggestions.Select(s => $"'{s}'").Concat(candidates).Distinct().Take(6).ToList();
        var suggestion = hints.Count > 0 ? $" Did you mean: {string.Join(", ", hints)}?" : "";
        return (null, new LookupError($"no responsibility matches '{input}'{unknown}.{suggestion}", candidates));
    }

    /// <summary>Splits a list of services given as one value ("ec2, rds lambda") or several.</summary>
    public static IReadOnlyList<string> Names(IEnumerable<string?> values) =>
        [.. values.Where(v => v is not null).SelectMany(v => v!.Split([',', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))];
}
