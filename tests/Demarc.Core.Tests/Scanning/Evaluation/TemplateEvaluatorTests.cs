using Demarc.Parsing;
using Demarc.Scanning;
using Demarc.Scanning.Evaluation;

namespace Demarc.Core.Tests.Scanning.Evaluation;

public class TemplateEvaluatorTests
{
    private const string Header = """
        AWSTemplateFormatVersion: '2010-09-09'
        Parameters:
          Env: {Type: String, Default: dev, AllowedValues: [dev, prod]}
          DbEncrypted: {Type: String}
          Algo: {Type: String, AllowedValues: ['aws:kms', 'aws:kms:dsse']}
          Subnets: {Type: CommaDelimitedList, Default: 'subnet-a, subnet-b'}
          Ami: {Type: 'AWS::SSM::Parameter::Value<AWS::EC2::Image::Id>', Default: /aws/service/ami}
          Size: {Type: Number, Default: 20}
        Mappings:
          RegionMap:
            us-east-1: {Ami: ami-1, Encrypted: 'true'}
            eu-west-1: {Ami: ami-2, Encrypted: 'true'}
          EnvMap:
            dev: {Size: small}
            prod: {Size: large}
        Conditions:
          IsProd: !Equals [!Ref Env, prod]
          IsDev: !Not [!Condition IsProd]
          Encrypt: !Equals [!Ref DbEncrypted, 'true']
          ProdAndEncrypt: !And [!Condition IsProd, !Condition Encrypt]
          DevOrEncrypt: !Or [!Condition IsDev, !Condition Encrypt]
        """;

    private static Value Property(string yamlValue, IReadOnlyDictionary<string, string>? parameters = null, string extraResources = "")
    {
        var text = Header + $"\nResources:\n  Key:\n    Type: AWS::KMS::Key\n  Queue:\n    Type: AWS::SQS::Queue\n  R:\n    Type: AWS::S3::Bucket\n    Properties:\n      P: {yamlValue}\n{extraResources}";
        return TestTemplates.Resource(text, "R", parameters).Property("P");
    }

    [Fact]
    public void Ref_ParameterWithDefault_IsTheDefaultPositionedWhereUsed()
    {
        var value = Property("!Ref Env");

        Assert.Equal("dev", value.AsString());
        Assert.Equal(new TextPosition(30, 10), value.Position);
    }

    [Fact]
    public void Ref_ParameterOverride_WinsOverTheDefault()
    {
        Assert.Equal("prod", Property("!Ref Env", new Dictionary<string, string> { ["Env"] = "prod" }).AsString());
    }

    [Fact]
    public void Ref_ParameterWithoutDefault_IsUnknownWithTheReason()
    {
        var value = Assert.IsType<UnknownValue>(Property("!Ref DbEncrypted"));

        Assert.Equal("depends on parameter `DbEncrypted`, which has no default", value.Reason);
        Assert.Equal(UnknownKind.Parameter, value.Kind);
        Assert.Equal("DbEncrypted", value.Source);
        Assert.True(value.IsTrue().IsUnknown);
        Assert.Equal(value.Reason, value.IsTrue().Reason);
    }

    [Fact]
    public void Ref_ParameterWithAllowedValues_IsDecidedWhenEveryCandidateAgrees()
    {
        var value = Property("!Ref Algo");

        Assert.True(value.Is(s => s.Text.StartsWith("aws:kms", StringComparison.Ordinal)).IsTrue);
        Assert.True(value.Is("AES256").IsFalse);
        var split = value.Is("aws:kms");
        Assert.True(split.IsUnknown);
        Assert.Contains("it may be aws:kms, aws:kms:dsse", split.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Ref_CommaDelimitedList_IsAListOfTrimmedItems()
    {
        var value = Assert.IsType<ListValue>(Property("!Ref Subnets"));

        Assert.Equal(["subnet-a", "subnet-b"], value.Values.Select(v => v.AsString()));
    }

    [Fact]
    public void Ref_SsmParameterType_IsUnknownEvenWithADefault()
    {
        var value = Assert.IsType<UnknownValue>(Property("!Ref Ami"));

        Assert.Contains("read from SSM parameter `/aws/service/ami`", value.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Ref_PseudoParameter_IsUnknownUnlessGiven()
    {
        var unknown = Assert.IsType<UnknownValue>(Property("!Ref AWS::Region"));
        Assert.Equal(UnknownKind.PseudoParameter, unknown.Kind);
        Assert.Contains("--parameter AWS::Region=", unknown.Reason, StringComparison.Ordinal);

        Assert.Equal("eu-west-1", Property("!Ref AWS::Region", new Dictionary<string, string> { ["AWS::Region"] = "eu-west-1" }).AsString());
    }

    [Fact]
    public void Ref_Resource_IsAReferenceToIt()
    {
        var value = Assert.IsType<ReferenceValue>(Property("!Ref Key"));

        Assert.Equal("Key", value.LogicalId);
        Assert.Null(value.Attribute);
        Assert.Equal("AWS::KMS::Key", value.TargetType);
        Assert.True(value.IsPresent().IsTrue);
        Assert.True(value.Is("x").IsUnknown);
    }

    [Fact]
    public void Ref_Undefined_IsUnknownAndReported()
    {
        var template = TestTemplates.Evaluate(Header + "\nResources:\n  R:\n    Type: AWS::S3::Bucket\n    Properties:\n      P: !Ref Nothing\n");

        Assert.IsType<UnknownValue>(template.Resource("R")!.Property("P"));
        Assert.Contains(template.Diagnostics, d => d.Rule == ScanRules.UnresolvedReference && d.Message.Contains("Nothing", StringComparison.Ordinal));
    }

    [Fact]
    public void NoValue_RemovesAPropertyAndAListItem()
    {
        var resource = TestTemplates.Resource(Header + """

            Resources:
              R:
                Type: AWS::S3::Bucket
                Properties:
                  Gone: !Ref AWS::NoValue
                  Items: [a, !Ref AWS::NoValue, b]
                  Kept: x
            """, "R");

        Assert.True(resource.Property("Gone").IsAbsent);
        Assert.False(((MapValue)resource.Properties).TryGet("Gone", out _));
        Assert.Equal(["a", "b"], resource.Items("Items").Select(v => v.AsString()));
        Assert.Equal("x", resource.Property("Kept").AsString());
    }

    [Theory]
    [InlineData("!GetAtt Key.Arn", "Arn")]
    [InlineData("!GetAtt [Key, Arn]", "Arn")]
    [InlineData("{'Fn::GetAtt': 'Key.KeyId'}", "KeyId")]
    public void GetAtt_BothForms_AreReferences(string yaml, string attribute)
    {
        var value = Assert.IsType<ReferenceValue>(Property(yaml));

        Assert.Equal("Key", value.LogicalId);
        Assert.Equal(attribute, value.Attribute);
    }

    [Fact]
    public void Sub_KnownPlaceholders_GiveAKnownString()
    {
        Assert.Equal("app-dev-20-${Literal}", Property("!Sub 'app-${Env}-${Size}-${!Literal}'").AsString());
    }

    [Fact]
    public void Sub_VariableForm_UsesTheVariables()
    {
        Assert.Equal("x-small-dev", Property("!Sub ['x-${S}-${Env}', {S: !FindInMap [EnvMap, !Ref Env, Size]}]").AsString());
    }

    [Fact]
    public void Sub_WithResourceAndPseudoParameter_IsTextWithDeployTimeParts()
    {
        var value = Assert.IsType<TextValue>(Property("!Sub 'arn:${AWS::Partition}:s3:::${Queue.Arn}/*'"));

        Assert.Equal("arn:${AWS::Partition}:s3:::${Queue.Arn}/*", value.Display());
        Assert.False(value.CouldEqual("*"));
        Assert.True(value.CouldEqual("arn:aws:s3:::queue-arn/*"));
        Assert.True(value.IsPresent().IsTrue);
        Assert.True(value.Is("*").IsUnknown);
        Assert.Equal("Queue", Assert.Single(value.References()).LogicalId);
    }

    [Fact]
    public void Join_KnownAndReferenceParts()
    {
        Assert.Equal("a-dev-b", Property("!Join ['-', [a, !Ref Env, b]]").AsString());
        var text = Assert.IsType<TextValue>(Property("!Join ['', ['arn:aws:sqs:', !GetAtt Queue.QueueName]]"));
        Assert.Equal("arn:aws:sqs:${Queue.QueueName}", text.Display());
    }

    [Fact]
    public void Select_And_Split()
    {
        Assert.Equal("subnet-b", Property("!Select [1, !Ref Subnets]").AsString());
        Assert.Equal("c", Property("!Select [2, !Split [',', 'a,b,c']]").AsString());
        var az = Assert.IsType<UnknownValue>(Property("!Select [0, !GetAZs '']"));
        Assert.Contains("availability zones", az.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void FindInMap_KnownKeys_GiveTheValue()
    {
        Assert.Equal("small", Property("!FindInMap [EnvMap, !Ref Env, Size]").AsString());
        Assert.Equal("large", Property("!FindInMap [EnvMap, !Ref Env, Size]", new Dictionary<string, string> { ["Env"] = "prod" }).AsString());
    }

    [Fact]
    public void FindInMap_UnknownKeyWithOneValue_IsKnown()
    {
        // Every region maps Encrypted to 'true': the region does not matter.
        Assert.True(Property("!FindInMap [RegionMap, !Ref AWS::Region, Encrypted]").IsTrue().IsTrue);
    }

    [Fact]
    public void FindInMap_UnknownKeyWithSeveralValues_IsUnknownWithCandidates()
    {
        var value = Assert.IsType<UnknownValue>(Property("!FindInMap [RegionMap, !Ref AWS::Region, Ami]"));

        Assert.Equal(["ami-1", "ami-2"], value.Candidates.Select(c => c.Text));
        Assert.Contains("the key into mapping `RegionMap`", value.Reason, StringComparison.Ordinal);
        Assert.True(value.Is(s => s.Text.StartsWith("ami-", StringComparison.Ordinal)).IsTrue);
    }

    [Fact]
    public void FindInMap_DefaultValue_IsUsedForAMissingKey()
    {
        Assert.Equal("fallback", Property("!FindInMap [EnvMap, test, Size, {DefaultValue: fallback}]").AsString());
    }

    [Fact]
    public void If_KnownCondition_TakesOneBranch()
    {
        Assert.Equal("small", Property("!If [IsProd, big, small]").AsString());
        Assert.Equal("big", Property("!If [IsProd, big, small]", new Dictionary<string, string> { ["Env"] = "prod" }).AsString());
        Assert.True(Property("!If [IsDev, !Ref AWS::NoValue, x]").IsAbsent);
    }

    [Fact]
    public void If_UnknownCondition_KeepsBothBranchesWithTheReason()
    {
        var value = Assert.IsType<AlternativesValue>(Property("!If [Encrypt, 'true', 'false']"));

        Assert.Equal(["Encrypt is true", "Encrypt is false"], value.Branches.Select(b => b.When));
        Assert.Equal(["true", "false"], value.Branches.Select(b => b.Value.AsString()));
        Assert.Equal("condition `Encrypt` depends on parameter `DbEncrypted`, which has no default", value.Reason);
        var truth = value.IsTrue();
        Assert.True(truth.IsUnknown);
        Assert.Contains("holds when Encrypt is true; does not hold when Encrypt is false", truth.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void If_UnknownConditionWithAgreeingBranches_IsDecided()
    {
        Assert.True(Property("!If [Encrypt, 'aws:kms', 'aws:kms:dsse']").Is(s => s.Text.StartsWith("aws:kms", StringComparison.Ordinal)).IsTrue);
    }

    [Fact]
    public void If_Nested_FlattensIntoOneListOfBranches()
    {
        var value = Assert.IsType<AlternativesValue>(Property("!If [Encrypt, a, !If [ProdAndEncrypt, b, c]]"));

        // Inside the false branch of Encrypt, ProdAndEncrypt is still evaluated (and is false: Env defaults to dev).
        Assert.Equal(["a", "c"], value.Branches.Select(b => b.Value.AsString()));
    }

    [Fact]
    public void If_SameConditionNested_IsPrunedByTheBranchTaken()
    {
        var value = Assert.IsType<AlternativesValue>(Property("!If [Encrypt, !If [Encrypt, a, never], b]"));

        Assert.Equal(["a", "b"], value.Branches.Select(b => b.Value.AsString()));
    }

    [Fact]
    public void Conditions_ThreeValuedLogic()
    {
        var template = TestTemplates.Evaluate(Header + "\nResources:\n  R: {Type: AWS::S3::Bucket}\n");

        Assert.True(template.Conditions["IsProd"].IsFalse);
        Assert.True(template.Conditions["IsDev"].IsTrue);
        Assert.True(template.Conditions["Encrypt"].IsUnknown);
        Assert.True(template.Conditions["ProdAndEncrypt"].IsFalse);
        Assert.True(template.Conditions["DevOrEncrypt"].IsTrue);
    }

    [Fact]
    public void Conditions_EqualsOnAnUnknownWithCandidates_IsDecidedWhenNoneMatch()
    {
        var template = TestTemplates.Evaluate("""
            Parameters:
              Mode: {Type: String, AllowedValues: [a, b]}
            Conditions:
              IsC: !Equals [!Ref Mode, c]
              IsA: !Equals [!Ref Mode, a]
            Resources:
              R: {Type: AWS::S3::Bucket}
            """);

        Assert.True(template.Conditions["IsC"].IsFalse);
        Assert.True(template.Conditions["IsA"].IsUnknown);
    }

    [Fact]
    public void Condition_OnResource_DecidesWhetherItExists()
    {
        var template = TestTemplates.Evaluate(Header + """

            Resources:
              Always: {Type: AWS::S3::Bucket}
              OnlyProd: {Type: AWS::S3::Bucket, Condition: IsProd}
              Maybe:
                Type: AWS::S3::Bucket
                Condition: Encrypt
                Properties:
                  P: !If [Encrypt, inside, outside]
            """);

        Assert.True(template.Resource("Always")!.Exists.IsTrue);
        Assert.True(template.Resource("OnlyProd")!.Exists.IsFalse);
        var maybe = template.Resource("Maybe")!;
        Assert.True(maybe.Exists.IsUnknown);
        Assert.Contains("DbEncrypted", maybe.Exists.Reason, StringComparison.Ordinal);
        Assert.Equal("inside", maybe.Property("P").AsString());
    }

    [Fact]
    public void Conditions_ReferringToThemselves_AreUnknownNotAHang()
    {
        var template = TestTemplates.Evaluate("""
            Conditions:
              A: !Condition B
              B: !Not [!Condition A]
            Resources:
              R: {Type: AWS::S3::Bucket, Condition: A}
            """);

        Assert.True(template.Resource("R")!.Exists.IsUnknown);
        Assert.Contains(template.Diagnostics, d => d.Message.Contains("refers to itself", StringComparison.Ordinal));
    }

    [Fact]
    public void Base64_EvaluatesToItsInputText()
    {
        Assert.Equal("#!/bin/bash\necho dev\n", Property("!Base64 {'Fn::Sub': \"#!/bin/bash\\necho ${Env}\\n\"}").AsString());
    }

    [Fact]
    public void Cidr_ComputesSubnets()
    {
        var list = Assert.IsType<ListValue>(Property("!Cidr ['10.0.0.0/16', 3, 8]"));
        Assert.Equal(["10.0.0.0/24", "10.0.1.0/24", "10.0.2.0/24"], list.Values.Select(v => v.AsString()));

        var v6 = Assert.IsType<ListValue>(Property("!Cidr ['2001:db8::/56', 2, 64]"));
        Assert.Equal(["2001:db8::/64", "2001:db8:0:1::/64"], v6.Values.Select(v => v.AsString()));
    }

    [Fact]
    public void ImportValue_IsUnknownNamingTheExport()
    {
        var value = Assert.IsType<UnknownValue>(Property("!ImportValue {'Fn::Sub': '${Env}-VpcId'}"));

        Assert.Equal(UnknownKind.Import, value.Kind);
        Assert.Contains("export `dev-VpcId`", value.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void GetAZs_IsUnknown()
    {
        Assert.Equal(UnknownKind.DeployTime, Assert.IsType<UnknownValue>(Property("!GetAZs ''")).Kind);
    }

    [Fact]
    public void Length_And_ToJsonString()
    {
        Assert.Equal(2, Property("!Length [a, b]").AsInteger());
        Assert.Equal(2, Property("!Length {Ref: Subnets}").AsInteger());
        Assert.Equal("{\"env\":\"dev\",\"n\":[1,true]}", Property("!ToJsonString {env: !Ref Env, n: [1, true]}").AsString());
        Assert.IsType<UnknownValue>(Property("!ToJsonString {k: !Ref DbEncrypted}"));
    }

    [Theory]
    [InlineData("{'Fn::Transform': {Name: AWS::Include, Parameters: {Location: s3://b/k}}}", "AWS::Include")]
    [InlineData("{'Fn::Transform': [{Name: Date, Parameters: {Date: x}}]}", "Date")]
    public void Transform_IsUnknownAndReportedWithTheMacroName(string yaml, string macro)
    {
        var template = TestTemplates.Evaluate($"Resources:\n  R:\n    Type: AWS::S3::Bucket\n    Properties:\n      P: {yaml}\n");

        var value = Assert.IsType<UnknownValue>(template.Resource("R")!.Property("P"));
        Assert.Equal(UnknownKind.Macro, value.Kind);
        Assert.Equal(macro, value.Source);
        Assert.Contains(template.Diagnostics, d => d.Rule == ScanRules.UnexpandedTransform && d.Message.Contains($"Fn::Transform {macro} ", StringComparison.Ordinal));
    }

    [Fact]
    public void DynamicReference_IsUnknownKeepingTheReference()
    {
        var value = Assert.IsType<UnknownValue>(Property("'{{resolve:secretsmanager:db-secret:SecretString:password}}'"));

        Assert.Equal(UnknownKind.DynamicReference, value.Kind);
        Assert.Contains("secretsmanager", value.Reason, StringComparison.Ordinal);
        Assert.Equal("{{resolve:secretsmanager:db-secret:SecretString:password}}", value.Source);
    }

    [Fact]
    public void IntrinsicOnAlternatives_IsAppliedPerBranch()
    {
        var value = Assert.IsType<AlternativesValue>(Property("!Join ['-', [x, !If [Encrypt, on, off]]]"));

        Assert.Equal(["x-on", "x-off"], value.Branches.Select(b => b.Value.AsString()));
    }

    [Fact]
    public void IfAroundWholeProperties_IsNavigable()
    {
        var resource = TestTemplates.Resource(Header + """

            Resources:
              R:
                Type: AWS::RDS::DBInstance
                Properties: !If
                  - Encrypt
                  - {StorageEncrypted: true}
                  - {StorageEncrypted: false}
            """, "R");

        var truth = resource.Property("StorageEncrypted").IsTrue();
        Assert.True(truth.IsUnknown);
        Assert.Contains("DbEncrypted", truth.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Outputs_AreEvaluated()
    {
        var template = TestTemplates.Evaluate(Header + """

            Resources:
              R: {Type: AWS::S3::Bucket}
            Outputs:
              Name:
                Value: !Ref R
                Export: {Name: !Sub '${Env}-bucket'}
              ProdOnly:
                Condition: IsProd
                Value: x
            """);

        Assert.IsType<ReferenceValue>(template.Outputs[0].Value);
        Assert.Equal("dev-bucket", template.Outputs[0].ExportName.AsString());
        Assert.True(template.Outputs[1].Exists.IsFalse);
    }

    [Fact]
    public void Parameters_ReportWhereTheValueCameFrom()
    {
        var template = TestTemplates.Evaluate(Header + "\nResources:\n  R: {Type: AWS::S3::Bucket}\n", new Dictionary<string, string> { ["Env"] = "prod", ["Unused"] = "x" });

        var env = template.Parameters.Single(p => p.Declaration.Name == "Env");
        Assert.True(env.FromOverride);
        Assert.Equal("prod", env.Value.AsString());
        Assert.Contains(template.Diagnostics, d => d.Severity == DiagnosticSeverity.Info && d.Rule == ScanRules.UnknownParameter && d.Message.Contains("Unused", StringComparison.Ordinal));
    }

    [Fact]
    public void JsonTemplate_EvaluatesLikeYaml()
    {
        var template = TestTemplates.Evaluate("""
            {
              "Parameters": {"Env": {"Type": "String", "Default": "dev"}},
              "Resources": {
                "Q": {"Type": "AWS::SQS::Queue"},
                "R": {"Type": "AWS::S3::Bucket", "Properties": {
                  "Name": {"Fn::Sub": "b-${Env}"},
                  "Target": {"Fn::GetAtt": ["Q", "Arn"]},
                  "Flag": true
                }}
              }
            }
            """);

        var r = template.Resource("R")!;
        Assert.Equal("b-dev", r.Property("Name").AsString());
        Assert.Equal("Q", ((ReferenceValue)r.Property("Target")).LogicalId);
        Assert.Equal(ScalarKind.Boolean, ((ScalarValue)r.Property("Flag")).Kind);
        Assert.Equal(new TextPosition(6, 15), r.Property("Name").Position);
        Assert.Equal("template.yaml:5:5", r.Location.ToString());
    }
}
