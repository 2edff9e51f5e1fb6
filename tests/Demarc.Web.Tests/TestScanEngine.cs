using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Demarc.Web.Engines;

namespace Demarc.Web.Tests;

/// <summary>
/// A scan engine for testing the web layer (uploads, limits, history, escaping, concurrency) while the real scanner is not
/// in the build: every <c>Type: AWS::…</c> line of a template is a resource, and a resource is a violation of TEST-001
/// unless the line after it says <c>Tags:</c>. Its documents are real JSON, SARIF, CSV and HTML built from the template's
/// own text (the description is copied into the findings, so escaping is tested with content from the upload). When the
/// scanner is merged, the fixtures use it instead (<see cref="EngineFactory.HasScan"/>).
/// </summary>
public sealed partial class TestScanEngine : IScanEngine
{
    public bool IsAvailable => true;

    public ScanRun Scan(ScanRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var violations = new List<ScanViolationView>();
        var problems = new List<ScanProblemView>();
        var resources = 0;
        foreach (var template in request.Templates)
        {
            string text;
            try
            {
                text = new UTF8Encoding(false, true).GetString(template.Content);
            }
            catch (DecoderFallbackException)
            {
                problems.Add(new ScanProblemView("error", template.Name, "encoding", "the file is not UTF-8 text"));
                continue;
            }

            var description = Description().Match(text) is { Success: true } d ? d.Groups[1].Value.Trim() : "";
            var lines = text.Split('\n');
            for (var i = 0; i < lines.Length; i++)
            {
                var type = ResourceType().Match(lines[i]);
                if (!type.Success)
                {
                    continue;
                }

                resources++;
                var name = i > 0 ? lines[i - 1].Trim().TrimEnd(':') : "?";
                var tagged = i + 2 < lines.Length && lines[i + 1].Contains("Tags:", StringComparison.Ordinal);
                if (!tagged)
                {
                    violations.Add(new ScanViolationView("high", "TEST-001", "Resources carry tags", name, $"{template.Name}:{i + 1}:5", type.Groups[1].Value, "config", $"{name} has no tags ({description})"));
                }
            }
        }

        var summary = $"{resources - violations.Count} met, {violations.Count} violated";
        var json = JsonSerializer.Serialize(new { schemaVersion = 1, kind = "scan", resources, violations = violations.Select(v => new { v.Check, v.Resource, v.Message }) });
        var sarif = JsonSerializer.Serialize(new { version = "2.1.0", runs = new[] { new { results = violations.Select(v => new { ruleId = v.Check, message = new { text = v.Message } }) } } });
        var csv = "check,resource,message\n" + string.Concat(violations.Select(v => $"{v.Check},{v.Resource},\"{v.Message.Replace("\"", "\"\"", StringComparison.Ordinal)}\"\n"));
        var html = "<!doctype html><html><head><title>report</title><style>body{font-family:sans-serif}</style></head><body><h1>Test report</h1><ul>"
            + string.Concat(violations.Select(v => $"<li class=\"finding\">{WebUtility.HtmlEncode(v.Message)}</li>"))
            + "</ul><p id=\"script-ran\">script did not run</p><script>document.getElementById('script-ran').textContent = 'script ran';</script></body></html>";
        return new ScanRun(resources, violations.Count, problems.Count, summary,
            new Dictionary<string, string> { ["json"] = json, ["sarif"] = sarif, ["csv"] = csv, ["html"] = html },
            new ScanView([.. violations.Select(v => v.Service).Distinct()], violations, problems));
    }

    [GeneratedRegex(@"^\s*Type:\s*(AWS::\S+)", RegexOptions.CultureInvariant)]
    private static partial Regex ResourceType();

    [GeneratedRegex(@"^Description:\s*(.+)$", RegexOptions.Multiline | RegexOptions.CultureInvariant)]
    private static partial Regex Description();
}
