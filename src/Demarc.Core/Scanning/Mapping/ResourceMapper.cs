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
    private readonly FrozenDictionary<string, (Variant Variant, VariantSelector Selector, Regex Pattern)[]> _selectors;

    /// <summary>Indexes a catalog's resource types and variant selectors.</summary>
    public ResourceMapper(ResponsibilityCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        var services = new Dictionary<string, Service>(StringComparer.Ordinal);
        var selectors = new Dictionary<string, List<(Variant, VariantSelector, Regex)>>(StringComparer.Ordinal);
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

                    list.Add((variant, selector, new Regex(selector.Pattern, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, RegexTimeout)));
                }
            }
        }

        _services = services.ToFrozenDictionary(StringComparer.Ordinal);
        _selectors = selectors.ToFrozenDictionary(p => p.Key, p => p.Value.ToArray(), StringComparer.Ordinal);
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

        if (!_selectors.TryGetValue(resource.Type, out var selectors))
        {
            return new MappedResource(resource, service, null, VariantStatus.Service, null);
        }

        string? unknown = null;
        foreach (var group in selectors.GroupBy(s => s.Variant))
        {
            var truths = group.Select(s => (s.Selector, Truth: resource.Property(s.Selector.Property).Is(v => Matches(s.Pattern, v.Text)))).ToList();
            if (truths.Any(t => t.Truth.IsTrue))
            {
                return new MappedResource(resource, service, group.Key, VariantStatus.Variant, null);
            }

            if (unknown is null && truths.FirstOrDefault(t => t.Truth.IsUnknown) is { Selector: not null } undecided)
            {
                unknown = $"may be {group.Key.Name} ({group.Key.Id}): {undecided.Selector.Property} {Lower(undecided.Truth.Reason ?? "is unknown")}";
            }
        }

        return unknown is null
            ? new MappedResource(resource, service, null, VariantStatus.Service, null)
            : new MappedResource(resource, service, null, VariantStatus.Unknown, unknown);
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
