using Demarc.Model;
using Demarc.Scanning.Evaluation;

namespace Demarc.Scanning.Mapping;

/// <summary>How a resource's variant was decided.</summary>
public enum VariantStatus
{
    /// <summary>The resource type belongs to no catalog service: the resource is listed as unclassified.</summary>
    Unclassified,

    /// <summary>The service itself: no variant's selector matches.</summary>
    Service,

    /// <summary>A variant's selector matches the resource's properties.</summary>
    Variant,

    /// <summary>A variant's selector depends on a value known only at deployment; the service's own cells are used and <see cref="MappedResource.VariantReason"/> says why.</summary>
    Unknown,
}

/// <summary>
/// A resource with the catalog service (and variant) it belongs to, through the catalog's <c>resource_types</c> and
/// variant <c>selectors</c>. Unmapped types are kept, with <see cref="Service"/> null.
/// </summary>
/// <param name="VariantReason">For <see cref="VariantStatus.Unknown"/>, which variant could apply and why it cannot be decided.</param>
public sealed record MappedResource(EvaluatedResource Resource, Service? Service, Variant? Variant, VariantStatus Status, string? VariantReason)
{
    /// <summary>The service or variant whose cells apply, or null when unclassified.</summary>
    public Subject? Subject => Service is null ? null : new Subject(Service, Variant);

    /// <summary>True when the type belongs to a catalog service.</summary>
    public bool IsClassified => Service is not null;
}
