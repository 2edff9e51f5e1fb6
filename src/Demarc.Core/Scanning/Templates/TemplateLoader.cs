using Demarc.Model;
using Demarc.Parsing;
using Demarc.Scanning.Evaluation;
using Demarc.Scanning.Sam;

namespace Demarc.Scanning.Templates;

/// <summary>
/// Builds a <see cref="Template"/> from a document in long form: reads each section, expands <c>Fn::ForEach</c>
/// (language extensions), applies what Demarc does of the SAM transform, and enforces the resource limit.
/// </summary>
public static class TemplateLoader
{
    private static readonly HashSet<string> KnownSections = new(StringComparer.Ordinal)
    {
        "AWSTemplateFormatVersion", "Description", "Metadata", "Parameters", "Rules", "Mappings", "Conditions",
        "Transform", "Resources", "Outputs", "Globals", "Hooks",
    };

    /// <summary>Builds the template of a document that <see cref="TemplateReader"/> recognised.</summary>
    public static Template Load(string file, TemplateFormat format, MappingNode root, ScanOptions options, IEnumerable<ScanDiagnostic>? readDiagnostics = null)
    {
        ArgumentNullException.ThrowIfNull(root);
        ArgumentNullException.ThrowIfNull(options);
        var diagnostics = new List<ScanDiagnostic>(readDiagnostics ?? []);
        var report = new Reporter(file, diagnostics);

        foreach (var entry in root.Entries.Where(e => !KnownSections.Contains(e.Key.Value)))
        {
            report.Warning(entry.Key.Start, ScanRules.InvalidTemplate, $"'{entry.Key.Value}' is not a template section CloudFormation knows; it is ignored");
        }

        var transforms = ReadTransforms(root["Transform"], report);
        var parameters = ReadParameters(root["Parameters"], report);
        var mappings = ReadSection(root["Mappings"], "Mappings", report)
            .Select(e => e.Value is MappingNode body
                ? new TemplateMapping(e.Key.Value, body, e.Key.Start)
                : Skip<TemplateMapping>(report, e, "a mapping must be a mapping of keys to mappings"))
            .OfType<TemplateMapping>()
            .ToList();

        // Loops are expanded before anything else reads the template (CloudFormation runs the language extensions first).
        var conditionsNode = root["Conditions"];
        var resourcesNode = root["Resources"];
        var outputsNode = root["Outputs"];
        var usesLoops = transforms.Contains(Template.LanguageExtensionsTransform)
            || (resourcesNode is not null && ForEachExpander.HasLoops(resourcesNode))
            || (outputsNode is not null && ForEachExpander.HasLoops(outputsNode))
            || (conditionsNode is not null && ForEachExpander.HasLoops(conditionsNode));
        ForEachExpander? expander = null;
        if (usesLoops)
        {
            var preliminary = new Evaluator(file, parameters, mappings, [], options.Parameters, _ => null);
            expander = new ForEachExpander(file, preliminary.Evaluate, diagnostics, options.MaxResources);
        }

        var conditions = Entries(conditionsNode, "Conditions", expander, report)
            .Select(e => new TemplateCondition(e.Entry.Key.Value, e.Entry.Value, e.Entry.Key.Start))
            .ToList();

        var resources = new List<TemplateResource>();
        foreach (var (entry, origin) in Entries(resourcesNode, "Resources", expander, report))
        {
            if (ReadResource(entry, origin, report) is { } resource)
            {
                resources.Add(resource);
            }
        }

        var outputs = new List<TemplateOutput>();
        foreach (var (entry, _) in Entries(outputsNode, "Outputs", expander, report))
        {
            if (entry.Value is not MappingNode output)
            {
                report.Warning(entry.Key.Start, ScanRules.InvalidTemplate, $"output '{entry.Key.Value}' must be a mapping with a Value");
                continue;
            }

            outputs.Add(new TemplateOutput(
                entry.Key.Value,
                output["Value"],
                (output["Export"] as MappingNode)?["Name"],
                (output["Condition"] as ScalarNode)?.Value,
                entry.Key.Start));
        }

        var globals = root["Globals"] as MappingNode;
        if (transforms.Contains(Template.SamTransform))
        {
            resources = SamTransform.Apply(file, resources, globals, diagnostics);
        }
        else if (root["Globals"] is { } stray)
        {
            report.Warning(stray.Start, ScanRules.InvalidTemplate, "Globals applies only to SAM templates (Transform: AWS::Serverless-2016-10-31); it is ignored");
        }

        if (resources.Count > options.MaxResources)
        {
            var first = resources[options.MaxResources];
            report.Error(first.Position, ScanRules.TooManyResources,
                $"the template has {resources.Count:N0} resources, more than the limit of {options.MaxResources:N0}; only the first {options.MaxResources:N0} are scanned");
            resources = resources.Take(options.MaxResources).ToList();
        }

        return new Template(file, format, root, transforms, parameters, mappings, conditions, resources, outputs, globals, diagnostics);
    }

    private static List<string> ReadTransforms(SyntaxNode? node, Reporter report)
    {
        var names = new List<string>();
        var items = node switch
        {
            null => [],
            SequenceNode list => list.Items,
            _ => [node],
        };
        foreach (var item in items)
        {
            var name = item switch
            {
                ScalarNode scalar => scalar.Value,
                MappingNode map => (map["Name"] as ScalarNode)?.Value,
                _ => null,
            };
            if (name is null)
            {
                report.Warning(item.Start, ScanRules.InvalidTemplate, "a Transform must be a name or {Name: …, Parameters: …}");
                continue;
            }

            names.Add(name);
            if (name is not (Template.SamTransform or Template.LanguageExtensionsTransform))
            {
                report.Warning(item.Start, ScanRules.UnexpandedTransform, $"transform {name} is not expanded: what it adds or changes is not scanned");
            }
        }

        return names;
    }

    private static List<TemplateParameter> ReadParameters(SyntaxNode? node, Reporter report)
    {
        var parameters = new List<TemplateParameter>();
        foreach (var entry in ReadSection(node, "Parameters", report))
        {
            if (entry.Value is not MappingNode body)
            {
                report.Warning(entry.Key.Start, ScanRules.InvalidTemplate, $"parameter '{entry.Key.Value}' must be a mapping with a Type");
                continue;
            }

            var type = (body["Type"] as ScalarNode)?.Value;
            if (type is null)
            {
                report.Warning(entry.Key.Start, ScanRules.InvalidTemplate, $"parameter '{entry.Key.Value}' has no Type; read as String");
            }

            var allowed = body["AllowedValues"] is SequenceNode values
                ? values.Items.OfType<ScalarNode>().Select(v => v.Value).ToList()
                : [];
            var noEcho = body["NoEcho"] is ScalarNode echo && echo.Value.Equals("true", StringComparison.OrdinalIgnoreCase);
            parameters.Add(new TemplateParameter(entry.Key.Value, type ?? "String", body["Default"], allowed, noEcho, entry.Key.Start));
        }

        return parameters;
    }

    private static TemplateResource? ReadResource(MappingEntry entry, ResourceOrigin origin, Reporter report)
    {
        var id = entry.Key.Value;
        if (entry.Value is not MappingNode body)
        {
            report.Error(entry.Key.Start, ScanRules.InvalidTemplate, $"resource '{id}' must be a mapping with a Type");
            return null;
        }

        var typeNode = body["Type"];
        if (typeNode is ScalarNode { Tag: not null } || (typeNode is MappingNode { Entries.Count: 1 } directive && !directive.Entries[0].Key.Value.StartsWith("Fn::", StringComparison.Ordinal)))
        {
            // A pre-processor's module (the rain tool's Rain::Module): expanded before CloudFormation sees the template.
            var what = typeNode is MappingNode m ? m.Entries[0].Key.Value : typeNode.Tag!.TrimStart('!');
            report.Warning(entry.Key.Start, ScanRules.UnexpandedTransform, $"resource '{id}' is a {what} for a template pre-processor; Demarc does not expand it, so what it creates is not scanned");
            return null;
        }

        if (typeNode is not ScalarNode { Value.Length: > 0 } type)
        {
            report.Error(entry.Key.Start, ScanRules.InvalidTemplate, $"resource '{id}' has no Type");
            return null;
        }

        var dependsOn = body["DependsOn"] switch
        {
            ScalarNode one => [one.Value],
            SequenceNode many => many.Items.OfType<ScalarNode>().Select(s => s.Value).ToList(),
            _ => new List<string>(),
        };
        return new TemplateResource(
            id,
            type.Value,
            body["Properties"],
            body["Metadata"],
            (body["Condition"] as ScalarNode)?.Value,
            dependsOn,
            (body["DeletionPolicy"] as ScalarNode)?.Value,
            (body["UpdateReplacePolicy"] as ScalarNode)?.Value,
            entry.Key.Start,
            origin);
    }

    private static IEnumerable<(MappingEntry Entry, ResourceOrigin Origin)> Entries(SyntaxNode? node, string section, ForEachExpander? expander, Reporter report)
    {
        if (node is null)
        {
            return [];
        }

        if (node is not MappingNode mapping)
        {
            report.Error(node.Start, ScanRules.InvalidTemplate, $"{section} must be a mapping");
            return [];
        }

        return expander is null ? mapping.Entries.Select(e => (e, ResourceOrigin.Written)) : expander.ExpandSection(mapping);
    }

    private static IReadOnlyList<MappingEntry> ReadSection(SyntaxNode? node, string section, Reporter report)
    {
        if (node is null)
        {
            return [];
        }

        if (node is not MappingNode mapping)
        {
            report.Error(node.Start, ScanRules.InvalidTemplate, $"{section} must be a mapping");
            return [];
        }

        return mapping.Entries;
    }

    private static T? Skip<T>(Reporter report, MappingEntry entry, string message)
        where T : class
    {
        report.Warning(entry.Key.Start, ScanRules.InvalidTemplate, $"'{entry.Key.Value}': {message}");
        return null;
    }

    private sealed class Reporter(string file, List<ScanDiagnostic> diagnostics)
    {
        public void Error(TextPosition at, string rule, string message) =>
            diagnostics.Add(new ScanDiagnostic(new SourceLocation(file, at.Line, at.Column), DiagnosticSeverity.Error, rule, message));

        public void Warning(TextPosition at, string rule, string message) =>
            diagnostics.Add(new ScanDiagnostic(new SourceLocation(file, at.Line, at.Column), DiagnosticSeverity.Warning, rule, message));
    }
}
