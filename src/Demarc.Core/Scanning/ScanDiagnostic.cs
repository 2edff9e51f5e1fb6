using Demarc.Model;

namespace Demarc.Scanning;

/// <summary>How bad a diagnostic is.</summary>
public enum DiagnosticSeverity
{
    /// <summary>The input (or part of it) could not be read: the scan exits with code 2, the rest is still scanned.</summary>
    Error,

    /// <summary>Something was not understood or not expanded; what could be scanned was.</summary>
    Warning,

    /// <summary>A note, shown with <c>--verbose</c>.</summary>
    Info,
}

/// <summary>A problem found while reading or evaluating a file: where, how bad, a stable rule name and a plain message.</summary>
/// <param name="Rule">A short stable name: <c>syntax</c>, <c>too-large</c>, <c>too-deep</c>, <c>alias-expansion</c>,
/// <c>encoding</c>, <c>duplicate-key</c>, <c>too-many-resources</c>, <c>invalid-template</c>, <c>invalid-intrinsic</c>,
/// <c>unresolved-reference</c>, <c>unexpanded-transform</c>, <c>unknown-parameter</c>, <c>io</c>.</param>
public sealed record ScanDiagnostic(SourceLocation Location, DiagnosticSeverity Severity, string Rule, string Message)
{
    /// <inheritdoc />
    public override string ToString() => $"{Location}: {Severity.ToString().ToLowerInvariant()}: {Message} [{Rule}]";
}

/// <summary>The rule names of <see cref="ScanDiagnostic"/>.</summary>
public static class ScanRules
{
    /// <summary>Not valid JSON or YAML.</summary>
    public const string Syntax = "syntax";

    /// <summary>Larger than the file-size limit.</summary>
    public const string TooLarge = "too-large";

    /// <summary>Nested deeper than the limit.</summary>
    public const string TooDeep = "too-deep";

    /// <summary>YAML aliases expand to more nodes than the limit.</summary>
    public const string AliasExpansion = "alias-expansion";

    /// <summary>Not valid UTF-8.</summary>
    public const string Encoding = "encoding";

    /// <summary>A key written twice in one mapping (CloudFormation rejects such templates).</summary>
    public const string DuplicateKey = "duplicate-key";

    /// <summary>More resources than the limit (after <c>Fn::ForEach</c> and SAM expansion).</summary>
    public const string TooManyResources = "too-many-resources";

    /// <summary>A template section of the wrong shape (a resource without <c>Type</c>, <c>Resources</c> not a mapping, …).</summary>
    public const string InvalidTemplate = "invalid-template";

    /// <summary>An intrinsic function with the wrong arguments.</summary>
    public const string InvalidIntrinsic = "invalid-intrinsic";

    /// <summary>A <c>Ref</c>, <c>Fn::GetAtt</c>, condition or mapping name the template does not define.</summary>
    public const string UnresolvedReference = "unresolved-reference";

    /// <summary>A macro or transform that Demarc does not expand: what it would add is not scanned.</summary>
    public const string UnexpandedTransform = "unexpanded-transform";

    /// <summary>A parameter override for a parameter the template does not declare.</summary>
    public const string UnknownParameter = "unknown-parameter";

    /// <summary>The file could not be read.</summary>
    public const string Io = "io";
}
