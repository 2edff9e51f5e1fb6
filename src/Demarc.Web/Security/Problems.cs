using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Demarc.Web.Security;

/// <summary>Errors as RFC 9457 problem details (<c>application/problem+json</c>) with a message a person can act on.</summary>
public static class Problems
{
    /// <summary>The media type of a problem.</summary>
    public const string ContentType = "application/problem+json";

    /// <summary>A problem result for an endpoint.</summary>
    public static IResult Result(int status, string title, string detail, IDictionary<string, object?>? extensions = null) =>
        Results.Problem(detail: detail, statusCode: status, title: title, extensions: extensions);

    /// <summary>Writes a problem directly (from middleware, before routing).</summary>
    public static async Task Write(HttpContext context, int status, string title, string detail)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Response.StatusCode = status;
        context.Response.ContentType = ContentType;
        using var buffer = new MemoryStream();
        await using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("type", $"https://tools.ietf.org/html/rfc9110#section-15.{(status >= 500 ? "6" : "5")}.{(status >= 500 ? status - 499 : status - 399)}");
            writer.WriteString("title", title);
            writer.WriteNumber("status", status);
            writer.WriteString("detail", detail);
            writer.WriteEndObject();
        }

        await context.Response.Body.WriteAsync(buffer.ToArray()).ConfigureAwait(false);
    }
}
