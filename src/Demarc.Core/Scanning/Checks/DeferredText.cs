namespace Demarc.Scanning.Checks;

/// <summary>
/// Words given as they are or as a function that writes them when first asked. A check explains every answer, but on
/// a large template almost all answers pass and nobody reads why: writing those words (values displayed, texts
/// joined) was most of the checks' time, so evidence, verdicts and results defer them.
/// </summary>
internal readonly struct DeferredText
{
    private readonly string? _text;
    private readonly Func<string>? _write;

    public DeferredText(string text) => _text = text;

    public DeferredText(Func<string> write) => _write = write;

    /// <summary>The words (written now if they were deferred; empty when there are none).</summary>
    public string Value => _text ?? _write?.Invoke() ?? "";
}
