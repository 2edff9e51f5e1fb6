using Demarc.Catalog;
using Demarc.Model;

namespace Demarc.Core.Tests.Catalog;

/// <summary>Each catalog rule fires on a catalog that breaks it, naming the file, line and column.</summary>
public class CatalogRulesTests
{
    private static readonly IReadOnlyList<CatalogFile> BuiltIn = ResponsibilityCatalog.BuiltInFiles();

    // The built-in vocabulary (domains, models, sources, control categories, core table) without its services,
    // plus the services a test writes.
    private static CatalogLoadResult LoadWith(params CatalogFile[] files) =>
        CatalogLoader.Load(BuiltIn.Where(f => !f.Name.Contains("/services/", StringComparison.Ordinal)).Concat(files));

    /// <summary>A valid service of a model: every domain at its model's default owner, one line per cell.</summary>
    private static string Service(string id, string model = "iaas", string extra = "", Dictionary<string, string>? cells = null, string aliases = "[]", string types = "[]")
    {
        var catalog = ResponsibilityCatalog.Default;
        var m = catalog.Model(model);
        var lines = new List<string>
        {
            "kind: service",
            $"id: {id}",
            $"name: Test {id}",
            $"aliases: {aliases}",
            $"model: {model}",
            "category: compute",
            "summary: A test service.",
            "resource_types:",
            $"  cloudformation: {types}",
            "  terraform: []",
        };
        if (extra.Length > 0)
        {
            lines.Add(extra);
        }

        lines.Add("cells:");
        foreach (var domain in catalog.Domains)
        {
            var owner = m.Defaults.TryGetValue(domain.Id, out var d) ? d : domain.DefaultOwner;
            if (cells is not null && cells.TryGetValue(domain.Id, out var custom))
            {
                if (custom.Length > 0)
                {
                    lines.Add($"  {domain.Id}: {custom}");
                }

                continue;
            }

            // Short form where the domain has wording for that owner; otherwise a long form with texts.
            lines.Add(domain.Texts.ContainsKey(owner) || owner == Owner.NotApplicable
                ? $"  {domain.Id}: {owner.Display()}"
                : $"  {domain.Id}: {{owner: {owner.Display()}, aws: a, customer: c}}");
        }

        return string.Join('\n', lines) + "\n";
    }

    /// <summary>The 1-based line of the first line containing <paramref name="text"/>.</summary>
    private static int LineOf(string yaml, string text) => yaml.Split('\n').ToList().FindIndex(l => l.Contains(text, StringComparison.Ordinal)) + 1;

    private static CatalogDiagnostic Single(CatalogLoadResult result, string rule)
    {
        Assert.False(result.IsValid);
        Assert.Null(result.Catalog);
        var matching = result.Diagnostics.Where(d => d.Rule == rule).ToList();
        Assert.True(matching.Count == 1, $"expected one '{rule}' diagnostic, got:\n{string.Join('\n', result.Diagnostics)}");
        return matching[0];
    }

    [Fact]
    public void Load_ValidTestService_IsValid()
    {
        var result = LoadWith(new CatalogFile("t/a.yaml", Service("alpha")));

        Assert.True(result.IsValid, string.Join('\n', result.Diagnostics));
        Assert.Equal("alpha", Assert.Single(result.Catalog!.Services).Id);
    }

    [Fact]
    public void YamlSyntax_BrokenIndentation_NamesLineAndColumn()
    {
        const string yaml = "kind: service\nid: broken\n  name: [unclosed\n";

        var diagnostic = Single(LoadWith(new CatalogFile("t/broken.yaml", yaml)), CatalogRules.YamlSyntax);

        Assert.Equal("t/broken.yaml", diagnostic.Location.File);
        Assert.True(diagnostic.Location.Line >= 2, diagnostic.ToString());
        Assert.True(diagnostic.Location.Column >= 1);
    }

    [Fact]
    public void YamlSyntax_AliasBomb_IsRefusedWithoutExpanding()
    {
        var lines = new List<string> { "kind: sources", "a0: &a0 [x, x, x, x, x, x, x, x, x, x]" };
        for (var i = 1; i < 12; i++)
        {
            lines.Add($"a{i}: &a{i} [*a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}]");
        }

        var diagnostic = Single(LoadWith(new CatalogFile("t/bomb.yaml", string.Join('\n', lines))), CatalogRules.YamlSyntax);

        Assert.Contains("expands to more than", diagnostic.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void YamlSyntax_DuplicateKey_IsReported()
    {
        var yaml = Service("alpha").Replace("category: compute", "category: compute\ncategory: storage", StringComparison.Ordinal);

        var diagnostic = Single(LoadWith(new CatalogFile("t/dup.yaml", yaml)), CatalogRules.YamlSyntax);

        Assert.Equal(LineOf(yaml, "category: storage"), diagnostic.Location.Line);
        Assert.Contains("duplicate key 'category'", diagnostic.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Schema_UnknownKey_NamesTheKeyWhereItIsWritten()
    {
        var yaml = Service("alpha", cells: new() { ["guest_os"] = "{ownr: Customer}" });

        var result = LoadWith(new CatalogFile("t/typo.yaml", yaml));

        var unknown = result.Diagnostics.Single(d => d.Rule == CatalogRules.Schema && d.Message.Contains("unknown key 'ownr'", StringComparison.Ordinal));
        Assert.Equal(LineOf(yaml, "ownr"), unknown.Location.Line);
        Assert.Equal(14, unknown.Location.Column);
        Assert.Contains(result.Diagnostics, d => d.Rule == CatalogRules.Schema && d.Message.Contains("missing required key 'owner'", StringComparison.Ordinal));
    }

    [Fact]
    public void Schema_MissingModel_IsReported()
    {
        var yaml = Service("alpha").Replace("model: iaas\n", "", StringComparison.Ordinal);

        var result = LoadWith(new CatalogFile("t/nomodel.yaml", yaml));

        Assert.Contains(result.Diagnostics, d => d.Rule == CatalogRules.Schema && d.Message == "missing required key 'model'" && d.Location.Line == 1);
    }

    [Fact]
    public void InvalidValue_UnknownOwner_IsReported()
    {
        var yaml = Service("alpha", cells: new() { ["config"] = "Amazon" });

        var diagnostic = Single(LoadWith(new CatalogFile("t/owner.yaml", yaml)), CatalogRules.InvalidValue);

        Assert.Equal(LineOf(yaml, "config: Amazon"), diagnostic.Location.Line);
        Assert.Contains("must be AWS, Customer, Shared or N/A", diagnostic.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void UnknownId_MisspelledDomain_SuggestsTheRightOne()
    {
        var yaml = Service("alpha").Replace("  guest_os:", "  guest_oss:", StringComparison.Ordinal);

        var result = LoadWith(new CatalogFile("t/domain.yaml", yaml));

        var unknown = Single(result, CatalogRules.UnknownId);
        Assert.Contains("did you mean 'guest_os'", unknown.Message, StringComparison.Ordinal);
        Assert.Equal(LineOf(yaml, "guest_oss"), unknown.Location.Line);
        Assert.Contains(result.Diagnostics, d => d.Rule == CatalogRules.MissingDomain && d.Message.Contains("'guest_os'", StringComparison.Ordinal));
    }

    [Fact]
    public void UnknownId_SourceAndModel_AreReported()
    {
        var yaml = Service("alpha", model: "iaas", cells: new() { ["guest_os"] = "{owner: Customer, sources: [no-such-source]}" })
            .Replace("model: iaas", "model: saas", StringComparison.Ordinal);

        var result = LoadWith(new CatalogFile("t/ids.yaml", yaml));

        Assert.Contains(result.Diagnostics, d => d.Rule == CatalogRules.UnknownId && d.Message.StartsWith("unknown source 'no-such-source'", StringComparison.Ordinal));
        Assert.Contains(result.Diagnostics, d => d.Rule == CatalogRules.UnknownId && d.Message.StartsWith("unknown model 'saas'", StringComparison.Ordinal) && d.Location.Line == LineOf(yaml, "model: saas"));
    }

    [Fact]
    public void DuplicateId_TwoServices_IsReported()
    {
        var diagnostic = Single(LoadWith(new CatalogFile("t/a.yaml", Service("alpha")), new CatalogFile("t/b.yaml", Service("alpha"))), CatalogRules.DuplicateId);

        Assert.Equal("t/b.yaml", diagnostic.Location.File);
        Assert.Contains("t/a.yaml", diagnostic.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MissingDomain_ServiceWithoutACell_NamesTheDomain()
    {
        var yaml = Service("alpha", cells: new() { ["training"] = "" });

        var diagnostic = Single(LoadWith(new CatalogFile("t/missing.yaml", yaml)), CatalogRules.MissingDomain);

        Assert.Contains("'training'", diagnostic.Message, StringComparison.Ordinal);
        Assert.Equal("t/missing.yaml", diagnostic.Location.File);
    }

    [Fact]
    public void UnsourcedException_OwnerDiffersFromModelDefault_WithoutSource()
    {
        var yaml = Service("alpha", model: "iaas", cells: new() { ["guest_os"] = "AWS" });

        var diagnostic = Single(LoadWith(new CatalogFile("t/exception.yaml", yaml)), CatalogRules.UnsourcedException);

        Assert.Equal(LineOf(yaml, "guest_os: AWS"), diagnostic.Location.Line);
        Assert.Contains("default for model 'iaas' is Customer", diagnostic.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void UnsourcedException_WithSource_IsValidAndVerified()
    {
        var yaml = Service("alpha", model: "iaas", cells: new() { ["guest_os"] = "{owner: AWS, sources: [aws-srm]}" });

        var result = LoadWith(new CatalogFile("t/exception.yaml", yaml));

        Assert.True(result.IsValid, string.Join('\n', result.Diagnostics));
        Assert.Equal(Confidence.Verified, result.Catalog!.Services[0].Cells["guest_os"].Confidence);
    }

    [Fact]
    public void DuplicateAlias_TwoServices_IsReported()
    {
        var result = LoadWith(
            new CatalogFile("t/a.yaml", Service("alpha", aliases: "[compute box]")),
            new CatalogFile("t/b.yaml", Service("beta", aliases: "[Compute-Box]")));

        var diagnostic = Single(result, CatalogRules.DuplicateAlias);
        Assert.Contains("'compute box'", diagnostic.Message, StringComparison.Ordinal);
        Assert.Contains("alpha", diagnostic.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void DuplicateResourceType_TwoServices_IsReported()
    {
        var result = LoadWith(
            new CatalogFile("t/a.yaml", Service("alpha", types: "[AWS::Test::Thing]")),
            new CatalogFile("t/b.yaml", Service("beta", types: "[AWS::Test::Thing]")));

        var diagnostic = Single(result, CatalogRules.DuplicateResourceType);
        Assert.Contains("AWS::Test::Thing", diagnostic.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void OfTheCloud_PhysicalSecurityGivenToCustomer_IsRefused()
    {
        var yaml = Service("alpha", cells: new() { ["phys"] = "{owner: Customer, sources: [aws-srm], aws: a, customer: c}" });

        var diagnostic = Single(LoadWith(new CatalogFile("t/phys.yaml", yaml)), CatalogRules.OfTheCloudNotAws);

        Assert.Equal(LineOf(yaml, "  phys:"), diagnostic.Location.Line);
    }

    [Theory]
    [InlineData("enc_rest")]
    [InlineData("enc_transit")]
    [InlineData("data_class")]
    [InlineData("iam")]
    public void NeverAws_CustomerDomainGivenToAws_IsRefused(string domain)
    {
        var yaml = Service("alpha", cells: new() { [domain] = "{owner: AWS, sources: [aws-srm], aws: a, customer: c}" });

        var diagnostic = Single(LoadWith(new CatalogFile("t/never.yaml", yaml)), CatalogRules.NeverAwsGivenToAws);

        Assert.Equal(LineOf(yaml, $"  {domain}:"), diagnostic.Location.Line);
    }

    [Fact]
    public void NeverAws_InAVariant_IsRefused()
    {
        var yaml = Service("alpha") + """
            variants:
              - id: alpha_lite
                name: Alpha Lite
                summary: Lighter.
                cells:
                  enc_rest: {owner: AWS, sources: [aws-srm], aws: a, customer: c}
            """;

        var diagnostic = Single(LoadWith(new CatalogFile("t/variant.yaml", yaml)), CatalogRules.NeverAwsGivenToAws);

        Assert.Contains("Alpha Lite", diagnostic.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MissingText_ShortFormWithoutDomainWording_IsReported()
    {
        var yaml = Service("alpha", cells: new() { ["data_class"] = "{owner: Shared, sources: [aws-srm]}" });

        var diagnostic = Single(LoadWith(new CatalogFile("t/text.yaml", yaml)), CatalogRules.MissingText);

        Assert.Contains("data_class", diagnostic.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Overlay_MayNotRedefineDomains()
    {
        var overlay = new CatalogFile("overlay/domains.yaml", "kind: domains\ndomains: []\n");

        var result = CatalogLoader.Load(BuiltIn, [overlay]);

        var diagnostic = Single(result, CatalogRules.Schema);
        Assert.Contains("an overlay may not contain 'domains'", diagnostic.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Overlay_PatchesACellAndAddsAService()
    {
        var sources = new CatalogFile("overlay/sources.yaml", "kind: sources\nsources:\n  - id: our-dba-policy\n    title: Our DBA policy\n    url: https://example.com/dba\n");
        var patch = new CatalogFile("overlay/rds.yaml", """
            kind: service-patch
            service: rds
            aliases: [orders database]
            cells:
              runtime: {owner: Customer, sources: [our-dba-policy], aws: AWS ships engine patches., customer: Our DBA team applies every engine update.}
            """);
        var added = new CatalogFile("overlay/alpha.yaml", Service("alpha"));

        var result = CatalogLoader.Load(BuiltIn, [sources, patch, added]);

        Assert.True(result.IsValid, string.Join('\n', result.Diagnostics));
        var rds = result.Catalog!.FindSubject("rds")!;
        Assert.Equal(Owner.Customer, rds.CellFor("runtime").Owner);
        Assert.Equal("Our DBA team applies every engine update.", rds.CellFor("runtime").Parts.Customer);
        Assert.Contains("orders database", rds.Service.Aliases);
        Assert.NotNull(result.Catalog.FindSubject("alpha"));
        Assert.Equal(ResponsibilityCatalog.Default.Services.Count + 1, result.Catalog.Services.Count);
    }

    [Fact]
    public void Overlay_PatchThatBreaksAnInvariant_IsRefusedAtThePatch()
    {
        var patch = new CatalogFile("overlay/s3.yaml", "kind: service-patch\nservice: s3\ncells:\n  enc_rest: {owner: AWS, sources: [aws-srm], aws: a, customer: c}\n");

        var diagnostic = Single(CatalogLoader.Load(BuiltIn, [patch]), CatalogRules.NeverAwsGivenToAws);

        Assert.Equal(new SourceLocation("overlay/s3.yaml", 4, 3), diagnostic.Location);
    }

    [Fact]
    public void Overlay_PatchOfUnknownService_IsReported()
    {
        var patch = new CatalogFile("overlay/x.yaml", "kind: service-patch\nservice: elastic_compute\n");

        var diagnostic = Single(CatalogLoader.Load(BuiltIn, [patch]), CatalogRules.UnknownId);

        Assert.Equal(2, diagnostic.Location.Line);
    }

    [Fact]
    public void ReadDirectory_TooLargeFile_IsReportedNotRead()
    {
        var directory = Directory.CreateTempSubdirectory("demarc-catalog-");
        try
        {
            File.WriteAllText(Path.Combine(directory.FullName, "big.yaml"), "kind: sources\n# " + new string('x', 2048) + "\n");
            var files = CatalogLoader.ReadDirectory(directory.FullName, new Demarc.Parsing.ParseLimits { MaxBytes = 1024 });

            var diagnostic = Single(CatalogLoader.Load(BuiltIn, files), CatalogRules.YamlSyntax);

            Assert.Contains("more than the limit of 1,024 bytes", diagnostic.Message, StringComparison.Ordinal);
            Assert.EndsWith("big.yaml", diagnostic.Location.File, StringComparison.Ordinal);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }
}
