using Demarc.Model;
using Demarc.Parsing;
using Demarc.Scanning.Evaluation;

namespace Demarc.Scanning.Terraform;

/// <summary>How Terraform configurations are read and evaluated.</summary>
public sealed record TerraformOptions
{
    /// <summary>
    /// Values of the root module's variables, as <c>-var NAME=VALUE</c> gives them: a string, or an HCL expression for
    /// variables of a collection or structure type. They win over every file. Ordinal keys.
    /// </summary>
    public IReadOnlyDictionary<string, string> Variables { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>Variable files (<c>-var-file</c>), read in order after <c>terraform.tfvars</c> and <c>*.auto.tfvars</c>.</summary>
    public IReadOnlyList<string> VarFiles { get; init; } = [];

    /// <summary>How deep local modules are followed (a module calling a module …). <value>The default is 10.</value></summary>
    public int MaxModuleDepth { get; init; } = 10;

    /// <summary>
    /// Most items one evaluated collection may hold (<c>range</c>, <c>for</c> expressions, <c>flatten</c>, …); larger ones
    /// are unknown. <value>The default is 100,000.</value>
    /// </summary>
    public int MaxCollectionItems { get; init; } = 100_000;

    /// <summary>
    /// Most expression evaluation steps for one root module; past it every value still to evaluate is unknown and a
    /// diagnostic says so. <value>The default is 20,000,000.</value>
    /// </summary>
    public long MaxSteps { get; init; } = 20_000_000;

    /// <summary>
    /// Read remote modules from <c>.terraform/modules</c> when <c>terraform init</c> has downloaded them there.
    /// <value>The default is true.</value>
    /// </summary>
    public bool ReadDownloadedModules { get; init; } = true;

    /// <summary>The defaults.</summary>
    public static TerraformOptions Default { get; } = new();
}

/// <summary>What happened to a module call.</summary>
public enum ModuleReadStatus
{
    /// <summary>Its source is a local directory that was read.</summary>
    Read,

    /// <summary>A remote module read from the copy <c>terraform init</c> downloaded into <c>.terraform/modules</c>.</summary>
    ReadDownloaded,

    /// <summary>A remote module (registry, git, HTTP, S3 …) that is not fetched: its resources are not scanned.</summary>
    Remote,

    /// <summary>Not read: the directory is missing, holds no <c>.tf</c> file, is nested too deep, or calls itself.</summary>
    NotRead,
}

/// <summary>A module call and whether it was read; the report lists them per scanned root module.</summary>
/// <param name="Address">The call's address (<c>module.db</c>, <c>module.app.module.queue</c>).</param>
/// <param name="Source">The call's <c>source</c> as written, or null when it is not a literal string.</param>
/// <param name="Reason">Why it was not read, in words; null when it was.</param>
/// <param name="Location">Where the <c>module</c> block is written.</param>
/// <param name="Directory">The directory read, as shown to the user (<c>infra/modules/db</c>, or the copy in
/// <c>.terraform/modules</c>); null when the module was not read, or for a module of a plan (its resources are in the plan).</param>
public sealed record TerraformModuleUse(string Address, string? Source, string? Version, ModuleReadStatus Status, string? Reason, SourceLocation Location, string? Directory = null)
{
    /// <summary>True when its resources are scanned.</summary>
    public bool IsRead => Status is ModuleReadStatus.Read or ModuleReadStatus.ReadDownloaded;

    /// <summary><c>read</c>, <c>read-downloaded</c>, <c>remote</c>, <c>not-read</c>: the value of <c>modules[].status</c>.</summary>
    public string StatusName => Status switch
    {
        ModuleReadStatus.Read => "read",
        ModuleReadStatus.ReadDownloaded => "read-downloaded",
        ModuleReadStatus.Remote => "remote",
        _ => "not-read",
    };
}

/// <summary>A root variable and the value in force, with where it came from.</summary>
/// <param name="From">Where the value came from: <c>-var</c>, a file name, <c>default</c>, or <c>none</c>.</param>
public sealed record TerraformVariableValue(string Name, Value Value, string From, SourceLocation Location);

/// <summary>
/// One resource instance as evaluated: its address (how findings point to it), type, where it is written, its
/// evaluated arguments and nested blocks, its waivers, and whether it is created.
/// </summary>
/// <param name="Address">The full address: <c>aws_s3_bucket.logs</c>, <c>module.db.aws_db_instance.main[0]</c>, <c>aws_iam_user.u["alice"]</c>.</param>
/// <param name="File">The file as shown to the user (a <c>.tf</c> file, or the plan JSON file).</param>
/// <param name="Properties">A <see cref="MapValue"/> of the arguments and nested blocks as a check sees them (see <see cref="TerraformValues.Finalize"/>).</param>
/// <param name="Metadata">Waivers written as comments, in the shape CloudFormation <c>Metadata</c> gives them (<c>demarc.suppress</c>, <c>checkov.skip</c>), or absent.</param>
/// <param name="Exists">True; false when <c>count</c> is 0, <c>for_each</c> is empty, or a plan deletes it; unknown when the count depends on deploy-time input.</param>
/// <param name="ExistsNote">Why <paramref name="Exists"/> is not simply true (<c>count is 0</c>), or null.</param>
/// <param name="ModuleAddress">The module instance it belongs to (<c>module.db</c>), or null for the root module.</param>
public sealed record TerraformResourceInstance(
    string Address,
    string Type,
    string File,
    TextPosition Position,
    Value Properties,
    Value Metadata,
    Truth Exists,
    string? ExistsNote,
    string? ModuleAddress,
    IReadOnlyList<string> DependsOn);

/// <summary>
/// A Terraform configuration or plan, evaluated: its resource instances in order, root variables and outputs, the
/// modules read and not read, provider regions, and every problem found.
/// </summary>
public sealed record TerraformEvaluation(
    string Name,
    IReadOnlyList<TerraformResourceInstance> Resources,
    IReadOnlyList<TerraformVariableValue> Variables,
    IReadOnlyList<(string Name, Value Value)> Outputs,
    IReadOnlyList<TerraformModuleUse> Modules,
    IReadOnlyDictionary<string, Value> ProviderRegions,
    IReadOnlyList<ScanDiagnostic> Diagnostics);
