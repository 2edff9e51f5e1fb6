using System.Text;
using Demarc.Catalog;
using Demarc.Parsing;
using Demarc.Scanning;
using Demarc.Scanning.Checks;

namespace Demarc.Core.Tests.Checks;

/// <summary>
/// The fixture of one check (<c>Fixtures/&lt;ID&gt;.yaml</c>): a template and the expected outcome for named resources.
/// Templates go through the real reader, evaluator and mapper, as in a scan.
/// </summary>
internal sealed record CheckFixture(string CheckId, string Path, string Template, IReadOnlyDictionary<string, string> Parameters, DateOnly Today, IReadOnlyList<FixtureCase> Cases)
{
    public static DateOnly DefaultToday { get; } = new(2026, 6, 1);

    public static string Directory { get; } = System.IO.Path.Combine(RepositoryRoot(), "tests", "Demarc.Core.Tests", "Checks", "Fixtures");

    public static IReadOnlyList<string> Ids() =>
        [.. System.IO.Directory.GetFiles(Directory, "*.yaml").Select(f => System.IO.Path.GetFileNameWithoutExtension(f)).Order(StringComparer.Ordinal)];

    public static CheckFixture Load(string id)
    {
        var path = System.IO.Path.Combine(Directory, id + ".yaml");
        var root = (MappingNode)YamlTreeReader.Read(File.ReadAllText(path)).Documents[0];
        var template = ((ScalarNode)root["template"]!).Value;
        var parameters = root["parameters"] is MappingNode p
            ? p.Entries.ToDictionary(e => e.Key.Value, e => ((ScalarNode)e.Value).Value, StringComparer.Ordinal)
            : new Dictionary<string, string>(StringComparer.Ordinal);
        var today = root["today"] is ScalarNode t ? DateOnly.Parse(t.Value, System.Globalization.CultureInfo.InvariantCulture) : DefaultToday;
        var cases = ((MappingNode)root["cases"]!).Entries
            .Select(e => new FixtureCase(e.Key.Value, ((ScalarNode)e.Value).Value))
            .ToList();
        return new CheckFixture(id, path, template, parameters, today, cases);
    }

    /// <summary>Scans the template and runs the check on every resource; the results by logical id.</summary>
    public IReadOnlyDictionary<string, CheckResult> Run(Check check)
    {
        var scanner = new TemplateScanner(ResponsibilityCatalog.Default, new ScanOptions { Parameters = Parameters });
        var scan = scanner.Scan(ScanInput.Bytes($"{CheckId}.yaml", Encoding.UTF8.GetBytes(Template)));
        Assert.True(scan.Template is not null, $"{Path}: the template did not load: {string.Join("; ", scan.Diagnostics)}");
        Assert.DoesNotContain(scan.Diagnostics, d => d.Severity == DiagnosticSeverity.Error);
        return scan.Template!.Resources
            .Where(r => check.Definition.ResourceTypes.Contains(r.Type))
            .ToDictionary(r => r.LogicalId, r => check.Run(scan.Template, r, Today), StringComparer.Ordinal);
    }

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(System.IO.Path.Combine(directory.FullName, "Demarc.slnx")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("cannot find the repository root");
    }
}

/// <summary>One named case: a resource of the fixture's template and the outcome expected for it.</summary>
internal sealed record FixtureCase(string Resource, string Expected);
