using Demarc.Model;

namespace Demarc.Catalog;

/// <summary>Stable names of the rules a catalog must obey. Tests prove each one fires.</summary>
public static class CatalogRules
{
    /// <summary>A file is not valid YAML (or is too large, too deep, not UTF-8).</summary>
    public const string YamlSyntax = "yaml-syntax";

    /// <summary>A key is unknown, a required key is missing, or a value has the wrong shape.</summary>
    public const string Schema = "schema";

    /// <summary>A value is not one of those allowed (owner, layer, confidence, date, URL, …).</summary>
    public const string InvalidValue = "invalid-value";

    /// <summary>An id refers to no domain, model, source, service or control category.</summary>
    public const string UnknownId = "unknown-id";

    /// <summary>Two entries of one kind share an id.</summary>
    public const string DuplicateId = "duplicate-id";

    /// <summary>A service has no cell for a domain.</summary>
    public const string MissingDomain = "missing-domain";

    /// <summary>A cell's owner differs from its model's default but cites no source.</summary>
    public const string UnsourcedException = "unsourced-exception";

    /// <summary>One alias names two services or variants.</summary>
    public const string DuplicateAlias = "duplicate-alias";

    /// <summary>One CloudFormation or Terraform resource type is claimed by two services.</summary>
    public const string DuplicateResourceType = "duplicate-resource-type";

    /// <summary>An of-the-cloud domain (physical, hardware, network infrastructure, virtualization, host OS) is not AWS's.</summary>
    public const string OfTheCloudNotAws = "of-the-cloud-not-aws";

    /// <summary>A domain that is never AWS's (encryption, data classification, identity) is given to AWS.</summary>
    public const string NeverAwsGivenToAws = "never-aws";

    /// <summary>A short-form cell uses an owner for which its domain has no default wording.</summary>
    public const string MissingText = "missing-text";
}

/// <summary>One broken rule: where, which rule, and what is wrong.</summary>
public sealed record CatalogDiagnostic(SourceLocation Location, string Rule, string Message)
{
    /// <inheritdoc />
    public override string ToString() => $"{Location}: {Message} [{Rule}]";
}

/// <summary>A catalog that breaks its rules cannot be used; the diagnostics say where and why.</summary>
public sealed class CatalogValidationException(IReadOnlyList<CatalogDiagnostic> diagnostics)
    : Exception(Summarize(diagnostics))
{
    /// <summary>Every broken rule found.</summary>
    public IReadOnlyList<CatalogDiagnostic> Diagnostics { get; } = diagnostics;

    private static string Summarize(IReadOnlyList<CatalogDiagnostic> diagnostics)
    {
        ArgumentNullException.ThrowIfNull(diagnostics);
        var head = string.Join(Environment.NewLine, diagnostics.Take(20).Select(d => d.ToString()));
        var more = diagnostics.Count > 20 ? $"{Environment.NewLine}… and {diagnostics.Count - 20} more" : "";
        return $"the catalog has {diagnostics.Count} problem(s):{Environment.NewLine}{head}{more}";
    }
}

/// <summary>One catalog file: the name shown to users (a relative path), its text, or why it could not be read.</summary>
public sealed record CatalogFile(string Name, string Text, Demarc.Parsing.ParseException? ReadError = null);
