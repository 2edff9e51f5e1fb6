using Demarc.Cli.Commands;
using Demarc.Quiz;
using Spectre.Console;

namespace Demarc.Cli.Tests;

/// <summary>The key loop and the session logic without a terminal: scripted keys in, a captured screen and the recorded answers out.</summary>
public class QuizSessionTests
{
    private static readonly IReadOnlyList<QuizQuestion> Quiz = QuizFile.Read(
        """
        [
          {"id": "q001", "question": "One?", "options": {"A": "first", "B": "second", "C": "third"}, "answer": "B", "justification": "B is right.",
           "explanation": "A. first - no\nB. second - yes", "sources": [{"id": "s", "title": "The source", "url": "https://example.org/srm"}]},
          {"id": "q002", "question": "Two?", "options": {"A": "a", "B": "b", "C": "c", "D": "d"}, "choose": 2, "answer": "AC", "justification": "A and C."},
          {"id": "q003", "question": "Three?", "options": {"A": "a", "B": "b", "C": "c"}, "answer": "C"}
        ]
        """,
        "quiz.json").Questions;

    private static ConsoleKeyInfo Key(char c) => new(c, char.IsAsciiLetter(c) ? Enum.Parse<ConsoleKey>(char.ToUpperInvariant(c).ToString()) : ConsoleKey.NoName, false, false, false);

    private static readonly ConsoleKeyInfo Enter = new('\r', ConsoleKey.Enter, false, false, false);
    private static readonly ConsoleKeyInfo Backspace = new('\b', ConsoleKey.Backspace, false, false, false);
    private static readonly ConsoleKeyInfo CtrlC = new('\u0003', ConsoleKey.C, false, false, true);

    [Fact]
    public void Feed_OneAnswerQuestion_ALetterSubmitsAtOnce()
    {
        var keys = new QuizKeyLoop(optionCount: 4, choose: 1);

        Assert.Equal(QuizKeyAction.Ignored, keys.Feed(Key('x')));
        Assert.Equal(QuizKeyAction.Ignored, keys.Feed(Key('e')));     // not an option of four
        Assert.Equal(QuizKeyAction.Submit, keys.Feed(Key('c')));
        Assert.Equal("C", keys.Selection);
    }

    [Fact]
    public void Feed_ChooseTwo_LettersToggleAndEnterSubmitsOnlyWithTwo()
    {
        var keys = new QuizKeyLoop(optionCount: 4, choose: 2);

        Assert.Equal(QuizKeyAction.Changed, keys.Feed(Key('d')));
        Assert.Equal(QuizKeyAction.Ignored, keys.Feed(Enter));
        Assert.Equal(QuizKeyAction.Changed, keys.Feed(Key('A')));
        Assert.Equal("AD", keys.Selection);
        Assert.Equal(QuizKeyAction.Changed, keys.Feed(Key('d')));
        Assert.Equal("A", keys.Selection);
        Assert.Equal(QuizKeyAction.Changed, keys.Feed(Key('b')));
        Assert.Equal(QuizKeyAction.Changed, keys.Feed(Key('c')));
        Assert.Equal(QuizKeyAction.Ignored, keys.Feed(Enter));         // three selected
        Assert.Equal(QuizKeyAction.Changed, keys.Feed(Backspace));
        Assert.Equal("", keys.Selection);
        keys.Feed(Key('b'));
        keys.Feed(Key('c'));
        Assert.Equal(QuizKeyAction.Submit, keys.Feed(Enter));
        Assert.Equal("BC", keys.Selection);
    }

    [Fact]
    public void Feed_QuitKeys_Quit()
    {
        foreach (var key in new[] { Key('q'), Key('Q'), CtrlC, new ConsoleKeyInfo('\u001b', ConsoleKey.Escape, false, false, false), new ConsoleKeyInfo('\u0004', ConsoleKey.D, false, false, true) })
        {
            Assert.Equal(QuizKeyAction.Quit, new QuizKeyLoop(4, 1).Feed(key));
        }
    }

    [Fact]
    public void Feed_QuestionWithSeventeenOptions_QIsAnOptionNotQuit()
    {
        var keys = new QuizKeyLoop(optionCount: 17, choose: 1);

        Assert.Equal(QuizKeyAction.Submit, keys.Feed(Key('q')));
        Assert.Equal("Q", keys.Selection);
    }

    [Fact]
    public async Task RunAsync_AnswersAllQuestions_RecordsEachBeforeItsFeedbackAndSummarises()
    {
        var (screen, console) = Console();
        var keys = new Queue<ConsoleKeyInfo>([Key('b'), Key(' '), Key('a'), Key('c'), Enter, Key(' '), Key('a')]);
        var recorded = new List<(string Id, string Given, bool Correct, string ScreenBefore)>();
        var session = new QuizSession(console, keys.Dequeue, (q, given, correct) =>
        {
            recorded.Add((q.Id, given, correct, screen.ToString()));
            return Task.FromResult(true);
        });

        var summary = await session.RunAsync(Quiz, "header");

        Assert.Equal(new QuizSessionSummary(3, 3, 2, 3, Quit: false), summary);
        Assert.Equal([("q001", "B", true), ("q002", "AC", true), ("q003", "A", false)], recorded.Select(r => (r.Id, r.Given, r.Correct)));
        Assert.DoesNotContain("Correct.", recorded[0].ScreenBefore, StringComparison.Ordinal);   // saved before the feedback
        var text = screen.ToString();
        Assert.Contains("Question 1 of 3", text, StringComparison.Ordinal);
        Assert.Contains("B is right.", text, StringComparison.Ordinal);
        Assert.Contains("Source: The source - https://example.org/srm", text, StringComparison.Ordinal);
        Assert.Contains("You chose A; the answer is C.", text, StringComparison.Ordinal);
        Assert.Contains("Done: 2 of 3 answered correctly (67%)", text, StringComparison.Ordinal);
        Assert.Empty(keys);
    }

    [Fact]
    public async Task RunAsync_QuitDuringAQuestion_RecordsNothingForIt()
    {
        var (screen, console) = Console();
        var keys = new Queue<ConsoleKeyInfo>([Key('b'), Key(' '), Key('a'), CtrlC]);
        var recorded = new List<string>();
        var session = new QuizSession(console, keys.Dequeue, (q, _, _) =>
        {
            recorded.Add(q.Id);
            return Task.FromResult(true);
        });

        var summary = await session.RunAsync(Quiz, "header");

        Assert.Equal(new QuizSessionSummary(3, 1, 1, 1, Quit: true), summary);
        Assert.Equal(["q001"], recorded);
        Assert.Contains("Stopped: 1 of 1 answered correctly", screen.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_AnswerThatCannotBeKept_SaysSo()
    {
        var (screen, console) = Console();
        var keys = new Queue<ConsoleKeyInfo>([Key('b'), Key('q')]);

        var summary = await new QuizSession(console, keys.Dequeue, (_, _, _) => Task.FromResult(false)).RunAsync(Quiz, "header");

        Assert.Equal(0, summary.Saved);
        Assert.Contains("Not saved", screen.ToString(), StringComparison.Ordinal);
    }

    private static (StringWriter Screen, IAnsiConsole Console) Console()
    {
        var screen = new StringWriter { NewLine = "\n" };
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Out = new AnsiConsoleOutput(screen),
            Interactive = InteractionSupport.No,
        });
        console.Profile.Width = 200;
        return (screen, console);
    }
}
