using System.Globalization;
using Demarc.Cli.Output;
using Demarc.Quiz;
using Spectre.Console;
using Table = Demarc.Cli.Output.Table;
using TableCell = Demarc.Cli.Output.TableCell;

namespace Demarc.Cli.Commands;

/// <summary>The documents of <c>demarc quiz --answers</c> and <c>--stats</c>.</summary>
internal static class QuizReports
{
    private const int BarWidth = 10;

    public static Document Grade(GradeResult result, string source, string learner, int recorded, int notRecorded, string? dbPath)
    {
        var blocks = new List<Block>
        {
            new Heading($"Quiz graded: {result.Correct} of {result.Questions.Count} correct ({Percent(result.Score)})", 1),
            new Fields(
            [
                new("Quiz", source),
                new("Learner", learner),
                new("Result", $"{result.Correct} correct, {result.Wrong} wrong, {result.Unanswered} not answered"),
                new("Progress", dbPath is null
                    ? "not recorded (--no-save)"
                    : $"{recorded} answer(s) recorded in {dbPath}" + (notRecorded > 0 ? $"; {notRecorded} not recorded (questions without a catalog item)" : "")),
            ]),
            new Table(
                null,
                ["#", "Id", "Given", "Answer", "Result", "Question"],
                [.. result.Questions.Select(q => (IReadOnlyList<TableCell>)
                [
                    q.Number.ToString(CultureInfo.InvariantCulture),
                    q.Question.Id,
                    q.Given ?? "-",
                    q.Question.Answer ?? "",
                    QuizContracts.Outcome(q.Outcome) + (q.Note is null ? "" : $" ({q.Note})"),
                    q.Question.Text,
                ])],
                IsPrimary: true),
        };
        var misses = result.Questions.Where(q => q.Outcome == GradeOutcome.Wrong).ToList();
        if (misses.Count > 0)
        {
            blocks.Add(new Heading("Why"));
            blocks.Add(new Bullets([.. misses.Select(q => $"{q.Number}. {q.Question.Answer}, not {q.Given}: {q.Question.Justification ?? "(no justification in the quiz file)"}")]));
        }

        return new Document(blocks);
    }

    public static Document Stats(MasteryReport report, string dbPath)
    {
        var overall = report.Overall;
        return new Document(
        [
            new Heading($"Quiz progress of {report.Learner}", 1),
            new Fields(
            [
                new("Learner", report.Learner),
                new("Database", dbPath),
                new("Items seen", $"{overall.Items}, {overall.Mastered} mastered (box {Leitner.MasteredBox} or higher), {overall.Due} due for review"),
                new("Answers", $"{overall.Attempts}, {overall.Correct} correct ({Percent(overall.Accuracy)})"),
                new("Level", $"{Bar(overall.Level)} {Percent(overall.Level)} (mean progress through the {Leitner.Boxes} Leitner boxes)"),
            ]),
            Table("By domain", report.ByDomain, isPrimary: true),
            Table("By service model", report.ByModel, isPrimary: false),
            Table("By question kind", report.ByKind, isPrimary: false),
        ]);
    }

    /// <summary>The bar chart of mastery per domain and per model, for a terminal.</summary>
    public static void WriteChart(MasteryReport report, TextWriter output, CliTerminal terminal)
    {
        var console = CreateConsole(output, terminal);
        console.Profile.Width = Math.Max(60, Math.Min(terminal.Width, 100));
        foreach (var (title, rows) in new[] { ("Mastery by domain (%)", report.ByDomain), ("Mastery by service model (%)", report.ByModel) })
        {
            if (!rows.Any(r => r.Items > 0))
            {
                continue;     // for example only control questions answered: no service model to chart
            }

            var chart = new BarChart { Width = console.Profile.Width, Label = $"[bold]{title}[/]", MaxValue = 100 };
            foreach (var row in rows.Where(r => r.Items > 0))
            {
                var color = row.Level >= 0.75 ? Color.Green : row.Level >= 0.4 ? Color.Yellow : Color.Red;
                chart.AddItem(Markup.Escape(row.Name), Math.Round(row.Level * 100), color);
            }

            console.Write(chart);
            console.WriteLine();
        }
    }

    /// <summary>A Spectre console on the command's output, coloured when the terminal is (as the terminal writer does).</summary>
    public static IAnsiConsole CreateConsole(TextWriter output, CliTerminal terminal)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = terminal.Color ? AnsiSupport.Yes : AnsiSupport.No,
            ColorSystem = terminal.Color ? ColorSystemSupport.Standard : ColorSystemSupport.NoColors,
            Out = new AnsiConsoleOutput(output),
            Interactive = InteractionSupport.No,
        });
        console.Profile.Width = Math.Max(60, terminal.Width);
        return console;
    }

    private static Table Table(string title, IReadOnlyList<MasteryRow> rows, bool isPrimary) => new(
        title,
        ["Id", "Name", "Items", "Mastered", "Due", "Answers", "Accuracy", "Level"],
        [.. rows.Select(r => (IReadOnlyList<TableCell>)
        [
            r.Id,
            r.Name,
            r.Items.ToString(CultureInfo.InvariantCulture),
            r.Mastered.ToString(CultureInfo.InvariantCulture),
            r.Due.ToString(CultureInfo.InvariantCulture),
            r.Attempts.ToString(CultureInfo.InvariantCulture),
            r.Attempts == 0 ? "-" : Percent(r.Accuracy),
            r.Items == 0 ? "-" : $"{Bar(r.Level)} {Percent(r.Level)}",
        ])],
        isPrimary);

    // A text bar that reads the same in a terminal, a pipe, Markdown and CSV: ten cells, '#' filled and '.' empty.
    internal static string Bar(double level)
    {
        var filled = (int)Math.Round(Math.Clamp(level, 0, 1) * BarWidth, MidpointRounding.AwayFromZero);
        return "[" + new string('#', filled) + new string('.', BarWidth - filled) + "]";
    }

    private static string Percent(double share) => (share * 100).ToString("0", CultureInfo.InvariantCulture) + "%";
}
