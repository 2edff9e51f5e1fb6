using Demarc.Asking;
using Demarc.Catalog;
using Demarc.Model;
using Demarc.Resolution;

namespace Demarc.Core.Tests.Asking;

/// <summary>The pieces of the reader: tokens, service names, option phrases, negation, statements.</summary>
public class ReadingTests
{
    private static readonly ResponsibilityCatalog Catalog = ResponsibilityCatalog.Default;
    private static readonly DomainResolver Domains = new(Catalog);
    private static readonly ServiceSpotter Spotter = new(Catalog, Domains);
    private static readonly PhraseReader Reader = new(Catalog, Domains, Spotter);

    [Theory]
    [InlineData("Physical security of data centers", "phys")]
    [InlineData("Configuring security groups", "net_cfg")]
    [InlineData("Patching the hypervisor", "virt")]
    [InlineData("Encrypting EBS volumes", "enc_rest")]
    [InlineData("Decommissioning storage devices", "hw")]
    [InlineData("Applying patches to the guest operating system", "guest_os")]
    [InlineData("Rotating access keys", "iam")]
    [InlineData("Managing database users and their privileges", "workload_identity")]
    [InlineData("Regions, Availability Zones and edge locations", "net_infra")]
    [InlineData("Client-side data encryption", "enc_rest")]
    [InlineData("Data center access control", "phys")]
    [InlineData("Host operating system patching", "host_os")]
    public void Read_ServiceAgnosticOption_FindsTheDomain(string option, string domain)
    {
        var reading = Reader.Read(option);

        var hit = Ownership.PreferApplicable(reading.Domains, null).First();
        Assert.Equal(domain, hit.Domain.Id);
    }

    [Theory]
    [InlineData("Patch management", "patch_management", "shared")]
    [InlineData("Physical and environmental controls", "physical_environmental", "inherited")]
    [InlineData("Service and communications protection", "zone_security", "customer_specific")]
    [InlineData("Awareness and training", "awareness_training", "shared")]
    public void Read_ControlName_FindsTheControlAndItsCategory(string option, string control, string category)
    {
        var reading = Reader.Read(option);

        Assert.Equal(control, reading.Control?.Value.Control.Id);
        Assert.Equal(category, reading.Control?.Value.Category.Id);
    }

    [Theory]
    [InlineData("Amazon Elastic Compute Cloud (Amazon EC2)", "ec2")]
    [InlineData("Amazon Simple Storage Service", "s3")]
    [InlineData("AWS Identity and Access Management", "iam")]
    [InlineData("Amazon ECS tasks with the Fargate launch type", "ecs_fargate")]
    [InlineData("Amazon EKS with managed node groups", "eks_managed_node_groups")]
    [InlineData("Amazon RDS Custom for Oracle", "rds_custom_oracle")]
    [InlineData("an AWS Lambda function", "lambda")]
    public void Find_ServiceNames_InText(string text, string subject)
    {
        var mentions = Spotter.Find(Utterance.Parse(text));

        Assert.Contains(mentions, m => m.Subject?.Id == subject);
    }

    [Fact]
    public void Find_AmbiguousPrefix_KeepsTheCandidates()
    {
        var catalog = TestCatalogs.With(("gizmo_ec2", "Amazon Gizmo on EC2", "iaas"), ("gizmo_fargate", "Amazon Gizmo on Fargate", "serverless"));
        var spotter = new ServiceSpotter(catalog, new DomainResolver(catalog));

        var mention = Assert.Single(spotter.Find(Utterance.Parse("Which task is AWS's for Amazon Gizmo?")));
        var settled = spotter.Find(Utterance.Parse("Which task is AWS's for Amazon Gizmo on Fargate?"));

        Assert.Null(mention.Subject);
        Assert.Equal(["gizmo_ec2", "gizmo_fargate"], mention.Candidates.Select(c => c.Id).Order());
        Assert.Equal("gizmo_fargate", Assert.Single(settled).Subject?.Id);
    }

    [Fact]
    public void UnknownNames_NamesNotInTheCatalog_Reported()
    {
        var text = Utterance.Parse("A company uses AWS Quantum Ledger Widget and Amazon EC2 in the AWS Cloud.");

        var unknown = Spotter.UnknownNames(text, Spotter.Find(text));

        Assert.Equal(["AWS quantum ledger widget"], unknown);
    }

    [Theory]
    [InlineData("ecc", "ec2")]
    [InlineData("sss", "s3")]
    [InlineData("rds", "rds")]
    public void Compress_RepeatedInitials_BecomeACount(string initials, string expected) =>
        Assert.Equal(expected, ServiceSpotter.Compress(initials));

    [Theory]
    [InlineData("Which of the following is NOT the customer's responsibility?", true)]
    [InlineData("All of the following are AWS's responsibility EXCEPT:", true)]
    [InlineData("Which task isn't the customer's?", true)]
    [InlineData("Which task falls outside of AWS's responsibility?", true)]
    [InlineData("Which of the following is AWS's responsibility and not the customer's?", false)]
    [InlineData("What will the customer no longer be responsible for?", true)]
    [InlineData("Which service lets the customer run containers without managing servers?", false)]
    [InlineData("Which of the following is the customer's responsibility?", false)]
    public void IsNegated_QuestionSentences(string sentence, bool negated) =>
        Assert.Equal(negated, QuestionContext.IsNegated(Utterance.Parse(sentence)));

    [Fact]
    public void Clauses_SplitWhereANewPartyActs()
    {
        var clauses = StatementJudge.Clauses("AWS is responsible for security of the cloud, and the customer is responsible for security in the cloud");

        Assert.Equal(2, clauses.Count);
        Assert.StartsWith("the customer", clauses[1], StringComparison.Ordinal);
        Assert.Single(StatementJudge.Clauses("The customer is responsible for its code and IAM permissions"));
    }

    [Fact]
    public void Party_AwsAsAnAdjective_IsNotAParty()
    {
        Assert.Null(Reader.Read("the AWS global network backbone").Party);
        Assert.Equal(Party.Aws, Reader.Read("AWS manages the hardware").Party);
        Assert.Equal(Party.Both, Reader.Read("Both AWS and the customer").Party);
        Assert.True(Reader.Read("The customer").PartyOnly);
        Assert.False(Reader.Read("Third-party auditors").PartyOnly);
    }

    [Fact]
    public void ControlByDescription_ParaphraseOfAControl_FindsIt()
    {
        var text = Utterance.Parse("AWS maintains the configuration of its infrastructure devices, while customers configure their own guest operating systems, databases and applications.");

        Assert.Equal("configuration_management", Reader.ControlByDescription(text.Stems)?.Control.Id);
    }

    [Fact]
    public void Layer_SecurityOfAndInTheCloud_Read()
    {
        Assert.Equal(Layer.OfTheCloud, Reader.Read("Security 'of' the cloud").Layer);
        Assert.Equal(Layer.InTheCloud, Reader.Read("security IN the AWS cloud").Layer);
        Assert.Null(Reader.Read("services offered in the AWS Cloud").Layer);
    }
}
