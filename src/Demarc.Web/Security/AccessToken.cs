using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace Demarc.Web.Security;

/// <summary>
/// The access token of a server reachable by others. A request carries it as <c>Authorization: Bearer TOKEN</c>, as
/// <c>X-Demarc-Token: TOKEN</c>, or as the session cookie the login form sets. The cookie holds an HMAC of the token,
/// not the token itself; comparisons take constant time.
/// </summary>
public sealed class AccessToken
{
    /// <summary>The session cookie's name.</summary>
    public const string CookieName = "demarc_session";

    /// <summary>The header that carries the token (besides <c>Authorization: Bearer</c>).</summary>
    public const string HeaderName = "X-Demarc-Token";

    /// <summary>Shortest token accepted: a guessable token on a public port is worse than none.</summary>
    public const int MinLength = 16;

    private readonly byte[] _token;
    private readonly string _session;

    /// <summary>Creates the check for a token.</summary>
    public AccessToken(string token)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(token);
        _token = Encoding.UTF8.GetBytes(token);
        _session = Convert.ToHexString(HMACSHA256.HashData(_token, "demarc-session-v1"u8));
    }

    /// <summary>The cookie value that stands for the token.</summary>
    public string SessionValue => _session;

    /// <summary>Whether a token typed into the login form is right.</summary>
    public bool Matches(string? candidate) =>
        candidate is not null && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(candidate), _token);

    /// <summary>Whether a request carries the token (header, bearer or session cookie).</summary>
    public bool IsAuthorized(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Headers.TryGetValue(HeaderName, out var header) && Matches(header.ToString()))
        {
            return true;
        }

        var authorization = request.Headers.Authorization.ToString();
        if (authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) && Matches(authorization[7..].Trim()))
        {
            return true;
        }

        return request.Cookies.TryGetValue(CookieName, out var cookie) && cookie is not null
            && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(cookie), Encoding.ASCII.GetBytes(_session));
    }
}
