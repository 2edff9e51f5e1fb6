using Demarc.Scanning.Terraform;

namespace Demarc.Core.Tests.Terraform;

public class TerraformAddressesTests
{
    [Theory]
    [InlineData("aws_s3_bucket.logs", null, "aws_s3_bucket.logs")]
    [InlineData("module.db.aws_db_instance.main[0]", "module.db", "aws_db_instance.main[0]")]
    [InlineData("module.db[0].aws_db_instance.main", "module.db[0]", "aws_db_instance.main")]
    [InlineData("module.app.module.queue.aws_sqs_queue.q", "module.app.module.queue", "aws_sqs_queue.q")]
    [InlineData("module.app[\"a.b]\\\"c\"].aws_sqs_queue.q[\"x.y\"]", "module.app[\"a.b]\\\"c\"]", "aws_sqs_queue.q[\"x.y\"]")]
    [InlineData("aws_iam_user.u[\"module.x\"]", null, "aws_iam_user.u[\"module.x\"]")]
    [InlineData("module.x", null, "module.x")]
    [InlineData("module..aws_s3_bucket.b", null, "module..aws_s3_bucket.b")]
    public void Split_Address_GivesModuleAndResource(string address, string? module, string resource)
    {
        Assert.Equal((module, resource), TerraformAddresses.Split(address));
    }
}
