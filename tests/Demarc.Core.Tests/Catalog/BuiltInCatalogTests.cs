using Demarc.Catalog;
using Demarc.Model;

namespace Demarc.Core.Tests.Catalog;

public class BuiltInCatalogTests
{
    private static readonly ResponsibilityCatalog Catalog = ResponsibilityCatalog.Default;

    [Fact]
    public void Load_BuiltInFiles_HasNoDiagnostics()
    {
        var result = CatalogLoader.Load(ResponsibilityCatalog.BuiltInFiles());

        Assert.Empty(result.Diagnostics);
        Assert.True(result.IsValid);
    }

    [Fact]
    public void Default_HasTheRequiredBreadth()
    {
        Assert.True(Catalog.Services.Count >= 50, $"only {Catalog.Services.Count} services");
        Assert.InRange(Catalog.Domains.Count, 20, 30);
        Assert.Equal(["iaas", "container", "managed", "serverless", "abstracted"], Catalog.Models.Select(m => m.Id));
        Assert.Equal(["inherited", "shared", "customer_specific"], Catalog.ControlCategories.Select(c => c.Id));
    }

    [Fact]
    public void EveryServiceAndVariant_HasACellForEveryDomain()
    {
        foreach (var subject in Catalog.Subjects)
        {
            foreach (var domain in Catalog.Domains)
            {
                var cell = subject.CellFor(domain.Id);
                Assert.Equal(domain.Id, cell.DomainId);
                Assert.False(string.IsNullOrWhiteSpace(cell.Parts.Aws), $"{subject.Id}/{domain.Id} has no AWS part");
                Assert.False(string.IsNullOrWhiteSpace(cell.Parts.Customer), $"{subject.Id}/{domain.Id} has no customer part");
            }
        }
    }

    [Fact]
    public void Invariants_HoldForEveryServiceAndVariant()
    {
        string[] ofTheCloud = ["phys", "hw", "net_infra", "virt", "host_os"];
        string[] neverAws = ["enc_rest", "enc_transit", "data_class", "iam"];
        foreach (var subject in Catalog.Subjects)
        {
            foreach (var id in ofTheCloud)
            {
                Assert.Equal(Owner.Aws, subject.CellFor(id).Owner);
            }

            foreach (var id in neverAws)
            {
                Assert.NotEqual(Owner.Aws, subject.CellFor(id).Owner);
            }
        }
    }

    [Fact]
    public void EveryException_CitesASource()
    {
        foreach (var subject in Catalog.Subjects)
        {
            var model = Catalog.Model(subject.ModelId);
            foreach (var domain in Catalog.Domains)
            {
                var cell = subject.CellFor(domain.Id);
                var expected = model.Defaults.TryGetValue(domain.Id, out var d) ? d : domain.DefaultOwner;
                if (cell.Owner != expected && !(subject.Variant is not null && !subject.IsOverridden(domain.Id)))
                {
                    Assert.NotEmpty(cell.SourceIds);
                }
            }
        }
    }
}
