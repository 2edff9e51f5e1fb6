using System.Text.RegularExpressions;
using Demarc.Catalog;
using Demarc.Model;
using Demarc.Scanning.Checks;

namespace Demarc.Core.Tests.Checks;

/// <summary>Invariants of the whole check registry, in the way a catalog is validated as a whole.</summary>
public class CheckRegistryTests
{
    private static readonly CheckRegistry Registry = CheckRegistry.Default;

    [Fact]
    public void Default_HasAtLeastSixtyChecks()
    {
        Assert.True(Registry.Checks.Count >= 60, $"{Registry.Checks.Count} checks");
    }

    [Fact]
    public void Validate_BuiltInRegistryAgainstCatalog_ReportsNothing()
    {
        var problems = Registry.Validate(ResponsibilityCatalog.Default);

        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Fact]
    public void Ids_AreUniqueAndWellFormed()
    {
        var ids = Registry.Checks.Select(c => c.Definition.Id).ToList();

        Assert.Empty(Registry.Duplicates);
        Assert.Equal(ids.Count, ids.Distinct(StringComparer.Ordinal).Count());
        Assert.All(ids, id => Assert.Matches(new Regex(@"^DMC-[A-Z0-9]{2,6}-\d{3}$"), id));
    }

    [Fact]
    public void Ids_AreNumberedFromOneWithoutGapsPerArea()
    {
        foreach (var area in Registry.Checks.GroupBy(c => c.Definition.Area))
        {
            var numbers = area.Select(c => int.Parse(c.Definition.Id[^3..], System.Globalization.CultureInfo.InvariantCulture)).Order().ToList();
            Assert.Equal(Enumerable.Range(1, numbers.Count), numbers);
        }
    }

    [Fact]
    public void Checks_HaveEveryText()
    {
        foreach (var d in Registry.Checks.Select(c => c.Definition))
        {
            Assert.False(string.IsNullOrWhiteSpace(d.Title), d.Id);
            Assert.False(string.IsNullOrWhiteSpace(d.Rationale), d.Id);
            Assert.False(string.IsNullOrWhiteSpace(d.Remediation), d.Id);
            Assert.False(string.IsNullOrWhiteSpace(d.Snippet), d.Id);
            Assert.NotEmpty(d.References);
        }
    }

    [Fact]
    public void Checks_ServiceAndDomainExistInCatalog()
    {
        var catalog = ResponsibilityCatalog.Default;
        foreach (var d in Registry.Checks.Select(c => c.Definition))
        {
            Assert.True(catalog.FindDomain(d.DomainId) is not null, $"{d.Id}: domain {d.DomainId}");
            var service = CheckRegistry.ServiceOf(d, catalog);
            if (service is null)
            {
                Assert.True(d.CatalogRequest is not null, $"{d.Id}: service {d.ServiceId} is not in the catalog and its file has no catalog_request");
                continue;
            }

            Assert.Contains(service.Cells[d.DomainId].Owner, new[] { Owner.Customer, Owner.Shared });
        }
    }

    [Fact]
    public void Checks_HaveDocumentationAndFixture()
    {
        var root = RepositoryRoot();
        foreach (var d in Registry.Checks.Select(c => c.Definition))
        {
            Assert.True(File.Exists(Path.Combine(root, d.DocPath)), $"{d.Id}: {d.DocPath} is missing (run DEMARC_UPDATE_DOCS=1 dotnet test --filter CheckDocsTests)");
            Assert.True(File.Exists(Path.Combine(CheckFixture.Directory, d.Id + ".yaml")), $"{d.Id}: fixture is missing");
        }
    }

    [Fact]
    public void Fixtures_BelongToChecks()
    {
        var orphans = CheckFixture.Ids().Where(id => Registry.Find(id) is null).ToList();

        Assert.True(orphans.Count == 0, "fixtures for no check: " + string.Join(", ", orphans));
    }

    [Fact]
    public void Load_BrokenDefinitions_ReportsEachProblemWithLocation()
    {
        var text = """
            kind: checks
            service: s3
            checks:
              - id: S3-1
                title: t
                domain: enc_rest
                severity: extreme
                types: [AWS::S3::Bucket]
                message: m
                rationale: r
                remediation: x
                snippet: y
                rule: { path: A, frobnicate: 1 }
              - id: DMC-S3-900
                title: t
                domain: enc_rest
                severity: low
                types: [AWS::S3::Bucket]
                message: m
                rationale: r
                remediation: x
                snippet: y
                code: no-such-check
            """;
        var (checks, diagnostics) = CheckLoader.Load([new CatalogFile("bad.yaml", text)]);

        Assert.Empty(checks);
        Assert.Contains(diagnostics, d => d.Message.Contains("must look like DMC-S3-001", StringComparison.Ordinal) && d.Location.Line == 4);
        Assert.Contains(diagnostics, d => d.Message.Contains("severity 'extreme'", StringComparison.Ordinal));
        Assert.Contains(diagnostics, d => d.Message.Contains("needs exactly one of", StringComparison.Ordinal));
        Assert.Contains(diagnostics, d => d.Message.Contains("unknown code check 'no-such-check'", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_CheckOnAwsOwnedCell_IsReported()
    {
        var text = """
            kind: checks
            service: s3
            checks:
              - id: DMC-S3-900
                title: t
                domain: hw
                severity: low
                types: [AWS::S3::Bucket]
                message: m
                rationale: r
                remediation: x
                snippet: y
                rule: { path: A, present: true }
            """;
        var (checks, diagnostics) = CheckLoader.Load([new CatalogFile("aws.yaml", text)]);
        var problems = new CheckRegistry(checks).Validate(ResponsibilityCatalog.Default);

        Assert.Empty(diagnostics);
        Assert.Contains(problems, p => p.Message.Contains("s3/hw is AWS", StringComparison.Ordinal));
    }

    internal static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Demarc.slnx")))
        {
            directory = directory.Parent;
        }

        return directory!.FullName;
    }
}
