using System.Text;
using System.Text.Json;
using Demarc.Catalog;
using Demarc.Web.Engines;
using Demarc.Web.Tests.Api;

namespace Demarc.Web.Tests.Engines;

/// <summary>The web app's scan engine on its own: Terraform uploads, their scratch directory, and what it never reads.</summary>
public sealed class ScanEngineTests : IDisposable
{
    private static readonly DateOnly Today = new(2026, 11, 28);
    private readonly string _root = Directory.CreateTempSubdirectory("demarc-scan-engine-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private string Scratch => Path.Combine(_root, "scratch");

    private ScanRun Scan(params (string Name, string Text)[] uploads)
    {
        Directory.CreateDirectory(Scratch);
        var engine = new ScanEngine(ResponsibilityCatalog.Default, 5 * 1024 * 1024, Scratch);
        var request = new ScanRequest([.. uploads.Select(u => new ScanUpload(u.Name, Encoding.UTF8.GetBytes(u.Text)))], null, [], null, Today);
        return engine.Scan(request, CancellationToken.None);
    }

    [Fact]
    public void Scan_TerraformFiles_ReadAsOneModuleAndTheScratchDirectoryIsDeleted()
    {
        var run = Scan(("main.tf", Templates.TerraformMain), ("variables.tf", Templates.TerraformVariables), ("env.auto.tfvars", "ssh_from = \"0.0.0.0/0\"\n"));

        var open = Assert.Single(run.View.Violations, v => v.Check == "DMC-SG-001");
        Assert.Equal("aws_security_group.web", open.Resource);
        Assert.StartsWith("terraform/main.tf:11:", open.Location, StringComparison.Ordinal);
        Assert.Equal(2, run.Resources);
        Assert.Equal(0, run.Errors);
        Assert.Empty(Directory.EnumerateFileSystemEntries(Scratch));
    }

    [Fact]
    public void Scan_ModuleCallLeavingTheUpload_IsNotReadAndSaysWhy()
    {
        var outside = Directory.CreateDirectory(Path.Combine(_root, "outside")).FullName;
        File.WriteAllText(Path.Combine(outside, "leak.tf"), "resource \"aws_s3_bucket\" \"leaked\" {\n  bucket = \"secret\"\n}\n");
        var main = Templates.TerraformMain + "\nmodule \"x\" {\n  source = \"../../outside\"\n}\n";

        var run = Scan(("main.tf", main), ("variables.tf", Templates.TerraformVariables));

        Assert.Equal(2, run.Resources);
        Assert.DoesNotContain("leaked", run.Documents["json"], StringComparison.Ordinal);
        Assert.Contains(run.View.Problems, p => p.Rule == "module-not-read" && p.Message.Contains("module.x", StringComparison.Ordinal));
        Assert.Contains(run.View.Problems, p => p.Rule == "module-not-read" && p.Message.Contains("does not follow the modules it calls", StringComparison.Ordinal));
        Assert.Empty(Directory.EnumerateFileSystemEntries(Scratch));
    }

    [Fact]
    public async Task Scan_FileFunctionReachingOutsideTheUpload_IsUnknownNotRead()
    {
        // The control: with the file inside the module, demarc scan reads it and the open CIDR is a violation.
        const string Module = """
            resource "aws_security_group" "web" {
              name        = "web"
              description = "web servers"

              ingress {
                from_port   = 22
                to_port     = 22
                protocol    = "tcp"
                cidr_blocks = [trimspace(file("PATH"))]
              }
            }
            """;
        var control = Directory.CreateDirectory(Path.Combine(_root, "control")).FullName;
        File.WriteAllText(Path.Combine(control, "cidr.txt"), "0.0.0.0/0\n");
        File.WriteAllText(Path.Combine(control, "main.tf"), Module.Replace("PATH", "cidr.txt", StringComparison.Ordinal));
        var cli = await Cli.ScanJsonAsync(control);
        Assert.Contains(cli.GetProperty("findings").EnumerateArray(), f => f.GetProperty("check").GetString() == "DMC-SG-001");
        var outside = Directory.CreateDirectory(Path.Combine(_root, "outside")).FullName;
        File.WriteAllText(Path.Combine(outside, "cidr.txt"), "0.0.0.0/0\n");

        var run = Scan(("main.tf", Module.Replace("PATH", "../../outside/cidr.txt", StringComparison.Ordinal)));

        Assert.Equal(1, run.Resources);
        Assert.DoesNotContain(run.View.Violations, v => v.Check == "DMC-SG-001");
        Assert.Contains("../../outside/cidr.txt is outside the directories of the modules scanned", run.Documents["json"], StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFileSystemEntries(Scratch));
    }

    [Fact]
    public void Scan_TerraformPlanAndTemplateTogether_BothScanned()
    {
        var run = Scan(("plan.json", File.ReadAllText(Templates.PlanPath)), ("stack.yaml", Templates.Sample));

        Assert.Contains(run.View.Violations, v => v.Check == "DMC-IAM-002" && v.Resource == "aws_iam_policy.admin" && v.Location.StartsWith("plan.json:", StringComparison.Ordinal));
        Assert.Contains(run.View.Violations, v => v.Resource == "OpenSsh" && v.Location.StartsWith("stack.yaml:", StringComparison.Ordinal));
        var files = JsonDocument.Parse(run.Documents["json"]).RootElement.GetProperty("files").EnumerateArray().Select(f => f.GetProperty("file").GetString()).ToList();
        Assert.Equal(["plan.json", "stack.yaml"], files.Order(StringComparer.Ordinal));
        Assert.Empty(Directory.EnumerateFileSystemEntries(Scratch));
    }

    [Fact]
    public void Scan_TwoFilesWithOneName_SecondIsAProblem()
    {
        var run = Scan(("a/main.tf", Templates.TerraformMain), ("b/main.tf", "resource \"aws_s3_bucket\" \"other\" {}\n"), ("variables.tf", Templates.TerraformVariables));

        Assert.Equal(2, run.Resources);
        Assert.Contains(run.View.Problems, p => p is { Severity: "error", Rule: ScanEngine.UploadRule } && p.Location.StartsWith("b/main.tf", StringComparison.Ordinal) && p.Message.Contains("also named main.tf", StringComparison.Ordinal));
    }

    [Fact]
    public void Scan_VariableFilesWithoutTf_AreProblemsAndNothingIsWritten()
    {
        var run = Scan(("terraform.tfvars", "env = \"prod\"\n"), ("prod.tfvars", "env = \"prod\"\n"));

        Assert.Equal(0, run.Resources);
        Assert.Equal(2, run.View.Problems.Count(p => p.Rule == ScanEngine.UploadRule && p.Message.Contains("upload them together", StringComparison.Ordinal)));
        Assert.Empty(Directory.EnumerateFileSystemEntries(Scratch));
    }

    [Fact]
    public void Scan_VariableFileTerraformDoesNotReadByItself_IsAWarning()
    {
        var run = Scan(("main.tf", Templates.TerraformMain), ("variables.tf", Templates.TerraformVariables), ("prod.tfvars", "ssh_from = \"0.0.0.0/0\"\n"));

        Assert.DoesNotContain(run.View.Violations, v => v.Check == "DMC-SG-001");
        Assert.Contains(run.View.Problems, p => p is { Severity: "warning", Rule: ScanEngine.UploadRule } && p.Message.Contains("rename it to NAME.auto.tfvars", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("main.tf", "main.tf")]
    [InlineData("../../etc/evil.tf", "evil.tf")]
    [InlineData("..\\..\\evil.tf", "evil.tf")]
    [InlineData(".hidden.tf", "hidden.tf")]
    [InlineData("my stack;rm -rf.TF", "my_stack_rm_-rf.tf")]
    [InlineData(".tf", "upload.tf")]
    [InlineData("terraform.tfvars.json", "terraform.tfvars.json")]
    [InlineData("prod.auto.tfvars", "prod.auto.tfvars")]
    [InlineData("main.tf.json", "main.tf.json")]
    public void TerraformFile_UploadName_IsASafeFileName(string upload, string expected)
    {
        Assert.Equal(expected, ScanEngine.TerraformFile(upload));
    }

    [Theory]
    [InlineData("stack.yaml")]
    [InlineData("plan.json")]
    [InlineData("main.tf.bak")]
    public void TerraformFile_NotTerraform_IsNull(string upload)
    {
        Assert.Null(ScanEngine.TerraformFile(upload));
    }
}
