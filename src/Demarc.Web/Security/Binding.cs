using System.Net;

namespace Demarc.Web.Security;

/// <summary>Which addresses keep the app on this machine.</summary>
public static class Binding
{
    /// <summary>
    /// The URLs of a <c>--urls</c> value that listen beyond this machine: any host other than a loopback address
    /// (127.0.0.0/8, ::1) or <c>localhost</c>; wildcards (<c>*</c>, <c>+</c>, <c>0.0.0.0</c>, <c>[::]</c>) count as public.
    /// </summary>
    public static IReadOnlyList<string> NonLoopback(string urls)
    {
        ArgumentNullException.ThrowIfNull(urls);
        return [.. Split(urls).Where(url => !IsLoopback(url))];
    }

    /// <summary>The URLs of a <c>--urls</c> value.</summary>
    public static IReadOnlyList<string> Split(string urls) =>
        urls.Split([';', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>Whether one URL listens on loopback only.</summary>
    public static bool IsLoopback(string url)
    {
        ArgumentNullException.ThrowIfNull(url);
        var schemeEnd = url.IndexOf("://", StringComparison.Ordinal);
        var rest = schemeEnd < 0 ? url : url[(schemeEnd + 3)..];
        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        var authority = slash < 0 ? rest : rest[..slash];
        string host;
        if (authority.StartsWith('['))
        {
            var close = authority.IndexOf(']', StringComparison.Ordinal);
            host = close < 0 ? authority : authority[1..close];
        }
        else
        {
            var colon = authority.LastIndexOf(':');
            host = colon < 0 ? authority : authority[..colon];
        }

        if (host.Equals("localhost", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        return IPAddress.TryParse(host, out var address) && IPAddress.IsLoopback(address);
    }
}
