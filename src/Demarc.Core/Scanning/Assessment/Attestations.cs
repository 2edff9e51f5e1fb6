using System.Globalization;
using Demarc.Catalog;
using Demarc.Model;
using Demarc.Parsing;

namespace Demarc.Scanning.Assessment;

/// <summary>
/// A team's statement for an obligation no template can show (data classification, OS patching, training): who
/// handles it, how, the evidence, and when it must be reviewed again. Applies to every resource of a service for the
/// domain, or to one resource.
/// </summary>
/// <param name="ServiceId">A catalog service or variant id.</param>
/// <param name="Resource">A logical id, or null for every resource of the service.</param>
/// <param name="Scope">The directory whose templates it covers (the attestation file's), or null for all (<c>--attest</c>).</param>
public sealed record Attestation(
    string ServiceId,
    string DomainId,
    string? Resource,
    string Owner,
    string How,
    string? Evidence,
    DateOnly ReviewBy,
    SourceLocation Location,
    string? Scope)
{
    /// <summary>Past its review date on <paramref name="today"/>.</summary>
    public bool IsExpired(DateOnly today) => ReviewBy < today;
}

/// <summary>Reads attestation files (<c>demarc.attest.yaml</c>); the format is in docs/scan.md.</summary>
public static class AttestationFile
{
    /// <summary>The file name looked for beside the templates.</summary>
    public const string FileName = "demarc.attest.yaml";

    /// <summary>The rule name of diagnostics about attestation files.</summary>
    public const string Rule = "attestation";

    /// <summary>Reads one file; every problem is an error with its line and column (the file is input, exit code 2).</summary>
    public static IReadOnlyList<Attestation> Read(string name, string text, string? scope, ResponsibilityCatalog catalog, List<ScanDiagnostic> diagnostics)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(diagnostics);
        var problems = new List<CatalogDiagnostic>();
        var attestations = new List<Attestation>();
        var map = YamlMap.Parse(name, text, problems, "an attestation file");
        var resolver = new Resolution.ServiceResolver(catalog);
        if (map is not null)
        {
            foreach (var entry in map.Maps("attestations", required: true))
            {
                var service = entry.String("service", required: true);
                var domain = entry.String("domain", required: true);
                var resource = entry.String("resource");
                var owner = entry.String("owner", required: true);
                var how = entry.String("how", required: true);
                var evidence = entry.String("evidence");
                var reviewText = entry.String("review_by", required: true);
                var valid = service is not null && domain is not null && owner is not null && how is not null && reviewText is not null;
                if (service is not null)
                {
                    // An id, or a name or alias the catalog knows (catalogs rename services; their old ids stay aliases).
                    var subject = catalog.FindSubject(service) ?? resolver.Resolve(service).Subject;
                    if (subject is null)
                    {
                        entry.Error(entry.Get("service")!, CatalogRules.UnknownId, $"unknown service '{service}' (see 'demarc services')");
                        valid = false;
                    }
                    else
                    {
                        service = subject.Id;
                    }
                }

                if (domain is not null && catalog.FindDomain(domain) is null)
                {
                    entry.Error(entry.Get("domain")!, CatalogRules.UnknownId, $"unknown domain '{domain}' (see 'demarc show <service>')");
                    valid = false;
                }

                var reviewBy = default(DateOnly);
                if (reviewText is not null && !DateOnly.TryParseExact(reviewText, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out reviewBy))
                {
                    entry.Error(entry.Get("review_by")!, CatalogRules.InvalidValue, $"review_by '{reviewText}' must be a date, yyyy-mm-dd");
                    valid = false;
                }

                if (evidence is not null && !Uri.TryCreate(evidence, UriKind.Absolute, out _))
                {
                    entry.Error(entry.Get("evidence")!, CatalogRules.InvalidValue, $"evidence '{evidence}' must be a link (an absolute URL)");
                    valid = false;
                }

                entry.Finish();
                if (valid)
                {
                    attestations.Add(new Attestation(service!, domain!, resource, owner!, how!, evidence, reviewBy, entry.Location, scope));
                }
            }

            map.Finish();
        }

        diagnostics.AddRange(problems.Select(p => new ScanDiagnostic(p.Location, DiagnosticSeverity.Error, Rule, p.Message)));
        return attestations;
    }
}
