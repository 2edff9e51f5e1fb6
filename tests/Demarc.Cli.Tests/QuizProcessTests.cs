using System.Diagnostics;
using Demarc.Quiz;
using Demarc.Storage.Quiz;
using Demarc.Storage.Sqlite;
using Microsoft.Data.Sqlite;

namespace Demarc.Cli.Tests;

/// <summary>Several real <c>demarc</c> processes writing to one progress database at the same time.</summary>
public sealed class QuizProcessTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("demarc-quiz-proc-").FullName;

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task Grade_FourProcessesOnOneDatabaseAtOnce_LoseNoAnswer()
    {
        const int processes = 4;
        var db = Path.Combine(_directory, "shared.db");
        var file = Path.Combine(_directory, "quiz.json");
        var export = await CliRunner.RunAsync("quiz", "--export", file, "--count", "25", "--seed", "13");
        Assert.Equal(0, export.ExitCode);
        var quiz = QuizFile.Read(await File.ReadAllTextAsync(file), file).Questions;
        var answers = string.Join(",", quiz.Select((q, i) => $"{i + 1}={(i % 2 == 0 ? q.Answer : q.Options.First(o => !o.IsCorrect).Letter)}"));

        var runs = Enumerable.Range(0, processes).Select(_ => CliProcess.RunAsync(["dotnet", QuizTerminal.DemarcDll(), "quiz", "--file", file, "--answers", answers, "--db", db, "--learner", "team"])).ToList();
        var results = await Task.WhenAll(runs);

        Assert.All(results, r => Assert.True(r.ExitCode == 1, r.Error));   // half the answers are wrong: exit 1, and no crash
        using var database = await SqliteDatabase.OpenAsync(db);
        var store = new SqlProgressStore(database);
        Assert.Equal(processes * quiz.Count, (await store.LoadAnswersAsync("team")).Count);
        var progress = await store.LoadProgressAsync("team");
        Assert.Equal(quiz.Count, progress.Count);
        Assert.All(progress.Values, p => Assert.Equal(processes, p.Attempts));
        Assert.All(quiz.Where((_, i) => i % 2 == 0), q => Assert.Equal(Leitner.Boxes, progress[q.ItemKey!].Box));   // four right answers in a row
        Assert.All(quiz.Where((_, i) => i % 2 == 1), q => Assert.Equal(1, progress[q.ItemKey!].Box));
    }
}
