using Demarc.Catalog;
using Demarc.Resolution;

namespace Demarc.Core.Tests.Resolution;

/// <summary>
/// How people name services and tasks, and what Demarc must understand. The table is the specification of
/// resolution: more than a hundred phrasings, each with the service or domain it means.
/// </summary>
public class ResolutionTableTests
{
    private static readonly ServiceResolver Services = new(ResponsibilityCatalog.Default);
    private static readonly DomainResolver Domains = new(ResponsibilityCatalog.Default);

    public static TheoryData<string, string> ServicePhrasings() => new()
    {
        { "EC2", "ec2" },
        { "ec2", "ec2" },
        { "Amazon EC2", "ec2" },
        { "amazon ec2", "ec2" },
        { "elastic compute cloud", "ec2" },
        { "Amazon Elastic Compute Cloud", "ec2" },
        { "an EC2 instance", "ec2" },
        { "EC2 instances", "ec2" },
        { "RDS", "rds" },
        { "Amazon RDS", "rds" },
        { "relational database service", "rds" },
        { "Amazon Relational Database Service", "rds" },
        { "RDS for PostgreSQL", "rds" },
        { "RDS for MySQL", "rds" },
        { "an RDS instance", "rds" },
        { "RDS DB instance", "rds" },
        { "rds_custom_oracle", "rds_custom_oracle" },
        { "RDS Custom for Oracle", "rds_custom_oracle" },
        { "Lambda", "lambda" },
        { "AWS Lambda", "lambda" },
        { "a Lambda function", "lambda" },
        { "Fargate", "ecs_fargate" },
        { "AWS Fargate", "ecs_fargate" },
        { "ECS on Fargate", "ecs_fargate" },
        { "ECS", "ecs" },
        { "ECS on EC2", "ecs" },
        { "Amazon ECS", "ecs" },
        { "EKS", "eks" },
        { "Amazon EKS", "eks" },
        { "S3", "s3" },
        { "Amazon S3", "s3" },
        { "simple storage service", "s3" },
        { "an S3 bucket", "s3" },
        { "S3 buckets", "s3" },
        { "DynamoDB", "dynamodb" },
        { "Amazon DynamoDB", "dynamodb" },
        { "a DynamoDB table", "dynamodb" },
        { "ElastiCache", "elasticache" },
        { "Amazon ElastiCache", "elasticache" },
        { "EBS", "ebs" },
        { "elastic block store", "ebs" },
        { "EBS volumes", "ebs" },
        { "VPC", "vpc" },
        { "Amazon VPC", "vpc" },
        { "KMS", "kms" },
        { "key management service", "kms" },
        { "IAM", "iam" },
        { "CloudTrail", "cloudtrail" },
        { "Elastic Beanstalk", "elastic_beanstalk" },
        { "API Gateway", "api_gateway" },
        { "CloudFront", "cloudfront" },
        { "SQS", "sqs" },
        { "simple queue service", "sqs" },
        { "SNS", "sns" },
        { "Aurora", "aurora" },
        { "Redshift", "redshift" },
        { "EFS", "efs" },
        { "Lightsail", "lightsail" },
    };

    public static TheoryData<string, string> TaskPhrasings() => new()
    {
        // guest_os
        { "patch the guest OS", "guest_os" },
        { "patching the guest operating system", "guest_os" },
        { "OS updates", "guest_os" },
        { "operating system patches", "guest_os" },
        { "patch the operating system", "guest_os" },
        { "apply security patches to the OS", "guest_os" },
        { "kernel updates", "guest_os" },
        { "harden the OS", "guest_os" },
        { "install anti-malware", "guest_os" },
        // runtime
        { "upgrade the database engine", "runtime" },
        { "database software patches", "runtime" },
        { "patching the database", "runtime" },
        { "runtime updates", "runtime" },
        { "upgrade the Kubernetes version", "runtime" },
        { "minor version upgrade", "runtime" },
        { "update the container agent", "runtime" },
        // app_code
        { "application code", "app_code" },
        { "patch the application", "app_code" },
        { "function code and dependencies", "app_code" },
        { "third-party libraries", "app_code" },
        { "container image vulnerabilities", "app_code" },
        { "application-level security", "app_code" },
        // config
        { "service configuration", "config" },
        { "configure the maintenance window", "config" },
        { "parameter groups", "config" },
        // net_cfg
        { "configure security groups", "net_cfg" },
        { "security group rules", "net_cfg" },
        { "network ACLs", "net_cfg" },
        { "NACL configuration", "net_cfg" },
        { "firewall configuration", "net_cfg" },
        { "VPC configuration", "net_cfg" },
        { "subnets and route tables", "net_cfg" },
        { "zone security", "net_cfg" },
        // edge_protect
        { "DDoS protection", "edge_protect" },
        { "web application firewall rules", "edge_protect" },
        { "Shield Advanced", "edge_protect" },
        // iam
        { "MFA", "iam" },
        { "multi-factor authentication", "iam" },
        { "IAM policies", "iam" },
        { "rotate access keys", "iam" },
        { "IAM execution roles", "iam" },
        { "least privilege permissions", "iam" },
        { "protect the root user", "iam" },
        // workload_identity
        { "database user management", "workload_identity" },
        { "manage database users", "workload_identity" },
        { "Kubernetes RBAC", "workload_identity" },
        { "SSH keys", "workload_identity" },
        // data_class
        { "classify data", "data_class" },
        { "data classification", "data_class" },
        { "data residency", "data_class" },
        { "personal data", "data_class" },
        // enc_rest
        { "encrypt data at rest", "enc_rest" },
        { "encryption at rest", "enc_rest" },
        { "data encryption", "enc_rest" },
        { "encrypting EBS volumes", "enc_rest" },
        { "server-side encryption", "enc_rest" },
        { "client-side encryption", "enc_rest" },
        // key_mgmt
        { "key rotation", "key_mgmt" },
        { "rotate KMS keys", "key_mgmt" },
        { "customer managed keys", "key_mgmt" },
        { "hardware security module", "key_mgmt" },
        // enc_transit
        { "encryption in transit", "enc_transit" },
        { "enforce TLS", "enc_transit" },
        { "SSL certificates", "enc_transit" },
        { "encrypt data in transit", "enc_transit" },
        // backup
        { "back up", "backup" },
        { "back up data", "backup" },
        { "backups", "backup" },
        { "snapshots", "backup" },
        { "point-in-time recovery", "backup" },
        { "object versioning", "backup" },
        // ha_dr
        { "Multi-AZ failover", "ha_dr" },
        { "high availability", "ha_dr" },
        { "disaster recovery", "ha_dr" },
        { "read replicas", "ha_dr" },
        // scaling
        { "auto scaling", "scaling" },
        { "capacity planning", "scaling" },
        { "scale out", "scaling" },
        // logging
        { "enable CloudTrail", "logging" },
        { "monitoring and logging", "logging" },
        { "VPC flow logs", "logging" },
        { "audit logs", "logging" },
        // incident
        { "incident response", "incident" },
        { "respond to security incidents", "incident" },
        // compliance
        { "compliance reports", "compliance" },
        { "audit evidence", "compliance" },
        // training
        { "security awareness training", "training" },
        { "train employees", "training" },
        // of the cloud
        { "physical security of data centers", "phys" },
        { "data center guards", "phys" },
        { "environmental controls", "phys" },
        { "decommissioning storage devices", "hw" },
        { "hardware maintenance", "hw" },
        { "physical servers", "hw" },
        { "patching the hypervisor", "virt" },
        { "virtualization layer", "virt" },
        { "tenant isolation", "virt" },
        { "global network infrastructure", "net_infra" },
        { "edge locations", "net_infra" },
        { "host operating system", "host_os" },
        { "patch the host OS", "host_os" },
        // ids and names
        { "guest_os", "guest_os" },
        { "ENC_REST", "enc_rest" },
        { "Encryption in transit", "enc_transit" },
    };

    [Theory]
    [MemberData(nameof(ServicePhrasings))]
    public void ServiceResolver_Phrasing_ResolvesToService(string phrasing, string expected)
    {
        var resolution = Services.Resolve(phrasing);

        Assert.True(resolution.Status == ResolutionStatus.Resolved, $"'{phrasing}': {resolution.Status}, candidates {string.Join(", ", resolution.Candidates.Select(c => c.Id))}");
        Assert.Equal(expected, resolution.Subject!.Id);
    }

    [Theory]
    [MemberData(nameof(TaskPhrasings))]
    public void DomainResolver_Phrasing_ResolvesToDomain(string phrasing, string expected)
    {
        var resolution = Domains.Resolve(phrasing);

        Assert.True(resolution.Status == ResolutionStatus.Resolved, $"'{phrasing}': {resolution.Status}, candidates {string.Join(", ", resolution.Candidates.Select(c => $"{c.Domain.Id}({c.Score}:{c.Phrase})"))}");
        Assert.Equal(expected, resolution.Domain!.Id);
    }

    [Fact]
    public void Table_HasAtLeastAHundredPhrasings() =>
        Assert.True(ServicePhrasings().Count + TaskPhrasings().Count >= 100);

    [Theory]
    [InlineData("patching")]
    [InlineData("patch management")]
    public void DomainResolver_GenericPatching_IsAmbiguousAndNamesCandidates(string phrasing)
    {
        var resolution = Domains.Resolve(phrasing);

        Assert.Equal(ResolutionStatus.Ambiguous, resolution.Status);
        Assert.Null(resolution.Domain);
        Assert.Contains(resolution.Candidates, c => c.Domain.Id == "guest_os");
        Assert.Contains(resolution.Candidates, c => c.Domain.Id == "runtime");
    }

    [Fact]
    public void DomainResolver_Misspelling_IsUnknownWithSuggestion()
    {
        var resolution = Domains.Resolve("encyrption");

        Assert.Equal(ResolutionStatus.Unknown, resolution.Status);
        Assert.Equal(["encyrption"], resolution.UnknownWords);
        Assert.Equal("enc_rest", resolution.Candidates[0].Domain.Id);
        Assert.Contains("encryption", resolution.Suggestions);
    }

    [Fact]
    public void DomainResolver_MisspelledWordBesideAClearPhrase_StillResolves()
    {
        var resolution = Domains.Resolve("encyrpt data at rest");

        Assert.Equal("enc_rest", resolution.Domain?.Id);
        Assert.Equal(["encyrpt"], resolution.UnknownWords);
    }

    [Fact]
    public void DomainResolver_Nonsense_IsUnknownWithNoCandidates()
    {
        var resolution = Domains.Resolve("fly a kite");

        Assert.Equal(ResolutionStatus.Unknown, resolution.Status);
        Assert.Empty(resolution.Candidates);
    }

    [Theory]
    [InlineData("elastc compute", "ec2")]
    [InlineData("lamda", "lambda")]
    [InlineData("dynamdb", "dynamodb")]
    [InlineData("cloudtrial", "cloudtrail")]
    public void ServiceResolver_Misspelling_IsUnknownAndSuggestsTheService(string phrasing, string suggested)
    {
        var resolution = Services.Resolve(phrasing);

        Assert.NotEqual(ResolutionStatus.Resolved, resolution.Status);
        Assert.Contains(resolution.Candidates, c => c.Id == suggested);
    }

    [Fact]
    public void ServiceResolver_Nonsense_IsUnknown()
    {
        var resolution = Services.Resolve("quantum toaster");

        Assert.Equal(ResolutionStatus.Unknown, resolution.Status);
        Assert.Null(resolution.Subject);
    }
}
