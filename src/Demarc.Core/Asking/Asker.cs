using System.Text.RegularExpressions;
using Demarc.Catalog;
using Demarc.Model;
using Demarc.Resolution;

namespace Demarc.Asking;

/// <summary>
/// Answers questions about the shared responsibility model from the catalog, deterministically and without a network:
/// reads the question's form (who / which is X's / choose N / NOT / true-false / control categories / which service /
/// OF vs IN), reads every option through the catalog's vocabulary (service names, domain synonyms, controls), judges
/// each option against what the question asks, and explains every step. Build one per catalog and reuse it: building
/// indexes the vocabulary; answering is pure and thread-safe.
/// </summary>
public sealed partial class Asker
{
    private readonly ResponsibilityCatalog _catalog;
    private readonly PhraseReader _reader;
    private readonly Ownership _ownership;
    private readonly StatementJudge _judge;

    public Asker(ResponsibilityCatalog catalog)
        : this(catalog, new DomainResolver(catalog))
    {
    }

    public Asker(ResponsibilityCatalog catalog, DomainResolver domains)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(domains);
        _catalog = catalog;
        var spotter = new ServiceSpotter(catalog, domains);
        _reader = new PhraseReader(catalog, domains, spotter);
        _ownership = new Ownership(catalog);
        _judge = new StatementJudge(_reader, _ownership);
    }

    /// <summary>Answers one question.</summary>
    public AskAnswer Answer(AskQuestion question)
    {
        ArgumentNullException.ThrowIfNull(question);
        var (text, detected) = ChooseCount(question.Text);
        var choose = Math.Max(1, question.Choose ?? detected ?? 1);
        var stem = Utterance.Parse(text);
        var ask = new QuestionContext(question, text, stem, choose, this);
        return ask.Options.Count == 0 ? AnswerOpen(ask) : AnswerChoice(ask);
    }

    /// <summary>"(Choose two.)", "Select TWO", "which three" → the count, and the text without the instruction.</summary>
    internal static (string Text, int? Count) ChooseCount(string text)
    {
        int? count = null;
        var cleaned = ChooseInstruction().Replace(text, m =>
        {
            count = Lexicon.Numbers.GetValueOrDefault(m.Groups["n"].Value.ToLowerInvariant());
            return " ";
        });
        if (count is null)
        {
            var which = WhichCount().Match(cleaned);
            if (which.Success)
            {
                count = Lexicon.Numbers.GetValueOrDefault(which.Groups["n"].Value.ToLowerInvariant());
            }
        }

        return (cleaned.Trim(), count is 0 ? null : count);
    }

    [GeneratedRegex(@"\(?\s*\b(?:choose|select|pick|mark)\s+(?<n>one|two|three|four|five|[1-5])\b(?:\s+answers?|\s+options?|\s+responses?)?\s*[.)]*\s*\)?", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ChooseInstruction();

    [GeneratedRegex(@"\b(?:which|what)\s+(?<n>two|three|four|five)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex WhichCount();

    internal ResponsibilityCatalog Catalog => _catalog;

    internal PhraseReader Reader => _reader;

    internal Ownership Ownership => _ownership;

    internal StatementJudge Judge => _judge;
}
