namespace Demarc.Web.Engines;

/// <summary>A question as the Ask page and <c>/api/ask</c> take it: the text and optional lettered options.</summary>
/// <param name="Options">Letter to text (A-D, or more); empty for an open question.</param>
/// <param name="Choose">How many options to choose; null to read it from the question ("Choose two").</param>
public sealed record AskRequest(string Question, IReadOnlyDictionary<string, string> Options, int? Choose);

/// <summary>One option of an answer, as the page shows it.</summary>
public sealed record AskOptionView(string Letter, string Text, string Reading, string? Owner, bool Chosen, string Reason);

/// <summary>A catalog cell behind an answer, as the page shows it.</summary>
public sealed record AskCellView(string? Service, string Domain, string Owner, string Aws, string Customer, string? Note);

/// <summary>A cited source.</summary>
public sealed record AskSourceView(string Title, string Url);

/// <summary>What the page shows of an answer.</summary>
/// <param name="Status">answered, tentative or not-understood.</param>
/// <param name="Verdict">The chosen letters, an owner, or True/False; null when not understood.</param>
public sealed record AskView(
    string Status,
    string? Verdict,
    string? Owner,
    string Understood,
    string Explanation,
    IReadOnlyList<string> NotUnderstood,
    IReadOnlyList<AskOptionView> Options,
    IReadOnlyList<AskCellView> Cells,
    IReadOnlyList<AskSourceView> Sources);

/// <summary>An answer: the JSON of <c>demarc ask --format json</c> (the API's body) and the page's view of it.</summary>
public sealed record AskResult(string Json, AskView View);
