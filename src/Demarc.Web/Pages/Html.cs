using System.Globalization;
using System.Net;
using System.Runtime.CompilerServices;
using System.Text;

namespace Demarc.Web.Pages;

/// <summary>Markup that is already safe (built by <see cref="Html"/> or a literal of the program): written as is.</summary>
public readonly record struct Markup(string Value)
{
    /// <summary>No markup.</summary>
    public static Markup Empty { get; } = new("");

    /// <inheritdoc />
    public override string ToString() => Value;
}

/// <summary>
/// Builds HTML where every interpolated value is encoded unless it is <see cref="Markup"/>: text from the catalog, a
/// template or a question can only ever reach a page as text. <c>h.Add($"&lt;td&gt;{name}&lt;/td&gt;")</c>.
/// </summary>
public sealed class Html
{
    private readonly StringBuilder _builder = new(4096);

    /// <summary>Appends literal markup with encoded holes.</summary>
    public Html Add([InterpolatedStringHandlerArgument("")] ref HtmlHandler handler)
    {
        _ = handler;
        return this;
    }

    /// <summary>Appends encoded text.</summary>
    public Html Text(string? text)
    {
        Encode(_builder, text);
        return this;
    }

    /// <summary>Appends markup.</summary>
    public Html Raw(Markup markup)
    {
        _builder.Append(markup.Value);
        return this;
    }

    internal StringBuilder Builder => _builder;

    /// <summary>The markup built so far.</summary>
    public Markup ToMarkup() => new(_builder.ToString());

    /// <inheritdoc />
    public override string ToString() => _builder.ToString();

    /// <summary>Encodes text for an element or a quoted attribute.</summary>
    public static string Encode(string? text) => WebUtility.HtmlEncode(text ?? "");

    internal static void Encode(StringBuilder builder, string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return;
        }

        foreach (var c in text)
        {
            switch (c)
            {
                case '<': builder.Append("&lt;"); break;
                case '>': builder.Append("&gt;"); break;
                case '&': builder.Append("&amp;"); break;
                case '"': builder.Append("&quot;"); break;
                case '\'': builder.Append("&#39;"); break;
                default: builder.Append(c); break;
            }
        }
    }

    /// <summary>Builds a fragment.</summary>
    public static Markup Of(ref HtmlFragmentHandler handler) => handler.ToMarkup();
}

/// <summary>Writes literals as they are and encodes every value that is not <see cref="Markup"/>.</summary>
[InterpolatedStringHandler]
public ref struct HtmlHandler
{
    private readonly StringBuilder _builder;

    /// <summary>Creates the handler over an <see cref="Html"/>.</summary>
    public HtmlHandler(int literalLength, int formattedCount, Html html)
    {
        ArgumentNullException.ThrowIfNull(html);
        _ = formattedCount;
        _builder = html.Builder;
        _builder.EnsureCapacity(_builder.Length + literalLength);
    }

    /// <summary>A literal of the program.</summary>
    public readonly void AppendLiteral(string value) => _builder.Append(value);

    /// <summary>Safe markup.</summary>
    public readonly void AppendFormatted(Markup value) => _builder.Append(value.Value);

    /// <summary>Text, encoded.</summary>
    public readonly void AppendFormatted(string? value) => Html.Encode(_builder, value);

    /// <summary>Any other value, formatted invariantly and encoded.</summary>
    public readonly void AppendFormatted<T>(T value) => Html.Encode(_builder, value is IFormattable f ? f.ToString(null, CultureInfo.InvariantCulture) : value?.ToString());

    /// <summary>A formatted value, encoded.</summary>
    public readonly void AppendFormatted<T>(T value, string? format)
        where T : IFormattable => Html.Encode(_builder, value.ToString(format, CultureInfo.InvariantCulture));
}

/// <summary>The same encoding rules for a stand-alone fragment (<see cref="Html.Of"/>).</summary>
[InterpolatedStringHandler]
public ref struct HtmlFragmentHandler
{
    private readonly Html _html;
    private readonly HtmlHandler _inner;

    /// <summary>Creates the handler.</summary>
    public HtmlFragmentHandler(int literalLength, int formattedCount)
    {
        _html = new Html();
        _inner = new HtmlHandler(literalLength, formattedCount, _html);
    }

    /// <summary>A literal of the program.</summary>
    public readonly void AppendLiteral(string value) => _inner.AppendLiteral(value);

    /// <summary>Safe markup.</summary>
    public readonly void AppendFormatted(Markup value) => _inner.AppendFormatted(value);

    /// <summary>Text, encoded.</summary>
    public readonly void AppendFormatted(string? value) => _inner.AppendFormatted(value);

    /// <summary>Any other value, encoded.</summary>
    public readonly void AppendFormatted<T>(T value) => _inner.AppendFormatted(value);

    /// <summary>A formatted value, encoded.</summary>
    public readonly void AppendFormatted<T>(T value, string? format)
        where T : IFormattable => _inner.AppendFormatted(value, format);

    /// <summary>The fragment.</summary>
    public readonly Markup ToMarkup() => _html.ToMarkup();
}
