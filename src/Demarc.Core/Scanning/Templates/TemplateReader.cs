using System.Text;
using Demarc.Model;
using Demarc.Parsing;

namespace Demarc.Scanning.Templates;

/// <summary>The outcome of reading one file: what it is, its document in long form when it is a template, and the problems found.</summary>
public sealed record TemplateReadResult(
    FileKind Kind,
    TemplateFormat? Format,
    MappingNode? Root,
    string? NotTemplateReason,
    IReadOnlyList<ScanDiagnostic> Diagnostics);

/// <summary>
/// Reads bytes as CloudFormation JSON or YAML, enforcing the limits, normalising YAML short forms, and deciding
/// from the content whether the file is a template at all.
/// </summary>
public static class TemplateReader
{
    // How much of a file that cannot be parsed is searched for signs of a template.
    private const int SniffBytes = 64 * 1024;

    /// <summary>Reads one file.</summary>
    /// <param name="file">The name shown to the user.</param>
    /// <param name="bytes">The whole file.</param>
    /// <param name="limits">Size, depth and alias limits.</param>
    /// <param name="isExplicit">True when the user named the file: then a file that cannot be parsed is an error even if it does not look like a template.</param>
    public static TemplateReadResult Read(string file, ReadOnlyMemory<byte> bytes, ParseLimits limits, bool isExplicit)
    {
        ArgumentNullException.ThrowIfNull(limits);
        var format = DetectFormat(bytes.Span);
        SyntaxNode document;
        IReadOnlyList<ParseWarning> warnings;
        var mayShareNodes = false;
        var diagnostics = new List<ScanDiagnostic>();
        try
        {
            if (format == TemplateFormat.Json)
            {
                var json = JsonTreeReader.Read(bytes, limits);
                document = json.Document;
                warnings = json.Warnings;
            }
            else
            {
                var text = TextDecoding.DecodeUtf8(bytes.Span, limits);
                mayShareNodes = text.Contains('&', StringComparison.Ordinal);
                var yaml = YamlTreeReader.Read(text, limits);
                if (yaml.Documents.Count == 0)
                {
                    return NotTemplate(format, "the file is empty");
                }

                document = yaml.Documents[0];
                warnings = yaml.Warnings;
                if (yaml.Documents.Count > 1 && LooksLikeTemplate(document))
                {
                    diagnostics.Add(new ScanDiagnostic(
                        new SourceLocation(file, yaml.Documents[1].Start.Line, yaml.Documents[1].Start.Column),
                        DiagnosticSeverity.Warning,
                        ScanRules.InvalidTemplate,
                        $"the file holds {yaml.Documents.Count} YAML documents; only the first is a template, the rest are ignored"));
                }
            }
        }
        catch (ParseException ex)
        {
            var isLimit = ex.Rule is "too-large" or "too-deep" or "alias-expansion";
            if (!isExplicit && !isLimit && !SniffTemplate(bytes.Span))
            {
                return NotTemplate(format, $"not valid {(format == TemplateFormat.Json ? "JSON" : "YAML")} ({ex.Position}: {ex.Message})");
            }

            diagnostics.Add(new ScanDiagnostic(
                new SourceLocation(file, ex.Position.Line, ex.Position.Column),
                DiagnosticSeverity.Error,
                ex.Rule,
                ex.Message));
            return new TemplateReadResult(FileKind.Unreadable, format, null, null, diagnostics);
        }

        if (document is not MappingNode root)
        {
            return NotTemplate(format, document is SequenceNode ? "the document is a list, not a template" : "the document is not a mapping");
        }

        if (WhyNotTemplate(root) is { } reason)
        {
            return NotTemplate(format, reason);
        }

        foreach (var warning in warnings)
        {
            // CloudFormation rejects templates with duplicate keys: an error, though the rest of the file is scanned.
            var severity = warning.Rule == "duplicate-key" ? DiagnosticSeverity.Error : DiagnosticSeverity.Warning;
            diagnostics.Add(new ScanDiagnostic(new SourceLocation(file, warning.Position.Line, warning.Position.Column), severity, warning.Rule, warning.Message));
        }

        if (format == TemplateFormat.Yaml && bytes.Span.Contains((byte)'!'))
        {
            root = (MappingNode)ShortForms.Normalize(root, node => diagnostics.Add(new ScanDiagnostic(
                new SourceLocation(file, node.Start.Line, node.Start.Column),
                DiagnosticSeverity.Warning,
                ScanRules.InvalidIntrinsic,
                $"{node.Tag} is not a CloudFormation function (a pre-processor's?): its value is unknown to Demarc")), mayShareNodes);
        }

        return new TemplateReadResult(FileKind.Template, format, root, null, diagnostics);
    }

    /// <summary>JSON when the first character that is not blank (after a byte order mark) is <c>{</c> or <c>[</c>; otherwise YAML.</summary>
    public static TemplateFormat DetectFormat(ReadOnlySpan<byte> bytes)
    {
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            bytes = bytes[3..];
        }

        var index = bytes.IndexOfAnyExcept(" \t\r\n"u8);
        return index >= 0 && bytes[index] is (byte)'{' or (byte)'[' ? TemplateFormat.Json : TemplateFormat.Yaml;
    }

    /// <summary>
    /// Null when the document is a template: it has <c>AWSTemplateFormatVersion</c>, or a <c>Resources</c> mapping with a
    /// resource that has a <c>Type</c> (or an <c>Fn::ForEach</c> loop), or a SAM transform with <c>Resources</c>.
    /// Otherwise why it is not.
    /// </summary>
    public static string? WhyNotTemplate(MappingNode root)
    {
        ArgumentNullException.ThrowIfNull(root);
        if (root["AWSTemplateFormatVersion"] is not null)
        {
            return null;
        }

        var resources = root["Resources"];
        if (resources is null)
        {
            return "no Resources section and no AWSTemplateFormatVersion";
        }

        if (resources is not MappingNode map)
        {
            return "Resources is not a mapping";
        }

        if (root["Transform"] is not null)
        {
            return null;
        }

        foreach (var entry in map.Entries)
        {
            if (entry.Value is MappingNode resource && resource["Type"] is ScalarNode type && type.Value.Contains("::", StringComparison.Ordinal))
            {
                return null;
            }

            if (entry.Key.Value.StartsWith("Fn::ForEach::", StringComparison.Ordinal))
            {
                return null;
            }
        }

        return "Resources has no entry with a resource Type";
    }

    private static bool LooksLikeTemplate(SyntaxNode document) => document is MappingNode root && WhyNotTemplate(root) is null;

    // A file that cannot be parsed still counts as a (broken) template when its text says so.
    private static bool SniffTemplate(ReadOnlySpan<byte> bytes)
    {
        var head = bytes[..Math.Min(bytes.Length, SniffBytes)];
        return head.IndexOf("AWSTemplateFormatVersion"u8) >= 0
            || (head.IndexOf("Resources"u8) >= 0 && head.IndexOf("Type"u8) >= 0 && head.IndexOf("AWS::"u8) >= 0);
    }

    private static TemplateReadResult NotTemplate(TemplateFormat format, string reason) =>
        new(FileKind.NotTemplate, format, null, reason, []);

    /// <summary>Reads text (tests, small inputs).</summary>
    public static TemplateReadResult Read(string file, string text, ParseLimits? limits = null) =>
        Read(file, Encoding.UTF8.GetBytes(text), limits ?? ParseLimits.Default, isExplicit: true);
}
