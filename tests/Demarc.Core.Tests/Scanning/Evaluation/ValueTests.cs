using Demarc.Parsing;
using Demarc.Scanning.Evaluation;

namespace Demarc.Core.Tests.Scanning.Evaluation;

/// <summary>The query API checks use: paths, items, three-valued answers, defaults, references.</summary>
public class ValueTests
{
    private const string Template = """
        Parameters:
          Open: {Type: String}
          Cidr: {Type: String}
        Conditions:
          IsOpen: !Equals [!Ref Open, 'yes']
        Resources:
          Sg:
            Type: AWS::EC2::SecurityGroup
            Properties:
              SecurityGroupIngress:
                - {IpProtocol: tcp, FromPort: 443, ToPort: 443, CidrIp: 0.0.0.0/0}
                - !If [IsOpen, {IpProtocol: tcp, FromPort: 22, ToPort: 22, CidrIp: 0.0.0.0/0}, !Ref AWS::NoValue]
                - {IpProtocol: tcp, FromPort: 5432, ToPort: 5432, CidrIp: 10.0.0.0/8}
          Rule:
            Type: AWS::EC2::SecurityGroupIngress
            Properties:
              GroupId: !GetAtt Sg.GroupId
              CidrIp: !Ref Cidr
              FromPort: 3389
          Bucket:
            Type: AWS::S3::Bucket
            Properties:
              BucketEncryption:
                ServerSideEncryptionConfiguration:
                  - ServerSideEncryptionByDefault: {SSEAlgorithm: 'aws:kms'}
          Db:
            Type: AWS::RDS::DBInstance
            Properties:
              Engine: postgres
        """;

    private static readonly EvaluatedTemplate Evaluated = TestTemplates.Evaluate(Template);

    [Fact]
    public void Property_DottedPathThroughAList_FindsTheValue()
    {
        var bucket = Evaluated.Resource("Bucket")!;

        var algorithm = bucket.Property("BucketEncryption.ServerSideEncryptionConfiguration.0.ServerSideEncryptionByDefault.SSEAlgorithm");

        Assert.Equal("aws:kms", algorithm.AsString());
        Assert.Equal("template.yaml:25:59", bucket.Locate(algorithm).ToString());
    }

    [Fact]
    public void Every_OverListItems_PassesWhenEachItemDoes()
    {
        var rules = Evaluated.Resource("Bucket")!.Property("BucketEncryption.ServerSideEncryptionConfiguration");

        Assert.True(rules.Every(r => r["ServerSideEncryptionByDefault"]["SSEAlgorithm"].IsOneOf(["aws:kms", "aws:kms:dsse"])).IsTrue);
        Assert.True(rules.Every(r => r.Get("ServerSideEncryptionByDefault.SSEAlgorithm").Is("AES256")).IsFalse);
    }

    [Fact]
    public void Some_KnownOpenRule_IsTrueAtTheRule()
    {
        var ingress = Evaluated.Resource("Sg")!.Property("SecurityGroupIngress");

        var https = ingress.Some(r => r.Get("CidrIp").Is("0.0.0.0/0").And(r.Get("FromPort").Is("443")));

        Assert.True(https.IsTrue);
        Assert.Equal(11, https.Position.Line);
    }

    [Fact]
    public void Some_ConditionalItem_IsUnknownWithTheCondition()
    {
        var ingress = Evaluated.Resource("Sg")!.Property("SecurityGroupIngress");

        var ssh = ingress.Some(r => r.Get("FromPort").Is("22").And(r.Get("CidrIp").Is("0.0.0.0/0")));

        Assert.True(ssh.IsUnknown);
        Assert.Contains("holds when IsOpen is true", ssh.Reason, StringComparison.Ordinal);
        Assert.Contains("parameter `Open`, which has no default", ssh.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_ConditionalItem_CountsAsPassingWhereAbsent()
    {
        var ingress = Evaluated.Resource("Sg")!.Property("SecurityGroupIngress");

        // Every rule uses TCP: the conditional one too, and where it is absent nothing fails.
        Assert.True(ingress.Every(r => r.Get("IpProtocol").Is("tcp")).IsTrue);
        Assert.Equal(3, ingress.Items().Count);
    }

    [Fact]
    public void Every_And_Some_OnAbsentLists()
    {
        var missing = Evaluated.Resource("Db")!.Property("VPCSecurityGroups");

        Assert.True(missing.IsAbsent);
        Assert.True(missing.Every(_ => Truth.Known(false, default)).IsTrue);
        Assert.True(missing.Some(_ => Truth.Known(true, default)).IsFalse);
        Assert.Empty(missing.Items());
    }

    [Fact]
    public void Absent_IsFalseUnlessADefaultIsGiven()
    {
        var db = Evaluated.Resource("Db")!;

        Assert.True(db.Property("StorageEncrypted").IsTrue().IsFalse);
        Assert.True(db.Property("PubliclyAccessible").OrDefault(true).IsTrue().IsTrue);
        Assert.True(db.Has("Engine").IsTrue);
        Assert.True(db.Has("KmsKeyId").IsFalse);

        // A missing property points at the resource's properties, so a finding lands on the resource.
        Assert.Equal(29, db.Property("StorageEncrypted").IsTrue().Position.Line);
    }

    [Fact]
    public void Unknown_NeverPasses()
    {
        var cidr = Evaluated.Resource("Rule")!.Property("CidrIp");

        Assert.True(cidr.Is("0.0.0.0/0").IsUnknown);
        Assert.True(cidr.Is("0.0.0.0/0").Not().IsUnknown);
        Assert.True(cidr.IsPresent().IsUnknown);
        Assert.True(cidr["Anything"].Is("x").IsUnknown);
    }

    [Fact]
    public void Target_FollowsAReferenceToItsResource()
    {
        var rule = Evaluated.Resource("Rule")!;

        var group = Evaluated.Target(rule.Property("GroupId"));

        Assert.Equal("Sg", group?.LogicalId);
        Assert.Null(Evaluated.Target(rule.Property("FromPort")));
    }

    [Fact]
    public void ReferencesTo_ListsTheReferringResourcesWithPaths()
    {
        var references = Evaluated.ReferencesTo("Sg").ToList();

        var reference = Assert.Single(references);
        Assert.Equal("Rule", reference.From.LogicalId);
        Assert.Equal("GroupId", reference.Path);
        Assert.Equal("GroupId", reference.Reference.Attribute);
        Assert.Empty(Evaluated.ReferencesTo("Bucket"));
    }

    [Fact]
    public void Truth_AllAndAny_ThreeValued()
    {
        var t = Truth.Known(true, new TextPosition(1, 1));
        var f = Truth.Known(false, new TextPosition(2, 1));
        var u = Truth.Unknown("why", new TextPosition(3, 1));

        Assert.Equal(f, Truth.All([t, u, f]));
        Assert.Equal(u, Truth.All([t, u]));
        Assert.True(Truth.All([]).IsTrue);
        Assert.Equal(t, Truth.Any([f, u, t]));
        Assert.Equal(u, Truth.Any([f, u]));
        Assert.True(Truth.Any([]).IsFalse);
        Assert.True(u.And(f).IsFalse);
        Assert.True(u.Or(t).IsTrue);
        Assert.Equal("why", u.Not().Reason);
    }

    [Fact]
    public void Display_ShowsValuesForMessages()
    {
        var rule = Evaluated.Resource("Rule")!;

        Assert.Equal("!GetAtt Sg.GroupId", rule.Property("GroupId").Display());
        Assert.Equal("3389", rule.Property("FromPort").Display());
        Assert.Equal("(not set)", rule.Property("ToPort").Display());
    }
}
