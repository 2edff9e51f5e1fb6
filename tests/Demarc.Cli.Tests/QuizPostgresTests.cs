using System.Text.Json;
using Demarc.Quiz;
using Demarc.Tests;

namespace Demarc.Cli.Tests;

/// <summary>
/// `demarc quiz --db` with a PostgreSQL connection string, against the real server of <c>./test.sh</c>: a class can keep
/// its progress in the same database as <c>demarc serve</c>. Each test has its own schema.
/// </summary>
public sealed class QuizPostgresTests : IAsyncLifetime
{
    private readonly string _directory = Directory.CreateTempSubdirectory("demarc-quiz-pg-").FullName;
    private string _connectionString = "";
    private string _schema = "";

    public async Task InitializeAsync() => (_connectionString, _schema) = await TestPostgres.CreateSchemaAsync();

    public async Task DisposeAsync()
    {
        await TestPostgres.DropSchemaAsync(_schema);
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task Grade_WithPostgresDb_RecordsAnswersThatALaterProcessReads()
    {
        var file = Path.Combine(_directory, "quiz.json");
        var export = await CliRunner.RunAsync("quiz", "--export", file, "--count", "6", "--seed", "11");
        Assert.True(export.ExitCode == 0, export.Error);
        var quiz = QuizFile.Read(await File.ReadAllTextAsync(file), file).Questions;
        var wrong = quiz[1].Answer == "A" ? "B" : "A";
        var answers = string.Join(",", quiz.Select((q, i) => $"{i + 1}={(i == 1 ? wrong : q.Answer)}"));

        var grade = await CliRunner.RunAsync("quiz", "--file", file, "--answers", answers, "--db", _connectionString, "--learner", "pg-ana");
        var stats = await CliRunner.RunAsync("quiz", "--stats", "--db", _connectionString, "--learner", "pg-ana", "--format", "json");

        Assert.True(grade.ExitCode == 1, $"exit {grade.ExitCode}: {grade.Error}");      // one wrong answer
        Assert.Contains("Quiz graded: 5 of 6 correct", grade.Output, StringComparison.Ordinal);
        Assert.Contains("6 answer(s) recorded", grade.Output, StringComparison.Ordinal);
        Assert.True(stats.ExitCode == 0, stats.Error);
        using var json = JsonDocument.Parse(stats.Output);
        var overall = json.RootElement.GetProperty("overall");
        Assert.Equal(6, overall.GetProperty("items").GetInt32());
    }

    [Fact]
    public async Task Stats_UnknownLearnerInPostgres_NamesTheServerNotThePassword()
    {
        var stats = await CliRunner.RunAsync("quiz", "--stats", "--db", _connectionString + ";Password=hunter2", "--learner", "nobody");

        Assert.Contains("no progress yet in PostgreSQL ", stats.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", stats.Error + stats.Output, StringComparison.Ordinal);
    }
}
