using Demarc.Catalog;
using Demarc.Parsing;
using Demarc.Scanning.Terraform;

namespace Demarc.Core.Tests.Terraform;

/// <summary>A view's messages said in Terraform's words: CloudFormation paths in backticks become the Terraform paths they were read from.</summary>
public class ProjectionNamesTests
{
    private static Projection.Names Names()
    {
        const string yaml = """
            StorageEncrypted: storage_encrypted
            KmsKeyId: [kms_key_id, kms_key_arn]
            VersioningConfiguration.Status: versioning.status
            Rules:
              from: rule
              each:
                Prefix: filter.prefix
            """;
        var diagnostics = new List<CatalogDiagnostic>();
        var owner = YamlMap.Parse("view.yaml", yaml, diagnostics, "a view")!;
        var shape = Projection.ReadMap(owner.Node, owner);
        Assert.Empty(diagnostics);
        return new Projection.Names(shape!);
    }

    [Theory]
    [InlineData("`StorageEncrypted` is `false` (expected `true`)", "`storage_encrypted` is `false` (expected `true`)")]
    [InlineData("`KmsKeyId` is not set", "`kms_key_id` or `kms_key_arn` is not set")]
    [InlineData("`VersioningConfiguration.Status` is `Suspended`", "`versioning.status` is `Suspended`")]
    [InlineData("`VersioningConfiguration.Other.Deep` is missing", "`VersioningConfiguration.Other.Deep` is missing")]
    [InlineData("`Rules.0.Prefix` is empty", "`rule.0.filter.prefix` is empty")]
    [InlineData("no paths here", "no paths here")]
    [InlineData("", "")]
    [InlineData("an empty pair `` then `StorageEncrypted`", "an empty pair `` then `storage_encrypted`")]
    [InlineData("`StorageEncrypted", "`StorageEncrypted")]
    [InlineData("`not a path` but `StorageEncrypted` is", "`not a path` but `storage_encrypted` is")]
    [InlineData("```StorageEncrypted```", "```storage_encrypted```")]
    [InlineData("`StorageEncrypted``StorageEncrypted`", "`storage_encrypted``storage_encrypted`")]
    [InlineData("`Stöcker` and `StorageEncrypted`", "`Stöcker` and `storage_encrypted`")]
    public void Rename_TranslatesEveryPathInBackticks(string text, string expected)
    {
        var names = Names();

        // Twice: the second answer comes from the cache of translated paths.
        Assert.Equal(expected, names.Rename(text));
        Assert.Equal(expected, names.Rename(text));
    }
}
