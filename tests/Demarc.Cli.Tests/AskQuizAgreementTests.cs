using System.Text.Json;

namespace Demarc.Cli.Tests;

/// <summary>
/// `demarc quiz` and `demarc ask` check each other through the real command line: quizzes exported by `quiz --export`
/// (answers computed from the catalog's cells) are answered by `ask --batch` (an independent reading of the question's
/// words through the catalog's vocabulary). A disagreement is a reading gap in `ask` or a bug in the quiz. Three seeds of
/// 300 questions keep this to a few seconds; docs/ask.md gives the command that checks every item of the catalog.
/// </summary>
public sealed class AskQuizAgreementTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("demarc-ask-quiz-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public async Task AskBatch_SeededQuizExport_AnswersEveryQuestionAsTheQuizDoes(int seed)
    {
        var file = Path.Combine(_directory, $"quiz-{seed}.jsonl");
        var export = await CliRunner.RunAsync("quiz", "--export", file, "--count", "300", "--seed", seed.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.True(export.ExitCode == 0, export.Error);

        var (json, quiz) = await AskBatch(file);

        Assert.Equal(300, json.GetProperty("questions").GetInt32());
        Assert.Equal(300, json.GetProperty("withAnswer").GetInt32());
        Assert.Equal(300, quiz.Select(q => q.Item).Distinct(StringComparer.Ordinal).Count());

        // The set is worth checking only if it has every kind of question, "choose two" and negated ones.
        Assert.Equal(["control", "responsibility", "service", "shift", "who"], quiz.Select(q => q.Kind).Distinct().Order(StringComparer.Ordinal));
        Assert.True(quiz.Count(q => q.Choose > 1) >= 20, "fewer than 20 choose-two questions");
        Assert.True(quiz.Count(q => q.Text.Contains(" NOT ", StringComparison.Ordinal) || q.Text.Contains("EXCEPT", StringComparison.Ordinal)) >= 10, "fewer than 10 negated questions");
        AssertAllCorrect(json, quiz);
    }

    private static void AssertAllCorrect(JsonElement json, IReadOnlyList<QuizLine> quiz)
    {
        Assert.Equal(0, json.GetProperty("problems").GetArrayLength());
        Assert.Equal(0, json.GetProperty("notUnderstood").GetInt32());
        var kinds = quiz.ToDictionary(q => q.Id, q => q.Kind, StringComparer.Ordinal);
        var misses = json.GetProperty("misses").EnumerateArray()
            .Select(m => $"[{kinds[m.GetProperty("id").GetString()!]}] {m.GetProperty("question").GetString()} expected {m.GetProperty("expected").GetString()}, "
                + $"answered {m.GetProperty("verdict").GetString()} ({m.GetProperty("status").GetString()})")
            .ToList();
        Assert.True(misses.Count == 0, $"{misses.Count} of {quiz.Count} quiz questions answered differently:\n" + string.Join('\n', misses.Take(20)));
        Assert.Equal(100.0, json.GetProperty("accuracy").GetDouble());
    }

    private static async Task<(JsonElement Json, IReadOnlyList<QuizLine> Quiz)> AskBatch(string file)
    {
        var result = await CliRunner.RunAsync("ask", "--batch", file, "--format", "json", "--min-accuracy", "0");
        Assert.True(result.ExitCode == 0, $"exit {result.ExitCode}: {result.Error}");
        Assert.Equal("", result.Error);
        var json = JsonDocument.Parse(result.Output).RootElement.Clone();
        var quiz = (await File.ReadAllLinesAsync(file))
            .Where(line => line.Length > 0)
            .Select(line =>
            {
                using var q = JsonDocument.Parse(line);
                var root = q.RootElement;
                return new QuizLine(root.GetProperty("id").GetString()!, root.GetProperty("kind").GetString()!, root.GetProperty("item").GetString()!,
                    root.GetProperty("question").GetString()!, root.GetProperty("choose").GetInt32());
            })
            .ToList();
        return (json, quiz);
    }

    private sealed record QuizLine(string Id, string Kind, string Item, string Text, int Choose);
}
