using Demarc.Model;

namespace Demarc.Quiz;

/// <summary>The kinds of question the generator asks, each a different way of reading the catalog.</summary>
public enum QuestionKind
{
    /// <summary>Who owns domain D on service S? (AWS, the customer, or shared.)</summary>
    Who,

    /// <summary>Which of these tasks is the customer's (or AWS's, or NOT the customer's) responsibility on service S?</summary>
    Responsibility,

    /// <summary>Which of these services leaves domain D to AWS (or to the customer)?</summary>
    Service,

    /// <summary>What moves to AWS (or to the customer) when a workload moves from service S1 to S2?</summary>
    Shift,

    /// <summary>Which control category does an AWS IT control belong to, or which control is an example of a category?</summary>
    Control,
}

/// <summary>Spelling of question kinds on the command line, in files and in storage.</summary>
public static class QuestionKinds
{
    /// <summary>All kinds in display order.</summary>
    public static IReadOnlyList<QuestionKind> All { get; } = Enum.GetValues<QuestionKind>();

    /// <summary>The stable lower-case name of a kind (<c>who</c>, <c>responsibility</c>, <c>service</c>, <c>shift</c>, <c>control</c>).</summary>
    public static string Display(this QuestionKind kind) => kind switch
    {
        QuestionKind.Who => "who",
        QuestionKind.Responsibility => "responsibility",
        QuestionKind.Service => "service",
        QuestionKind.Shift => "shift",
        QuestionKind.Control => "control",
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    /// <summary>Reads a kind by its name (case-insensitive).</summary>
    public static bool TryParse(string? text, out QuestionKind kind)
    {
        foreach (var candidate in All)
        {
            if (string.Equals(candidate.Display(), text?.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                kind = candidate;
                return true;
            }
        }

        kind = default;
        return false;
    }
}

/// <summary>
/// One fact a learner can know or not, from which questions are generated: the unit of spaced repetition.
/// Its <see cref="Key"/> is stable across runs and catalog versions as long as the ids it names exist
/// (for example <c>who/ec2/guest_os</c> or <c>shift/ec2/rds/guest_os</c>).
/// </summary>
/// <param name="Subject">The service or variant asked about (for a shift, the service moved to).</param>
/// <param name="From">For a shift, the service moved from.</param>
/// <param name="Domain">The domain the fact is about (for a control, null).</param>
/// <param name="Side">Who holds the correct answer: the owner of the cell (responsibility, service) or where the domain moves (shift).</param>
/// <param name="Control">For a control question, the control.</param>
/// <param name="Category">For a control question, the control's category.</param>
public sealed record QuizItem(
    string Key,
    QuestionKind Kind,
    Subject? Subject,
    Subject? From,
    Domain? Domain,
    Owner Side,
    Control? Control,
    ControlCategory? Category)
{
    /// <summary>The labels progress is reported by.</summary>
    public ItemTags Tags => new(
        Kind.Display(),
        Domain?.Id,
        Subject?.ModelId,
        Subject?.Id);
}

/// <summary>What an item is about, stored with the learner's progress so mastery can be grouped without the catalog.</summary>
/// <param name="Kind">The question kind (<see cref="QuestionKinds.Display"/>).</param>
/// <param name="Domain">The domain id, or null for control questions.</param>
/// <param name="Model">The service model id of the subject, or null.</param>
/// <param name="Service">The subject id (service or variant), or null.</param>
public sealed record ItemTags(string Kind, string? Domain, string? Model, string? Service);

/// <summary>One lettered option of a question.</summary>
/// <param name="Why">How the option reads against the catalog (owner and what that side does); empty for questions read from a file.</param>
public sealed record QuizOption(string Letter, string Text, bool IsCorrect, string Why = "");

/// <summary>A document cited by a question's explanation.</summary>
public sealed record QuizSource(string Id, string Title, string Url);

/// <summary>
/// A multiple-choice question in the shape shared with <c>demarc ask</c> (see docs/quiz.md): an id, the question, lettered
/// options, how many to choose, and, when known, the answer letters and a one-line justification. Generated questions also
/// carry their item, a longer explanation and the sources behind it.
/// </summary>
/// <param name="Answer">The correct letters in alphabetical order (<c>"B"</c>, <c>"AC"</c>), or null when the answers were left out.</param>
public sealed record QuizQuestion(
    string Id,
    string Text,
    IReadOnlyList<QuizOption> Options,
    int Choose,
    string? Answer,
    string? Justification,
    QuizItem? Item = null,
    string? ItemKey = null,
    string? Explanation = null,
    IReadOnlyList<QuizSource>? Sources = null)
{
    /// <summary>The option with a letter, or null.</summary>
    public QuizOption? Option(char letter) => Options.FirstOrDefault(o => o.Letter.Length == 1 && o.Letter[0] == char.ToUpperInvariant(letter));

    /// <summary>The sources, never null.</summary>
    public IReadOnlyList<QuizSource> SourceList => Sources ?? [];
}

/// <summary>Which items a quiz draws from. Null members do not filter.</summary>
/// <param name="SubjectIds">Services or variants: an item qualifies when it is about one of them.</param>
/// <param name="DomainId">A domain: an item qualifies when it is about it (a control, when the control covers it).</param>
/// <param name="ModelId">A service model: an item qualifies when one of its services has this model.</param>
/// <param name="Kinds">Question kinds to ask.</param>
public sealed record QuizFilter(
    IReadOnlySet<string>? SubjectIds = null,
    string? DomainId = null,
    string? ModelId = null,
    IReadOnlySet<QuestionKind>? Kinds = null)
{
    /// <summary>No filter: every item.</summary>
    public static QuizFilter None { get; } = new();

    /// <summary>Whether an item passes the filter.</summary>
    public bool Matches(QuizItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        if (Kinds is not null && !Kinds.Contains(item.Kind))
        {
            return false;
        }

        Subject?[] subjects = [item.Subject, item.From];
        if (SubjectIds is not null && !subjects.Any(s => s is not null && SubjectIds.Contains(s.Id)))
        {
            return false;
        }

        if (ModelId is not null && !subjects.Any(s => s is not null && s.ModelId == ModelId))
        {
            return false;
        }

        if (DomainId is not null)
        {
            var domains = item.Control is not null ? item.Control.DomainIds : item.Domain is null ? [] : [item.Domain.Id];
            if (!domains.Contains(DomainId))
            {
                return false;
            }
        }

        return true;
    }
}
