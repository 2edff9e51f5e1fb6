using Demarc.Catalog;
using Demarc.Model;
using Demarc.Resolution;
using Demarc.Views;

namespace Demarc.Core.Tests.Views;

/// <summary>
/// The source document (../shared/seed/shared-responsibility-model.txt) read from the catalog: its core table, its three
/// per-service tables and its exam answers must come out of the catalog the same way.
/// </summary>
public class SourceDocumentTests
{
    private static readonly ResponsibilityCatalog Catalog = ResponsibilityCatalog.Default;
    private static readonly ServiceResolver Services = new(Catalog);
    private static readonly DomainResolver Domains = new(Catalog);

    private static Subject Service(string name) => Services.Resolve(name).Subject ?? throw new InvalidOperationException($"no service '{name}'");

    [Theory]
    [InlineData("Amazon EC2", "Who is responsible for patching the operating system on an EC2 instance?", "patching the operating system", Owner.Customer)]
    [InlineData("an RDS instance", "Who is responsible for patching the operating system on an RDS instance?", "patching the operating system", Owner.Aws)]
    [InlineData("Amazon EC2", "Who is responsible for patching the guest operating system on an Amazon EC2 instance?", "patching the guest operating system", Owner.Customer)]
    [InlineData("Amazon S3", "Who is responsible for encrypting data stored in Amazon S3?", "encrypting data", Owner.Customer)]
    public void ExamAnswers_FromTheDocument_AreTheCatalogs(string service, string question, string task, Owner expected)
    {
        var domain = Domains.Resolve(task).Domain;

        Assert.NotNull(domain);
        var answer = ResponsibilityViews.Who(Catalog, Service(service), domain);
        Assert.True(expected == answer.Cell.Cell.Owner, $"{question} -> {answer.Cell.Cell.Owner}");
    }

    [Fact]
    public void S3Encryption_RecordsTheAwsDefault()
    {
        var cell = Service("s3").CellFor("enc_rest");

        Assert.Equal(Owner.Customer, cell.Owner);
        Assert.Contains("SSE-S3", cell.Note + cell.Parts.Aws, StringComparison.Ordinal);
        Assert.NotNull(cell.AsOf);
    }

    /// <summary>Rows of the document's per-service tables: the text, the domains it covers, and whose column it is in.</summary>
    public static TheoryData<string, string, string, bool> ServiceTables() => new()
    {
        // IaaS (EC2): Customer Manages | AWS Manages
        { "ec2", "Guest OS patches and updates", "guest_os", true },
        { "ec2", "Application installation and patches", "app_code runtime", true },
        { "ec2", "Security group and NACL configuration", "net_cfg", true },
        { "ec2", "IAM and access management", "iam", true },
        { "ec2", "Data encryption", "enc_rest", true },
        { "ec2", "Firewall configuration", "net_cfg", true },
        { "ec2", "Physical hardware", "hw", false },
        { "ec2", "Hypervisor", "virt", false },
        { "ec2", "Network infrastructure", "net_infra", false },
        { "ec2", "Data center security", "phys", false },
        { "ec2", "Host OS and firmware", "host_os hw", false },

        // Managed services (RDS, ElastiCache)
        { "rds elasticache", "IAM and database user management", "iam workload_identity", true },
        { "rds elasticache", "Security group configuration", "net_cfg", true },
        { "rds elasticache", "Encryption settings (KMS keys)", "enc_rest key_mgmt", true },
        { "rds elasticache", "Network configuration (VPC, subnets)", "net_cfg", true },
        { "rds elasticache", "Data classification", "data_class", true },
        { "rds elasticache", "OS patching", "guest_os", false },
        { "rds elasticache", "Database software patches", "runtime", false },
        { "rds elasticache", "Automated backups (if enabled)", "backup", false },
        { "rds elasticache", "Multi-AZ failover", "ha_dr", false },
        { "rds elasticache", "Hardware and infrastructure", "hw phys net_infra", false },

        // Serverless (Lambda, S3, DynamoDB)
        { "lambda", "Function code and dependencies", "app_code", true },
        { "lambda s3 dynamodb", "IAM execution roles", "iam", true },
        { "lambda s3 dynamodb", "Data encryption settings", "enc_rest", true },
        { "lambda", "Application-level security", "app_code", true },
        { "lambda s3 dynamodb", "Scaling", "scaling", false },
        { "lambda s3 dynamodb", "Patching", "guest_os runtime", false },
        { "lambda s3 dynamodb", "Infrastructure", "phys hw net_infra virt host_os", false },
        { "lambda s3 dynamodb", "Runtime environment", "runtime", false },
    };

    [Theory]
    [MemberData(nameof(ServiceTables))]
    public void ServiceTables_EveryRow_ReadsTheSameFromTheCatalog(string services, string row, string domains, bool customerColumn)
    {
        foreach (var service in services.Split(' '))
        {
            var subject = Service(service);
            foreach (var domain in domains.Split(' '))
            {
                var owner = subject.CellFor(domain).Owner;
                var fits = customerColumn ? owner is Owner.Customer or Owner.Shared : owner is Owner.Aws or Owner.Shared;
                Assert.True(fits, $"{service}: '{row}' is in the {(customerColumn ? "Customer" : "AWS")} column, but {domain} is {owner.Display()}");
            }
        }
    }

    [Fact]
    public void ServiceTables_VpcConfigurationOnServerless_IsNotAwsAlone()
    {
        // "VPC configuration (if applicable)": where it applies, the customer has a part.
        foreach (var service in new[] { "lambda", "s3", "dynamodb" })
        {
            Assert.NotEqual(Owner.Aws, Service(service).CellFor("net_cfg").Owner);
        }
    }

    [Fact]
    public void CoreView_OfEc2RdsLambda_MatchesTheCoreTable()
    {
        var comparison = ResponsibilityViews.Compare(Catalog, [Service("ec2"), Service("rds"), Service("lambda")]);
        var rows = comparison.CoreRows.ToDictionary(r => r.Row.Id, r => r.Owners.ToArray());

        Assert.Equal([Owner.Aws, Owner.Aws, Owner.Aws], rows["physical"]);
        Assert.Equal([Owner.Aws, Owner.Aws, Owner.Aws], rows["hardware"]);
        Assert.Equal([Owner.Aws, Owner.Aws, Owner.Aws], rows["hypervisor"]);
        Assert.Equal([Owner.Shared, Owner.Shared, Owner.Shared], rows["network"]);
        Assert.Equal([Owner.Customer, Owner.Aws, Owner.Aws], rows["operating_system"]);
        Assert.All(rows["application"], o => Assert.True(o is Owner.Customer or Owner.Shared));
        Assert.Equal([Owner.Customer, Owner.Customer, Owner.Customer], rows["data"]);
        Assert.Equal([Owner.Customer, Owner.Customer, Owner.Customer], rows["identity"]);
    }

    [Fact]
    public void CoreModel_RowsAndColumns_AreTheDocumentsCoreTable()
    {
        var document = File.ReadAllLines(SourceDocumentPath());
        var start = Array.FindIndex(document, l => l.Trim() == "The Core Model");
        Assert.True(start >= 0, "the source document has no 'The Core Model' section");
        var table = document.Skip(start + 1)
            .SkipWhile(l => !l.StartsWith('|'))
            .TakeWhile(l => l.StartsWith('|'))
            .Skip(2)
            .Select(l => l.Trim('|').Split('|').Select(c => c.Trim()).ToArray())
            .ToList();

        Assert.Equal(table.Select(r => r[0]), Catalog.CoreModel.Select(r => r.Name));
        Assert.Equal(table.Select(r => r[1]), Catalog.CoreModel.Select(r => r.Parts.Aws));
        Assert.Equal(table.Select(r => r[2]), Catalog.CoreModel.Select(r => r.Parts.Customer));
    }

    private static string SourceDocumentPath()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Demarc.slnx")))
        {
            directory = directory.Parent;
        }

        Assert.NotNull(directory);
        var path = Path.Combine(directory.FullName, "..", "shared", "seed", "shared-responsibility-model.txt");
        Assert.True(File.Exists(path), $"the source document is expected beside the repository at {path}");
        return path;
    }
}
