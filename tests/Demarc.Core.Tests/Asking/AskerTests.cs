using Demarc.Asking;
using Demarc.Catalog;
using Demarc.Model;

namespace Demarc.Core.Tests.Asking;

/// <summary>The reader end to end on the source document's examples and on each question form.</summary>
public class AskerTests
{
    private static readonly Asker Asker = new(ResponsibilityCatalog.Default);

    private static AskAnswer Ask(string question, params string[] options) =>
        Asker.Answer(new AskQuestion(question, [.. options.Select((o, i) => new AskOption(((char)('A' + i)).ToString(), o))]));

    [Fact]
    public void Answer_SourceDocumentEc2GuestOs_Customer()
    {
        var answer = Ask("Who is responsible for patching the guest operating system on an Amazon EC2 instance?");

        Assert.Equal(AskStatus.Answered, answer.Status);
        Assert.Equal(Owner.Customer, answer.Owner);
        Assert.Equal("ec2", answer.Understood.Service?.Id);
        Assert.Equal(["guest_os"], answer.Understood.Domains.Select(d => d.Id));
        var cell = Assert.Single(answer.Cells);
        Assert.Contains("Patch", cell.Customer, StringComparison.Ordinal);
        Assert.NotEmpty(answer.Sources);
    }

    [Fact]
    public void Answer_SourceDocumentRdsGuestOs_Aws()
    {
        var answer = Ask("Who is responsible for patching the guest operating system on an RDS instance?");

        Assert.Equal(Owner.Aws, answer.Owner);
        Assert.Equal("rds", answer.Understood.Service?.Id);
        Assert.Equal("AWS", answer.Verdict);
    }

    [Fact]
    public void Answer_SourceDocumentS3Encryption_CustomerWithDefaultEncryptionNote()
    {
        var answer = Ask("Who is responsible for encrypting data stored in Amazon S3?");

        Assert.Equal(Owner.Customer, answer.Owner);
        Assert.Equal("s3", answer.Understood.Service?.Id);
        var cell = Assert.Single(answer.Cells);
        Assert.Equal("enc_rest", cell.Domain.Id);

        // The answer carries the catalog's words on S3's default encryption and the customer's choices, wherever the cell keeps them.
        var said = $"{cell.Aws} {cell.Customer} {cell.Note}";
        Assert.Contains("SSE-S3", said, StringComparison.Ordinal);
        Assert.Contains("client-side", said, StringComparison.Ordinal);
    }

    [Fact]
    public void Answer_CustomersResponsibility_PicksTheCustomerOption()
    {
        var answer = Ask(
            "According to the AWS shared responsibility model, which of the following is the customer's responsibility?",
            "Physical security of the data centers", "Patching the hypervisor", "Configuring security groups", "Replacing faulty hardware");

        Assert.Equal(AskForm.OwnerChoice, answer.Understood.Form);
        Assert.Equal("C", answer.Verdict);
        Assert.False(answer.Understood.Negated);
        Assert.Equal(["phys", "virt", "net_cfg", "hw"], answer.Options.Select(o => o.Cells.Single().Domain.Id));
    }

    [Fact]
    public void Answer_Negation_PicksTheOptionsThatDoNotFit()
    {
        string[] options = ["Configuring security groups", "Encrypting data", "Maintaining physical hardware", "Managing IAM users"];

        var plain = Ask("Which of the following is the customer's responsibility under the shared responsibility model? (Choose three.)", options);
        var not = Ask("Which of the following is NOT the customer's responsibility under the shared responsibility model?", options);
        var except = Ask("All of the following are customer responsibilities EXCEPT:", options);

        Assert.Equal("ABD", plain.Verdict);
        Assert.True(not.Understood.Negated);
        Assert.Equal("C", not.Verdict);
        Assert.Equal("C", except.Verdict);
    }

    [Fact]
    public void Answer_ContrastWithTheOtherParty_IsNotANegation()
    {
        var answer = Ask("Which of the following is the responsibility of AWS and not the customer?",
            "Security group rules", "IAM roles", "Maintaining the hypervisor", "Data classification");

        Assert.False(answer.Understood.Negated);
        Assert.Equal("C", answer.Verdict);
    }

    [Fact]
    public void Answer_ChooseTwoInTheText_ChoosesTwo()
    {
        var answer = Ask("Which of the following are AWS's responsibilities? (Choose two.)",
            "Physical security of facilities", "Managing IAM permissions", "Maintaining the underlying hardware", "Patching guest operating systems on EC2", "Configuring network ACLs");

        Assert.Equal(2, answer.Understood.Choose);
        Assert.Equal(["A", "C"], answer.Letters);
    }

    [Fact]
    public void Answer_ServiceContextChangesTheOwner()
    {
        string[] options = ["Patching the operating system", "Managing database users"];

        var rds = Ask("Which task is AWS's responsibility for Amazon RDS?", options);
        var ec2 = Ask("Which task is AWS's responsibility for a database on Amazon EC2?", options);

        Assert.Equal("A", rds.Verdict);
        Assert.Equal(Owner.Aws, rds.Options[0].Cells.Single().Owner);
        Assert.Equal(Owner.Customer, ec2.Options[0].Cells.Single().Owner);
    }

    [Fact]
    public void Answer_InheritedControl_PicksPhysicalAndEnvironmental()
    {
        var answer = Ask("Which of the following is an example of an inherited control?",
            "Patch management", "Physical and environmental controls", "Zone security", "Configuration management");

        Assert.Equal(AskForm.ControlChoice, answer.Understood.Form);
        Assert.Equal("B", answer.Verdict);
        Assert.Equal("inherited", answer.Options[1].Category?.Id);
        Assert.Equal("shared", answer.Options[0].Category?.Id);
        Assert.Equal("customer_specific", answer.Options[2].Category?.Id);
    }

    [Fact]
    public void Answer_WhichTypeOfControl_ClassifiesTheSubject()
    {
        var answer = Ask("Under the shared responsibility model, patch management is considered which type of control?",
            "Inherited control", "Shared control", "Customer-specific control");

        Assert.Equal(AskForm.Classification, answer.Understood.Form);
        Assert.Equal("B", answer.Verdict);
    }

    [Fact]
    public void Answer_ControlAwsAloneIsResponsibleFor_IsInherited()
    {
        var answer = Ask("Which auditing or control is AWS solely responsible for?",
            "Patch management", "Configuration management", "Physical and environmental controls", "Awareness and training");

        Assert.Equal("C", answer.Verdict);
    }

    [Fact]
    public void Answer_WhichServiceRequiresPatching_ComparesServicesByTheirCells()
    {
        var customer = Ask("Which AWS service requires the customer to patch the guest operating system?",
            "AWS Lambda", "Amazon EC2", "Amazon DynamoDB", "Amazon S3");
        var aws = Ask("A company wants AWS to take over operating system patching for its relational database. Which option should it use?",
            "A database installed on Amazon EC2", "Amazon RDS", "An Amazon Lightsail instance");

        Assert.Equal(AskForm.ServiceChoice, customer.Understood.Form);
        Assert.Equal("B", customer.Verdict);
        Assert.Equal("B", aws.Verdict);
    }

    [Fact]
    public void Answer_LeastOverheadWithoutANamedTask_ComparesServiceModels()
    {
        var answer = Ask("A company wants to offload as much infrastructure management as possible. Which of these compute services should it pick?",
            "Amazon EC2", "AWS Lambda", "Amazon ECS on EC2", "AWS Batch on EC2");

        Assert.Equal("B", answer.Verdict);
    }

    [Fact]
    public void Answer_WhatMovesBetweenServices_ComparesBothCells()
    {
        var answer = Ask("Which two tasks does AWS take over when a company moves a database from Amazon EC2 to Amazon RDS?",
            "Operating system patching", "Database user management", "Database software installation and patching", "Network ACL configuration", "Data encryption decisions");

        Assert.Equal(AskForm.Shift, answer.Understood.Form);
        Assert.Equal("AC", answer.Verdict);
    }

    [Theory]
    [InlineData("Who is responsible for patching the guest operating system on AWS CloudTrail?", "cloudtrail", "guest_os")]
    [InlineData("Under the AWS shared responsibility model, who is responsible for capacity planning and scaling when using AWS Network Firewall?", "network_firewall", "scaling")]
    [InlineData("A company runs a workload on AWS Config. Who is responsible for DDoS and web application firewall protection?", "config", "edge_protect")]
    [InlineData("Who is responsible for applying runtime and engine software updates on AWS Shield Advanced?", "shield_advanced", "runtime")]
    public void Answer_ResponsibilityWordNamedInFullWhereAServiceGoes_IsTheService(string question, string service, string domain)
    {
        var answer = Ask(question);

        Assert.Equal(service, answer.Understood.Service?.Id);
        Assert.Equal([domain], answer.Understood.Domains.Select(d => d.Id));
        Assert.Equal(ResponsibilityCatalog.Default.FindSubject(service)!.CellFor(domain).Owner, answer.Owner);
    }

    [Theory]
    [InlineData("Who enables CloudTrail logging?", "logging")]
    [InlineData("Who is responsible for turning on AWS CloudTrail?", "logging")]
    [InlineData("Who is responsible for AWS Config?", "config")]
    public void Answer_ResponsibilityWordUsedAsATask_StaysTheResponsibility(string question, string domain)
    {
        var answer = Ask(question);

        Assert.Equal(AskStatus.Answered, answer.Status);
        Assert.Contains(domain, answer.Understood.Domains.Select(d => d.Id));
        Assert.Equal(Owner.Customer, answer.Owner);
    }

    [Fact]
    public void Answer_ShiftBetweenAServiceAndItsOwnVariant_ReadsBothEnds()
    {
        var answer = Ask("A company moves a workload from Amazon ECS on AWS Fargate to Amazon ECS. Which of the following responsibilities moves from AWS to the customer?",
            "Physical security of the data centers", "Protecting the global network infrastructure", "Applying runtime and engine software updates", "Patching the hypervisor");

        Assert.Equal(AskForm.Shift, answer.Understood.Form);
        Assert.Equal("what moves to the customer from Amazon ECS on AWS Fargate to Amazon ECS", answer.Understood.Target);
        Assert.Equal("C", answer.Verdict);
    }

    [Theory]
    [InlineData("A company moves a workload from AWS Shield Advanced to AWS Shield. Which of the following responsibilities moves from AWS to the customer?", "AWS Shield Advanced", "AWS Shield")]
    [InlineData("A company replaces AWS KMS with AWS CloudHSM. Which responsibility moves to the customer?", "AWS KMS", "AWS CloudHSM")]
    [InlineData("When a workload moves from Amazon OpenSearch Service to Amazon MSK Serverless, which of the following does AWS take over from the customer?", "Amazon OpenSearch Service", "Amazon MSK Serverless")]
    public void Answer_ShiftBetweenServicesNamedLikeResponsibilitiesOrVariants_ReadsBothEnds(string question, string from, string to)
    {
        var answer = Ask(question, "Patching the guest operating system", "Capacity planning and scaling", "Managing and rotating the encryption keys", "Responding to security incidents");

        Assert.Equal(AskForm.Shift, answer.Understood.Form);
        Assert.EndsWith($"from {from} to {to}", answer.Understood.Target, StringComparison.Ordinal);
    }

    [Fact]
    public void Answer_SecurityOfTheCloud_ReadsLayers()
    {
        var of = Ask("Which of the following is part of security OF the cloud?",
            "Security group configuration", "Physical security of data centers", "Customer data encryption", "IAM user management");
        var blank = Ask("AWS is responsible for security ___ the cloud.", "in", "of", "for", "with");

        Assert.Equal(AskForm.LayerChoice, of.Understood.Form);
        Assert.Equal("B", of.Verdict);
        Assert.Equal(AskForm.Completion, blank.Understood.Form);
        Assert.Equal("B", blank.Verdict);
    }

    [Theory]
    [InlineData("True or false: customer responsibilities vary depending on the AWS services used.", "True")]
    [InlineData("True or false: patching the guest operating system is always AWS's responsibility.", "False")]
    [InlineData("True or false: encrypting customer data remains the customer's responsibility regardless of the service type.", "True")]
    [InlineData("True or false: the split of responsibilities depends on the AWS Region.", "False")]
    [InlineData("True or false: AWS is responsible for security of the cloud, and the customer is responsible for security in the cloud.", "True")]
    [InlineData("True or false: the customer carries more responsibility with Amazon EC2 than with AWS Lambda.", "True")]
    public void Answer_TrueOrFalseStatements_JudgedAgainstTheCatalog(string statement, string expected)
    {
        var answer = Ask(statement);

        Assert.Equal(expected, answer.Verdict);
    }

    [Fact]
    public void Answer_TrueOrFalseWithOptions_PicksTheTruthOption()
    {
        var answer = Ask("True or false: With AWS Fargate, customers must patch the operating system of the hosts that run their tasks.", "True", "False");

        Assert.Equal(AskForm.TrueFalse, answer.Understood.Form);
        Assert.Equal("B", answer.Verdict);
    }

    [Fact]
    public void Answer_SharedCell_TheWordsPickTheSide()
    {
        var run = Ask("Who carries out the automated backups of an Amazon RDS database?");
        var retention = Ask("Who chooses the backup retention period of an Amazon RDS database?");

        // One cell, two parties with duties in it: the words decide which part the question is about.
        Assert.Equal(run.Cells.Single().Domain, retention.Cells.Single().Domain);
        Assert.Equal(Owner.Aws, run.Owner);
        Assert.Equal(Owner.Customer, retention.Owner);
    }

    [Fact]
    public void Answer_SpelledOutServiceName_ReadThroughItsInitials()
    {
        var answer = Ask("Who is responsible for patching the operating system of Amazon Relational Database Service instances?");

        Assert.Equal("rds", answer.Understood.Service?.Id);
        Assert.Equal(Owner.Aws, answer.Owner);
    }

    [Fact]
    public void Answer_AmbiguousServiceName_IsTentativeAndSaysWhy()
    {
        // Two made-up services share the name "Amazon Gizmo" and differ on who patches the OS.
        var asker = new Asker(TestCatalogs.With(("gizmo_ec2", "Amazon Gizmo on EC2", "iaas"), ("gizmo_fargate", "Amazon Gizmo on Fargate", "serverless")));

        var answer = asker.Answer(AskQuestion.Of("Who is responsible for patching the operating system for Amazon Gizmo?"));
        var named = asker.Answer(AskQuestion.Of("Who is responsible for patching the operating system for Amazon Gizmo on Fargate?"));

        Assert.Equal(AskStatus.Tentative, answer.Status);
        Assert.Contains(answer.NotUnderstood, n => n.Contains("Amazon Gizmo on Fargate: AWS", StringComparison.Ordinal) && n.Contains("Amazon Gizmo on EC2: Customer", StringComparison.Ordinal));
        Assert.Equal(AskStatus.Answered, named.Status);
        Assert.Equal(Owner.Aws, named.Owner);
    }

    [Fact]
    public void Answer_UnknownServiceName_IsTentativeAndNamesIt()
    {
        var answer = Ask("Who is responsible for patching the operating system of AWS Quantum Ledger Widget servers?");

        Assert.Equal(AskStatus.Tentative, answer.Status);
        Assert.Contains(answer.NotUnderstood, n => n.Contains("AWS quantum ledger widget", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public void Answer_OffTopicQuestion_NotUnderstoodWithReasons()
    {
        var answer = Ask("What is the capital of France?");

        Assert.Equal(AskStatus.NotUnderstood, answer.Status);
        Assert.Null(answer.Verdict);
        Assert.NotEmpty(answer.NotUnderstood);
    }

    [Fact]
    public void Answer_OptionsWithoutCatalogWords_NotUnderstood()
    {
        var answer = Ask("Which of the following is the customer's responsibility?", "Bananas", "Quarterly revenue", "Office furniture");

        Assert.Equal(AskStatus.NotUnderstood, answer.Status);
        Assert.All(answer.Options, o => Assert.Null(o.Score));
    }

    [Fact]
    public void Answer_CloseOptions_AreTentative()
    {
        // Both options are the customer's: the reader cannot tell which one the question means.
        var answer = Ask("Which of the following is the customer's responsibility?", "Configuring security groups", "Managing IAM users");

        Assert.Equal(AskStatus.Tentative, answer.Status);
        Assert.Contains(answer.NotUnderstood, n => n.Contains("close", StringComparison.Ordinal));
    }

    [Fact]
    public void ChooseCount_Instructions_ReadAndRemoved()
    {
        Assert.Equal(2, Asker.ChooseCount("Which are AWS's? (Choose two.)").Count);
        Assert.Equal(3, Asker.ChooseCount("Which are AWS's? (Select THREE.)").Count);
        Assert.Equal(2, Asker.ChooseCount("Which two of the following are AWS's?").Count);
        Assert.Equal(2, Asker.ChooseCount("Which are AWS's? Choose 2").Count);
        Assert.Null(Asker.ChooseCount("Which is AWS's?").Count);
        Assert.Equal("Which are AWS's?", Asker.ChooseCount("Which are AWS's? (Choose two.)").Text);
    }

    [Fact]
    public void Correct_ComparesLettersAsSetsAndOwnersByWord()
    {
        Assert.True(AnswerKey.Same("AC", "CA", letters: true));
        Assert.False(AnswerKey.Same("AC", "AB", letters: true));
        Assert.True(AnswerKey.Same("Customer", "the customer", letters: false));
        Assert.False(AnswerKey.Same("AWS", "Customer", letters: false));
    }
}
