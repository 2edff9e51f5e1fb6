using System.Collections.Frozen;
using System.Text.RegularExpressions;
using Demarc.Catalog;
using Demarc.Model;
using Demarc.Scanning.Evaluation;

namespace Demarc.Scanning.Mapping;

/// <summary>
/// Maps resources to catalog services through each service's CloudFormation <c>resource_types</c>, and to a variant
/// through the variants' <c>selectors</c> evaluated on the resource's properties. Built once per catalog; thread-safe.
/// </summary>
public sealed class ResourceMapper
{
    private static readonly TimeSpan RegexTimeout = TimeSpan.FromMilliseconds(200);

    private readonly FrozenDictionary<string, Service> _services;
    private readonly FrozenDictionary<string, (Variant Variant, ResourceSelector Selector, Regex? Pattern)[]> _selectors;
    private readonly FrozenDictionary<string, (Service Service, ResourceSelector Selector, Regex? Pattern)[]> _claims;

    /// <summary>Indexes a catalog's resource types and variant selectors.</summary>
    public ResourceMapper(ResponsibilityCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        var services = new Dictionary<string, Service>(StringComparer.Ordinal);
        var selectors = new Dictionary<string, List<(Variant, ResourceSelector, Regex?)>>(StringComparer.Ordinal);
        var claims = new Dictionary<string, List<(Service, ResourceSelector, Regex?)>>(StringComparer.Ordinal);
        foreach (var service in catalog.Services)
        {
            foreach (var type in service.ResourceTypes.CloudFormation)
            {
                services.TryAdd(type, service);
            }

            foreach (var variant in service.Variants)
            {
                foreach (var selector in variant.Selectors.Where(s => service.ResourceTypes.CloudFormation.Contains(s.ResourceType)))
                {
                    if (!selectors.TryGetValue(selector.ResourceType, out var list))
                    {
                        selectors[selector.ResourceType] = list = [];
                    }

                    list.Add((variant, selector, Compile(selector)));
                }
            }

            foreach (var claim in service.Claims)
            {
                if (!claims.TryGetValue(claim.ResourceType, out var list))
                {
                    claims[claim.ResourceType] = list = [];
                }

                list.Add((service, claim, Compile(claim)));
            }
        }

        _services = services.ToFrozenDictionary(StringComparer.Ordinal);
        _selectors = selectors.ToFrozenDictionary(p => p.Key, p => p.Value.ToArray(), StringComparer.Ordinal);
        _claims = claims.ToFrozenDictionary(p => p.Key, p => p.Value.ToArray(), StringComparer.Ordinal);
    }

    private static Regex? Compile(ResourceSelector selector) =>
        selector.Pattern is null ? null : new Regex(selector.Pattern, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, RegexTimeout);

    /// <summary>Whether a resource matches a selector: the type alone, the property set, or a value (or any item of a list) matching.</summary>
    private static Truth Test(EvaluatedResource resource, ResourceSelector selector, Regex? pattern)
    {
        if (selector.Property is null)
        {
            return Truth.Known(true, resource.Properties.Position);
        }

        var value = resource.Property(selector.Property);
        return pattern is null ? value.IsPresent() : value.Some(item => item.Is(v => Matches(pattern, v.Text)));
    }

    /// <summary>The service a CloudFormation type belongs to, or null.</summary>
    public Service? ServiceOf(string resourceType) => _services.GetValueOrDefault(resourceType);

    /// <summary>Maps one resource: its service, and the variant whose selector matches (or why that is unknown).</summary>
    public MappedResource Map(EvaluatedResource resource)
    {
        ArgumentNullException.ThrowIfNull(resource);
        if (!_services.TryGetValue(resource.Type, out var service))
        {
            return new MappedResource(resource, null, null, VariantStatus.Unclassified, null);
        }

        var selectors = _selectors.GetValueOrDefault(resource.Type) ?? [];
        var claims = _claims.GetValueOrDefault(resource.Type);
        return claims is null && selectors.Length == 0
            ? new MappedResource(resource, service, null, VariantStatus.Service, null)
            : MapVariant(resource, service, claims, selectors);
    }

    // Most types have no variants and no claimants and never get here (the closures below would cost every call).
    private static MappedResource MapVariant(EvaluatedResource resource, Service service, (Service Service, ResourceSelector Selector, Regex? Pattern)[]? claims, (Variant Variant, ResourceSelector Selector, Regex? Pattern)[] selectors)
    {
        // Another service may claim this resource by its properties (an Aurora instance is an AWS::RDS::DBInstance).
        var undecided = new List<string>();
        if (claims is not null)
        {
            foreach (var (claimant, claim, pattern) in claims)
            {
                var truth = Test(resource, claim, pattern);
                if (truth.IsTrue)
                {
                    service = claimant;
                    break;
                }

                if (truth.IsUnknown)
                {
                    undecided.Add($"{claimant.Name} ({claimant.Id}): {claim.Property} {Lower(truth.Reason ?? "is unknown")}");
                }
            }
        }

        foreach (var group in selectors.Where(s => service.Variants.Contains(s.Variant)).GroupBy(s => s.Variant))
        {
            var truths = group.Select(s => (s.Selector, Truth: Test(resource, s.Selector, s.Pattern))).ToList();
            if (truths.Any(t => t.Truth.IsTrue))
            {
                return new MappedResource(resource, service, group.Key, VariantStatus.Variant, null);
            }

            if (truths.FirstOrDefault(t => t.Truth.IsUnknown) is { Selector: not null } open)
            {
                undecided.Add($"{group.Key.Name} ({group.Key.Id}): {open.Selector.Property} {Lower(open.Truth.Reason ?? "is unknown")}");
            }
        }

        return undecided.Count == 0
            ? new MappedResource(resource, service, null, VariantStatus.Service, null)
            : new MappedResource(resource, service, null, VariantStatus.Unknown, "may be " + string.Join("; or ", undecided));
    }

    private static bool Matches(Regex pattern, string text)
    {
        try
        {
            return pattern.IsMatch(text);
        }
        catch (RegexMatchTimeoutException)
        {
            return false;
        }
    }

    private static string Lower(string text) => text.Length > 0 && char.IsUpper(text[0]) ? char.ToLowerInvariant(text[0]) + text[1..] : text;
}
