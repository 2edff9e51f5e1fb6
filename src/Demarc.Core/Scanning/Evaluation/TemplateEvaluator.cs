using Demarc.Scanning.Templates;

namespace Demarc.Scanning.Evaluation;

/// <summary>Evaluates a template: parameters (overrides, defaults), conditions, and every resource's properties.</summary>
public static class TemplateEvaluator
{
    /// <summary>Evaluates a template with optional parameter overrides (pseudo-parameters such as <c>AWS::Region</c> included).</summary>
    public static EvaluatedTemplate Evaluate(Template template, IReadOnlyDictionary<string, string>? overrides = null)
    {
        ArgumentNullException.ThrowIfNull(template);
        overrides ??= new Dictionary<string, string>(StringComparer.Ordinal);
        var evaluator = new Evaluator(
            template.File,
            template.Parameters,
            template.Mappings,
            template.Conditions,
            overrides,
            id => template.Resource(id)?.Type);

        var parameters = template.Parameters
            .Select(p => new EvaluatedParameter(p, evaluator.Parameter(p), evaluator.IsOverridden(p.Name)))
            .ToList();

        var notes = new List<ScanDiagnostic>();
        foreach (var name in overrides.Keys.Where(k => template.Parameter(k) is null && !k.StartsWith("AWS::", StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            notes.Add(new ScanDiagnostic(template.Locate(default), DiagnosticSeverity.Info, ScanRules.UnknownParameter, $"the template declares no parameter '{name}'; its override is not used here"));
        }

        var conditions = new Dictionary<string, Truth>(StringComparer.Ordinal);
        foreach (var condition in template.Conditions)
        {
            conditions[condition.Name] = evaluator.Condition(condition.Name, condition.Position);
        }

        var resources = new List<EvaluatedResource>(template.Resources.Count);
        foreach (var resource in template.Resources)
        {
            var properties = resource.Properties is null ? new AbsentValue(resource.Position) : evaluator.Evaluate(resource.Properties, resource.Condition);
            if (properties is ScalarValue { Kind: ScalarKind.Null })
            {
                properties = new AbsentValue(resource.Position);
            }

            var metadata = resource.Metadata is null ? new AbsentValue(resource.Position) : evaluator.Evaluate(resource.Metadata, resource.Condition);
            var exists = resource.Condition is null ? Truth.Known(true, resource.Position) : evaluator.Condition(resource.Condition, resource.Position);
            resources.Add(new EvaluatedResource(resource, template.File, properties, metadata, exists));
        }

        var outputs = template.Outputs
            .Select(o => new EvaluatedOutput(
                o,
                o.Value is null ? new AbsentValue(o.Position) : evaluator.Evaluate(o.Value, o.Condition),
                o.ExportName is null ? new AbsentValue(o.Position) : evaluator.Evaluate(o.ExportName, o.Condition),
                o.Condition is null ? Truth.Known(true, o.Position) : evaluator.Condition(o.Condition, o.Position)))
            .ToList();

        return new EvaluatedTemplate(template, resources, parameters, conditions, outputs, [.. template.Diagnostics, .. evaluator.Diagnostics, .. notes]);
    }
}
