using System.Text;
using Demarc.Scanning;
using Demarc.Scanning.Evaluation;
using Demarc.Scanning.Templates;

namespace Demarc.Core.Tests.Scanning.Templates;

public class TemplateLoaderTests
{
    [Fact]
    public void Load_ForEachOverAList_ExpandsOneResourcePerItem()
    {
        var template = TestTemplates.Evaluate("""
            Transform: AWS::LanguageExtensions
            Resources:
              Fn::ForEach::Tables:
                - Name
                - [Orders, Users]
                - 'Table${Name}':
                    Type: AWS::DynamoDB::Table
                    Properties:
                      TableName: !Ref Name
                      Description: !Sub 'table ${Name}'
            """);

        Assert.Equal(["TableOrders", "TableUsers"], template.Resources.Select(r => r.LogicalId));
        var users = template.Resource("TableUsers")!;
        Assert.Equal("Users", users.Property("TableName").AsString());
        Assert.Equal("table Users", users.Property("Description").AsString());
        Assert.Equal(ResourceOriginKind.ForEach, users.Origin.Kind);
        Assert.Equal("Fn::ForEach::Tables", users.Origin.From);
        Assert.Equal("Name = Users", users.Origin.Note);
        Assert.Equal(6, users.Location.Line);
    }

    [Fact]
    public void Load_ForEachOverAParameter_UsesTheParameterValue()
    {
        const string text = """
            Transform: AWS::LanguageExtensions
            Parameters:
              Topics: {Type: CommaDelimitedList, Default: 'a-b,c'}
            Resources:
              Fn::ForEach::Topics:
                - T
                - !Ref Topics
                - 'Topic&{T}': {Type: AWS::SNS::Topic, Properties: {TopicName: !Ref T}}
            """;

        Assert.Equal(["Topicab", "Topicc"], TestTemplates.Evaluate(text).Resources.Select(r => r.LogicalId));
        Assert.Equal(["Topicx", "Topicy", "Topicz"], TestTemplates.Evaluate(text, new Dictionary<string, string> { ["Topics"] = "x,y,z" }).Resources.Select(r => r.LogicalId));
    }

    [Fact]
    public void Load_NestedForEach_ExpandsEveryCombination()
    {
        var template = TestTemplates.Evaluate("""
            Transform: AWS::LanguageExtensions
            Resources:
              Fn::ForEach::Envs:
                - Env
                - [Dev, Prod]
                - Fn::ForEach::Apps:
                    - App
                    - [Web, Api]
                    - '${Env}${App}Bucket':
                        Type: AWS::S3::Bucket
                        Properties: {BucketName: !Sub '${Env}-${App}'}
            """);

        Assert.Equal(["DevWebBucket", "DevApiBucket", "ProdWebBucket", "ProdApiBucket"], template.Resources.Select(r => r.LogicalId));
        Assert.Equal("Prod-Api", template.Resource("ProdApiBucket")!.Property("BucketName").AsString());
    }

    [Fact]
    public void Load_ForEachInsideProperties_ExpandsThere()
    {
        var resource = TestTemplates.Resource("""
            Transform: AWS::LanguageExtensions
            Resources:
              Table:
                Type: AWS::DynamoDB::Table
                Properties:
                  Tags:
                    Fn::ForEach::Tag: [K, [a, b], {'${K}': 'v-${K}'}]
            """, "Table");

        Assert.Equal("v-b", resource.Property("Tags.b").AsString());
    }

    [Fact]
    public void Load_ForEachOverAnUnknownCollection_IsReportedNotSilentlyDropped()
    {
        var template = TestTemplates.Evaluate("""
            Transform: AWS::LanguageExtensions
            Parameters:
              Names: {Type: CommaDelimitedList}
            Resources:
              Fn::ForEach::Queues: [N, !Ref Names, {'Q${N}': {Type: AWS::SQS::Queue}}]
              Other: {Type: AWS::SQS::Queue}
            """);

        Assert.Equal(["Other"], template.Resources.Select(r => r.LogicalId));
        var warning = Assert.Single(template.Diagnostics, d => d.Rule == ScanRules.UnexpandedTransform);
        Assert.Contains("Fn::ForEach::Queues is not expanded", warning.Message, StringComparison.Ordinal);
        Assert.Contains("parameter `Names`, which has no default", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_ForEachInOutputs_Expands()
    {
        var template = TestTemplates.Evaluate("""
            Transform: AWS::LanguageExtensions
            Resources:
              B: {Type: AWS::S3::Bucket}
            Outputs:
              Fn::ForEach::Out: [X, [One, Two], {'Out${X}': {Value: !Sub '${X}'}}]
            """);

        Assert.Equal(["OutOne", "OutTwo"], template.Outputs.Select(o => o.Declaration.Name));
        Assert.Equal("Two", template.Outputs[1].Value.AsString());
    }

    [Fact]
    public void Load_ForEachBeyondTheResourceLimit_StopsWithAnError()
    {
        var items = string.Join(", ", Enumerable.Range(0, 50).Select(i => $"i{i}"));
        var template = TestTemplates.Evaluate(
            $"Transform: AWS::LanguageExtensions\nResources:\n  Fn::ForEach::Many: [A, [{items}], {{'Q${{A}}': {{Type: AWS::SQS::Queue}}}}]\n",
            options: ScanOptions.Default with { MaxResources = 10 });

        Assert.Equal(10, template.Resources.Count);
        Assert.Contains(template.Diagnostics, d => d.Severity == DiagnosticSeverity.Error && d.Rule == ScanRules.TooManyResources);
    }

    [Fact]
    public void Load_MoreResourcesThanTheLimit_KeepsTheFirstAndReports()
    {
        var text = new StringBuilder("Resources:\n");
        for (var i = 0; i < 30; i++)
        {
            text.Append(FormattableString.Invariant($"  Q{i}: {{Type: AWS::SQS::Queue}}\n"));
        }

        var template = TestTemplates.Load(text.ToString(), ScanOptions.Default with { MaxResources = 25 });

        Assert.Equal(25, template.Resources.Count);
        var error = Assert.Single(template.Diagnostics);
        Assert.Equal(ScanRules.TooManyResources, error.Rule);
        Assert.Equal(DiagnosticSeverity.Error, error.Severity);
        Assert.Contains("30 resources, more than the limit of 25", error.Message, StringComparison.Ordinal);
        Assert.Equal(27, error.Location.Line);
    }

    [Fact]
    public void Load_ResourceWithoutType_IsAnError()
    {
        var template = TestTemplates.Load("AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  Bad: {Properties: {}}\n  Good: {Type: AWS::S3::Bucket}\n");

        Assert.Equal(["Good"], template.Resources.Select(r => r.LogicalId));
        var error = Assert.Single(template.Diagnostics);
        Assert.Equal(DiagnosticSeverity.Error, error.Severity);
        Assert.Equal("resource 'Bad' has no Type", error.Message);
        Assert.Equal((3, 3), (error.Location.Line, error.Location.Column));
    }

    [Theory]
    [InlineData("Resources:\n  Net:\n    Type: !Rain::Module ./vpc.yml\n  B: {Type: AWS::S3::Bucket}\n")]
    [InlineData("{\"Resources\": {\"Net\": {\"Type\": {\"Rain::Module\": \"./vpc.yml\"}}, \"B\": {\"Type\": \"AWS::S3::Bucket\"}}}")]
    public void Load_PreProcessorModule_IsAWarningNotAnError(string text)
    {
        var template = TestTemplates.Load(text);

        Assert.Equal(["B"], template.Resources.Select(r => r.LogicalId));
        Assert.Contains(template.Diagnostics, d => d.Severity == DiagnosticSeverity.Warning && d.Message.Contains("Rain::Module", StringComparison.Ordinal));
        Assert.DoesNotContain(template.Diagnostics, d => d.Severity == DiagnosticSeverity.Error);
    }

    [Fact]
    public void Load_OtherTransforms_AreReportedAsNotExpanded()
    {
        var template = TestTemplates.Load("Transform: [MyMacro, AWS::Serverless-2016-10-31]\nResources:\n  B: {Type: AWS::S3::Bucket}\n");

        Assert.True(template.IsSam);
        Assert.Equal(["MyMacro", Template.SamTransform], template.Transforms);
        var warning = Assert.Single(template.Diagnostics);
        Assert.Equal(ScanRules.UnexpandedTransform, warning.Rule);
        Assert.Contains("MyMacro", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_Sections_AreRead()
    {
        var template = TestTemplates.Load("""
            AWSTemplateFormatVersion: '2010-09-09'
            Description: A stack
            Parameters:
              P: {Type: Number, Default: 3, NoEcho: true}
            Mappings:
              M: {k: {v: 1}}
            Conditions:
              C: !Equals [a, a]
            Resources:
              B:
                Type: AWS::S3::Bucket
                Condition: C
                DependsOn: [X, Y]
                DeletionPolicy: Retain
                Metadata: {demarc: {suppress: []}}
            Outputs:
              O: {Value: !Ref B, Export: {Name: n}}
            """);

        Assert.Equal("2010-09-09", template.FormatVersion);
        Assert.Equal("A stack", template.Description);
        Assert.True(template.Parameter("P")!.NoEcho);
        Assert.Equal("Number", template.Parameter("P")!.Type);
        Assert.NotNull(template.Mapping("M"));
        Assert.NotNull(template.Condition("C"));
        var bucket = template.Resource("B")!;
        Assert.Equal("C", bucket.Condition);
        Assert.Equal(["X", "Y"], bucket.DependsOn);
        Assert.Equal("Retain", bucket.DeletionPolicy);
        Assert.NotNull(bucket.Metadata);
        Assert.Equal("O", Assert.Single(template.Outputs).Name);
    }
}
