using System.Text;
using Demarc.Catalog;

namespace Demarc.Core.Tests.Asking;

/// <summary>
/// The built-in catalog with made-up services laid over it, so that tests of name handling (a name several services
/// share, a name no service has) do not depend on which real services and aliases the catalog holds at the time.
/// </summary>
internal static class TestCatalogs
{
    /// <summary>The built-in catalog plus services given by id, name and model, each cell at its model's default owner.</summary>
    public static ResponsibilityCatalog With(params (string Id, string Name, string Model)[] services)
    {
        var builtIn = ResponsibilityCatalog.Default;
        var files = new List<CatalogFile>();
        foreach (var (id, name, modelId) in services)
        {
            var model = builtIn.Model(modelId);
            var yaml = new StringBuilder();
            yaml.AppendLine("kind: service");
            yaml.AppendLine($"id: {id}");
            yaml.AppendLine($"name: {name}");
            yaml.AppendLine("aliases: []");
            yaml.AppendLine($"model: {modelId}");
            yaml.AppendLine("category: compute");
            yaml.AppendLine("summary: A made-up service for tests.");
            yaml.AppendLine("cells:");
            foreach (var domain in builtIn.Domains)
            {
                var owner = model.Defaults.TryGetValue(domain.Id, out var d) ? d : domain.DefaultOwner;
                yaml.AppendLine($"  {domain.Id}: {{owner: {Model.OwnerNames.Display(owner)}, aws: AWS part of {domain.Id}., customer: Customer part of {domain.Id}.}}");
            }

            files.Add(new CatalogFile($"test/{id}.yaml", yaml.ToString()));
        }

        var result = CatalogLoader.Load(ResponsibilityCatalog.BuiltInFiles(), files);
        Assert.True(result.IsValid, string.Join("\n", result.Diagnostics));
        return result.Catalog!;
    }
}
