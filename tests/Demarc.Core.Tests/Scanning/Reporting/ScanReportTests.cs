using Demarc.Model;
using Demarc.Scanning.Checks;
using Demarc.Scanning.Reporting;
using Demarc.Scanning.Terraform;

namespace Demarc.Core.Tests.Scanning.Reporting;

public class ScanReportTests
{
    private static CheckResult Result(string checkId, string type) =>
        new(TerraformChecks.Registry.Find(checkId)!.Definition, "f", "R", type, CheckOutcome.Fail, "m", new SourceLocation("f", 1, 1));

    [Fact]
    public void Fix_TerraformResource_IsTheHclOfItsForm()
    {
        var fix = ScanReport.Fix(Result("DMC-RDS-002", "aws_db_instance"));

        Assert.Equal("hcl", fix.Language);
        Assert.Equal(TerraformChecks.Snippet("DMC-RDS-002", "aws_db_instance"), fix.Code);
        Assert.Contains("publicly_accessible = false", fix.Code, StringComparison.Ordinal);
    }

    [Fact]
    public void Fix_CloudFormationResource_IsTheCheckSnippet()
    {
        var result = Result("DMC-RDS-002", "AWS::RDS::DBInstance");

        var fix = ScanReport.Fix(result);

        Assert.Equal(new FixSnippet(result.Check.Snippet, "yaml"), fix);
        Assert.Contains("PubliclyAccessible", fix.Code, StringComparison.Ordinal);
    }

    [Fact]
    public void Fix_EveryTerraformFormSnippet_IsWhatItsTypesShow()
    {
        foreach (var form in TerraformChecks.Forms)
        {
            foreach (var type in form.Types)
            {
                var fix = ScanReport.Fix(Result(form.CheckId, type));
                Assert.Equal(("hcl", form.CheckId, type, true), (fix.Language, form.CheckId, type, fix.Code.Trim().Length > 0));
            }
        }
    }
}
