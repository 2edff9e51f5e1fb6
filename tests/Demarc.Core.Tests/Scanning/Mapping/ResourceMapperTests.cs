using Demarc.Catalog;
using Demarc.Scanning.Mapping;

namespace Demarc.Core.Tests.Scanning.Mapping;

public class ResourceMapperTests
{
    // Selectors come from the catalog; an overlay adds some so the test does not depend on which ones the built-in
    // catalog has today (the catalog engineers fill them in).
    private const string Overlay = """
        kind: service-patch
        service: rds
        variants:
          - id: rds_custom_oracle
            name: Amazon RDS Custom for Oracle
            summary: test selector
            selectors:
              - {resource: AWS::RDS::DBInstance, property: Engine, matches: '^custom-oracle'}
        ---
        kind: service-patch
        service: lambda
        variants:
          - id: lambda_container_image
            name: Lambda functions packaged as container images
            summary: test selector
            selectors:
              - {resource: AWS::Lambda::Function, property: PackageType, matches: '^image$'}
              - {resource: AWS::Lambda::Function, property: Code.ImageUri, matches: '.'}
        """;

    private static readonly ResponsibilityCatalog Catalog = LoadCatalog();

    private static ResponsibilityCatalog LoadCatalog()
    {
        var result = CatalogLoader.Load(ResponsibilityCatalog.BuiltInFiles(), [new CatalogFile("overlay.yaml", Overlay)]);
        Assert.True(result.IsValid, string.Join("\n", result.Diagnostics));
        return result.Catalog!;
    }

    private static MappedResource Map(string resources, IReadOnlyDictionary<string, string>? parameters = null, string id = "R")
    {
        var template = TestTemplates.Evaluate("Parameters:\n  Engine: {Type: String}\n  Pkg: {Type: String, Default: Zip}\nResources:\n" + resources, parameters);
        return new ResourceMapper(Catalog).Map(template.Resource(id)!);
    }

    [Fact]
    public void Map_TypeOfACatalogService_GivesTheService()
    {
        var mapped = Map("  R: {Type: AWS::S3::Bucket}\n");

        Assert.Equal("s3", mapped.Service?.Id);
        Assert.Equal(VariantStatus.Service, mapped.Status);
        Assert.Equal("s3", mapped.Subject?.Id);
    }

    [Fact]
    public void Map_EveryCatalogCloudFormationType_MapsToItsService()
    {
        var mapper = new ResourceMapper(Catalog);

        foreach (var service in Catalog.Services)
        {
            foreach (var type in service.ResourceTypes.CloudFormation)
            {
                Assert.Equal(service.Id, mapper.ServiceOf(type)?.Id);
            }
        }
    }

    [Fact]
    public void Map_UnknownType_IsUnclassifiedNotDropped()
    {
        var mapped = Map("  R: {Type: Custom::Thing}\n");

        Assert.False(mapped.IsClassified);
        Assert.Equal(VariantStatus.Unclassified, mapped.Status);
        Assert.Null(mapped.Subject);
        Assert.Equal("Custom::Thing", mapped.Resource.Type);
    }

    [Fact]
    public void Map_SelectorMatches_GivesTheVariant()
    {
        var mapped = Map("  R: {Type: AWS::RDS::DBInstance, Properties: {Engine: custom-oracle-ee}}\n");

        Assert.Equal(VariantStatus.Variant, mapped.Status);
        Assert.Equal("rds_custom_oracle", mapped.Subject?.Id);
        Assert.Equal("rds", mapped.Service?.Id);
    }

    [Fact]
    public void Map_SelectorIsCaseInsensitive_AndAnySelectorIsEnough()
    {
        Assert.Equal("lambda_container_image", Map("  R: {Type: AWS::Lambda::Function, Properties: {PackageType: Image}}\n").Subject?.Id);
        Assert.Equal("lambda_container_image", Map("  R: {Type: AWS::Lambda::Function, Properties: {Code: {ImageUri: repo/img:1}}}\n").Subject?.Id);
    }

    [Fact]
    public void Map_SelectorOnAParameterDefault_UsesIt()
    {
        Assert.Equal("lambda", Map("  R: {Type: AWS::Lambda::Function, Properties: {PackageType: !Ref Pkg}}\n").Subject?.Id);
        Assert.Equal("lambda_container_image", Map("  R: {Type: AWS::Lambda::Function, Properties: {PackageType: !Ref Pkg}}\n", new Dictionary<string, string> { ["Pkg"] = "Image" }).Subject?.Id);
    }

    [Fact]
    public void Map_SelectorNotMatching_IsTheService()
    {
        var mapped = Map("  R: {Type: AWS::RDS::DBInstance, Properties: {Engine: postgres}}\n");

        Assert.Equal(VariantStatus.Service, mapped.Status);
        Assert.Equal("rds", mapped.Subject?.Id);
    }

    [Fact]
    public void Map_SelectorOnAnUnknownValue_SaysTheVariantIsUnknown()
    {
        var mapped = Map("  R: {Type: AWS::RDS::DBInstance, Properties: {Engine: !Ref Engine}}\n");

        Assert.Equal(VariantStatus.Unknown, mapped.Status);
        Assert.Equal("rds", mapped.Subject?.Id);
        Assert.Equal("may be Amazon RDS Custom for Oracle (rds_custom_oracle): Engine depends on parameter `Engine`, which has no default", mapped.VariantReason);
    }

    [Fact]
    public void Map_SamTypes_MapToTheirServices()
    {
        Assert.Equal("lambda", Map("  R: {Type: AWS::Serverless::Function}\n").Service?.Id);
        Assert.Equal("api_gateway", Map("  R: {Type: AWS::Serverless::Api}\n").Service?.Id);
        Assert.Equal("dynamodb", Map("  R: {Type: AWS::Serverless::SimpleTable}\n").Service?.Id);
    }
}
