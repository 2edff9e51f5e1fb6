using System.Globalization;
using System.Text;
using Demarc.Catalog;
using Demarc.Model;
using Demarc.Parsing;

namespace Demarc.Scanning.Assessment;

/// <summary>
/// One accepted finding of a baseline: a check on a resource of a file. Matching ignores lines, so edits elsewhere in the
/// template do not resurrect it; an entry may expire.
/// </summary>
public sealed record BaselineEntry(string CheckId, string File, string Resource, string Reason, DateOnly? Expires, SourceLocation Location)
{
    /// <summary>Whether the entry covers a result.</summary>
    public bool Matches(string checkId, string file, string resource) =>
        CheckId == checkId && Resource == resource && Normalize(File) == Normalize(file);

    internal static string Normalize(string path) => path.Replace('\\', '/').TrimStart('.', '/');
}

/// <summary>Reads and writes baseline files (<c>--baseline FILE</c>, <c>--create-baseline</c>); the format is in docs/scan.md.</summary>
public static class BaselineFile
{
    /// <summary>The rule name of diagnostics about baseline files.</summary>
    public const string Rule = "baseline";

    /// <summary>Reads a baseline; problems are errors with line and column.</summary>
    public static IReadOnlyList<BaselineEntry> Read(string name, string text, List<ScanDiagnostic> diagnostics)
    {
        ArgumentNullException.ThrowIfNull(diagnostics);
        var problems = new List<CatalogDiagnostic>();
        var entries = new List<BaselineEntry>();
        var map = YamlMap.Parse(name, text, problems, "a baseline file");
        if (map is not null)
        {
            map.String("version");
            foreach (var entry in map.Maps("findings"))
            {
                var check = entry.String("check", required: true);
                var file = entry.String("file", required: true);
                var resource = entry.String("resource", required: true);
                var reason = entry.String("reason") ?? "accepted in the baseline";
                var expiresText = entry.String("expires");
                DateOnly? expires = null;
                if (expiresText is not null)
                {
                    if (DateOnly.TryParseExact(expiresText, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
                    {
                        expires = date;
                    }
                    else
                    {
                        entry.Error(entry.Get("expires")!, CatalogRules.InvalidValue, $"expires '{expiresText}' must be a date, yyyy-mm-dd");
                    }
                }

                entry.Finish();
                if (check is not null && file is not null && resource is not null)
                {
                    entries.Add(new BaselineEntry(check, file, resource, reason, expires, entry.Location));
                }
            }

            map.Finish();
        }

        diagnostics.AddRange(problems.Select(p => new ScanDiagnostic(p.Location, DiagnosticSeverity.Error, Rule, p.Message)));
        return entries;
    }

    /// <summary>A baseline accepting every current violation (what <c>--create-baseline</c> writes).</summary>
    public static string Write(IEnumerable<Finding> violations, DateOnly created)
    {
        ArgumentNullException.ThrowIfNull(violations);
        var text = new StringBuilder();
        text.Append("# Demarc baseline: findings accepted as they are, so that only new ones fail the build.\n");
        text.Append("# Created ").Append(created.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)).Append(" by 'demarc scan --create-baseline'. Give entries a reason and an expiry date.\n");
        text.Append("version: 1\nfindings:\n");
        var any = false;
        foreach (var finding in violations.OrderBy(f => f.Result.File, StringComparer.Ordinal).ThenBy(f => f.Result.LogicalId, StringComparer.Ordinal).ThenBy(f => f.Result.Check.Id, StringComparer.Ordinal))
        {
            any = true;
            text.Append("  - check: ").Append(finding.Result.Check.Id).Append('\n');
            text.Append("    file: ").Append(Quote(BaselineEntry.Normalize(finding.Result.File))).Append('\n');
            text.Append("    resource: ").Append(Quote(finding.Result.LogicalId)).Append('\n');
            text.Append("    reason: ").Append(Quote("accepted when the baseline was created: " + finding.Result.Check.Title)).Append('\n');
        }

        if (!any)
        {
            text.Append("  []\n");
        }

        return text.ToString();
    }

    private static string Quote(string text) => "\"" + text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
}
