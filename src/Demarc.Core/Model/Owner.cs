namespace Demarc.Model;

/// <summary>Who carries a responsibility for one domain of one service.</summary>
public enum Owner
{
    /// <summary>AWS fully owns it; the customer inherits it.</summary>
    Aws,

    /// <summary>Both sides have duties: AWS supplies or runs part of it, the customer configures or operates the rest.</summary>
    Shared,

    /// <summary>The customer owns it (AWS may supply tools or defaults).</summary>
    Customer,

    /// <summary>The domain does not apply to this service.</summary>
    NotApplicable,
}

/// <summary>The catalog's spelling of owners: <c>AWS</c>, <c>Customer</c>, <c>Shared</c>, <c>N/A</c>.</summary>
public static class OwnerNames
{
    /// <summary>All owners in display order.</summary>
    public static IReadOnlyList<Owner> All { get; } = [Owner.Aws, Owner.Shared, Owner.Customer, Owner.NotApplicable];

    /// <summary>The catalog and output spelling of an owner.</summary>
    public static string Display(this Owner owner) => owner switch
    {
        Owner.Aws => "AWS",
        Owner.Customer => "Customer",
        Owner.Shared => "Shared",
        Owner.NotApplicable => "N/A",
        _ => throw new ArgumentOutOfRangeException(nameof(owner)),
    };

    /// <summary>Reads an owner as the catalog writes it (case-insensitive).</summary>
    public static bool TryParse(string? text, out Owner owner)
    {
        switch (text?.Trim().ToLowerInvariant())
        {
            case "aws": owner = Owner.Aws; return true;
            case "customer": owner = Owner.Customer; return true;
            case "shared": owner = Owner.Shared; return true;
            case "n/a" or "na" or "none" or "not applicable": owner = Owner.NotApplicable; return true;
            default: owner = default; return false;
        }
    }

    /// <summary>
    /// How much of a domain the customer carries: 0 for AWS, 1 for Customer, ½ for Shared.
    /// Used to order shifts and to total a stack's split; N/A carries nothing.
    /// </summary>
    public static double CustomerWeight(this Owner owner) => owner switch
    {
        Owner.Customer => 1.0,
        Owner.Shared => 0.5,
        _ => 0.0,
    };
}
