using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;
using Demarc.Catalog;
using Demarc.Quiz;
using Demarc.Storage.Quiz;
using Demarc.Storage.Sqlite;
using Microsoft.Data.Sqlite;

namespace Demarc.Cli.Tests;

/// <summary>
/// The interactive quiz as a learner uses it: the real <c>demarc</c> process in a real pseudo-terminal (util-linux
/// <c>script</c>), keys typed into it, the screen read back, and the progress database checked afterwards, including
/// after the process is killed mid-quiz.
/// </summary>
public sealed class QuizTerminalTests : IDisposable
{
    private const int Seed = 7;
    private const int Count = 5;
    private static readonly IReadOnlyList<QuizQuestion> Expected = new QuizGenerator(ResponsibilityCatalog.Default).Generate(QuizFilter.None, Count, Seed);

    private readonly string _directory = Directory.CreateTempSubdirectory("demarc-quiz-pty-").FullName;

    private string Db => Path.Combine(_directory, "progress.db");

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task Interactive_RightThenWrongThenQ_ShowsFeedbackWithSourcesAndSavesBothAnswers()
    {
        await using var terminal = QuizTerminal.Start(_directory, $"quiz --seed {Seed} --count {Count} --db {Db} --learner ana");

        await terminal.WaitForAsync("Question 1 of 5");
        await terminal.WaitForAsync(Expected[0].Options[^1].Text);
        Assert.Contains(Expected[0].Text[..40], terminal.Screen, StringComparison.Ordinal);
        await terminal.TypeAsync(Keys(Expected[0], Expected[0].Answer!));
        await terminal.WaitForAsync("Correct.");
        await terminal.WaitForAsync("Press any key");
        Assert.Contains(Expected[0].SourceList[0].Url, terminal.Screen, StringComparison.Ordinal);
        Assert.Contains(Expected[0].Justification![..40], terminal.Screen, StringComparison.Ordinal);

        await terminal.TypeAsync(" ");
        await terminal.WaitForAsync("Question 2 of 5");
        await terminal.WaitForAsync(Expected[1].Options[^1].Text);
        var wrong = Wrong(Expected[1]);
        await terminal.TypeAsync(Keys(Expected[1], wrong));
        await terminal.WaitForAsync("Not quite.");
        await terminal.WaitForAsync("Press any key", occurrence: 2);
        await terminal.TypeAsync("q");

        Assert.Equal(0, await terminal.WaitForExitAsync());
        Assert.Contains("Stopped: 1 of 2 answered correctly", terminal.Screen, StringComparison.Ordinal);
        Assert.DoesNotContain("Question 3 of 5", terminal.Screen, StringComparison.Ordinal);
        var answers = await LoadAnswersAsync("ana");
        Assert.Equal([(Expected[0].ItemKey, Expected[0].Answer, true), (Expected[1].ItemKey, wrong, false)], answers.Select(a => ((string?)a.Item, (string?)a.Given, a.Correct)));
    }

    [Fact]
    public async Task Interactive_CtrlC_StopsCleanlyAndKeepsTheAnswersGiven()
    {
        await using var terminal = QuizTerminal.Start(_directory, $"quiz --seed {Seed} --count {Count} --db {Db} --learner bo");

        await terminal.WaitForAsync(Expected[0].Options[^1].Text);
        await terminal.TypeAsync(Keys(Expected[0], Expected[0].Answer!));
        await terminal.WaitForAsync("Press any key");
        await terminal.TypeAsync(" ");
        await terminal.WaitForAsync("Question 2 of 5");
        await terminal.TypeAsync("\u0003");

        Assert.Equal(0, await terminal.WaitForExitAsync());
        Assert.Contains("Stopped: 1 of 1 answered correctly", terminal.Screen, StringComparison.Ordinal);
        Assert.Contains("1 answer(s) saved for bo", terminal.Screen, StringComparison.Ordinal);
        Assert.Single(await LoadAnswersAsync("bo"));
    }

    [Fact]
    public async Task Interactive_ProcessKilledMidQuiz_EveryAnswerGivenSurvives()
    {
        await using var terminal = QuizTerminal.Start(_directory, $"quiz --seed {Seed} --count {Count} --db {Db} --learner cy");

        for (var i = 0; i < 2; i++)
        {
            await terminal.WaitForAsync($"Question {i + 1} of 5");
            await terminal.WaitForAsync(Expected[i].Options[^1].Text);
            await terminal.TypeAsync(Keys(Expected[i], i == 0 ? Expected[i].Answer! : Wrong(Expected[i])));
            await terminal.WaitForAsync("Press any key", occurrence: i + 1);
            await terminal.TypeAsync(" ");
        }

        await terminal.WaitForAsync("Question 3 of 5");
        using (var demarc = Process.GetProcessById(terminal.DemarcPid))
        {
            demarc.Kill();     // SIGKILL: no handler runs, nothing is flushed by the program
            await demarc.WaitForExitAsync();
        }

        await terminal.WaitForExitAsync();
        Assert.DoesNotContain("Stopped:", terminal.Screen, StringComparison.Ordinal);

        using var database = await SqliteDatabase.OpenAsync(Db);
        var store = new SqlProgressStore(database);
        var answers = await store.LoadAnswersAsync("cy");
        Assert.Equal([Expected[0].ItemKey, Expected[1].ItemKey], answers.Select(a => a.Item));
        Assert.Equal([true, false], answers.Select(a => a.Correct));
        var progress = await store.LoadProgressAsync("cy");
        Assert.Equal(2, progress[Expected[0].ItemKey!].Box);
        Assert.Equal(1, progress[Expected[1].ItemKey!].Box);
    }

    [Fact]
    public async Task Interactive_ChooseTwoQuestion_LettersToggleAndEnterSubmits()
    {
        var quiz = new QuizGenerator(ResponsibilityCatalog.Default).Generate(new QuizFilter(Kinds: new HashSet<QuestionKind> { QuestionKind.Responsibility }), 40, 3);
        var index = quiz.Select((q, i) => (q, i)).First(x => x.q.Choose == 2).i;
        var file = Path.Combine(_directory, "two.json");
        await File.WriteAllTextAsync(file, QuizFile.Write([quiz[index]], includeAnswers: true, jsonLines: false));
        var question = quiz[index];
        var wrongLetter = question.Options.First(o => !o.IsCorrect).Letter;
        await using var terminal = QuizTerminal.Start(_directory, $"quiz --file {file} --db {Db} --learner di");

        await terminal.WaitForAsync("Choose 2: press the letters, then Enter.");
        await terminal.TypeAsync(wrongLetter.ToLowerInvariant() + "\r");                            // one letter + Enter: not yet
        await terminal.WaitForAsync($"Selected {wrongLetter}; choose 2.");
        await terminal.TypeAsync(wrongLetter.ToLowerInvariant());                                   // toggled off again
        await terminal.WaitForAsync("Selected nothing; choose 2.");
        await terminal.TypeAsync(string.Concat(question.Answer!.ToLowerInvariant()));
        await terminal.WaitForAsync($"Selected {question.Answer}; Enter to answer.");
        await terminal.TypeAsync("\r");

        Assert.Equal(0, await terminal.WaitForExitAsync());
        Assert.Contains("Correct.", terminal.Screen, StringComparison.Ordinal);
        Assert.Contains("Done: 1 of 1 answered correctly", terminal.Screen, StringComparison.Ordinal);
        Assert.Equal(question.Answer, Assert.Single(await LoadAnswersAsync("di")).Given);
    }

    private static string Wrong(QuizQuestion question) =>
        question.Choose == 1
            ? question.Options.First(o => !o.IsCorrect).Letter
            : string.Concat(question.Options.Where(o => !o.IsCorrect).Take(2).Select(o => o.Letter));

    // The keys for an answer: one letter submits a one-answer question; several letters are followed by Enter.
    private static string Keys(QuizQuestion question, string letters) =>
        letters.ToLowerInvariant() + (question.Choose > 1 ? "\r" : "");

    private async Task<IReadOnlyList<AnswerRecord>> LoadAnswersAsync(string learner)
    {
        using var database = await SqliteDatabase.OpenAsync(Db);
        return await new SqlProgressStore(database).LoadAnswersAsync(learner);
    }
}

/// <summary>
/// The real <c>demarc</c> in a pseudo-terminal made by util-linux <c>script</c>: typed keys go to its terminal, what it
/// writes is collected (escape sequences removed). The shell records its PID and then execs demarc, so the PID is demarc's.
/// </summary>
internal sealed partial class QuizTerminal : IAsyncDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);
    private readonly Process _script;
    private readonly StringBuilder _screen = new();
    private readonly string _pidFile;
    private readonly Task _reader;

    private QuizTerminal(Process script, string pidFile)
    {
        _script = script;
        _pidFile = pidFile;
        _reader = Task.Run(async () =>
        {
            var buffer = new char[4096];
            int read;
            while ((read = await _script.StandardOutput.ReadAsync(buffer)) > 0)
            {
                lock (_screen)
                {
                    _screen.Append(buffer, 0, read);
                }
            }
        });
    }

    /// <summary>Everything shown so far, without escape sequences and carriage returns.</summary>
    public string Screen
    {
        get
        {
            lock (_screen)
            {
                return Escapes().Replace(_screen.ToString(), "").Replace("\r", "", StringComparison.Ordinal);
            }
        }
    }

    /// <summary>The PID of the demarc process.</summary>
    public int DemarcPid => int.Parse(File.ReadAllText(_pidFile).Trim(), System.Globalization.CultureInfo.InvariantCulture);

    public static QuizTerminal Start(string directory, string arguments)
    {
        var pidFile = Path.Combine(directory, $"demarc-{Guid.NewGuid():N}.pid");
        var inner = $"stty cols 400 rows 60; echo $$ > '{pidFile}'; exec dotnet '{DemarcDll()}' {arguments}";
        var start = new ProcessStartInfo("script")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "-qfec", inner, "/dev/null" })
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["NO_COLOR"] = "1";
        start.Environment["TERM"] = "xterm";
        start.Environment["SHELL"] = "/bin/sh";
        return new QuizTerminal(Process.Start(start) ?? throw new InvalidOperationException("cannot start script(1)"), pidFile);
    }

    /// <summary>Waits until a text has appeared on the screen (the n-th time); fails with the screen if it does not.</summary>
    public async Task WaitForAsync(string text, int occurrence = 1)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (DateTime.UtcNow < deadline)
        {
            if (Regex.Count(Screen, Regex.Escape(text)) >= occurrence)
            {
                return;
            }

            if (_script.HasExited && _reader.IsCompleted)
            {
                break;
            }

            await Task.Delay(50);
        }

        throw new Xunit.Sdk.XunitException($"'{text}' (x{occurrence}) did not appear. Screen:\n{Screen}");
    }

    public async Task TypeAsync(string keys)
    {
        await _script.StandardInput.WriteAsync(keys);
        await _script.StandardInput.FlushAsync();
    }

    /// <summary>Waits for the program (and script) to end; returns its exit code.</summary>
    public async Task<int> WaitForExitAsync()
    {
        using var timeout = new CancellationTokenSource(Patience);
        await _script.WaitForExitAsync(timeout.Token);
        await _reader.WaitAsync(timeout.Token);
        return _script.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_script.HasExited)
        {
            _script.Kill(entireProcessTree: true);
            await _script.WaitForExitAsync();
        }

        _script.Dispose();
    }

    // demarc.dll next to the tests when the build copied it with its runtime config, else the CLI's own output folder.
    public static string DemarcDll()
    {
        var local = Path.Combine(AppContext.BaseDirectory, "demarc.dll");
        if (File.Exists(local) && File.Exists(Path.Combine(AppContext.BaseDirectory, "demarc.runtimeconfig.json")))
        {
            return local;
        }

        var parts = AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar).Split(Path.DirectorySeparatorChar);
        var configuration = parts[^2];
        var cli = Path.Combine(Golden.RepositoryRoot(), "src", "Demarc.Cli", "bin", configuration, parts[^1], "demarc.dll");
        return File.Exists(cli) ? cli : throw new FileNotFoundException("demarc.dll not found; build src/Demarc.Cli first", cli);
    }

    [GeneratedRegex(@"\x1b(\[[0-9;?]*[ -/]*[@-~]|[=>]|\][^\x07\x1b]*(\x07|\x1b\\))")]
    private static partial Regex Escapes();
}
