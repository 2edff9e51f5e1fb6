using Demarc.Scanning;
using Demarc.Scanning.Evaluation;
using Demarc.Scanning.Templates;

namespace Demarc.Core.Tests.Scanning;

/// <summary>Reads, loads and evaluates template text the way the scanner does, failing the test on a read error.</summary>
internal static class TestTemplates
{
    public static Template Load(string text, ScanOptions? options = null, string file = "template.yaml")
    {
        options ??= ScanOptions.Default;
        var read = TemplateReader.Read(file, text, options.Limits);
        Assert.True(read.Kind == FileKind.Template, $"not read as a template ({read.Kind}): {read.NotTemplateReason} {string.Join("; ", read.Diagnostics)}");
        return TemplateLoader.Load(file, read.Format!.Value, read.Root!, options, read.Diagnostics);
    }

    public static EvaluatedTemplate Evaluate(string text, IReadOnlyDictionary<string, string>? parameters = null, ScanOptions? options = null)
    {
        options ??= ScanOptions.Default;
        if (parameters is not null)
        {
            options = options with { Parameters = parameters };
        }

        return TemplateEvaluator.Evaluate(Load(text, options), options.Parameters);
    }

    /// <summary>The evaluated properties of one resource.</summary>
    public static EvaluatedResource Resource(string text, string logicalId, IReadOnlyDictionary<string, string>? parameters = null) =>
        Evaluate(text, parameters).Resource(logicalId) ?? throw new InvalidOperationException($"no resource {logicalId}");
}
