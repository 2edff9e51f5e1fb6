using Demarc.Parsing;

namespace Demarc.Scanning;

/// <summary>How a scan reads and evaluates templates.</summary>
public sealed record ScanOptions
{
    /// <summary>File size (default 20 MB), nesting depth (100) and YAML alias expansion (2,000,000 nodes) limits.</summary>
    public ParseLimits Limits { get; init; } = ParseLimits.Default;

    /// <summary>
    /// Most resources one template may hold once <c>Fn::ForEach</c> and SAM are expanded. <value>The default is 20,000
    /// (CloudFormation itself accepts 500 per stack; generated templates and tests go beyond).</value>
    /// </summary>
    public int MaxResources { get; init; } = 20_000;

    /// <summary>
    /// Parameter values that override the templates' defaults (<c>--parameter Key=Value</c>, <c>--parameters file.json</c>);
    /// pseudo-parameters such as <c>AWS::Region</c> may be given the same way. Ordinal keys.
    /// </summary>
    public IReadOnlyDictionary<string, string> Parameters { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>How many files are read and evaluated at once. <value>The default is the number of processors.</value></summary>
    public int MaxParallelism { get; init; } = Environment.ProcessorCount;

    /// <summary>The defaults.</summary>
    public static ScanOptions Default { get; } = new();
}
