using Demarc.Catalog;
using Demarc.Scanning.Checks;

namespace Demarc.Core.Tests.Checks;

/// <summary>
/// docs/checks is generated from the registry: these tests fail when a page drifts from its definition.
/// Regenerate with: UPDATE_DOCS=1 dotnet test tests/Demarc.Core.Tests --filter CheckDocsTests (then review the diff).
/// </summary>
public class CheckDocsTests
{
    private static readonly string Docs = Path.Combine(CheckRegistryTests.RepositoryRoot(), "docs", "checks");
    private static readonly bool Update = Environment.GetEnvironmentVariable("UPDATE_DOCS") == "1";

    public static TheoryData<string> Checks() => CheckFixtureTests.Checks();

    [Theory]
    [MemberData(nameof(Checks))]
    public void Page_GeneratedPart_MatchesRegistry(string id)
    {
        var check = CheckRegistry.Default.Find(id)!.Definition;
        var path = Path.Combine(Docs, id + ".md");
        Verify(path, CheckDocs.Page(check, ResponsibilityCatalog.Default, Demarc.Scanning.Terraform.TerraformChecks.Forms));
    }

    [Fact]
    public void Index_GeneratedPart_MatchesRegistry()
    {
        Verify(Path.Combine(Docs, "README.md"), CheckDocs.Index(CheckRegistry.Default));
    }

    [Fact]
    public void Docs_HaveNoPageForAnUnknownCheck()
    {
        var orphans = Directory.GetFiles(Docs, "DMC-*.md").Select(Path.GetFileNameWithoutExtension).Where(id => CheckRegistry.Default.Find(id!) is null).ToList();

        Assert.True(orphans.Count == 0, "pages for no check (ids are never reused; keep retired ones out of docs/checks): " + string.Join(", ", orphans));
    }

    [Fact]
    public void Merge_KeepsHandWrittenNotesAroundTheGeneratedPart()
    {
        var existing = "Intro\n" + CheckDocs.Begin + "\nold\n" + CheckDocs.End + "\nNotes kept.\n";

        var merged = CheckDocs.Merge(existing, CheckDocs.Begin + "\nnew\n" + CheckDocs.End + "\n");

        Assert.Equal("Intro\n" + CheckDocs.Begin + "\nnew\n" + CheckDocs.End + "\nNotes kept.\n", merged);
    }

    private static void Verify(string path, string generated)
    {
        var existing = File.Exists(path) ? File.ReadAllText(path) : null;
        var merged = CheckDocs.Merge(existing, generated);
        if (Update)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, merged);
            return;
        }

        Assert.True(existing is not null, $"{path} is missing. Generate it: UPDATE_DOCS=1 dotnet test tests/Demarc.Core.Tests --filter CheckDocsTests");
        Assert.True(existing == merged, $"{path} is out of date with data/checks. Regenerate: UPDATE_DOCS=1 dotnet test tests/Demarc.Core.Tests --filter CheckDocsTests (then review the diff)");
    }
}
