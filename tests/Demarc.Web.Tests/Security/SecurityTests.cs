using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.RegularExpressions;
using Demarc.Web.Hosting;
using Demarc.Web.Security;
using Demarc.Web.Tests.Api;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Demarc.Web.Tests.Security;

[Collection("sqlite")]
public sealed partial class SecurityTests(SqliteSite site) : IAsyncLifetime
{
    private const string Token = "correct-horse-battery-staple-42";
    private readonly string _directory = Directory.CreateTempSubdirectory("demarc-sec-").FullName;
    private WebApplication? _app;
    private HttpClient _client = new();

    public async Task InitializeAsync()
    {
        _app = await DemarcWebApp.CreateAsync(new WebOptions { Urls = "http://127.0.0.1:0", Database = Path.Combine(_directory, "demarc.db"), Token = Token });
        await _app.StartAsync();
        var url = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        _client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = new Uri(url) };
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    [Theory]
    [InlineData("http://0.0.0.0:5000")]
    [InlineData("http://*:5000")]
    [InlineData("http://+:80")]
    [InlineData("http://192.168.1.20:5000")]
    [InlineData("http://[::]:5000")]
    [InlineData("http://127.0.0.1:5000;http://demarc.example:5000")]
    public void CheckAccess_BeyondLoopbackWithoutAToken_RefusesToStartAndSaysWhy(string urls)
    {
        var error = Assert.Throws<StartupException>(() => DemarcWebApp.CheckAccess(new WebOptions { Urls = urls }));

        Assert.Contains("without an access token", error.Message, StringComparison.Ordinal);
        Assert.Contains("--token or DEMARC_TOKEN", error.Message, StringComparison.Ordinal);
        Assert.NotNull(DemarcWebApp.CheckAccess(new WebOptions { Urls = urls, Token = Token }));
    }

    [Theory]
    [InlineData("http://127.0.0.1:5000")]
    [InlineData("http://127.8.9.10:1")]
    [InlineData("http://localhost:5000")]
    [InlineData("http://[::1]:5000")]
    public void CheckAccess_Loopback_NeedsNoToken(string urls) =>
        Assert.Null(DemarcWebApp.CheckAccess(new WebOptions { Urls = urls }));

    [Fact]
    public void CheckAccess_ShortToken_IsRefused()
    {
        var error = Assert.Throws<StartupException>(() => DemarcWebApp.CheckAccess(new WebOptions { Urls = "http://0.0.0.0:1", Token = "short" }));

        Assert.Contains("at least 16", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Token_ApiWithoutIt_Is401Problem_WithHeaderOrBearer_Works()
    {
        var refused = await _client.GetAsync("/api/who?service=ec2&task=mfa");
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Send("/api/who?service=ec2&task=mfa", ("X-Demarc-Token", Token + "x"))).StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await Send("/api/who?service=ec2&task=mfa", ("X-Demarc-Token", Token))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Send("/api/who?service=ec2&task=mfa", ("Authorization", "Bearer " + Token))).StatusCode);
    }

    [Fact]
    public async Task Token_PageWithoutIt_RedirectsToLogin_TheLoginFormSetsACookieThatWorks()
    {
        var page = await _client.GetAsync("/compare?services=ec2,rds");
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.Equal("/login?return=%2Fcompare%3Fservices%3Dec2%2Crds", page.Headers.Location?.ToString());

        var login = await _client.GetAsync("/login");
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        var (cookie, field) = Antiforgery(login, await login.Content.ReadAsStringAsync());

        var wrong = await PostForm("/login", cookie, new() { ["__demarc_form"] = field, ["token"] = "nope", ["return"] = "/compare" });
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        var right = await PostForm("/login", cookie, new() { ["__demarc_form"] = field, ["token"] = Token, ["return"] = "//evil.example/" });
        Assert.Equal(HttpStatusCode.Redirect, right.StatusCode);
        Assert.Equal("/", right.Headers.Location?.ToString());
        var session = right.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith(AccessToken.CookieName, StringComparison.Ordinal));
        Assert.Contains("httponly", session, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", session, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(Token, session, StringComparison.Ordinal);

        var withCookie = await Send("/compare?services=ec2,rds", ("Cookie", session.Split(';')[0]));
        Assert.Equal(HttpStatusCode.OK, withCookie.StatusCode);
    }

    [Fact]
    public async Task EveryPage_HasAContentSecurityPolicyWithoutInlineScript()
    {
        foreach (var path in new[] { "/", "/services", "/quiz", "/scan", "/history", "/api", "/ask", "/no-such-page" })
        {
            var response = await site.Client.GetAsync(path);
            var policy = response.Headers.GetValues("Content-Security-Policy").Single();
            Assert.Contains("script-src 'self'", policy, StringComparison.Ordinal);
            Assert.DoesNotContain("unsafe-inline", policy, StringComparison.Ordinal);
            Assert.DoesNotContain("unsafe-eval", policy, StringComparison.Ordinal);
            Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
            var html = await response.Content.ReadAsStringAsync();
            Assert.DoesNotMatch(InlineScript(), html);
            Assert.DoesNotMatch(InlineHandler(), html);
        }
    }

    [Fact]
    public async Task Forms_WithoutTheAntiforgeryToken_AreRefused()
    {
        var learner = await PostForm("/quiz/learner", null, new() { ["learner"] = "mallory" }, site.Client);
        Assert.Equal(HttpStatusCode.BadRequest, learner.StatusCode);
        Assert.Contains("The form expired or did not come from this site", await learner.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, (await PostForm("/history/abc/delete", null, [], site.Client)).StatusCode);
    }

    [Fact]
    public async Task ApiWrite_FromAnotherSitesPage_IsRefused()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/quiz/answer") { Content = JsonContent.Create(new { learner = "x", item = "who/ec2/guest_os", seed = 1, answer = "A" }) };
        request.Headers.Add("Origin", "http://evil.example");

        var response = await site.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        using var crossSite = new HttpRequestMessage(HttpMethod.Delete, "/api/scans/abc");
        crossSite.Headers.Add("Sec-Fetch-Site", "cross-site");
        Assert.Equal(HttpStatusCode.Forbidden, (await site.Client.SendAsync(crossSite)).StatusCode);
    }

    [Fact]
    public async Task HostileInput_ReachesPagesOnlyAsText()
    {
        const string attack = "<script>alert(1)</script>";
        var services = await site.Client.GetStringAsync("/services?q=" + Uri.EscapeDataString(attack));
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", services, StringComparison.Ordinal);
        Assert.DoesNotContain(attack, services, StringComparison.Ordinal);

        var who = await site.Client.GetAsync("/who?service=" + Uri.EscapeDataString(attack) + "&task=x");
        Assert.DoesNotContain(attack, await who.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        using var request = new HttpRequestMessage(HttpMethod.Get, "/quiz");
        request.Headers.Add("Cookie", "demarc_learner=" + Uri.EscapeDataString("<img src=x onerror=alert(1)>"));
        var quiz = await (await site.Client.SendAsync(request)).Content.ReadAsStringAsync();
        Assert.Contains("&lt;img src=x onerror=alert(1)&gt;", quiz, StringComparison.Ordinal);
        Assert.DoesNotContain("<img src=x", quiz, StringComparison.Ordinal);

        var ask = await site.Client.GetStringAsync("/ask?q=" + Uri.EscapeDataString(attack) + "&a=" + Uri.EscapeDataString("\"><script>x</script>"));
        Assert.DoesNotContain(attack, ask, StringComparison.Ordinal);
        Assert.DoesNotContain("\"><script>", ask, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HostileTemplate_NamesAndDescriptionsReachTheScanPageOnlyAsText()
    {
        using var form = new MultipartFormDataContent();
        form.Add(new ByteArrayContent(Encoding.UTF8.GetBytes(Templates.Hostile)), "templates", "<script>name</script>.yaml");
        form.Add(new StringContent("<script>title</script>"), "title");
        var created = await site.Client.PostAsync("/api/scans", form);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await created.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("id").GetString();

        foreach (var path in new[] { $"/history/{id}", "/history" })
        {
            var html = await site.Client.GetStringAsync(path);
            Assert.DoesNotContain("<script>", html.Replace("<script src=\"/assets/site.js\" defer></script>", "", StringComparison.Ordinal), StringComparison.Ordinal);
            Assert.DoesNotContain("<img src=x", html, StringComparison.Ordinal);
            Assert.Contains("&lt;script&gt;title&lt;/script&gt;", html, StringComparison.Ordinal);
        }

        var report = await site.Client.GetAsync($"/history/{id}/report");
        var policy = report.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Matches("script-src ('sha256-[A-Za-z0-9+/=]+' ?)+;|script-src 'none';", policy);
        Assert.DoesNotContain("<script>window.pwned", await report.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private async Task<HttpResponseMessage> Send(string path, params (string Name, string Value)[] headers)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        return await _client.SendAsync(request);
    }

    private async Task<HttpResponseMessage> PostForm(string path, string? cookie, Dictionary<string, string> fields, HttpClient? client = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new FormUrlEncodedContent(fields) };
        if (cookie is not null)
        {
            request.Headers.Add("Cookie", cookie);
        }

        return await (client ?? _client).SendAsync(request);
    }

    private static (string Cookie, string Field) Antiforgery(HttpResponseMessage response, string html)
    {
        var cookie = response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("demarc_antiforgery", StringComparison.Ordinal)).Split(';')[0];
        var field = FormField().Match(html).Groups[1].Value;
        return (cookie, WebUtility.HtmlDecode(field));
    }

    [GeneratedRegex(@"<script(?![^>]*\bsrc=)[^>]*>", RegexOptions.IgnoreCase)]
    private static partial Regex InlineScript();

    [GeneratedRegex(@"<[^>]+\son[a-z]+\s*=", RegexOptions.IgnoreCase)]
    private static partial Regex InlineHandler();

    [GeneratedRegex("name=\"__demarc_form\" value=\"([^\"]+)\"")]
    private static partial Regex FormField();
}
