namespace Demarc.Model;

/// <summary>
/// What a question is about: a service, or one of its variants with the parent's cells overridden.
/// Every view (who, show, compare, shift) works on subjects, so variants are first-class.
/// </summary>
public sealed record Subject(Service Service, Variant? Variant)
{
    /// <summary>The variant's id, or the service's.</summary>
    public string Id => Variant?.Id ?? Service.Id;

    /// <summary>The variant's name, or the service's.</summary>
    public string Name => Variant?.Name ?? Service.Name;

    /// <summary>The service model in force (a variant may move along the spectrum).</summary>
    public string ModelId => Variant?.ModelId ?? Service.ModelId;

    /// <summary>The cell for one domain, with the variant's override where it has one.</summary>
    public Cell CellFor(string domainId) =>
        Variant is not null && Variant.Overrides.TryGetValue(domainId, out var overridden)
            ? overridden
            : Service.Cells[domainId];

    /// <summary>Whether the variant overrides this domain.</summary>
    public bool IsOverridden(string domainId) => Variant?.Overrides.ContainsKey(domainId) == true;
}
