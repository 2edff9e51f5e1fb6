using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Demarc.Catalog;
using Demarc.Contracts;
using Demarc.Resolution;
using Demarc.Views;

namespace Demarc.Web.Tests.Api;

/// <summary>The JSON API against the real app, written once and run on each store.</summary>
public abstract class ApiContract(SiteFixture site)
{
    protected SiteFixture Site { get; } = site;

    private HttpClient Client => Site.Client;

    private static async Task<JsonElement> Json(HttpResponseMessage response)
    {
        await using var stream = await response.Content.ReadAsStreamAsync();
        return (await JsonDocument.ParseAsync(stream)).RootElement.Clone();
    }

    private static async Task AssertProblem(HttpResponseMessage response, HttpStatusCode status, string detailPart)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await Json(response);
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
        Assert.Contains(detailPart, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Who_KnownServiceAndTask_IsTheSameJsonAsTheCli()
    {
        var response = await Client.GetAsync("/api/who?service=rds&task=patch%20the%20operating%20system");

        response.EnsureSuccessStatusCode();
        var catalog = ResponsibilityCatalog.Default;
        var subject = new ServiceResolver(catalog).Resolve("rds").Subject!;
        var domain = new DomainResolver(catalog).Resolve("patch the operating system");
        var expected = CatalogContracts.Serialize(
            CatalogContracts.Who(catalog, ResponsibilityViews.Who(catalog, subject, domain.Domain!), new UnderstoodJson("rds", "patch the operating system", domain.Match!.Phrase)),
            CatalogContracts.Json.WhoJson);
        Assert.Equal(expected, await response.Content.ReadAsStringAsync());
        Assert.Equal("AWS", (await Json(await Client.GetAsync("/api/who?service=rds&task=patch%20the%20operating%20system"))).GetProperty("cell").GetProperty("owner").GetString());
        Assert.Equal("Customer", (await Json(await Client.GetAsync("/api/who?service=ec2&task=patch%20the%20guest%20OS"))).GetProperty("cell").GetProperty("owner").GetString());
    }

    [Fact]
    public async Task Who_UnknownService_IsAProblemWithCandidates()
    {
        var response = await Client.GetAsync("/api/who?service=rdss&task=backup");

        await AssertProblem(response, HttpStatusCode.NotFound, "unknown service 'rdss'");
        Assert.Contains("rds", (await Json(await Client.GetAsync("/api/who?service=rdss&task=backup"))).GetProperty("candidates").EnumerateArray().Select(c => c.GetString()));
    }

    [Fact]
    public async Task Who_MissingTask_SaysWhatToSend()
    {
        await AssertProblem(await Client.GetAsync("/api/who?service=ec2"), HttpStatusCode.NotFound, "no task given");
    }

    [Fact]
    public async Task Services_FilterByModelAndSearch()
    {
        var serverless = await Json(await Client.GetAsync("/api/services?model=serverless"));
        var all = await Json(await Client.GetAsync("/api/services"));
        var search = await Json(await Client.GetAsync("/api/services?q=fargate"));

        Assert.Equal(ResponsibilityCatalog.Default.Services.Count, all.GetProperty("services").GetArrayLength());
        var models = serverless.GetProperty("services").EnumerateArray().Select(s => s.GetProperty("model").GetString()).ToList();
        Assert.NotEmpty(models);
        Assert.All(models, m => Assert.Equal("serverless", m));
        Assert.Contains("ecs", search.GetProperty("services").EnumerateArray().Select(s => s.GetProperty("id").GetString()));
        Assert.True(search.GetProperty("services").GetArrayLength() < all.GetProperty("services").GetArrayLength());
        await AssertProblem(await Client.GetAsync("/api/services?model=mainframe"), HttpStatusCode.BadRequest, "unknown service model 'mainframe'");
    }

    [Fact]
    public async Task ServiceById_IsTheShowJson()
    {
        var rds = await Json(await Client.GetAsync("/api/services/Amazon%20RDS"));

        Assert.Equal("show", rds.GetProperty("kind").GetString());
        Assert.Equal("rds", rds.GetProperty("service").GetProperty("id").GetString());
        Assert.Equal(ResponsibilityCatalog.Default.Domains.Count, rds.GetProperty("cells").GetArrayLength());
        Assert.Equal(HttpStatusCode.NotFound, (await Client.GetAsync("/api/services/no-such-service")).StatusCode);
    }

    [Fact]
    public async Task Compare_Ec2RdsLambda_GuestOsIsCustomerAwsAws()
    {
        var compare = await Json(await Client.GetAsync("/api/compare?services=ec2,rds&services=lambda"));

        var guestOs = compare.GetProperty("domains").EnumerateArray().Single(d => d.GetProperty("domain").GetString() == "guest_os");
        Assert.Equal(["Customer", "AWS", "AWS"], guestOs.GetProperty("cells").EnumerateArray().Select(c => c.GetProperty("owner").GetString()));
        await AssertProblem(await Client.GetAsync("/api/compare?services=ec2"), HttpStatusCode.BadRequest, "2 to 20 services");
    }

    [Fact]
    public async Task Shift_Ec2ToRds_MovesGuestOsToAws()
    {
        var shift = await Json(await Client.GetAsync("/api/shift?from=ec2&to=rds"));

        Assert.Contains("guest_os", shift.GetProperty("summary").GetProperty("to-aws").EnumerateArray().Select(d => d.GetString()));
        Assert.True(shift.GetProperty("customerLoadAfter").GetDouble() < shift.GetProperty("customerLoadBefore").GetDouble());
    }

    [Fact]
    public async Task QuizNextThenAnswer_RecordsTheAnswerInProgress()
    {
        var learner = "api-" + Guid.NewGuid().ToString("N")[..8];
        var question = await Json(await Client.GetAsync($"/api/quiz/next?learner={learner}&seed=7&kind=who"));
        Assert.Equal("who", question.GetProperty("questionKind").GetString());
        Assert.False(question.TryGetProperty("answer", out _));
        var item = question.GetProperty("item").GetString()!;

        var answer = await Client.PostAsJsonAsync("/api/quiz/answer", new { learner, item, seed = 7, answer = "A" });

        answer.EnsureSuccessStatusCode();
        var graded = await Json(answer);
        Assert.Equal(graded.GetProperty("answer").GetString() == "A", graded.GetProperty("correct").GetBoolean());
        Assert.Equal(1, graded.GetProperty("state").GetProperty("attempts").GetInt32());
        var progress = await Json(await Client.GetAsync($"/api/progress?learner={learner}"));
        Assert.Equal("quiz-stats", progress.GetProperty("kind").GetString());
        Assert.Equal(1, progress.GetProperty("overall").GetProperty("answers").GetInt32());
        var domain = item.Split('/')[2];
        Assert.Equal(1, progress.GetProperty("domains").EnumerateArray().Single(d => d.GetProperty("id").GetString() == domain).GetProperty("answers").GetInt32());
    }

    [Fact]
    public async Task QuizAnswer_LetterThatIsNotAnOption_Is400AndRecordsNothing()
    {
        var learner = "bad-" + Guid.NewGuid().ToString("N")[..8];
        var question = await Json(await Client.GetAsync($"/api/quiz/next?learner={learner}&seed=3&kind=who"));

        var response = await Client.PostAsJsonAsync("/api/quiz/answer", new { learner, item = question.GetProperty("item").GetString(), seed = 3, answer = "Z" });

        await AssertProblem(response, HttpStatusCode.BadRequest, "has no option Z");
        Assert.Equal(0, (await Json(await Client.GetAsync($"/api/progress?learner={learner}"))).GetProperty("overall").GetProperty("answers").GetInt32());
        await AssertProblem(await Client.PostAsync("/api/quiz/answer", new StringContent("learner=x", Encoding.UTF8, "application/x-www-form-urlencoded")), HttpStatusCode.UnsupportedMediaType, "as JSON");
        await AssertProblem(await Client.PostAsync("/api/quiz/answer", new StringContent("{\"learner\":", Encoding.UTF8, "application/json")), HttpStatusCode.BadRequest, "not valid JSON");
    }

    [Fact]
    public async Task QuizAnswer_ManyParallelRequests_LoseNothing()
    {
        var learner = "load-" + Guid.NewGuid().ToString("N")[..8];
        var items = new List<string>();
        for (var i = 0; i < 4; i++)
        {
            items.Add((await Json(await Client.GetAsync($"/api/quiz/next?learner=seed-{learner}-{i}&seed={i + 1}&kind=who"))).GetProperty("item").GetString()!);
        }

        const int requests = 160;
        using var gate = new SemaphoreSlim(16);
        var results = await Task.WhenAll(Enumerable.Range(0, requests).Select(async i =>
        {
            await gate.WaitAsync();
            try
            {
                var response = await Client.PostAsJsonAsync("/api/quiz/answer", new { learner, item = items[i % items.Count], seed = (i % items.Count) + 1, answer = i % 3 == 0 ? "B" : "A" });
                return (int)response.StatusCode;
            }
            finally
            {
                gate.Release();
            }
        }));

        Assert.All(results, status => Assert.Equal(200, status));
        var progress = await Json(await Client.GetAsync($"/api/progress?learner={learner}"));
        Assert.Equal(requests, progress.GetProperty("overall").GetProperty("answers").GetInt32());
        Assert.Equal(items.Distinct().Count(), progress.GetProperty("overall").GetProperty("items").GetInt32());
    }

    [Fact]
    public async Task Scans_UploadListDownloadDelete()
    {
        using var form = new MultipartFormDataContent();
        form.Add(new ByteArrayContent(Encoding.UTF8.GetBytes(Templates.Sample)), "templates", "stack.yaml");
        form.Add(new StringContent("api upload"), "title");

        var created = await Client.PostAsync("/api/scans", form);

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var scan = await Json(created);
        var id = scan.GetProperty("id").GetString()!;
        Assert.Equal($"/api/scans/{id}", created.Headers.Location?.ToString());
        Assert.Equal("api upload", scan.GetProperty("title").GetString());
        Assert.True(scan.GetProperty("violations").GetInt32() > 0);
        var list = await Json(await Client.GetAsync("/api/scans?limit=1000"));
        Assert.Contains(id, list.GetProperty("scans").EnumerateArray().Select(s => s.GetProperty("id").GetString()));
        foreach (var (format, media) in new[] { ("json", "application/json"), ("sarif", "application/sarif+json"), ("csv", "text/csv"), ("html", "text/html") })
        {
            var download = await Client.GetAsync($"/api/scans/{id}/{format}");
            download.EnsureSuccessStatusCode();
            Assert.Equal(media, download.Content.Headers.ContentType?.MediaType);
            Assert.Equal("attachment", download.Content.Headers.ContentDisposition?.DispositionType);
            Assert.NotEmpty(await download.Content.ReadAsStringAsync());
        }

        Assert.Equal(HttpStatusCode.NoContent, (await Client.DeleteAsync($"/api/scans/{id}")).StatusCode);
        await AssertProblem(await Client.GetAsync($"/api/scans/{id}"), HttpStatusCode.NotFound, "there is no scan");
        await AssertProblem(await Client.DeleteAsync($"/api/scans/{id}"), HttpStatusCode.NotFound, "there is no scan");
    }

    [Fact]
    public async Task Scans_TerraformPlan_HasTheSameFindingsAsTheCli()
    {
        using var form = new MultipartFormDataContent();
        form.Add(new ByteArrayContent(File.ReadAllBytes(Templates.PlanPath)), "templates", "plan.json");

        var created = await Client.PostAsync("/api/scans", form);

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await Json(created)).GetProperty("id").GetString()!;
        var report = await Json(await Client.GetAsync($"/api/scans/{id}/json"));
        var findings = Findings(report);
        Assert.Contains(("DMC-IAM-002", "aws_iam_policy.admin", "fail"), findings);
        Assert.Contains(("DMC-RDS-007", "module.db[0].aws_db_instance.main", "fail"), findings);
        Assert.Contains("plan.json", report.GetProperty("findings").EnumerateArray().Select(f => f.GetProperty("file").GetString()));
        Assert.Equal(Findings(await Cli.ScanJsonAsync(Templates.PlanPath)), findings);
    }

    [Fact]
    public async Task Scans_TerraformFiles_AreOneModuleWithItsAutoVariables()
    {
        using var form = new MultipartFormDataContent();
        form.Add(new ByteArrayContent(Encoding.UTF8.GetBytes(Templates.TerraformVariables)), "templates", "variables.tf");
        form.Add(new ByteArrayContent(Encoding.UTF8.GetBytes(Templates.TerraformMain)), "templates", "main.tf");
        form.Add(new ByteArrayContent("ssh_from = \"0.0.0.0/0\"\n"u8.ToArray()), "templates", "terraform.tfvars");

        var created = await Client.PostAsync("/api/scans", form);

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var scan = await Json(created);
        Assert.Equal(0, scan.GetProperty("errors").GetInt32());
        var report = await Json(await Client.GetAsync($"/api/scans/{scan.GetProperty("id").GetString()}/json"));
        var findings = report.GetProperty("findings").EnumerateArray().ToList();
        var open = Assert.Single(findings, f => f.GetProperty("check").GetString() == "DMC-SG-001");
        Assert.Equal("aws_security_group.web", open.GetProperty("resource").GetString());
        Assert.Equal("terraform/main.tf", open.GetProperty("file").GetString());
        Assert.Contains(findings, f => f.GetProperty("check").GetString() == "DMC-S3-001" && f.GetProperty("resource").GetString() == "aws_s3_bucket.logs");
    }

    [Fact]
    public async Task Scans_SavedInParallelWhileOthersAreRead_LoseNothing()
    {
        const int uploads = 24;
        var before = (await Json(await Client.GetAsync("/api/scans?limit=1"))).GetProperty("total").GetInt32();
        using var stop = new CancellationTokenSource();
        var reader = Task.Run(async () =>
        {
            var reads = 0;
            while (!stop.IsCancellationRequested)
            {
                var list = await Json(await Client.GetAsync("/api/scans?limit=20"));
                foreach (var scan in list.GetProperty("scans").EnumerateArray())
                {
                    var id = scan.GetProperty("id").GetString();
                    var report = await Client.GetAsync($"/api/scans/{id}/json");
                    Assert.True(report.StatusCode is HttpStatusCode.OK or HttpStatusCode.NotFound); // a scan deleted by another test in between
                    reads++;
                }
            }

            return reads;
        });
        var ids = await Task.WhenAll(Enumerable.Range(0, uploads).Select(async i =>
        {
            using var form = new MultipartFormDataContent();
            form.Add(new StringContent(Templates.Sample.Replace("Sample stack", $"parallel {i}", StringComparison.Ordinal)), "template");
            form.Add(new StringContent($"parallel-{i}.yaml"), "templateName");
            var response = await Client.PostAsync("/api/scans", form);
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            return (await Json(response)).GetProperty("id").GetString()!;
        }));
        await stop.CancelAsync();
        Assert.True(await reader > 0);

        var all = (await Json(await Client.GetAsync("/api/scans?limit=1000"))).GetProperty("scans").EnumerateArray().Select(s => s.GetProperty("id").GetString()).ToHashSet();
        Assert.All(ids, id => Assert.Contains(id, all));
        Assert.Equal(uploads, ids.Distinct().Count());
        Assert.True((await Json(await Client.GetAsync("/api/scans?limit=1"))).GetProperty("total").GetInt32() >= before + uploads);
    }

    [Fact]
    public async Task Scans_UploadLimits_AreClearProblems()
    {
        using (var none = new MultipartFormDataContent { { new StringContent("x"), "title" } })
        {
            await AssertProblem(await Client.PostAsync("/api/scans", none), HttpStatusCode.BadRequest, "at least one template");
        }

        using (var tooMany = new MultipartFormDataContent())
        {
            for (var i = 0; i < 21; i++)
            {
                tooMany.Add(new ByteArrayContent("Resources: {}"u8.ToArray()), "templates", $"t{i}.yaml");
            }

            await AssertProblem(await Client.PostAsync("/api/scans", tooMany), HttpStatusCode.RequestEntityTooLarge, "the limit is 20 per scan");
        }

        using (var tooLarge = new MultipartFormDataContent())
        {
            tooLarge.Add(new ByteArrayContent(new byte[(5 * 1024 * 1024) + 1]), "templates", "huge.yaml");
            await AssertProblem(await Client.PostAsync("/api/scans", tooLarge), HttpStatusCode.RequestEntityTooLarge, "'huge.yaml' is 5,242,881 bytes; the limit is 5 MB per file");
        }

        using var json = new StringContent("{}", Encoding.UTF8, "application/json");
        await AssertProblem(await Client.PostAsync("/api/scans", json), HttpStatusCode.UnsupportedMediaType, "multipart/form-data");
    }

    [Fact]
    public async Task Ask_Ec2GuestOsPatching_IsCustomer()
    {
        var response = await Client.GetAsync("/api/ask?q=Who%20is%20responsible%20for%20patching%20the%20guest%20operating%20system%20on%20an%20Amazon%20EC2%20instance%3F");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Customer", (await Json(response)).GetProperty("owner").GetString());
        await AssertProblem(await Client.GetAsync("/api/ask?q="), HttpStatusCode.BadRequest, "no question given");
    }

    private static HashSet<(string Check, string Resource, string Outcome)> Findings(JsonElement report) =>
        [.. report.GetProperty("findings").EnumerateArray().Select(f => (f.GetProperty("check").GetString()!, f.GetProperty("resource").GetString()!, f.GetProperty("outcome").GetString()!))];

    [Fact]
    public async Task OpenApi_DescribesEveryApiEndpoint()
    {
        var document = await Json(await Client.GetAsync("/openapi/v1.json"));

        var paths = document.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToHashSet();
        foreach (var path in new[] { "/api/services", "/api/services/{id}", "/api/who", "/api/compare", "/api/shift", "/api/ask", "/api/scans", "/api/scans/{id}", "/api/quiz/next", "/api/quiz/answer", "/api/progress" })
        {
            Assert.Contains(path, paths);
        }

        Assert.DoesNotContain(paths, p => !p.StartsWith("/api/", StringComparison.Ordinal));
        var page = await Client.GetStringAsync("/api");
        Assert.Contains("/api/quiz/answer", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownEndpoint_IsAProblem()
    {
        await AssertProblem(await Client.GetAsync("/api/nothing-here"), HttpStatusCode.NotFound, "not part of the API");
    }
}

[Collection("sqlite")]
public sealed class SqliteApiTests(SqliteSite site) : ApiContract(site);

[Collection("postgres")]
public sealed class PostgresApiTests(PostgresSite site) : ApiContract(site);

/// <summary>Templates the tests upload.</summary>
public static class Templates
{
    /// <summary>A stack with an S3 bucket and an open security group, neither tagged nor hardened: it has violations.</summary>
    public const string Sample = """
        AWSTemplateFormatVersion: "2010-09-09"
        Description: Sample stack
        Resources:
          Uploads:
            Type: AWS::S3::Bucket
          OpenSsh:
            Type: AWS::EC2::SecurityGroup
            Properties:
              GroupDescription: ssh from anywhere
              SecurityGroupIngress:
                - IpProtocol: tcp
                  FromPort: 22
                  ToPort: 22
                  CidrIp: 0.0.0.0/0
        """;

    /// <summary>The Terraform plan of the Terraform tests (<c>terraform show -json</c>): an admin IAM policy, an RDS instance in a module, …</summary>
    public static string PlanPath { get; } = Path.Combine(AppContext.BaseDirectory, "Fixtures", "aws.plan.json");

    /// <summary>The variables of a Terraform module, in their own file; SSH is open only when a variable file says so.</summary>
    public const string TerraformVariables = """
        variable "env" {
          default = "dev"
        }

        variable "ssh_from" {
          default = "10.0.0.0/8"
        }
        """;

    /// <summary>A Terraform module's resources: a bucket without public access block, and a security group open to <c>ssh_from</c>.</summary>
    public const string TerraformMain = """
        resource "aws_s3_bucket" "logs" {
          bucket = "acme-${var.env}-logs"
        }

        resource "aws_security_group" "web" {
          name        = "web-${var.env}"
          description = "web servers"

          ingress {
            from_port   = 22
            to_port     = 22
            protocol    = "tcp"
            cidr_blocks = [var.ssh_from]
          }
        }
        """;

    /// <summary>A template whose description and parameter texts hold markup.</summary>
    public const string Hostile = """
        AWSTemplateFormatVersion: "2010-09-09"
        Description: <script>window.pwned=1</script><img src=x onerror=alert(1)>
        Parameters:
          Name:
            Type: String
            Default: "<script>alert('param')</script>"
            Description: "<b>bold</b>"
        Resources:
          Bucket:
            Type: AWS::S3::Bucket
            Properties:
              BucketName: !Ref Name
        """;
}
