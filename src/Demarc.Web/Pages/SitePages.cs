using System.Reflection;
using System.Security.Cryptography;
using Demarc.Web.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;

namespace Demarc.Web.Pages;

/// <summary>The login form, the API's readable page, and the app's own assets.</summary>
public static class SitePages
{
    /// <summary>Maps them.</summary>
    public static void Map(IEndpointRouteBuilder app, AccessToken? token)
    {
        ArgumentNullException.ThrowIfNull(app);
        MapAssets(app);
        app.MapGet("/login", (HttpContext context, string? @return) => Login(context, token, @return, null, 200)).ExcludeFromDescription();
        app.MapPost("/login", async Task<IResult> (HttpContext context) =>
        {
            if (!await Layout.IsValidFormAsync(context).ConfigureAwait(false))
            {
                return Layout.FormExpired("");
            }

            var form = await context.Request.ReadFormAsync().ConfigureAwait(false);
            var target = LocalTarget(form["return"]);
            if (token is null)
            {
                return Results.Redirect(target);
            }

            if (!token.Matches(form["token"]))
            {
                return Login(context, token, target, "That is not this server's access token.", 401);
            }

            context.Response.Cookies.Append(AccessToken.CookieName, token.SessionValue, new CookieOptions
            {
                HttpOnly = true,
                SameSite = SameSiteMode.Strict,
                Secure = context.Request.IsHttps,
                IsEssential = true,
                MaxAge = TimeSpan.FromDays(30),
            });
            return Results.Redirect(target);
        }).ExcludeFromDescription().DisableAntiforgery();

        app.MapGet("/api", (EndpointDataSource endpoints) => ApiPage(endpoints)).ExcludeFromDescription();
    }

    private static IResult Login(HttpContext context, AccessToken? token, string? target, string? problem, int status)
    {
        var body = Html.Of($"""
            <h1>Sign in</h1>
            {(token is null ? Html.Of($"<p>This server needs no access token.</p>") : Html.Of($"<p>This Demarc server is shared: give its access token (the one it was started with, <code>--token</code> or <code>DEMARC_TOKEN</code>).</p>"))}
            {(problem is null ? Markup.Empty : Html.Of($"""<div class="alert" role="alert"><p>{problem}</p></div>"""))}
            <form method="post" action="/login" class="inline">{Layout.Antiforgery(context)}
            <input type="hidden" name="return" value="{LocalTarget(target)}">
            <div><label for="token">Access token</label><input type="password" id="token" name="token" required autocomplete="current-password"></div>
            <div><button type="submit">Sign in</button></div>
            </form>
            """);
        return Layout.Page("Sign in", "", body, status);
    }

    /// <summary>A return address that stays on this site (an absolute or protocol-relative URL becomes "/").</summary>
    public static string LocalTarget(string? target) =>
        target is { Length: > 0 } t && t[0] == '/' && (t.Length == 1 || (t[1] != '/' && t[1] != '\\')) ? t : "/";

    private static IResult ApiPage(EndpointDataSource source)
    {
        var h = new Html();
        h.Add($"""
            <h1>JSON API</h1>
            <p class="lead">Everything the pages show, as JSON: the same documents as the command line's <code>--format json</code>.
            The machine-readable description is <a href="/openapi/v1.json">the OpenAPI document</a>. Errors are <code>application/problem+json</code> with a <code>detail</code> that says what to change.</p>
            <p>On a shared server, send the access token as <code>Authorization: Bearer TOKEN</code>.</p>
            <pre>curl 'http://127.0.0.1:5000/api/who?service=rds&amp;task=patch+the+operating+system'</pre>
            """);
        var endpoints = source.Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith("/api/", StringComparison.Ordinal) == true && e.Metadata.GetMetadata<IExcludeFromDescriptionMetadata>() is null)
            .GroupBy(e => e.Metadata.GetMetadata<ITagsMetadata>()?.Tags is { Count: > 0 } tags ? tags[0] : "Other");
        foreach (var group in endpoints)
        {
            h.Add($"<h2>{group.Key}</h2>");
            foreach (var endpoint in group)
            {
                var methods = string.Join(", ", endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? []);
                h.Add($"""<section class="panel"><h3><code>{methods} {endpoint.RoutePattern.RawText}</code></h3><p><strong>{endpoint.Metadata.GetMetadata<IEndpointSummaryMetadata>()?.Summary}</strong></p><p>{endpoint.Metadata.GetMetadata<IEndpointDescriptionMetadata>()?.Description}</p>""");
                var statuses = endpoint.Metadata.OfType<IProducesResponseTypeMetadata>().Select(p => p.StatusCode).Distinct().Order().ToList();
                if (statuses.Count > 0)
                {
                    h.Add($"<p class=\"muted\">Answers: {string.Join(", ", statuses)}</p>");
                }

                h.Add($"</section>");
            }
        }

        return Layout.Page("API", "/api", h.ToMarkup());
    }

    private static void MapAssets(IEndpointRouteBuilder app)
    {
        var assembly = typeof(SitePages).Assembly;
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith("assets/", StringComparison.Ordinal)))
        {
            var bytes = Read(assembly, name);
            var etag = "\"" + Convert.ToHexString(SHA256.HashData(bytes))[..16] + "\"";
            var type = Path.GetExtension(name) switch
            {
                ".css" => "text/css; charset=utf-8",
                ".js" => "text/javascript; charset=utf-8",
                ".svg" => "image/svg+xml",
                _ => "application/octet-stream",
            };
            app.MapGet("/" + name, (HttpContext context) =>
            {
                context.Response.Headers.ETag = etag;
                context.Response.Headers.CacheControl = "public, max-age=3600";
                return context.Request.Headers.IfNoneMatch == etag ? Results.StatusCode(304) : Results.Bytes(bytes, type);
            }).ExcludeFromDescription();
        }
    }

    private static byte[] Read(Assembly assembly, string name)
    {
        using var stream = assembly.GetManifestResourceStream(name)!;
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return buffer.ToArray();
    }
}
