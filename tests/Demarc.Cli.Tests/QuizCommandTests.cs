using System.Text.Json;
using Demarc.Catalog;
using Demarc.Quiz;
using Demarc.Storage.Quiz;
using Demarc.Storage.Sqlite;
using Microsoft.Data.Sqlite;

namespace Demarc.Cli.Tests;

/// <summary>`demarc quiz` through the real command line (in-process): export, grade, stats, and the errors in between.</summary>
public sealed class QuizCommandTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("demarc-quiz-cli-").FullName;

    private string Db => Path.Combine(_directory, "progress.db");

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task Export_ThenGradeWithTheFilesOwnAnswers_AllCorrectAndRecorded()
    {
        var file = Path.Combine(_directory, "quiz.json");
        var export = await CliRunner.RunAsync("quiz", "--export", file, "--count", "20", "--seed", "7");
        Assert.True(export.ExitCode == 0, export.Error);
        Assert.Contains("Wrote 20 question(s) with answers", export.Output, StringComparison.Ordinal);

        var quiz = QuizFile.Read(await File.ReadAllTextAsync(file), file);
        Assert.Empty(quiz.Problems);
        var answers = string.Join(",", quiz.Questions.Select((q, i) => $"{i + 1}={q.Answer}"));
        var grade = await CliRunner.RunAsync("quiz", "--file", file, "--answers", answers, "--db", Db, "--learner", "ana");

        Assert.True(grade.ExitCode == 0, grade.Error);
        Assert.Contains("Quiz graded: 20 of 20 correct (100%)", grade.Output, StringComparison.Ordinal);
        Assert.Contains("20 answer(s) recorded", grade.Output, StringComparison.Ordinal);
        var progress = await LoadProgressAsync("ana");
        Assert.Equal(quiz.Questions.Select(q => q.ItemKey).Order(StringComparer.Ordinal), progress.Keys.Order(StringComparer.Ordinal));
        Assert.All(progress.Values, p => Assert.Equal(2, p.Box));
    }

    [Fact]
    public async Task Export_SameSeed_SameFile_AndMatchesTheGenerator()
    {
        var first = await CliRunner.RunAsync("quiz", "--export", "-", "--count", "15", "--seed", "42");
        var second = await CliRunner.RunAsync("quiz", "--export", "-", "--count", "15", "--seed", "42");

        Assert.Equal(0, first.ExitCode);
        Assert.Equal(first.Output, second.Output);
        var expected = QuizFile.Write(new QuizGenerator(ResponsibilityCatalog.Default).Generate(QuizFilter.None, 15, 42), includeAnswers: true, jsonLines: false);
        Assert.Equal(expected, first.Output);
    }

    [Fact]
    public async Task Export_JsonLinesWithoutAnswers_IsTheSharedShapeOnly()
    {
        var file = Path.Combine(_directory, "quiz.jsonl");

        var result = await CliRunner.RunAsync("quiz", "--export", file, "--count", "6", "--seed", "3", "--no-answers");

        Assert.Equal(0, result.ExitCode);
        var lines = (await File.ReadAllTextAsync(file)).TrimEnd('\n').Split('\n');
        Assert.Equal(6, lines.Length);
        foreach (var line in lines)
        {
            using var json = JsonDocument.Parse(line);
            Assert.Equal(["id", "question", "options", "choose"], json.RootElement.EnumerateObject().Select(p => p.Name));
        }
    }

    [Fact]
    public async Task Export_Filters_AreApplied()
    {
        var result = await CliRunner.RunAsync("quiz", "--export", "-", "--count", "30", "--seed", "1", "--service", "rds", "--domain", "patch the guest OS");

        Assert.Equal(0, result.ExitCode);
        var quiz = QuizFile.Read(result.Output, "out.json").Questions;
        Assert.NotEmpty(quiz);
        Assert.All(quiz, q => Assert.Contains("guest_os", q.ItemKey, StringComparison.Ordinal));
        Assert.All(quiz, q => Assert.Contains("rds", q.ItemKey, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Grade_SomeWrong_ExitsOneAndExplainsTheMisses()
    {
        var file = Path.Combine(_directory, "quiz.json");
        await CliRunner.RunAsync("quiz", "--export", file, "--count", "3", "--seed", "11");
        var quiz = QuizFile.Read(await File.ReadAllTextAsync(file), file).Questions;
        var wrong = quiz[1].Options.First(o => !o.IsCorrect).Letter;

        var result = await CliRunner.RunAsync("quiz", "--file", file, "--answers", $"1={quiz[0].Answer},2={wrong}", "--db", Db, "--learner", "bo");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("1 correct, 1 wrong, 1 not answered", result.Output, StringComparison.Ordinal);
        Assert.Contains($"2. {quiz[1].Answer}, not {wrong}: {quiz[1].Justification}", result.Output, StringComparison.Ordinal);
        var progress = await LoadProgressAsync("bo");
        Assert.Equal(2, progress[quiz[0].ItemKey!].Box);
        Assert.Equal(1, progress[quiz[1].ItemKey!].Box);
        Assert.False(progress.ContainsKey(quiz[2].ItemKey!));
    }

    [Fact]
    public async Task Grade_GeneratedQuizOfASeed_JsonOutput_NoSave()
    {
        var quiz = new QuizGenerator(ResponsibilityCatalog.Default).Generate(QuizFilter.None, 4, 5);

        var result = await CliRunner.RunAsync("quiz", "--seed", "5", "--count", "4", "--answers", $"1={quiz[0].Answer},q002={quiz[1].Answer}", "--no-save", "--format", "json", "--db", Db);

        Assert.Equal(0, result.ExitCode);
        using var json = JsonDocument.Parse(result.Output);
        Assert.Equal("quiz-grade", json.RootElement.GetProperty("kind").GetString());
        Assert.Equal(2, json.RootElement.GetProperty("correct").GetInt32());
        Assert.Equal(2, json.RootElement.GetProperty("unanswered").GetInt32());
        Assert.Equal(0, json.RootElement.GetProperty("recorded").GetInt32());
        Assert.False(File.Exists(Db));
    }

    [Fact]
    public async Task Grade_FileWithoutAnswers_SaysHowToGetThem()
    {
        var file = Path.Combine(_directory, "bare.json");
        await CliRunner.RunAsync("quiz", "--export", file, "--count", "2", "--seed", "1", "--no-answers");

        var result = await CliRunner.RunAsync("quiz", "--file", file, "--answers", "1=A", "--db", Db);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("export it with answers", result.Error, StringComparison.Ordinal);
        Assert.Contains("Nothing was graded or recorded.", result.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("1=E", "has no option E")]
    [InlineData("9=A", "question '9' is not in the quiz")]
    [InlineData("1B", "is not NUMBER=LETTERS")]
    public async Task Grade_BadAnswers_ExitTwoAndRecordNothing(string answers, string message)
    {
        var file = Path.Combine(_directory, "quiz.json");
        await CliRunner.RunAsync("quiz", "--export", file, "--count", "3", "--seed", "1");

        var result = await CliRunner.RunAsync("quiz", "--file", file, "--answers", answers, "--db", Db);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(message, result.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(Db));
    }

    [Fact]
    public async Task Grade_BrokenQuizFile_NamesFileLineAndColumn()
    {
        var file = Path.Combine(_directory, "broken.json");
        await File.WriteAllTextAsync(file, "[\n  {\"question\": \"Q?\", \"options\": {\"A\": \"x\", \"B\": \"y\"}, \"answer\": \"Z\"}\n]\n");

        var result = await CliRunner.RunAsync("quiz", "--file", file, "--answers", "1=A", "--db", Db);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"{file}:2:65: error [invalid-value] question 1: answer letter Z is not one of the options (AB)", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Stats_AfterGrading_ShowsMasteryPerDomainAndModel()
    {
        var file = Path.Combine(_directory, "quiz.json");
        await CliRunner.RunAsync("quiz", "--export", file, "--count", "10", "--seed", "21", "--kind", "who");
        var quiz = QuizFile.Read(await File.ReadAllTextAsync(file), file).Questions;
        await CliRunner.RunAsync("quiz", "--file", file, "--answers", string.Join(",", quiz.Select((q, i) => $"{i + 1}={q.Answer}")), "--db", Db, "--learner", "cy");

        var table = await CliRunner.RunAsync("quiz", "--stats", "--db", Db, "--learner", "cy");
        var json = await CliRunner.RunAsync("quiz", "--stats", "--db", Db, "--learner", "cy", "--format", "json");

        Assert.Equal(0, table.ExitCode);
        Assert.Contains("Items seen: 10, 0 mastered", table.Output, StringComparison.Ordinal);
        Assert.Contains("By domain", table.Output, StringComparison.Ordinal);
        Assert.Contains("By service model", table.Output, StringComparison.Ordinal);
        Assert.Contains("[###.......] 25%", table.Output, StringComparison.Ordinal);     // every answered item is in box 2
        using var doc = JsonDocument.Parse(json.Output);
        Assert.Equal(10, doc.RootElement.GetProperty("overall").GetProperty("items").GetInt32());
        var domainItems = doc.RootElement.GetProperty("domains").EnumerateArray().Sum(d => d.GetProperty("items").GetInt32());
        Assert.Equal(10, domainItems);
        var modelItems = doc.RootElement.GetProperty("models").EnumerateArray().Sum(d => d.GetProperty("items").GetInt32());
        Assert.Equal(10, modelItems);
    }

    [Fact]
    public async Task Stats_UnknownLearner_ListsTheLearnersThere()
    {
        var file = Path.Combine(_directory, "quiz.json");
        await CliRunner.RunAsync("quiz", "--export", file, "--count", "1", "--seed", "2");
        var quiz = QuizFile.Read(await File.ReadAllTextAsync(file), file).Questions;
        await CliRunner.RunAsync("quiz", "--file", file, "--answers", $"1={quiz[0].Answer}", "--db", Db, "--learner", "ana");

        var result = await CliRunner.RunAsync("quiz", "--stats", "--db", Db, "--learner", "zed");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("no progress for learner 'zed'", result.Error, StringComparison.Ordinal);
        Assert.Contains("ana (1 answers)", result.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("quiz --model cloudy --export -", "unknown service model 'cloudy'")]
    [InlineData("quiz --kind riddles --export -", "unknown question kind 'riddles'")]
    [InlineData("quiz --service ec9000 --export -", "unknown service 'ec9000'")]
    [InlineData("quiz --count 0 --export -", "--count must be between 1 and 10000")]
    [InlineData("quiz --stats --export -", "--stats cannot be combined")]
    [InlineData("quiz --no-answers", "--no-answers only applies to --export")]
    [InlineData("quiz --answers 1=A", "--answers grades a quiz file")]
    [InlineData("quiz --kind control --service ec2 --export -", "no question matches these filters")]
    [InlineData("quiz --seed 1", "the interactive quiz needs a terminal")]
    public async Task BadOptions_ExitTwoWithAClearMessage(string commandLine, string message)
    {
        var result = await CliRunner.RunAsync([.. commandLine.Split(' '), "--db", Db]);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(message, result.Error, StringComparison.Ordinal);
        Assert.Equal("", result.Output);
    }

    [Fact]
    public async Task Db_FileThatIsNotADatabase_IsLeftAloneWithAClearMessage()
    {
        var notes = Path.Combine(_directory, "notes.txt");
        await File.WriteAllTextAsync(notes, new string('n', 5000));

        var result = await CliRunner.RunAsync("quiz", "--stats", "--db", notes);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("is not a Demarc database", result.Error, StringComparison.Ordinal);
        Assert.Equal(new string('n', 5000), await File.ReadAllTextAsync(notes));
    }

    [Fact]
    public async Task Help_TeachesWithExamples()
    {
        var result = await CliRunner.RunAsync("quiz", "--help");

        Assert.Equal(0, result.ExitCode);
        foreach (var text in new[] { "--export", "--answers", "--stats", "--learner", "--db", "--seed", "demarc quiz --file quiz.json --answers" })
        {
            Assert.Contains(text, result.Output, StringComparison.Ordinal);
        }
    }

    private async Task<IReadOnlyDictionary<string, ItemProgress>> LoadProgressAsync(string learner)
    {
        using var database = await SqliteDatabase.OpenAsync(Db);
        return await new SqlProgressStore(database).LoadProgressAsync(learner);
    }
}
