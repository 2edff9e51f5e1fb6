using Demarc.Model;

namespace Demarc.Asking;

/// <summary>One answer option: its letter and text.</summary>
public sealed record AskOption(string Letter, string Text);

/// <summary>
/// A question as a learner or a quiz file gives it. The file shape (JSON, or YAML with the same keys) is shared with
/// <c>demarc quiz</c>: <c>{"id", "question", "options": {"A": …}, "choose", "answer", "justification"}</c>; all but
/// <c>question</c> optional. <see cref="Answer"/> holds the expected letters ("AC"), or for a question without options
/// the expected owner (AWS, Customer, Shared) or True/False.
/// </summary>
public sealed record AskQuestion(
    string Text,
    IReadOnlyList<AskOption> Options,
    int? Choose = null,
    string? Id = null,
    string? Answer = null,
    string? Justification = null,
    SourceLocation? Location = null)
{
    /// <summary>A question without options.</summary>
    public static AskQuestion Of(string text) => new(text, []);
}

/// <summary>Whether a question was answered.</summary>
public enum AskStatus
{
    /// <summary>Understood and answered; the reading is unambiguous.</summary>
    Answered,

    /// <summary>Answered, but the reading had to choose between close alternatives or left parts unread (see the explanation).</summary>
    Tentative,

    /// <summary>Not understood well enough to answer; the answer says what was and was not understood.</summary>
    NotUnderstood,
}

/// <summary>The kinds of question the reader recognises.</summary>
public enum AskForm
{
    /// <summary>"Who is responsible for X (on Y)?" without options.</summary>
    Who,

    /// <summary>"Which of the following is the customer's / AWS's / a shared responsibility?"</summary>
    OwnerChoice,

    /// <summary>"Which of the following is security OF / IN the cloud?"</summary>
    LayerChoice,

    /// <summary>"Which of the following is an inherited / shared / customer-specific control?"</summary>
    ControlChoice,

    /// <summary>"Patch management is which type of control?" (the options are categories, layers or controls).</summary>
    Classification,

    /// <summary>"Which statement is true / false?"</summary>
    StatementChoice,

    /// <summary>"True or false: …"</summary>
    TrueFalse,

    /// <summary>A sentence to complete ("AWS is responsible for security ___ the cloud", "… is part of:").</summary>
    Completion,

    /// <summary>"Which service takes over patching / leaves the most to the customer?" (the options are services).</summary>
    ServiceChoice,

    /// <summary>"What moves to AWS when moving from EC2 to Lambda?"</summary>
    Shift,

    /// <summary>"X is the responsibility of: AWS / the customer / both."</summary>
    PartyChoice,
}

/// <summary>What AWS does and what the customer does for one domain on one service (or in general).</summary>
/// <param name="Service">Null when the question named no service and the domain's general rule applies.</param>
/// <param name="Side">For a Shared cell, the half the words point to (AWS's or the customer's), if any.</param>
public sealed record AskCell(
    Subject? Service,
    Domain Domain,
    Owner Owner,
    Owner? Side,
    string Aws,
    string Customer,
    string? Note,
    IReadOnlyList<Source> Sources);

/// <summary>How the question was read.</summary>
/// <param name="Target">What makes an option right: a party (AWS, Customer, Shared), a layer, a control category, "true statement", a service property.</param>
public sealed record AskUnderstanding(
    AskForm? Form,
    string? Target,
    bool Negated,
    int Choose,
    Subject? Service,
    IReadOnlyList<Domain> Domains,
    Control? Control,
    ControlCategory? Category,
    Layer? Layer,
    string Summary);

/// <summary>One option: how it was read, its owner, its score and why it was chosen or not.</summary>
/// <param name="Score">How well the option fits what the question asks, 0 to 1; null when it could not be read.</param>
public sealed record AskOptionResult(
    string Letter,
    string Text,
    string Reading,
    string? Owner,
    double? Score,
    bool Chosen,
    string Reason,
    IReadOnlyList<AskCell> Cells,
    Control? Control,
    ControlCategory? Category);

/// <summary>The answer to a question.</summary>
/// <param name="Verdict">The chosen letters ("AC"), or the owner (AWS, Customer, Shared), or True/False; null when not understood.</param>
/// <param name="Owner">For a "who" question, the owner.</param>
/// <param name="NotUnderstood">What could not be read (words, options).</param>
/// <param name="Cells">The catalog cells behind the answer (for options, those of the chosen ones).</param>
public sealed record AskAnswer(
    AskQuestion Question,
    AskStatus Status,
    string? Verdict,
    Owner? Owner,
    IReadOnlyList<string> Letters,
    AskUnderstanding Understood,
    IReadOnlyList<string> NotUnderstood,
    IReadOnlyList<AskCell> Cells,
    IReadOnlyList<AskOptionResult> Options,
    IReadOnlyList<Source> Sources,
    string Explanation)
{
    /// <summary>Whether the verdict matches the question's expected answer; null when none was given.</summary>
    public bool? Correct => Question.Answer is null ? null : Verdict is not null && AnswerKey.Same(Question.Answer, Verdict, Question.Options.Count > 0);
}

/// <summary>Compares expected and given answers: letters as a set ("CA" = "AC"), words case-insensitively.</summary>
public static class AnswerKey
{
    public static bool Same(string expected, string given, bool letters)
    {
        ArgumentNullException.ThrowIfNull(expected);
        ArgumentNullException.ThrowIfNull(given);
        if (letters)
        {
            static string Normal(string s) => new([.. s.ToUpperInvariant().Where(char.IsLetter).Distinct().Order()]);
            return Normal(expected) == Normal(given);
        }

        static string Word(string s) => s.Trim().ToUpperInvariant() switch
        {
            "THE CUSTOMER" or "CUSTOMERS" or "YOU" => "CUSTOMER",
            "AMAZON" or "AMAZON WEB SERVICES" => "AWS",
            "BOTH" => "SHARED",
            var other => other,
        };
        return Word(expected) == Word(given);
    }
}
