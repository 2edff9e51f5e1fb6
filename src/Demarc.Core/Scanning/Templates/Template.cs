using Demarc.Model;
using Demarc.Parsing;

namespace Demarc.Scanning.Templates;

/// <summary>How a scanned input was written.</summary>
public enum TemplateFormat
{
    /// <summary>CloudFormation JSON (also CDK synth output).</summary>
    Json,

    /// <summary>CloudFormation YAML, short forms (<c>!Ref</c>, <c>!GetAtt A.B</c>, …) normalised to long forms.</summary>
    Yaml,

    /// <summary>A Terraform module: a directory of <c>.tf</c> files, evaluated statically.</summary>
    Terraform,

    /// <summary>The JSON of <c>terraform show -json</c>: a plan or a state.</summary>
    TerraformPlan,
}

/// <summary>Spelling of formats in reports.</summary>
public static class TemplateFormats
{
    /// <summary><c>json</c>, <c>yaml</c>, <c>terraform</c>, <c>terraform-plan</c>: the value of <c>files[].format</c>.</summary>
    public static string Display(this TemplateFormat format) => format switch
    {
        TemplateFormat.Json => "json",
        TemplateFormat.Yaml => "yaml",
        TemplateFormat.Terraform => "terraform",
        TemplateFormat.TerraformPlan => "terraform-plan",
        _ => throw new ArgumentOutOfRangeException(nameof(format)),
    };

    /// <summary>True for a Terraform module or plan: resources are named by address.</summary>
    public static bool IsTerraform(this TemplateFormat? format) => format is TemplateFormat.Terraform or TemplateFormat.TerraformPlan;
}

/// <summary>A declared parameter. <see cref="Default"/> is the syntax as written (null when there is none).</summary>
public sealed record TemplateParameter(
    string Name,
    string Type,
    SyntaxNode? Default,
    IReadOnlyList<string> AllowedValues,
    bool NoEcho,
    TextPosition Position);

/// <summary>A mapping of the <c>Mappings</c> section: top-level keys to second-level keys to values.</summary>
public sealed record TemplateMapping(string Name, MappingNode Body, TextPosition Position);

/// <summary>A condition of the <c>Conditions</c> section and its expression (long form).</summary>
public sealed record TemplateCondition(string Name, SyntaxNode Expression, TextPosition Position);

/// <summary>Where a resource came from.</summary>
public enum ResourceOriginKind
{
    /// <summary>Written in the template.</summary>
    Written,

    /// <summary>Created implicitly by the SAM transform (an execution role, the implicit API, a function URL).</summary>
    SamImplicit,

    /// <summary>One iteration of an <c>Fn::ForEach</c> loop (AWS::LanguageExtensions).</summary>
    ForEach,
}

/// <summary>
/// Where a resource came from. For a generated resource, <see cref="From"/> names what generated it (the SAM resource,
/// or the <c>Fn::ForEach::Name</c> loop) and <see cref="FromPosition"/> is where that was written; findings on it point there.
/// </summary>
public sealed record ResourceOrigin(ResourceOriginKind Kind, string? From, TextPosition FromPosition, string? Note = null)
{
    /// <summary>A resource written in the template.</summary>
    public static ResourceOrigin Written { get; } = new(ResourceOriginKind.Written, null, default);
}

/// <summary>
/// A resource as the template declares it, after SAM <c>Globals</c> are merged and <c>Fn::ForEach</c> is expanded,
/// before evaluation. <see cref="Properties"/> and <see cref="Metadata"/> are syntax in long form, with positions.
/// </summary>
/// <param name="Position">Where the logical id is written (for a generated resource, where its origin is).</param>
public sealed record TemplateResource(
    string LogicalId,
    string Type,
    SyntaxNode? Properties,
    SyntaxNode? Metadata,
    string? Condition,
    IReadOnlyList<string> DependsOn,
    string? DeletionPolicy,
    string? UpdateReplacePolicy,
    TextPosition Position,
    ResourceOrigin Origin);

/// <summary>An output and its export name, if any.</summary>
public sealed record TemplateOutput(string Name, SyntaxNode? Value, SyntaxNode? ExportName, string? Condition, TextPosition Position);

/// <summary>
/// A CloudFormation (or SAM) template as read: every section with positions, resources in document order.
/// SAM <c>Globals</c> are already merged into the resources they apply to, SAM's implicit resources are added
/// (marked <see cref="ResourceOriginKind.SamImplicit"/>), and <c>Fn::ForEach</c> loops are expanded.
/// </summary>
public sealed class Template
{
    /// <summary>The transform that makes a template a SAM template.</summary>
    public const string SamTransform = "AWS::Serverless-2016-10-31";

    /// <summary>The transform that enables <c>Fn::ForEach</c>, <c>Fn::Length</c> and <c>Fn::ToJsonString</c>.</summary>
    public const string LanguageExtensionsTransform = "AWS::LanguageExtensions";

    private readonly Dictionary<string, TemplateResource> _resources;
    private readonly Dictionary<string, TemplateParameter> _parameters;
    private readonly Dictionary<string, TemplateMapping> _mappings;
    private readonly Dictionary<string, TemplateCondition> _conditions;

    internal Template(
        string file,
        TemplateFormat format,
        MappingNode root,
        IReadOnlyList<string> transforms,
        IReadOnlyList<TemplateParameter> parameters,
        IReadOnlyList<TemplateMapping> mappings,
        IReadOnlyList<TemplateCondition> conditions,
        IReadOnlyList<TemplateResource> resources,
        IReadOnlyList<TemplateOutput> outputs,
        MappingNode? globals,
        IReadOnlyList<ScanDiagnostic> diagnostics)
    {
        File = file;
        Format = format;
        Root = root;
        Transforms = transforms;
        Parameters = parameters;
        Mappings = mappings;
        Conditions = conditions;
        Resources = resources;
        Outputs = outputs;
        Globals = globals;
        Diagnostics = diagnostics;
        _resources = ToIndex(resources, r => r.LogicalId);
        _parameters = ToIndex(parameters, p => p.Name);
        _mappings = ToIndex(mappings, m => m.Name);
        _conditions = ToIndex(conditions, c => c.Name);
    }

    /// <summary>The file as named to the user (<c>-</c> for standard input).</summary>
    public string File { get; }

    /// <summary>JSON or YAML.</summary>
    public TemplateFormat Format { get; }

    /// <summary>The whole document, long form.</summary>
    public MappingNode Root { get; }

    /// <summary><c>AWSTemplateFormatVersion</c>, if given.</summary>
    public string? FormatVersion => (Root["AWSTemplateFormatVersion"] as ScalarNode)?.Value;

    /// <summary><c>Description</c>, if given as text.</summary>
    public string? Description => (Root["Description"] as ScalarNode)?.Value;

    /// <summary>The template-level transforms in order (<c>Transform</c> as a name or a list).</summary>
    public IReadOnlyList<string> Transforms { get; }

    /// <summary>True for a SAM template.</summary>
    public bool IsSam => Transforms.Contains(SamTransform);

    /// <summary>The parameters in document order.</summary>
    public IReadOnlyList<TemplateParameter> Parameters { get; }

    /// <summary>The mappings in document order.</summary>
    public IReadOnlyList<TemplateMapping> Mappings { get; }

    /// <summary>The conditions in document order.</summary>
    public IReadOnlyList<TemplateCondition> Conditions { get; }

    /// <summary>The resources in document order, generated ones (SAM, <c>Fn::ForEach</c>) where they belong.</summary>
    public IReadOnlyList<TemplateResource> Resources { get; }

    /// <summary>The outputs in document order.</summary>
    public IReadOnlyList<TemplateOutput> Outputs { get; }

    /// <summary>SAM's <c>Globals</c> section as written (already merged into the resources), or null.</summary>
    public MappingNode? Globals { get; }

    /// <summary>Problems found while reading the template (duplicate keys, malformed sections, unexpanded transforms).</summary>
    public IReadOnlyList<ScanDiagnostic> Diagnostics { get; }

    /// <summary>A resource by logical id, or null.</summary>
    public TemplateResource? Resource(string logicalId) => _resources.GetValueOrDefault(logicalId);

    /// <summary>A parameter by name, or null.</summary>
    public TemplateParameter? Parameter(string name) => _parameters.GetValueOrDefault(name);

    /// <summary>A mapping by name, or null.</summary>
    public TemplateMapping? Mapping(string name) => _mappings.GetValueOrDefault(name);

    /// <summary>A condition by name, or null.</summary>
    public TemplateCondition? Condition(string name) => _conditions.GetValueOrDefault(name);

    /// <summary>A position in this template as a location for a finding.</summary>
    public SourceLocation Locate(TextPosition position) => new(File, position.Line, position.Column);

    private static Dictionary<string, T> ToIndex<T>(IReadOnlyList<T> items, Func<T, string> key)
    {
        var index = new Dictionary<string, T>(items.Count, StringComparer.Ordinal);
        foreach (var item in items)
        {
            index.TryAdd(key(item), item);
        }

        return index;
    }
}
