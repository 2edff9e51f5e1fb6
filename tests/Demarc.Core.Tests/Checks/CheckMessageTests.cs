using Demarc.Core.Tests.Scanning;
using Demarc.Parsing;
using Demarc.Scanning.Checks;
using Demarc.Scanning.Evaluation;

namespace Demarc.Core.Tests.Checks;

/// <summary>
/// The words of check answers are written only when read (<see cref="DeferredText"/>): what they say must not change,
/// for passing answers, answers inside all/any/quantifiers and the results the assessment keeps.
/// </summary>
public sealed class CheckMessageTests
{
    private const string Template = """
        Resources:
          Db:
            Type: AWS::RDS::DBInstance
            Properties:
              StorageEncrypted: true
              BackupRetentionPeriod: 0
          Bucket:
            Type: AWS::S3::Bucket
            Properties:
              BucketEncryption:
                ServerSideEncryptionConfiguration:
                  - ServerSideEncryptionByDefault: { SSEAlgorithm: "aws:kms" }
                  - ServerSideEncryptionByDefault: { SSEAlgorithm: AES256 }
        """;

    [Fact]
    public void Compare_Passing_SaysWhatDecidedIt()
    {
        var db = TestTemplates.Resource(Template, "Db");

        var evidence = new CompareRule("StorageEncrypted", CompareOperator.Is, ["true"], null, null).Evaluate(db.Properties);

        Assert.True(evidence.Truth.IsTrue);
        Assert.Equal("`StorageEncrypted` is `true` (expected `true`)", evidence.Detail);
    }

    [Fact]
    public void Every_FailingItem_NamesTheItemAndItsValue()
    {
        var bucket = TestTemplates.Resource(Template, "Bucket");
        var rule = new QuantifierRule(
            "BucketEncryption.ServerSideEncryptionConfiguration",
            Quantifier.Every,
            new CompareRule("ServerSideEncryptionByDefault.SSEAlgorithm", CompareOperator.In, ["aws:kms", "aws:kms:dsse"], null, null));

        var evidence = rule.Evaluate(bucket.Properties);

        Assert.True(evidence.Truth.IsFalse);
        Assert.Equal(
            "`BucketEncryption.ServerSideEncryptionConfiguration` item 2: `ServerSideEncryptionByDefault.SSEAlgorithm` is `AES256` (expected one of `aws:kms`, `aws:kms:dsse`)",
            evidence.Detail);
    }

    [Fact]
    public void Any_AllFalse_JoinsTheReasons()
    {
        var db = TestTemplates.Resource(Template, "Db");
        var rule = new AnyRule([
            new CompareRule("BackupRetentionPeriod", CompareOperator.Min, ["7"], null, null),
            new CompareRule("StorageEncrypted", CompareOperator.Is, ["false"], null, null),
        ]);

        var evidence = rule.Evaluate(db.Properties);

        Assert.True(evidence.Truth.IsFalse);
        Assert.Equal("`BackupRetentionPeriod` is `0` (expected at least 7); and `StorageEncrypted` is `true` (expected `false`)", evidence.Detail);
    }

    [Fact]
    public void DeferredWords_AreWrittenOnlyWhenRead()
    {
        var written = 0;
        var evidence = new Evidence(Truth.Known(false, default), () =>
        {
            written++;
            return "why";
        });
        var negated = evidence with { Truth = evidence.Truth.Not() };

        Assert.Equal(0, written);
        Assert.True(negated.Truth.IsTrue);
        Assert.Equal("why", negated.Detail);
        Assert.Equal(1, written);
        Assert.Equal("", default(Evidence).Detail);
    }

    [Fact]
    public void Result_KeptByTheAssessment_HasItsMessageAndLocation()
    {
        var template = TestTemplates.Evaluate(Template);
        var db = template.Resource("Db")!;
        var check = new Check(Definition(), new DeclarativeLogic(null, null, new Dictionary<string, Rule>
        {
            ["*"] = new CompareRule("BackupRetentionPeriod", CompareOperator.Min, ["7"], null, null),
        }));

        var result = check.Run(template, db, new DateOnly(2026, 11, 28));

        Assert.Equal(CheckOutcome.Fail, result.Outcome);
        Assert.Equal("Backups are kept too briefly: `BackupRetentionPeriod` is `0` (expected at least 7)", result.Message);
        Assert.Equal(6, result.Location.Line);
        Assert.Equal(result, result with { });
    }

    [Fact]
    public void Verdict_WithDetail_RewritesTheWordsWhenRead()
    {
        var verdict = new Verdict(CheckOutcome.Fail, "`StorageEncrypted` is `false`", new TextPosition(3, 7));

        var renamed = verdict.WithDetail(text => text.Replace("StorageEncrypted", "storage_encrypted", StringComparison.Ordinal));

        Assert.Equal((CheckOutcome.Fail, new TextPosition(3, 7)), (renamed.Outcome, renamed.Position));
        Assert.Equal("`storage_encrypted` is `false`", renamed.Detail);
    }

    private static CheckDefinition Definition() => new(
        "DMC-TEST-001", "Backups kept a week", "rds", "backup", Severity.Medium, ["AWS::RDS::DBInstance"],
        "Backups are kept too briefly", "r", "fix", "snippet", Equivalents.None, [], null, "rule", new Demarc.Model.SourceLocation("test.yaml", 1, 1));
}
