using Demarc.Quiz;
using Spectre.Console;

namespace Demarc.Cli.Commands;

/// <summary>What a key press does in the quiz.</summary>
internal enum QuizKeyAction
{
    /// <summary>Not a key the quiz uses.</summary>
    Ignored,

    /// <summary>The selection changed (a "choose two" question: a letter toggled).</summary>
    Changed,

    /// <summary>The answer is complete: grade it.</summary>
    Submit,

    /// <summary>Stop the quiz (q, Escape, Ctrl+C, Ctrl+D).</summary>
    Quit,
}

/// <summary>
/// The keys of one question: letters select options; for one answer a letter submits at once, for several letters toggle
/// and Enter submits once exactly that many are selected; Backspace clears; q (when Q is not an option), Escape, Ctrl+C
/// and Ctrl+D quit. Pure, so every rule is unit-tested without a terminal.
/// </summary>
internal sealed class QuizKeyLoop(int optionCount, int choose)
{
    private readonly SortedSet<char> _selected = [];

    /// <summary>The letters selected so far, in order.</summary>
    public string Selection => string.Concat(_selected);

    public QuizKeyAction Feed(ConsoleKeyInfo key)
    {
        if (IsQuit(key, optionCount))
        {
            return QuizKeyAction.Quit;
        }

        var letter = char.ToUpperInvariant(key.KeyChar);
        if (letter >= 'A' && letter < 'A' + optionCount)
        {
            if (choose == 1)
            {
                _selected.Clear();
                _selected.Add(letter);
                return QuizKeyAction.Submit;
            }

            if (!_selected.Remove(letter))
            {
                _selected.Add(letter);
            }

            return QuizKeyAction.Changed;
        }

        if (key.Key == ConsoleKey.Enter && choose > 1 && _selected.Count == choose)
        {
            return QuizKeyAction.Submit;
        }

        if (key.Key == ConsoleKey.Backspace && _selected.Count > 0)
        {
            _selected.Clear();
            return QuizKeyAction.Changed;
        }

        return QuizKeyAction.Ignored;
    }

    /// <summary>Whether a key stops the quiz; 'q' only when Q is not one of the options.</summary>
    public static bool IsQuit(ConsoleKeyInfo key, int optionCount) =>
        key.Key == ConsoleKey.Escape
        || key.KeyChar is '\x03' or '\x04'
        || (key.Key is ConsoleKey.C or ConsoleKey.D && key.Modifiers.HasFlag(ConsoleModifiers.Control))
        || (key.KeyChar is 'q' or 'Q' && optionCount < 17);
}

/// <summary>How a sitting went.</summary>
/// <param name="Saved">Answers committed to the learner's progress.</param>
/// <param name="Quit">True when the learner stopped before the last question.</param>
internal sealed record QuizSessionSummary(int Asked, int Answered, int Correct, int Saved, bool Quit);

/// <summary>
/// The interactive quiz: shows a question, reads keys, grades, records the answer (committed before the feedback is shown),
/// shows the feedback with explanation and sources, and goes on until the last question or a quit key.
/// </summary>
/// <param name="readKey">The next key press (the console's, or a script in tests).</param>
/// <param name="record">Saves an answer; returns false when it could not be kept (no catalog item). Null: practice, nothing saved.</param>
internal sealed class QuizSession(IAnsiConsole console, Func<ConsoleKeyInfo> readKey, Func<QuizQuestion, string, bool, Task<bool>>? record)
{
    public async Task<QuizSessionSummary> RunAsync(IReadOnlyList<QuizQuestion> questions, string header)
    {
        ArgumentNullException.ThrowIfNull(questions);
        console.MarkupLine($"[grey]{Markup.Escape(header)}[/]");
        console.MarkupLine("[grey]Press a letter to answer, q to save and stop.[/]");
        var answered = 0;
        var correctCount = 0;
        var saved = 0;
        for (var i = 0; i < questions.Count; i++)
        {
            var question = questions[i];
            ShowQuestion(question, i + 1, questions.Count);
            var keys = new QuizKeyLoop(question.Options.Count, question.Choose);
            var action = QuizKeyAction.Ignored;
            while (action is not (QuizKeyAction.Submit or QuizKeyAction.Quit))
            {
                action = keys.Feed(readKey());
                if (action == QuizKeyAction.Changed)
                {
                    console.MarkupLine(keys.Selection.Length == question.Choose
                        ? $"[grey]Selected {keys.Selection}; Enter to answer.[/]"
                        : $"[grey]Selected {(keys.Selection.Length == 0 ? "nothing" : keys.Selection)}; choose {question.Choose}.[/]");
                }
            }

            if (action == QuizKeyAction.Quit)
            {
                return Finish(new QuizSessionSummary(questions.Count, answered, correctCount, saved, Quit: true));
            }

            var given = keys.Selection;
            var correct = given == question.Answer;
            answered++;
            correctCount += correct ? 1 : 0;
            var kept = record is not null && await record(question, given, correct).ConfigureAwait(false);
            saved += kept ? 1 : 0;
            ShowFeedback(question, given, correct, record is null || kept);
            if (i + 1 < questions.Count)
            {
                console.MarkupLine("[grey]Press any key for the next question, q to stop.[/]");
                if (QuizKeyLoop.IsQuit(readKey(), 0))
                {
                    return Finish(new QuizSessionSummary(questions.Count, answered, correctCount, saved, Quit: true));
                }
            }
        }

        return Finish(new QuizSessionSummary(questions.Count, answered, correctCount, saved, Quit: false));
    }

    private void ShowQuestion(QuizQuestion question, int number, int total)
    {
        console.WriteLine();
        console.Write(new Rule($"[bold]Question {number} of {total}[/]") { Justification = Justify.Left });
        console.MarkupLine($"[bold]{Markup.Escape(question.Text)}[/]");
        var grid = new Grid().AddColumn(new GridColumn().NoWrap().PadRight(2)).AddColumn();
        foreach (var option in question.Options)
        {
            grid.AddRow(new Markup($"[bold deepskyblue1]{option.Letter}[/]"), new Markup(Markup.Escape(option.Text)));
        }

        console.Write(grid);
        if (question.Choose > 1)
        {
            console.MarkupLine($"[grey]Choose {question.Choose}: press the letters, then Enter.[/]");
        }
    }

    private void ShowFeedback(QuizQuestion question, string given, bool correct, bool kept)
    {
        console.MarkupLine(correct
            ? $"[bold green]Correct.[/] The answer is {question.Answer}."
            : $"[bold red]Not quite.[/] You chose {given}; the answer is [bold]{question.Answer}[/].");

        // Indented as a block, so wrapped lines keep their indentation.
        var lines = new List<Markup>();
        if (!string.IsNullOrWhiteSpace(question.Justification))
        {
            lines.Add(new Markup(Markup.Escape(question.Justification)));
        }

        if (!string.IsNullOrWhiteSpace(question.Explanation))
        {
            lines.AddRange(question.Explanation.Split('\n').Select(line => new Markup($"[grey]{Markup.Escape(line)}[/]")));
        }

        lines.AddRange(question.SourceList.Select(source => new Markup($"[grey]Source: {Markup.Escape(source.Title)} - [link]{Markup.Escape(source.Url)}[/][/]")));
        if (!kept)
        {
            lines.Add(new Markup("[yellow](Not saved: this question has no catalog item to track.)[/]"));
        }

        if (lines.Count > 0)
        {
            console.Write(new Padder(new Rows(lines)).Padding(2, 0, 0, 0));
        }
    }

    private QuizSessionSummary Finish(QuizSessionSummary summary)
    {
        console.WriteLine();
        var score = summary.Answered == 0 ? "" : $" ({100.0 * summary.Correct / summary.Answered:0}%)";
        console.MarkupLine($"[bold]{(summary.Quit ? "Stopped" : "Done")}:[/] {summary.Correct} of {summary.Answered} answered correctly{score}; {summary.Asked - summary.Answered} not answered.");
        return summary;
    }
}
