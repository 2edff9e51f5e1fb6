using Demarc.Model;
using Demarc.Parsing;
using Demarc.Parsing.Hcl;

namespace Demarc.Scanning.Terraform;

/// <summary>A declaration read from a <c>.tf</c> file: the file (as shown to the user) and the block.</summary>
public abstract class TerraformDeclaration(string file, HclBlock block)
{
    /// <summary>The file it is written in, as shown to the user.</summary>
    public string File { get; } = file;

    /// <summary>The block as parsed.</summary>
    public HclBlock Block { get; } = block;

    /// <summary>Where the block starts.</summary>
    public TextPosition Position => Block.Position;

    /// <summary>Where the block is written, for findings.</summary>
    public SourceLocation Location => new(File, Position.Line, Position.Column);
}

/// <summary>A <c>variable</c> block.</summary>
public sealed class TerraformVariable(string file, HclBlock block) : TerraformDeclaration(file, block)
{
    /// <summary>The name.</summary>
    public string Name => Block.Label(0)!;

    /// <summary>The <c>default</c> expression, or null.</summary>
    public HclExpression? Default => Block.Body.Attribute("default")?.Value;

    /// <summary>The <c>type</c> constraint as written (<c>string</c>, <c>list(string)</c>, …), or null.</summary>
    public HclExpression? Type => Block.Body.Attribute("type")?.Value;

    /// <summary>True when <c>sensitive = true</c>.</summary>
    public bool Sensitive => Block.Body.Attribute("sensitive")?.Value is HclLiteral { Text: "true" };

    /// <summary>
    /// True when the type is a collection or structure (<c>list</c>, <c>set</c>, <c>map</c>, <c>object</c>, <c>tuple</c>):
    /// a <c>-var</c> value for it is an HCL expression, as Terraform reads it; other values are taken as strings.
    /// </summary>
    public bool IsComplexType => Type is HclFunctionCall { Name: "list" or "set" or "map" or "object" or "tuple" } or HclVariable { Name: "list" or "map" or "set" };
}

/// <summary>One local value of a <c>locals</c> block.</summary>
public sealed class TerraformLocal(string file, HclBlock block, HclAttribute attribute) : TerraformDeclaration(file, block)
{
    /// <summary>The name.</summary>
    public string Name => Attribute.Name;

    /// <summary>The attribute that defines it.</summary>
    public HclAttribute Attribute { get; } = attribute;
}

/// <summary>A <c>resource</c> or <c>data</c> block.</summary>
public sealed class TerraformResourceBlock(string file, HclBlock block, bool isData, IReadOnlyList<HclComment> comments) : TerraformDeclaration(file, block)
{
    /// <summary>True for a data source.</summary>
    public bool IsData { get; } = isData;

    /// <summary>The resource type (<c>aws_s3_bucket</c>).</summary>
    public string Type => Block.Label(0)!;

    /// <summary>The name (<c>logs</c>).</summary>
    public string Name => Block.Label(1)!;

    /// <summary>The address within its module: <c>aws_s3_bucket.logs</c> or <c>data.aws_iam_policy_document.read</c>.</summary>
    public string LocalAddress { get; } = isData ? $"data.{block.Label(0)}.{block.Label(1)}" : $"{block.Label(0)}.{block.Label(1)}";

    /// <summary>The comments written inside the block (waivers).</summary>
    public IReadOnlyList<HclComment> Comments { get; } = comments;

    /// <summary>The <c>count</c> expression, or null.</summary>
    public HclExpression? Count { get; } = block.Body.Attribute("count")?.Value;

    /// <summary>The <c>for_each</c> expression, or null.</summary>
    public HclExpression? ForEach { get; } = block.Body.Attribute("for_each")?.Value;
}

/// <summary>A <c>module</c> block: a call of another module.</summary>
public sealed class TerraformModuleCall(string file, HclBlock block) : TerraformDeclaration(file, block)
{
    /// <summary>The name (<c>module.NAME</c>).</summary>
    public string Name => Block.Label(0)!;

    /// <summary>The <c>source</c>, when it is a literal string.</summary>
    public string? Source => Block.Body.Attribute("source")?.Value is HclLiteral { Kind: HclLiteralKind.String } s ? s.Text : null;

    /// <summary>The <c>version</c> constraint, when written as a literal.</summary>
    public string? Version => Block.Body.Attribute("version")?.Value is HclLiteral { Kind: HclLiteralKind.String } s ? s.Text : null;

    /// <summary>True for a source on the local file system (<c>./x</c>, <c>../x</c>), which is read.</summary>
    public bool IsLocal => Source is { } source && (source.StartsWith("./", StringComparison.Ordinal) || source.StartsWith("../", StringComparison.Ordinal)
        || source is "." or "..");

    /// <summary>The <c>count</c> expression, or null.</summary>
    public HclExpression? Count => Block.Body.Attribute("count")?.Value;

    /// <summary>The <c>for_each</c> expression, or null.</summary>
    public HclExpression? ForEach => Block.Body.Attribute("for_each")?.Value;

    /// <summary>The arguments passed to the module's variables (every attribute but the meta-arguments).</summary>
    public IEnumerable<HclAttribute> Arguments => Block.Body.Attributes.Where(a => !IsMetaArgument(a.Name));

    /// <summary>Attributes of a module block that are not inputs of the module.</summary>
    public static bool IsMetaArgument(string name) => name is "source" or "version" or "count" or "for_each" or "providers" or "depends_on";
}

/// <summary>An <c>output</c> block.</summary>
public sealed class TerraformOutput(string file, HclBlock block) : TerraformDeclaration(file, block)
{
    /// <summary>The name.</summary>
    public string Name => Block.Label(0)!;

    /// <summary>The <c>value</c> expression, or null.</summary>
    public HclExpression? Value => Block.Body.Attribute("value")?.Value;
}

/// <summary>A <c>provider</c> block.</summary>
public sealed class TerraformProvider(string file, HclBlock block) : TerraformDeclaration(file, block)
{
    /// <summary>The provider name (<c>aws</c>).</summary>
    public string Name => Block.Label(0)!;

    /// <summary>The alias, when given as a literal.</summary>
    public string? Alias => Block.Body.Attribute("alias")?.Value is HclLiteral { Kind: HclLiteralKind.String } s ? s.Text : null;

    /// <summary>The key Terraform gives the configuration: <c>aws</c> or <c>aws.east</c>.</summary>
    public string Key => Alias is null ? Name : $"{Name}.{Alias}";
}

/// <summary>
/// A Terraform module as read from one directory: every <c>.tf</c> file's declarations, in file order, and the
/// problems found. Nothing is evaluated here (see <see cref="TerraformEvaluator"/>).
/// </summary>
public sealed class TerraformModule
{
    internal TerraformModule(
        string directory,
        string displayName,
        IReadOnlyList<string> files,
        IReadOnlyList<TerraformVariable> variables,
        IReadOnlyList<TerraformLocal> locals,
        IReadOnlyList<TerraformResourceBlock> resources,
        IReadOnlyList<TerraformModuleCall> calls,
        IReadOnlyList<TerraformOutput> outputs,
        IReadOnlyList<TerraformProvider> providers,
        IReadOnlyList<ScanDiagnostic> diagnostics)
    {
        Directory = directory;
        DisplayName = displayName;
        Files = files;
        Variables = variables;
        Locals = locals;
        Resources = resources;
        Calls = calls;
        Outputs = outputs;
        Providers = providers;
        Diagnostics = diagnostics;
        VariableIndex = Index(variables, v => v.Name);
        LocalIndex = Index(locals, l => l.Name);
        ResourceIndex = Index(resources, r => r.LocalAddress);
        CallIndex = Index(calls, c => c.Name);
        OutputIndex = Index(outputs, o => o.Name);
    }

    /// <summary>The directory on disk.</summary>
    public string Directory { get; }

    /// <summary>The directory as shown to the user.</summary>
    public string DisplayName { get; }

    /// <summary>The <c>.tf</c> files read, as shown to the user.</summary>
    public IReadOnlyList<string> Files { get; }

    /// <summary>The variables.</summary>
    public IReadOnlyList<TerraformVariable> Variables { get; }

    /// <summary>The local values.</summary>
    public IReadOnlyList<TerraformLocal> Locals { get; }

    /// <summary>The resources and data sources in file order.</summary>
    public IReadOnlyList<TerraformResourceBlock> Resources { get; }

    /// <summary>The module calls.</summary>
    public IReadOnlyList<TerraformModuleCall> Calls { get; }

    /// <summary>The outputs.</summary>
    public IReadOnlyList<TerraformOutput> Outputs { get; }

    /// <summary>The provider configurations.</summary>
    public IReadOnlyList<TerraformProvider> Providers { get; }

    /// <summary>Problems found while reading (syntax errors, duplicate declarations, unsupported files).</summary>
    public IReadOnlyList<ScanDiagnostic> Diagnostics { get; }

    internal IReadOnlyDictionary<string, TerraformVariable> VariableIndex { get; }

    internal IReadOnlyDictionary<string, TerraformLocal> LocalIndex { get; }

    internal IReadOnlyDictionary<string, TerraformResourceBlock> ResourceIndex { get; }

    internal IReadOnlyDictionary<string, TerraformModuleCall> CallIndex { get; }

    internal IReadOnlyDictionary<string, TerraformOutput> OutputIndex { get; }

    private static Dictionary<string, T> Index<T>(IReadOnlyList<T> items, Func<T, string> key)
    {
        var index = new Dictionary<string, T>(items.Count, StringComparer.Ordinal);
        foreach (var item in items)
        {
            index.TryAdd(key(item), item);
        }

        return index;
    }
}
