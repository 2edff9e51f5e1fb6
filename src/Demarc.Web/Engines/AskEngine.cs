using Demarc.Asking;
using Demarc.Catalog;
using Demarc.Contracts;

namespace Demarc.Web.Engines;

/// <summary>
/// Answers responsibility questions for the Ask page and <c>/api/ask</c> with <see cref="Asker"/>: the same answer and
/// JSON as <c>demarc ask --format json</c>, plus the page's view of it.
/// </summary>
public sealed class AskEngine(ResponsibilityCatalog catalog)
{
    private readonly Asker _asker = new(catalog);

    /// <summary>Answers one question. Pure and thread-safe.</summary>
    public AskResult Ask(AskRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var question = new AskQuestion(
            request.Question,
            [.. request.Options.OrderBy(o => o.Key, StringComparer.Ordinal).Select(o => new AskOption(o.Key, o.Value))],
            request.Choose);
        var json = AskContracts.Answer(catalog, _asker.Answer(question));
        var view = new AskView(
            json.Status,
            json.Verdict,
            json.Owner,
            json.Understood.Summary,
            json.Explanation,
            json.NotUnderstood,
            [.. json.Options.Select(o => new AskOptionView(o.Letter, o.Text, o.Reading, o.Owner, o.Chosen, o.Reason))],
            [.. json.Cells.Select(c => new AskCellView(c.Service?.Name, c.DomainName, c.Owner, c.Aws, c.Customer, c.Note))],
            [.. json.Sources.Select(s => new AskSourceView(s.Title, s.Url))]);
        return new AskResult(AskContracts.Serialize(json, AskJsonContext.Default.AskJson), view);
    }
}
