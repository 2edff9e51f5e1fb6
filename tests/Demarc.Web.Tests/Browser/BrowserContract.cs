using Demarc.Web.Tests.Api;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Demarc.Web.Tests.Browser;

/// <summary>
/// The pages in a real browser (Debian's Chromium through Playwright), against the real app on each store. Every test
/// saves screenshots of the pages it visits to TestResults/screenshots.
/// </summary>
public abstract class BrowserContract(SiteFixture site)
{
    protected SiteFixture Site { get; } = site;

    [Fact]
    public async Task Home_ShowsTheLayersTheSpectrumAndTheRules()
    {
        var page = await Site.NewPageAsync();
        var errors = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                errors.Add(message.Text);
            }
        };

        await page.GotoAsync("/");

        await Expect(page).ToHaveTitleAsync("Home · Demarc");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Security OF the cloud: AWS, always" })).ToBeVisibleAsync();
        await Expect(page.Locator(".layer-of li", new() { HasTextString = "Hardware and media lifecycle" })).ToBeVisibleAsync();
        await Expect(page.Locator(".spectrum > li")).ToHaveCountAsync(5);
        await Expect(page.Locator(".rules")).ToContainTextAsync("Always yours");
        await Site.ScreenshotAsync(page, "home");
        await page.SetViewportSizeAsync(390, 844);
        await Site.ScreenshotAsync(page, "home-phone");
        Assert.Empty(errors); // no CSP violation or script error
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Compare_Ec2RdsLambda_ReadsTheCells()
    {
        var page = await Site.NewPageAsync();
        await page.GotoAsync("/compare");

        await page.GetByLabel("Services").FillAsync("EC2, RDS, Lambda");
        await page.GetByRole(AriaRole.Button, new() { Name = "Compare" }).ClickAsync();

        var guestOs = page.Locator("#compare-table tr[data-domain=guest_os] td");
        await Expect(guestOs).ToHaveTextAsync(["Customer", "AWS", "AWS"]);
        await Expect(page.Locator("#compare-table tr[data-domain=phys] td")).ToHaveTextAsync(["AWS", "AWS", "AWS"]);
        await Expect(page.Locator("#compare-table tr[data-domain=enc_rest] td")).ToHaveTextAsync(["Customer", "Customer", "Customer"]);
        await Site.ScreenshotAsync(page, "compare");

        await page.GetByRole(AriaRole.Link, new() { Name = "Amazon RDS" }).First.ClickAsync();
        await Expect(page.Locator("#matrix tr[data-domain=guest_os]")).ToContainTextAsync("AWS");
        await Site.ScreenshotAsync(page, "service-rds");
        await page.GotoAsync("/services?model=serverless");
        await Expect(page.Locator("#service-table tbody tr").First).ToBeVisibleAsync();
        await page.GetByLabel("Search").FillAsync("lambda");
        await Expect(page.Locator("#service-count")).Not.ToHaveTextAsync("0 service(s)");
        await Site.ScreenshotAsync(page, "services");
        await page.GotoAsync("/shift?from=ec2&to=lambda");
        await Expect(page.Locator("#to-aws ~ .table-wrap tr[data-domain=guest_os]").First).ToBeVisibleAsync();
        await Site.ScreenshotAsync(page, "shift");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Ask_TheSourceDocumentsTwoQuestions_CustomerThenAws()
    {
        var page = await Site.NewPageAsync();
        await page.GotoAsync("/ask");

        foreach (var (question, owner, shot) in new[]
        {
            ("Who is responsible for patching the operating system on an EC2 instance?", "Customer", "ask-ec2"),
            ("Who is responsible for patching the operating system on an RDS instance?", "AWS", "ask-rds"),
        })
        {
            await page.GetByLabel("Question", new() { Exact = true }).FillAsync(question);
            await page.GetByRole(AriaRole.Button, new() { Name = "Answer" }).ClickAsync();
            await Expect(page.Locator("#verdict")).ToContainTextAsync(owner);
            await Expect(page.Locator("#answer-status")).ToContainTextAsync("answered");
            await Site.ScreenshotAsync(page, shot);
        }

        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Ask_AnExamQuestionWithOptions_ChoosesTheCustomersOption()
    {
        var page = await Site.NewPageAsync();
        await page.GotoAsync("/ask");

        await page.GetByLabel("Question", new() { Exact = true }).FillAsync("Which of the following is the customer's responsibility?");
        await page.GetByLabel("A", new() { Exact = true }).FillAsync("Physical security of data centers");
        await page.GetByLabel("B", new() { Exact = true }).FillAsync("Patching the hypervisor");
        await page.GetByLabel("C", new() { Exact = true }).FillAsync("Configuring security groups");
        await page.GetByLabel("D", new() { Exact = true }).FillAsync("Replacing faulty hardware");
        await page.GetByRole(AriaRole.Button, new() { Name = "Answer" }).ClickAsync();

        await Expect(page.Locator("#verdict")).ToHaveTextAsync("C");
        await Expect(page.Locator("#answer-options tr.chosen")).ToHaveCountAsync(1);
        await Expect(page.Locator("#answer-options tr[data-letter=C]")).ToHaveClassAsync("chosen");
        await Expect(page.Locator("#answer-options tr[data-letter=C] td").Nth(1)).ToHaveTextAsync("Customer");
        await Expect(page.Locator("#answer-options tr[data-letter=A] td").Nth(1)).ToHaveTextAsync("AWS");
        await Site.ScreenshotAsync(page, "ask-options");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Scan_UploadASampleTemplate_SeesItsViolationsThenDeletesTheScan()
    {
        var page = await Site.NewPageAsync();
        page.Dialog += async (_, dialog) => await dialog.AcceptAsync();
        await page.GotoAsync("/scan");
        var title = "browser " + Guid.NewGuid().ToString("N")[..8];

        await page.GetByLabel("Templates").SetInputFilesAsync(new FilePayload { Name = "stack.yaml", MimeType = "text/yaml", Buffer = System.Text.Encoding.UTF8.GetBytes(Templates.Sample) });
        await page.GetByText("Parameters, attestation and title").ClickAsync();
        await page.GetByLabel("Title").FillAsync(title);
        await Site.ScreenshotAsync(page, "scan");
        await page.GetByRole(AriaRole.Button, new() { Name = "Scan", Exact = true }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Scan: " + title })).ToBeVisibleAsync();
        var violations = page.Locator("#violations tbody tr");
        await Expect(violations.First).ToBeVisibleAsync();
        Assert.True(await violations.CountAsync() > 0);
        Assert.Equal((await violations.CountAsync()).ToString(System.Globalization.CultureInfo.InvariantCulture), await page.Locator("#violation-count").InnerTextAsync());
        await Expect(page.FrameLocator("iframe.report").Locator("body")).Not.ToBeEmptyAsync();
        await Site.ScreenshotAsync(page, "scan-report");

        await page.GetByRole(AriaRole.Link, new() { Name = "History" }).ClickAsync();
        var row = page.Locator("#history-table tr", new() { HasTextString = title });
        await Expect(row).ToHaveCountAsync(1);
        await Site.ScreenshotAsync(page, "history");
        await row.GetByRole(AriaRole.Button, new() { Name = "Delete scan " + title }).ClickAsync();

        await Expect(page).ToHaveURLAsync(Site.BaseUrl + "/history");
        await Expect(page.Locator("#history-table tr", new() { HasTextString = title })).ToHaveCountAsync(0);
        await Site.ScreenshotAsync(page, "history-after-delete");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Scan_UploadATerraformPlan_ShowsResourceAddressesAndCheckIds()
    {
        var page = await Site.NewPageAsync();
        await page.GotoAsync("/scan");

        await page.GetByLabel("Templates, plans or .tf files").SetInputFilesAsync(Templates.PlanPath);
        await page.GetByRole(AriaRole.Button, new() { Name = "Scan", Exact = true }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Scan: aws.plan.json" })).ToBeVisibleAsync();
        var admin = page.Locator("#violations tr[data-check=DMC-IAM-002]");
        await Expect(admin).ToHaveCountAsync(1);
        await Expect(admin).ToContainTextAsync("aws_iam_policy.admin");
        await Expect(admin).ToContainTextAsync("aws.plan.json:");
        await Expect(page.Locator("#violations tr[data-check=DMC-RDS-007]")).ToContainTextAsync("module.db[0].aws_db_instance.main");
        await Expect(page.FrameLocator("iframe.report").Locator("body")).ToContainTextAsync("module.db[0].aws_db_instance.main");
        await Site.ScreenshotAsync(page, "scan-terraform-plan");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Quiz_ThreeQuestions_TheProgressChartChanges()
    {
        var page = await Site.NewPageAsync();
        await page.GotoAsync("/quiz");
        await page.GetByLabel("Your name").FillAsync("learner-" + Guid.NewGuid().ToString("N")[..6]);
        await page.GetByRole(AriaRole.Button, new() { Name = "Start" }).ClickAsync();
        await Expect(page.Locator("#progress-empty")).ToBeVisibleAsync();
        await Site.ScreenshotAsync(page, "quiz-start");

        for (var i = 1; i <= 3; i++)
        {
            await Expect(page.Locator("#question-text")).ToBeVisibleAsync();
            var checkboxes = page.Locator("#question-form input[type=checkbox]");
            if (await checkboxes.CountAsync() > 0)
            {
                await checkboxes.Nth(0).CheckAsync();
                await checkboxes.Nth(1).CheckAsync();
            }
            else
            {
                await page.Locator("#question-form input[type=radio]").First.CheckAsync();
            }

            await page.GetByRole(AriaRole.Button, new() { Name = "Answer" }).ClickAsync();
            await Expect(page.Locator("#verdict")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^(Correct|Not quite)"));
            await Expect(page.Locator("#progress-chart")).ToHaveAttributeAsync("data-answers", i.ToString(System.Globalization.CultureInfo.InvariantCulture));
            await Expect(page.Locator("#progress-summary")).ToContainTextAsync($"{i} answers");
            await Site.ScreenshotAsync(page, $"quiz-answer-{i}");
            await page.GetByRole(AriaRole.Link, new() { Name = "Next question" }).ClickAsync();
        }

        Assert.True(await page.Locator("#progress-chart g.row").CountAsync() >= 2);
        await Site.ScreenshotAsync(page, "quiz-progress");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Keyboard_SkipLinkAndFormsWorkWithoutAMouse()
    {
        var page = await Site.NewPageAsync();
        await page.GotoAsync("/");

        await page.Keyboard.PressAsync("Tab");
        await Expect(page.Locator(".skip")).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Enter");
        await page.Locator("#who-service").FocusAsync();
        await page.Keyboard.TypeAsync("ec2");
        await page.Keyboard.PressAsync("Tab");
        await page.Keyboard.TypeAsync("patch the guest OS");
        await page.Keyboard.PressAsync("Enter");

        await Expect(page.Locator("#who-owner")).ToHaveTextAsync("Customer");
        await Site.ScreenshotAsync(page, "who");
        await page.Context.CloseAsync();
    }
}

[Collection("sqlite")]
public sealed class SqliteBrowserTests(SqliteSite site) : BrowserContract(site);

[Collection("postgres")]
public sealed class PostgresBrowserTests(PostgresSite site) : BrowserContract(site);
