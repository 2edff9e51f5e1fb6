using Demarc.Model;
using Demarc.Text;

namespace Demarc.Catalog;

/// <summary>The rules that hold across the whole catalog once it is assembled (the per-field rules are checked while reading).</summary>
internal static class CatalogValidator
{
    public static void Validate(ResponsibilityCatalog catalog, List<CatalogDiagnostic> diagnostics)
    {
        CheckInvariants(catalog, diagnostics);
        CheckAliases(catalog, diagnostics);
        CheckResourceTypes(catalog, diagnostics);
        CheckControlCoverage(catalog, diagnostics);
    }

    // The source document's invariants: of-the-cloud domains are always AWS's; encryption, data classification and identity never are.
    private static void CheckInvariants(ResponsibilityCatalog catalog, List<CatalogDiagnostic> diagnostics)
    {
        foreach (var subject in catalog.Subjects)
        {
            foreach (var domain in catalog.Domains)
            {
                if (subject.Variant is not null && !subject.IsOverridden(domain.Id))
                {
                    continue;
                }

                if (!subject.Service.Cells.ContainsKey(domain.Id))
                {
                    continue;
                }

                var cell = subject.CellFor(domain.Id);
                if (domain.Invariant == DomainInvariant.AlwaysAws && cell.Owner != Owner.Aws)
                {
                    diagnostics.Add(new(cell.Location, CatalogRules.OfTheCloudNotAws,
                        $"{subject.Name}: {domain.Id} ({domain.Name}) is security OF the cloud and always AWS's, not {cell.Owner.Display()}"));
                }
                else if (domain.Invariant == DomainInvariant.NeverAws && cell.Owner == Owner.Aws)
                {
                    diagnostics.Add(new(cell.Location, CatalogRules.NeverAwsGivenToAws,
                        $"{subject.Name}: {domain.Id} ({domain.Name}) always stays with the customer; it cannot be AWS's (record an AWS default in the note instead)"));
                }
            }
        }
    }

    private static void CheckAliases(ResponsibilityCatalog catalog, List<CatalogDiagnostic> diagnostics)
    {
        var claimed = new Dictionary<string, (string Subject, SourceLocation Location)>(StringComparer.Ordinal);
        foreach (var subject in catalog.Subjects)
        {
            var location = subject.Variant?.Location ?? subject.Service.Location;
            foreach (var alias in ExplicitNames(subject).Select(Words.Key).Where(a => a.Length > 0).Distinct(StringComparer.Ordinal))
            {
                if (claimed.TryGetValue(alias, out var first) && first.Subject != subject.Id)
                {
                    diagnostics.Add(new(location, CatalogRules.DuplicateAlias,
                        $"alias '{alias}' of {subject.Id} is already used by {first.Subject} ({first.Location})"));
                }
                else
                {
                    claimed.TryAdd(alias, (subject.Id, location));
                }
            }
        }
    }

    private static IEnumerable<string> ExplicitNames(Subject subject) =>
        subject.Variant is null
            ? [subject.Service.Id.Replace('_', ' '), subject.Service.Name, .. subject.Service.Aliases]
            : [subject.Variant.Id.Replace('_', ' '), subject.Variant.Name, .. subject.Variant.Aliases];

    private static void CheckResourceTypes(ResponsibilityCatalog catalog, List<CatalogDiagnostic> diagnostics)
    {
        foreach (var service in catalog.Services)
        {
            foreach (var variant in service.Variants)
            {
                foreach (var selector in variant.Selectors.Where(s => !Owns(service, s.ResourceType)))
                {
                    diagnostics.Add(new(variant.Location, CatalogRules.UnknownId,
                        $"variant {variant.Id} selects resource type '{selector.ResourceType}', which is not one of {service.Id}'s resource types"));
                }
            }

            foreach (var claim in service.Claims)
            {
                var owner = catalog.Services.FirstOrDefault(s => s != service && Owns(s, claim.ResourceType));
                if (owner is null)
                {
                    diagnostics.Add(new(service.Location, CatalogRules.UnknownId,
                        $"{service.Id} claims resource type '{claim.ResourceType}', which no other service lists (list a type the service owns under resource_types)"));
                }
                else if (claim.Property is null)
                {
                    diagnostics.Add(new(service.Location, CatalogRules.DuplicateResourceType,
                        $"{service.Id} claims every '{claim.ResourceType}' of {owner.Id}; a claim needs a property that decides it"));
                }
            }
        }

        var claimed = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var service in catalog.Services)
        {
            foreach (var type in service.ResourceTypes.CloudFormation.Concat(service.ResourceTypes.Terraform))
            {
                if (claimed.TryGetValue(type, out var first) && first != service.Id)
                {
                    diagnostics.Add(new(service.Location, CatalogRules.DuplicateResourceType,
                        $"resource type '{type}' of {service.Id} is already claimed by {first}"));
                }
                else
                {
                    claimed.TryAdd(type, service.Id);
                }
            }
        }
    }

    private static bool Owns(Service service, string resourceType) =>
        service.ResourceTypes.CloudFormation.Contains(resourceType) || service.ResourceTypes.Terraform.Contains(resourceType);

    // Every domain named by a control must exist (checked on read); every core row needs at least one domain.
    private static void CheckControlCoverage(ResponsibilityCatalog catalog, List<CatalogDiagnostic> diagnostics)
    {
        foreach (var row in catalog.CoreModel.Where(r => r.DomainIds.Count == 0))
        {
            diagnostics.Add(new(row.Location, CatalogRules.Schema, $"core-model row '{row.Id}' names no domain"));
        }
    }
}
