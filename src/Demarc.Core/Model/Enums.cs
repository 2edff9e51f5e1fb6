namespace Demarc.Model;

/// <summary>The source document's split: security OF the cloud (AWS) and security IN the cloud.</summary>
public enum Layer
{
    /// <summary>Facilities, hardware, network backbone, hypervisor, host OS: always AWS.</summary>
    OfTheCloud,

    /// <summary>Everything the customer can touch; owners vary by service.</summary>
    InTheCloud,
}

/// <summary>What a domain's owner may be on any service, checked when a catalog loads.</summary>
public enum DomainInvariant
{
    /// <summary>The owner varies by service.</summary>
    None,

    /// <summary>Always AWS (the of-the-cloud domains).</summary>
    AlwaysAws,

    /// <summary>Never AWS: encryption, data classification and identity stay with the customer on every service.</summary>
    NeverAws,
}

/// <summary>How well a cell is established.</summary>
public enum Confidence
{
    /// <summary>Checked against the cited source.</summary>
    Verified,

    /// <summary>Follows the rule of the service's model (the model's sources apply); no service page was checked.</summary>
    ModelDefault,

    /// <summary>A claim that could not be confirmed; shown as such.</summary>
    Unverified,
}

/// <summary>Spelling of enum values in the catalog and in output.</summary>
public static class EnumNames
{
    /// <summary>Catalog spelling of a layer: <c>of</c> or <c>in</c>.</summary>
    public static string Display(this Layer layer) => layer == Layer.OfTheCloud ? "of" : "in";

    /// <summary>Catalog spelling of a confidence.</summary>
    public static string Display(this Confidence confidence) => confidence switch
    {
        Confidence.Verified => "verified",
        Confidence.ModelDefault => "model-default",
        Confidence.Unverified => "unverified",
        _ => throw new ArgumentOutOfRangeException(nameof(confidence)),
    };

    /// <summary>Catalog spelling of an invariant.</summary>
    public static string Display(this DomainInvariant invariant) => invariant switch
    {
        DomainInvariant.AlwaysAws => "always-aws",
        DomainInvariant.NeverAws => "never-aws",
        _ => "none",
    };
}
