using System.Text;
using System.Text.Json;
using Demarc.Catalog;
using Demarc.Model;

namespace Demarc.Core.Tests.Catalog;

public class CatalogSnapshotTests
{
    private static readonly JsonSerializerOptions Everything = new() { WriteIndented = true };

    [Fact]
    public void FromEmbeddedSnapshot_BuiltInCatalog_EqualsWhatTheYamlLoaderProduces()
    {
        var fromYaml = CatalogLoader.Load(ResponsibilityCatalog.BuiltInFiles());
        Assert.True(fromYaml.IsValid);

        var fromSnapshot = ResponsibilityCatalog.FromEmbeddedSnapshot();

        // Null would mean the build did not embed a snapshot, or embedded one made from other YAML.
        Assert.NotNull(fromSnapshot);
        AssertSameCatalog(fromYaml.Catalog!, fromSnapshot);
    }

    [Fact]
    public void Default_BuiltInCatalog_IsTheSnapshot()
    {
        // Default is loaded once per process; with a valid snapshot embedded it must be the snapshot's catalog.
        AssertSameCatalog(ResponsibilityCatalog.FromEmbeddedSnapshot()!, ResponsibilityCatalog.Default);
    }

    [Fact]
    public void Comparison_BuiltInCatalog_CoversTheOptionalParts()
    {
        // The equality above means something only if the catalog exercises every optional field of the format.
        var catalog = CatalogLoader.Load(ResponsibilityCatalog.BuiltInFiles()).Catalog!;
        var cells = catalog.Services.SelectMany(s => s.Cells.Values.Concat(s.Variants.SelectMany(v => v.Overrides.Values))).ToList();

        Assert.Contains(cells, c => c.AsOf is not null);
        Assert.Contains(cells, c => c.AsOf is null);
        Assert.Contains(cells, c => c.Note is not null);
        Assert.Contains(catalog.Services, s => s.Claims.Count > 0);
        Assert.Contains(catalog.Services.SelectMany(s => s.Variants), v => v.ModelId is not null);
        Assert.Contains(catalog.Services.SelectMany(s => s.Variants), v => v.Selectors.Any(x => x.Pattern is not null));
        Assert.Contains(catalog.Domains, d => d.Texts.Count > 1);
    }

    [Fact]
    public void TryRead_YamlEditedAfterTheSnapshotWasMade_RefusesTheSnapshot()
    {
        var snapshot = EmbeddedSnapshot();
        var files = ResponsibilityCatalog.BuiltInYaml().ToList();
        Assert.NotNull(CatalogSnapshot.TryRead(snapshot, CatalogSnapshot.HashOf(files)));

        // One byte more in one file: the embedded YAML no longer is what the snapshot was made from.
        var edited = files.Select((f, i) => i == files.Count / 2 ? (f.Name, Bytes: [.. f.Bytes, (byte)'\n']) : f).ToList();

        Assert.Null(CatalogSnapshot.TryRead(snapshot, CatalogSnapshot.HashOf(edited)));
    }

    [Fact]
    public void Write_EditedYaml_SnapshotCarriesTheEditUnderANewHash()
    {
        // What the build step does when a catalog file changes: load and validate the YAML, write a new snapshot.
        var files = ResponsibilityCatalog.BuiltInYaml().ToList();
        var index = files.FindIndex(f => f.Name.EndsWith("/rds.yaml", StringComparison.Ordinal));
        Assert.True(index >= 0, "data/catalog has no rds.yaml");
        var text = Encoding.UTF8.GetString(files[index].Bytes);
        var summary = ResponsibilityCatalog.Default.FindSubject("rds")!.Service.Summary;
        Assert.Contains(summary, text, StringComparison.Ordinal);
        files[index] = (files[index].Name, Encoding.UTF8.GetBytes(text.Replace(summary, "An edited summary.", StringComparison.Ordinal)));
        var loaded = CatalogLoader.Load([.. files.Select(f => CatalogSnapshot.Decode(f.Name, f.Bytes))]);
        Assert.True(loaded.IsValid, string.Join(Environment.NewLine, loaded.Diagnostics));
        var hash = CatalogSnapshot.HashOf(files);

        var snapshot = CatalogSnapshot.Write(loaded.Catalog!, hash);
        var read = CatalogSnapshot.TryRead(snapshot, hash);

        Assert.NotEqual(CatalogSnapshot.HashOf(ResponsibilityCatalog.BuiltInYaml()), hash);
        Assert.NotNull(read);
        Assert.Equal("An edited summary.", read.FindSubject("rds")!.Service.Summary);
        AssertSameCatalog(loaded.Catalog!, read);
    }

    [Fact]
    public void TryRead_TruncatedOrForeignBytes_RefusesThem()
    {
        var snapshot = EmbeddedSnapshot();
        var hash = CatalogSnapshot.HashOf(ResponsibilityCatalog.BuiltInYaml());

        Assert.Null(CatalogSnapshot.TryRead(Encoding.UTF8.GetBytes("{\"format\": 1}"), hash));
        Assert.Null(CatalogSnapshot.TryRead(snapshot[..(snapshot.Length / 2)], hash));
        Assert.Null(CatalogSnapshot.TryRead([.. snapshot, 0], hash));
    }

    private static byte[] EmbeddedSnapshot()
    {
        using var stream = typeof(ResponsibilityCatalog).Assembly.GetManifestResourceStream(CatalogSnapshot.ResourceName);
        Assert.NotNull(stream);
        var bytes = new byte[stream.Length];
        stream.ReadExactly(bytes);
        return bytes;
    }

    /// <summary>Every public property of every record, in order, serialized by reflection: a field the snapshot drops shows up as a difference.</summary>
    private static void AssertSameCatalog(ResponsibilityCatalog expected, ResponsibilityCatalog actual)
    {
        Assert.Equal(Describe(expected), Describe(actual));
        Assert.Equal(expected.Subjects.Select(s => s.Id), actual.Subjects.Select(s => s.Id));
    }

    private static string Describe(ResponsibilityCatalog catalog) => JsonSerializer.Serialize(
        new
        {
            catalog.Domains,
            catalog.Models,
            catalog.Services,
            catalog.ControlCategories,
            catalog.CoreModel,
            Sources = catalog.Sources.OrderBy(s => s.Key, StringComparer.Ordinal).ToList(),
        },
        Everything);
}
