using System.Text;
using Demarc.Catalog;
using Demarc.Model;
using Demarc.Scanning;
using Demarc.Scanning.Assessment;
using Demarc.Scanning.Checks;

namespace Demarc.Core.Tests.Scanning.Assessment;

public class AssessorTests
{
    private static readonly DateOnly Today = new(2026, 6, 1);
    private static readonly Assessor Assessor = new(ResponsibilityCatalog.Default, CheckRegistry.Default);

    private const string Template = """
        Parameters:
          Encrypted: { Type: String }
        Conditions:
          Never: !Equals [a, b]
        Resources:
          Orders:
            Type: AWS::RDS::DBInstance
            Metadata:
              checkov:
                skip:
                  - { id: CKV_AWS_157, comment: Single-AZ is fine for this reporting copy. }
            Properties: { Engine: postgres, StorageEncrypted: !Ref Encrypted, PubliclyAccessible: true, BackupRetentionPeriod: 14, MultiAZ: false }
          Subnets:
            Type: AWS::RDS::DBSubnetGroup
            Properties: { DBSubnetGroupDescription: d, SubnetIds: [a, b] }
          Table:
            Type: AWS::DynamoDB::Table
            Properties: { KeySchema: [{ AttributeName: id, KeyType: HASH }], AttributeDefinitions: [{ AttributeName: id, AttributeType: S }], BillingMode: PAY_PER_REQUEST }
          Skipped:
            Type: AWS::S3::Bucket
            Condition: Never
        """;

    private static FileAssessment Analyze(string template, string name = "stack.yaml")
    {
        var scanner = new TemplateScanner(ResponsibilityCatalog.Default);
        return Assessor.Analyze(scanner.Scan(ScanInput.Bytes(name, Encoding.UTF8.GetBytes(template))), Today);
    }

    private static ScanAssessment Assess(IReadOnlyList<Attestation>? attestations = null, IReadOnlyList<BaselineEntry>? baseline = null) =>
        Assessor.Assess([Analyze(Template)], [], attestations ?? [], baseline ?? [], [], Today);

    private static Obligation Find(ScanAssessment assessment, string resource, string domain) =>
        assessment.Obligations.Single(o => o.Resource.LogicalId == resource && o.Domain.Id == domain);

    [Fact]
    public void Assess_CheckResults_DecideTheStatuses()
    {
        var assessment = Assess();

        Assert.Equal(ObligationStatus.Violated, Find(assessment, "Orders", "net_cfg").Status);
        Assert.Contains("DMC-RDS-002 failed", Find(assessment, "Orders", "net_cfg").Explanation, StringComparison.Ordinal);
        Assert.Equal(ObligationStatus.Open, Find(assessment, "Orders", "enc_rest").Status);
        Assert.Contains("depends on parameter `Encrypted`", Find(assessment, "Orders", "enc_rest").Explanation, StringComparison.Ordinal);
        Assert.Equal(ObligationStatus.Suppressed, Find(assessment, "Orders", "ha_dr").Status);
        Assert.Equal(ObligationStatus.AwsDefault, Find(assessment, "Table", "enc_rest").Status);
        Assert.Contains("AWS owned key", Find(assessment, "Table", "enc_rest").Explanation, StringComparison.Ordinal);
        Assert.Equal(ObligationStatus.Open, Find(assessment, "Table", "data_class").Status);
        Assert.All(assessment.Obligations.Where(o => o.Resource.LogicalId == "Skipped"), o => Assert.Equal(ObligationStatus.NotApplicable, o.Status));
    }

    [Fact]
    public void Assess_BackupRetentionMetButBackupObligationStillShowsEvidence()
    {
        var backup = Find(Assess(), "Orders", "backup");

        Assert.Equal(ObligationStatus.Violated, backup.Status);
        Assert.Contains(backup.Evidence, r => r.Check.Id == "DMC-RDS-003" && r.Outcome == CheckOutcome.Pass);
        Assert.Contains(backup.Evidence, r => r.Check.Id == "DMC-RDS-005" && r.Outcome == CheckOutcome.Fail);
    }

    [Fact]
    public void Assess_OnlyCustomerAndSharedCellsOfPrimaryResources_BecomeObligations()
    {
        var assessment = Assess();
        var rds = ResponsibilityCatalog.Default.FindSubject("rds")!;

        Assert.DoesNotContain(assessment.Obligations, o => o.Resource.LogicalId == "Subnets");
        Assert.Equal(
            ResponsibilityCatalog.Default.Domains.Count(d => rds.CellFor(d.Id).Owner is Owner.Customer or Owner.Shared),
            assessment.Obligations.Count(o => o.Resource.LogicalId == "Orders"));
        Assert.DoesNotContain(assessment.Obligations, o => o.Cell.Owner is Owner.Aws or Owner.NotApplicable);
    }

    [Fact]
    public void Assess_InteroperableWaiver_MapsToTheEquivalentCheck()
    {
        var finding = Assess().Findings.Single(f => f.Result.Check.Id == "DMC-RDS-004");

        Assert.True(finding.IsSuppressed);
        Assert.Equal(WaiverSource.Checkov, finding.Waiver!.Source);
        Assert.Equal("CKV_AWS_157", finding.Waiver.WrittenId);
        Assert.Equal("Single-AZ is fine for this reporting copy.", finding.Waiver.Reason);
    }

    [Fact]
    public void Assess_Attestations_ResourceSpecificWinsAndExpiredOnesLeaveItOpen()
    {
        var location = new SourceLocation("attest.yaml", 1, 1);
        Attestation[] attestations =
        [
            new("rds", "data_class", null, "everyone", "generic", null, new DateOnly(2026, 12, 31), location, null),
            new("rds", "data_class", "Orders", "dba", "specific", null, new DateOnly(2026, 12, 31), location, null),
            new("dynamodb", "data_class", null, "team", "how", null, new DateOnly(2026, 5, 31), location, null),
            new("dynamodb", "incident", null, "team", "elsewhere", null, new DateOnly(2026, 12, 31), location, "/nowhere"),
        ];

        var assessment = Assess(attestations);

        var orders = Find(assessment, "Orders", "data_class");
        Assert.Equal(ObligationStatus.Attested, orders.Status);
        Assert.Equal("dba", orders.Attestation!.Owner);
        var table = Find(assessment, "Table", "data_class");
        Assert.Equal(ObligationStatus.Open, table.Status);
        Assert.True(table.AttestationExpired);
        Assert.Contains("expired on 2026-05-31", table.Explanation, StringComparison.Ordinal);
        Assert.Equal(ObligationStatus.Open, Find(assessment, "Table", "incident").Status);
        Assert.Equal(0, assessment.Attestations[3].Obligations);
        Assert.True(assessment.Attestations[2].Expired);
    }

    [Fact]
    public void Assess_Baseline_SuppressesUntilItExpires()
    {
        var location = new SourceLocation("baseline.yaml", 3, 5);
        var current = Assess(baseline: [new BaselineEntry("DMC-RDS-002", "./stack.yaml", "Orders", "accepted", new DateOnly(2026, 6, 1), location)]);
        var expired = Assess(baseline: [new BaselineEntry("DMC-RDS-002", "stack.yaml", "Orders", "accepted", new DateOnly(2026, 5, 31), location)]);

        Assert.True(current.Findings.Single(f => f.Result.Check.Id == "DMC-RDS-002").IsSuppressed);
        Assert.Equal(ObligationStatus.Suppressed, Find(current, "Orders", "net_cfg").Status);
        Assert.Equal(1, current.Baseline[0].Matched);
        Assert.False(expired.Findings.Single(f => f.Result.Check.Id == "DMC-RDS-002").IsSuppressed);
        Assert.True(expired.Baseline[0].Expired);
    }

    [Fact]
    public void Assess_Split_CountsTheCellsOfTheServicesFound()
    {
        var split = Assess().Split;
        var catalog = ResponsibilityCatalog.Default;
        var owners = new[] { "rds", "dynamodb", "s3" }.SelectMany(s => catalog.Domains.Select(d => catalog.FindSubject(s)!.CellFor(d.Id).Owner)).ToList();

        Assert.Equal(owners.Count(o => o == Owner.Aws), split.Aws);
        Assert.Equal(owners.Count(o => o == Owner.Customer), split.Customer);
        Assert.Equal(owners.Count(o => o == Owner.Shared), split.Shared);
        Assert.Equal(1.0, split.AwsShare + split.CustomerShare, 6);
    }

    [Fact]
    public void Assess_ViolationsAtOrAbove_CountsBySeverity()
    {
        var assessment = Assess();

        Assert.Equal(0, assessment.ViolationsAtOrAbove(null));
        Assert.Equal(1, assessment.ViolationsAtOrAbove(Severity.Critical));
        Assert.True(assessment.ViolationsAtOrAbove(Severity.Low) > assessment.ViolationsAtOrAbove(Severity.High));
    }

    [Fact]
    public void AttestationFile_Read_ResolvesAliasesAndReportsBadEntriesWithLines()
    {
        var diagnostics = new List<ScanDiagnostic>();
        var text = "attestations:\n  - service: Amazon RDS\n    domain: data_class\n    owner: dba\n    how: classified\n    evidence: not a link\n    review_by: 2026-12-31\n  - service: rds\n    domain: backup\n    owner: dba\n    how: snapshots\n    review_by: 2026-12-31\n";

        var read = AttestationFile.Read("a.yaml", text, null, ResponsibilityCatalog.Default, diagnostics);

        Assert.Equal("rds", Assert.Single(read).ServiceId);
        Assert.Contains(diagnostics, d => d.Location.Line == 6 && d.Message.Contains("must be a link", StringComparison.Ordinal));
    }

    [Fact]
    public void BaselineFile_WriteThenRead_RoundTrips()
    {
        var findings = Assess().Violations.ToList();
        var diagnostics = new List<ScanDiagnostic>();

        var read = BaselineFile.Read("b.yaml", BaselineFile.Write(findings, Today), diagnostics);

        Assert.Empty(diagnostics);
        Assert.Equal(findings.Count, read.Count);
        Assert.All(findings, f => Assert.Contains(read, e => e.Matches(f.Result.Check.Id, f.Result.File, f.Result.LogicalId)));
    }
}

public class AssessorClockTests
{
    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }

    [Fact]
    public void Today_IsTheClocksUtcDate()
    {
        var clock = new FixedClock(new DateTimeOffset(2026, 12, 31, 23, 30, 0, TimeSpan.FromHours(-5)));

        Assert.Equal(new DateOnly(2027, 1, 1), Assessor.Today(clock));
    }
}
