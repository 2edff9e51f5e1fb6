using Demarc.Model;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Demarc.Web.Pages;

/// <summary>The frame of every page: head, navigation, main, footer; and small pieces pages share.</summary>
public static class Layout
{
    private static readonly (string Href, string Label)[] Navigation =
    [
        ("/", "Home"),
        ("/services", "Services"),
        ("/compare", "Compare"),
        ("/shift", "Shift"),
        ("/ask", "Ask"),
        ("/scan", "Scan"),
        ("/history", "History"),
        ("/quiz", "Quiz"),
        ("/api", "API"),
    ];

    /// <summary>A whole page as an HTML result.</summary>
    public static IResult Page(string title, string current, Markup body, int status = StatusCodes.Status200OK)
    {
        var h = new Html();
        h.Add($"""
            <!doctype html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>{title} · Demarc</title>
            <link rel="icon" href="/assets/icon.svg" type="image/svg+xml">
            <link rel="stylesheet" href="/assets/site.css">
            <script src="/assets/site.js" defer></script>
            </head>
            <body>
            <a class="skip" href="#main">Skip to content</a>
            <header><nav aria-label="Main"><a class="brand" href="/">Demarc</a><ul>
            """);
        foreach (var (href, label) in Navigation)
        {
            var isCurrent = href == current;
            h.Add($"""<li><a href="{href}"{(isCurrent ? new Markup(" aria-current=\"page\"") : Markup.Empty)}>{label}</a></li>""");
        }

        h.Add($"""
            </ul></nav></header>
            <main id="main" tabindex="-1">
            {body}
            </main>
            <footer>Demarc: the AWS shared responsibility model as software. AWS secures the cloud; you secure what you put in it.
            Every answer comes from Demarc's sourced catalog. <a href="/api">JSON API</a>.</footer>
            </body>
            </html>
            """);
        return Results.Content(h.ToString(), "text/html; charset=utf-8", statusCode: status);
    }

    /// <summary>An error page: what went wrong and what to do.</summary>
    public static IResult Error(string title, string message, int status, string current = "")
    {
        var body = Html.Of($"""<h1>{title}</h1><div class="alert" role="alert"><p>{message}</p></div><p><a href="/">Home</a></p>""");
        return Page(title, current, body, status);
    }

    /// <summary>The hidden antiforgery field every form that changes something carries.</summary>
    public static Markup Antiforgery(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var tokens = context.RequestServices.GetRequiredService<IAntiforgery>().GetAndStoreTokens(context);
        return Html.Of($"""<input type="hidden" name="{tokens.FormFieldName}" value="{tokens.RequestToken}">""");
    }

    /// <summary>Checks a form's antiforgery token; false when it is missing or wrong.</summary>
    public static async Task<bool> IsValidFormAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return await context.RequestServices.GetRequiredService<IAntiforgery>().IsRequestValidAsync(context).ConfigureAwait(false);
    }

    /// <summary>The page shown for a form without a valid antiforgery token.</summary>
    public static IResult FormExpired(string current) =>
        Error("Form expired", "The form expired or did not come from this site. Reload the page and submit it again.", StatusCodes.Status400BadRequest, current);

    /// <summary>An owner as a coloured badge with the owner's name (colour is never the only signal).</summary>
    public static Markup Owner(Owner owner, string? title = null)
    {
        var css = owner switch
        {
            Model.Owner.Aws => "owner-aws",
            Model.Owner.Customer => "owner-customer",
            Model.Owner.Shared => "owner-shared",
            _ => "owner-na",
        };
        return title is null
            ? Html.Of($"""<span class="owner {css}">{owner.Display()}</span>""")
            : Html.Of($"""<span class="owner {css}" title="{title}">{owner.Display()}</span>""");
    }

    /// <summary>"Sources: " and a link to each (title, URL), as one paragraph; nothing when there are none.</summary>
    public static Markup Sources(IEnumerable<(string Title, string Url)> sources)
    {
        var h = new Html();
        foreach (var (title, url) in sources)
        {
            h.Add($"""<a href="{url}" rel="noreferrer">{title}</a> """);
        }

        var links = h.ToMarkup();
        return links.Value.Length == 0 ? Markup.Empty : Html.Of($"<p>Sources: {links}</p>");
    }

    /// <summary>An owner given by its display name (AWS, Customer, Shared, N/A).</summary>
    public static Markup Owner(string? owner) =>
        OwnerNames.TryParse(owner, out var parsed) ? Owner(parsed) : Html.Of($"""<span class="owner owner-na">{owner ?? "-"}</span>""");
}
