namespace Demarc.Model;

/// <summary>A public document the catalog cites.</summary>
public sealed record Source(string Id, string Title, string Url, SourceLocation Location);

/// <summary>What each side does, in a sentence each.</summary>
public sealed record Parts(string Aws, string Customer);

/// <summary>One area of responsibility (for example <c>guest_os</c> or <c>enc_rest</c>).</summary>
/// <param name="Texts">Default wording of each side's part, per owner, for cells that give only an owner.</param>
public sealed record Domain(
    string Id,
    string Name,
    Layer Layer,
    string Group,
    string Description,
    DomainInvariant Invariant,
    Owner DefaultOwner,
    IReadOnlyList<string> Synonyms,
    IReadOnlyDictionary<Owner, Parts> Texts,
    SourceLocation Location);

/// <summary>A place on the spectrum from IaaS to abstracted services, with default owners for the domains that vary.</summary>
/// <param name="Rank">Position on the spectrum: 0 for IaaS, growing as AWS takes on more.</param>
public sealed record ServiceModel(
    string Id,
    string Name,
    int Rank,
    string Description,
    string AwsCategory,
    IReadOnlyDictionary<string, Owner> Defaults,
    IReadOnlyList<string> SourceIds,
    SourceLocation Location);

/// <summary>One (service, domain) fact: who owns it and what each side does.</summary>
/// <param name="AsOf">When the fact took its current form (for example <c>2023-01</c>), where it changed over time.</param>
public sealed record Cell(
    string DomainId,
    Owner Owner,
    Parts Parts,
    string? Note,
    IReadOnlyList<string> SourceIds,
    Confidence Confidence,
    string? AsOf,
    SourceLocation Location);

/// <summary>The infrastructure-as-code resource types that create a service.</summary>
public sealed record ResourceTypes(IReadOnlyList<string> CloudFormation, IReadOnlyList<string> Terraform)
{
    /// <summary>No resource types.</summary>
    public static ResourceTypes Empty { get; } = new([], []);
}

/// <summary>A mode of a service that changes some of its cells (RDS Custom, Lambda container images, ECS on Fargate, …).</summary>
/// <param name="Selectors">How a scanner recognises a resource of this variant; any one matching selector is enough.</param>
public sealed record Variant(
    string Id,
    string Name,
    IReadOnlyList<string> Aliases,
    string Summary,
    string? ModelId,
    IReadOnlyDictionary<string, Cell> Overrides,
    IReadOnlyList<ResourceSelector> Selectors,
    SourceLocation Location);

/// <summary>
/// Recognises resources: a resource type, optionally a property path (dotted, below <c>Properties</c> for
/// CloudFormation, below the resource's attributes for Terraform), and optionally a case-insensitive regular
/// expression its value must match. Without a property, every resource of the type matches; with a property but no
/// pattern, the property must be set; a list value matches when any of its items does.
/// </summary>
public sealed record ResourceSelector(string ResourceType, string? Property, string? Pattern)
{
    /// <inheritdoc />
    public override string ToString() =>
        Property is null ? ResourceType : Pattern is null ? $"{ResourceType} with {Property} set" : $"{ResourceType} with {Property} matching {Pattern}";
}

/// <summary>A catalog entry: one AWS service with a cell for every domain.</summary>
/// <param name="Caveats">Points learners often get wrong about this service.</param>
public sealed record Service(
    string Id,
    string Name,
    IReadOnlyList<string> Aliases,
    string ModelId,
    string Category,
    string Summary,
    ResourceTypes ResourceTypes,
    IReadOnlyDictionary<string, Cell> Cells,
    IReadOnlyList<Variant> Variants,
    IReadOnlyList<string> Caveats,
    IReadOnlyList<string> SourceIds,
    SourceLocation Location)
{
    /// <summary>
    /// Resources of another service's types that belong to this one when they match (an <c>AWS::RDS::DBInstance</c> whose
    /// engine is <c>aurora-*</c> is an Aurora instance, not an RDS one).
    /// </summary>
    public IReadOnlyList<ResourceSelector> Claims { get; init; } = [];
}

/// <summary>One of AWS's IT controls within a control category (for example patch management).</summary>
public sealed record Control(
    string Id,
    string Name,
    string Description,
    Parts Parts,
    IReadOnlyList<string> DomainIds,
    IReadOnlyList<string> Synonyms,
    IReadOnlyList<string> SourceIds);

/// <summary>AWS's grouping of IT controls: inherited, shared or customer-specific.</summary>
public sealed record ControlCategory(
    string Id,
    string Name,
    string Description,
    Owner Owner,
    IReadOnlyList<Control> Controls,
    IReadOnlyList<string> Synonyms,
    IReadOnlyList<string> SourceIds,
    SourceLocation Location);

/// <summary>A row of the source document's core table, expressed as the domains it covers.</summary>
public sealed record CoreModelRow(string Id, string Name, IReadOnlyList<string> DomainIds, Parts Parts, SourceLocation Location);
