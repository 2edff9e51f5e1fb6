using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Demarc.Web.Security;

/// <summary>Response headers on every answer, the access-token gate, and the cross-site check of the API's writes.</summary>
public static class SecurityMiddleware
{
    /// <summary>
    /// The content security policy of every page: everything from this app only, no inline script, no plugins, no
    /// framing by others. Charts are inline SVG, which needs no exception.
    /// </summary>
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; " +
        "frame-src 'self'; frame-ancestors 'self'; form-action 'self'; base-uri 'none'; object-src 'none'";

    /// <summary>Adds the headers and, with a token, the gate.</summary>
    public static IApplicationBuilder UseDemarcSecurity(this IApplicationBuilder app, AccessToken? token)
    {
        ArgumentNullException.ThrowIfNull(app);
        return app.Use(async (context, next) =>
        {
            var headers = context.Response.Headers;
            headers.ContentSecurityPolicy = ContentSecurityPolicy;
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "SAMEORIGIN";
            headers["Referrer-Policy"] = "same-origin";
            headers["Cross-Origin-Opener-Policy"] = "same-origin";
            headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()";

            var path = context.Request.Path;
            if (token is not null && !token.IsAuthorized(context.Request) && !IsOpen(path))
            {
                if (path.StartsWithSegments("/api") || path.StartsWithSegments("/openapi"))
                {
                    await Problems.Write(context, StatusCodes.Status401Unauthorized, "Access token required",
                        $"This Demarc server requires its access token: send 'Authorization: Bearer TOKEN' or '{AccessToken.HeaderName}: TOKEN', or sign in at /login.").ConfigureAwait(false);
                    return;
                }

                var target = path + context.Request.QueryString;
                context.Response.Redirect("/login?return=" + Uri.EscapeDataString(target.ToString()));
                return;
            }

            if (IsCrossSiteWrite(context.Request))
            {
                await Problems.Write(context, StatusCodes.Status403Forbidden, "Cross-site request refused",
                    "This request came from another site's page; Demarc accepts changes only from its own pages or from API clients.").ConfigureAwait(false);
                return;
            }

            await next(context).ConfigureAwait(false);
        });
    }

    // The login page and the assets it needs are reachable without the token.
    private static bool IsOpen(PathString path) =>
        path.StartsWithSegments("/login") || path.StartsWithSegments("/assets") || path == "/favicon.ico";

    /// <summary>
    /// A write to the API sent by a browser from another site (the browser says so in <c>Sec-Fetch-Site</c>, or the
    /// <c>Origin</c> names another host). Pages' forms carry an antiforgery token instead; API clients send neither header.
    /// </summary>
    public static bool IsCrossSiteWrite(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method) || HttpMethods.IsOptions(request.Method))
        {
            return false;
        }

        // Browsers say where a request comes from; trust that first. Only a request from another site is refused.
        if (request.Headers.TryGetValue("Sec-Fetch-Site", out var site))
        {
            return string.Equals(site, "cross-site", StringComparison.OrdinalIgnoreCase);
        }

        var origin = request.Headers.Origin.ToString();
        if (origin.Length == 0 || origin == "null")
        {
            return origin == "null";
        }

        return !Uri.TryCreate(origin, UriKind.Absolute, out var uri)
            || !string.Equals(uri.Authority, request.Host.Value, StringComparison.OrdinalIgnoreCase);
    }
}
