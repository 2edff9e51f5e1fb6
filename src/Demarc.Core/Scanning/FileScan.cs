using Demarc.Scanning.Evaluation;
using Demarc.Scanning.Mapping;
using Demarc.Scanning.Templates;
using Demarc.Scanning.Terraform;

namespace Demarc.Scanning;

/// <summary>What a scanned file turned out to be.</summary>
public enum FileKind
{
    /// <summary>A CloudFormation or SAM template (possibly with errors in parts of it).</summary>
    Template,

    /// <summary>Readable JSON or YAML that is not a template (a package manifest, a build spec, …): skipped.</summary>
    NotTemplate,

    /// <summary>Could not be read or parsed at all; <see cref="FileScan.Diagnostics"/> says where and why.</summary>
    Unreadable,
}

/// <summary>One input of a scan: a file on disk, or standard input.</summary>
/// <param name="Name">The name shown to the user (the path as given, relative paths kept relative; <c>-</c> for standard input).</param>
/// <param name="Path">The file to read, or null when <see cref="Content"/> is given.</param>
/// <param name="Explicit">True when the user named the file; false when it was found in a directory. A named file that is
/// not valid JSON or YAML is an error; a found one that does not look like a template is skipped.</param>
public sealed record ScanInput(string Name, string? Path, bool Explicit, ReadOnlyMemory<byte>? Content = null)
{
    /// <summary>A file on disk.</summary>
    public static ScanInput File(string name, string path, bool isExplicit) => new(name, path, isExplicit);

    /// <summary>Bytes already in memory (standard input, tests).</summary>
    public static ScanInput Bytes(string name, ReadOnlyMemory<byte> content) => new(name, null, true, content);
}

/// <summary>
/// The full result of scanning one file: what it is, the evaluated template, its resources mapped to catalog
/// services, and every diagnostic. Checks run on this inside the pipeline; it is dropped afterwards, so memory stays
/// bounded by the largest file rather than the whole scan.
/// </summary>
public sealed record FileScan(
    ScanInput Input,
    FileKind Kind,
    TemplateFormat? Format,
    string? NotTemplateReason,
    EvaluatedTemplate? Template,
    IReadOnlyList<MappedResource> Resources,
    IReadOnlyList<ScanDiagnostic> Diagnostics)
{
    /// <summary>The file's name as shown to the user.</summary>
    public string Name => Input.Name;

    /// <summary>For a Terraform root module or plan: every module call, read or not (empty for other inputs).</summary>
    public IReadOnlyList<TerraformModuleUse> Modules { get; init; } = [];

    /// <summary>True when some part of the file could not be read (the scan exits with code 2).</summary>
    public bool HasErrors => Diagnostics.Any(d => d.Severity == DiagnosticSeverity.Error);
}
