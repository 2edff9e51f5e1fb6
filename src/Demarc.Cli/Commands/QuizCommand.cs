using System.CommandLine;
using System.Globalization;
using Demarc.Cli.Output;
using Demarc.Model;
using Demarc.Quiz;
using Demarc.Storage;
using Demarc.Storage.Quiz;
using Demarc.Storage.Sqlite;
using Spectre.Console;

namespace Demarc.Cli.Commands;

/// <summary>
/// <c>demarc quiz</c>: the interactive quiz with spaced repetition, and its non-interactive modes: export a quiz for a
/// teacher, grade answers, show mastery.
/// </summary>
internal static class QuizCommand
{
    public const int MaxCount = 10_000;

    private sealed class Options
    {
        public Option<int> Count { get; } = new("--count", "-n") { Description = "How many questions (1-10000).", DefaultValueFactory = _ => 10, HelpName = "N" };

        public Option<int?> Seed { get; } = new("--seed") { Description = "Seed for a reproducible set: the same seed, filters and catalog give the same questions. Printed when not given.", HelpName = "N" };

        public Option<string[]> Service { get; } = new("--service", "-s") { Description = "Only questions about this service or variant (and a service's variants); repeat for several.", HelpName = "SERVICE" };

        public Option<string?> Domain { get; } = new("--domain", "-d") { Description = "Only questions about this responsibility, in words or as an id (\"patch the guest OS\", enc_rest).", HelpName = "WORDS" };

        public Option<string?> Model { get; } = new("--model", "-m") { Description = "Only questions about services of this model: iaas, container, managed, serverless, abstracted.", HelpName = "MODEL" };

        public Option<string[]> Kind { get; } = new("--kind") { Description = "Only these question kinds: who, responsibility, service, shift, control; repeat for several.", HelpName = "KIND" };

        public Option<string?> Learner { get; } = new("--learner") { Description = "Whose progress to use, so several learners can share a database (default: your user name).", HelpName = "NAME" };

        public Option<string?> Db { get; } = new("--db") { Description = "The progress database: a SQLite file (default: $XDG_DATA_HOME/demarc/demarc.db, else ~/.local/share/demarc/demarc.db) or a PostgreSQL connection string (Host=…;Database=…).", HelpName = "DB" };

        public Option<string?> Export { get; } = new("--export") { Description = "Write the quiz to a file instead of asking it: JSON, or one question per line for .jsonl; '-' for standard output.", HelpName = "FILE" };

        public Option<bool> NoAnswers { get; } = new("--no-answers") { Description = "With --export: leave out answers, justifications, explanations and sources." };

        public Option<string?> File { get; } = new("--file") { Description = "Use the questions of a quiz file (JSON, JSON lines or YAML) instead of generating them; '-' for standard input.", HelpName = "FILE" };

        public Option<string?> Answers { get; } = new("--answers") { Description = "Grade these answers without the interactive screen, e.g. \"1=B,2=AC,q003=D\" (with --file, or with --seed for a generated quiz).", HelpName = "LIST" };

        public Option<bool> NoSave { get; } = new("--no-save") { Description = "Do not record answers in the learner's progress (practice)." };

        public Option<bool> Stats { get; } = new("--stats") { Description = "Show the learner's mastery per domain, service model and question kind." };
    }

    public static Command Create(GlobalOptions globals, CliTerminal terminal)
    {
        var o = new Options();
        var command = new Command("quiz", """
            Learn the shared responsibility model: exam-style questions generated from the catalog, with spaced repetition
            (Leitner boxes) so the questions you miss come back sooner. See docs/quiz.md.

            Examples:
              demarc quiz                                    # 10 questions; press A-D, q to stop
              demarc quiz --service rds --count 5
              demarc quiz --domain "patch the guest OS" --kind shift
              demarc quiz --stats                            # mastery per domain and service model
              demarc quiz --export quiz.json --count 20 --seed 7
              demarc quiz --export quiz.jsonl --count 20 --seed 7 --no-answers
              demarc quiz --file quiz.json --answers "1=B,2=AC,3=D"
              demarc quiz --learner ana --db team.db

            Exit codes: 0 success (every graded answer correct), 1 some graded answers wrong,
            2 input error (bad options, unreadable quiz file, bad answers, unusable database, no terminal).
            """)
        {
            o.Count, o.Seed, o.Service, o.Domain, o.Model, o.Kind, o.Learner, o.Db, o.Export, o.NoAnswers, o.File, o.Answers, o.NoSave, o.Stats,
        };
        command.SetAction((parse, cancellationToken) => RunAsync(parse, globals, o, terminal, cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(ParseResult parse, GlobalOptions globals, Options o, CliTerminal terminal, CancellationToken cancellationToken)
    {
        var context = CommandContext.Create(parse, globals, terminal);
        if (context is null)
        {
            return ExitCodes.InputError;
        }

        var error = context.Error;
        var export = parse.GetValue(o.Export);
        var file = parse.GetValue(o.File);
        var answers = parse.GetValue(o.Answers);
        var stats = parse.GetValue(o.Stats);
        var count = parse.GetValue(o.Count);
        var conflict = (stats, export, file, answers) switch
        {
            (true, not null, _, _) or (true, _, not null, _) or (true, _, _, not null) => "--stats cannot be combined with --export, --file or --answers",
            (_, not null, not null, _) or (_, not null, _, not null) => "--export writes a generated quiz; it cannot be combined with --file or --answers",
            _ when parse.GetValue(o.NoAnswers) && export is null => "--no-answers only applies to --export",
            _ when count is < 1 or > MaxCount => $"--count must be between 1 and {MaxCount}",
            _ when answers is not null && file is null && parse.GetValue(o.Seed) is null => "--answers grades a quiz file (--file FILE) or the generated quiz of a seed (--seed N)",
            _ => null,
        };
        if (conflict is not null)
        {
            error.WriteLine($"demarc: {conflict}.");
            return ExitCodes.InputError;
        }

        var learner = (parse.GetValue(o.Learner) ?? Environment.GetEnvironmentVariable("USER") ?? Environment.UserName).Trim();
        if (learner.Length is 0 or > SqlProgressStore.MaxLearnerLength)
        {
            error.WriteLine($"demarc: a learner name needs 1 to {SqlProgressStore.MaxLearnerLength} characters (--learner NAME).");
            return ExitCodes.InputError;
        }

        var generator = new QuizGenerator(context.Catalog);
        var dbPath = parse.GetValue(o.Db) ?? DataPaths.DefaultDatabase();
        if (stats)
        {
            return await StatsAsync(context, learner, dbPath, cancellationToken).ConfigureAwait(false);
        }

        // The questions: from a file, or generated from the filters and the seed.
        List<QuizQuestion>? fileQuestions = null;
        string source;
        QuizFilter filter = QuizFilter.None;
        var seed = parse.GetValue(o.Seed) ?? Random.Shared.Next(1, 100_000);
        if (file is not null)
        {
            if ((parse.GetValue(o.Service)?.Length ?? 0) > 0 || parse.GetValue(o.Domain) is not null || parse.GetValue(o.Model) is not null || (parse.GetValue(o.Kind)?.Length ?? 0) > 0)
            {
                error.WriteLine("demarc: --service, --domain, --model and --kind choose generated questions; they do not apply to --file.");
                return ExitCodes.InputError;
            }

            fileQuestions = ReadQuizFile(file, error);
            if (fileQuestions is null)
            {
                return ExitCodes.InputError;
            }

            fileQuestions = [.. fileQuestions.Select(q => q with { Item = q.ItemKey is null ? null : generator.FindItem(q.ItemKey) })];
            source = file == "-" ? "standard input" : file;
        }
        else
        {
            var built = BuildFilter(parse, o, context);
            if (built is null)
            {
                return ExitCodes.InputError;
            }

            filter = built;
            source = $"seed {seed}";
        }

        if (export is not null)
        {
            var questions = generator.Generate(filter, count, seed);
            if (questions.Count == 0)
            {
                return NoQuestions(error);
            }

            return Export(context, questions, export, !parse.GetValue(o.NoAnswers), seed, count);
        }

        var save = !parse.GetValue(o.NoSave);
        if (answers is not null)
        {
            var questions = fileQuestions ?? generator.Generate(filter, count, seed);
            if (questions.Count == 0)
            {
                return NoQuestions(error);
            }

            return await GradeAsync(context, generator, questions, answers, learner, save ? dbPath : null, source, cancellationToken).ConfigureAwait(false);
        }

        if (!terminal.IsInteractive || Console.IsInputRedirected)
        {
            error.WriteLine("demarc: the interactive quiz needs a terminal. Without one, export a quiz (--export FILE) and grade answers (--file FILE --answers \"1=B,2=AC\").");
            return ExitCodes.InputError;
        }

        // A quiz file is asked whole unless --count says otherwise.
        var askCount = fileQuestions is not null && parse.GetResult(o.Count) is not { Implicit: false } ? fileQuestions.Count : count;
        return await InteractiveAsync(context, generator, fileQuestions, filter, seed, askCount, learner, save ? dbPath : null, source, cancellationToken).ConfigureAwait(false);
    }

    // ---------------------------------------------------------------- filters and files

    private static QuizFilter? BuildFilter(ParseResult parse, Options o, CommandContext context)
    {
        HashSet<string>? subjects = null;
        foreach (var name in parse.GetValue(o.Service) ?? [])
        {
            var subject = context.ResolveService(name);
            if (subject is null)
            {
                return null;
            }

            subjects ??= new HashSet<string>(StringComparer.Ordinal);
            subjects.Add(subject.Id);
            if (subject.Variant is null)
            {
                subjects.UnionWith(subject.Service.Variants.Select(v => v.Id));
            }
        }

        string? domainId = null;
        if (parse.GetValue(o.Domain) is { } domainWords)
        {
            var domain = context.ResolveDomain(domainWords);
            if (domain is null)
            {
                return null;
            }

            domainId = domain.Domain!.Id;
        }

        var modelId = parse.GetValue(o.Model);
        if (modelId is not null && context.Catalog.FindModel(modelId.Trim().ToLowerInvariant()) is null)
        {
            context.Error.WriteLine($"demarc: unknown service model '{modelId}'. Models: {string.Join(", ", context.Catalog.Models.Select(m => m.Id))}.");
            return null;
        }

        HashSet<QuestionKind>? kinds = null;
        foreach (var name in parse.GetValue(o.Kind) ?? [])
        {
            foreach (var part in name.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                if (!QuestionKinds.TryParse(part, out var kind))
                {
                    context.Error.WriteLine($"demarc: unknown question kind '{part}'. Kinds: {string.Join(", ", QuestionKinds.All.Select(k => k.Display()))}.");
                    return null;
                }

                kinds ??= [];
                kinds.Add(kind);
            }
        }

        return new QuizFilter(subjects, domainId, modelId?.Trim().ToLowerInvariant(), kinds);
    }

    private static int NoQuestions(TextWriter error)
    {
        error.WriteLine("demarc: no question matches these filters. Loosen --service, --domain, --model or --kind (for example, control questions have no service).");
        return ExitCodes.InputError;
    }

    private static List<QuizQuestion>? ReadQuizFile(string file, TextWriter error)
    {
        byte[] bytes;
        try
        {
            if (file == "-")
            {
                using var stdin = Console.OpenStandardInput();
                using var buffer = new MemoryStream();
                var chunk = new byte[81920];
                int read;
                while ((read = stdin.Read(chunk)) > 0)
                {
                    if (buffer.Length + read > QuizFile.Limits.MaxBytes)
                    {
                        error.WriteLine($"demarc: standard input: larger than {QuizFile.Limits.MaxBytes / (1024 * 1024)} MB, the limit for a quiz file.");
                        return null;
                    }

                    buffer.Write(chunk, 0, read);
                }

                bytes = buffer.ToArray();
            }
            else
            {
                var info = new FileInfo(file);
                if (!info.Exists)
                {
                    error.WriteLine($"demarc: quiz file '{file}' does not exist.");
                    return null;
                }

                if (info.Length > QuizFile.Limits.MaxBytes)
                {
                    error.WriteLine($"demarc: {file}: {info.Length} bytes, larger than {QuizFile.Limits.MaxBytes / (1024 * 1024)} MB, the limit for a quiz file.");
                    return null;
                }

                bytes = System.IO.File.ReadAllBytes(file);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            error.WriteLine($"demarc: cannot read quiz file '{file}': {e.Message}");
            return null;
        }

        var result = QuizFile.Read(bytes, file == "-" ? "<stdin>" : file);
        foreach (var problem in result.Problems)
        {
            error.WriteLine(problem.ToString());
        }

        if (!result.IsValid)
        {
            error.WriteLine($"demarc: {result.Problems.Count(p => p.IsError)} problem(s) in the quiz file; nothing was graded.");
            return null;
        }

        if (result.Questions.Count == 0)
        {
            error.WriteLine($"demarc: {file} holds no questions.");
            return null;
        }

        return [.. result.Questions];
    }

    // A SQLite path or, as for `demarc serve --db`, a PostgreSQL connection string: a class can share one server.
    private static async Task<(SqlDatabase Database, SqlProgressStore Store)?> OpenStoreAsync(string target, TextWriter error, CancellationToken cancellationToken)
    {
        try
        {
            var database = await Databases.OpenAsync(target, TimeProvider.System, cancellationToken).ConfigureAwait(false);
            if (database is SqliteDatabase { JournalMode: not "wal" } sqlite)
            {
                error.WriteLine($"demarc: note: the file system of '{sqlite.Path}' does not support WAL; using journal mode '{sqlite.JournalMode}'.");
            }

            return (database, new SqlProgressStore(database));
        }
        catch (StorageException e)
        {
            error.WriteLine($"demarc: {e.Message}");
            return null;
        }
    }

    private static AnswerRecord? ToRecord(QuizQuestion question, string learner, string given, bool correct, DateTimeOffset at) =>
        question.Item is null || question.Answer is null
            ? null
            : new AnswerRecord(learner, question.Item.Key, question.Item.Tags, question.Text, given, question.Answer, correct, at);

    // ---------------------------------------------------------------- export

    private static int Export(CommandContext context, IReadOnlyList<QuizQuestion> questions, string path, bool includeAnswers, int seed, int count)
    {
        var text = QuizFile.Write(questions, includeAnswers, QuizFile.IsJsonLines(path));
        if (path == "-")
        {
            context.Output.Write(text);
        }
        else
        {
            try
            {
                System.IO.File.WriteAllText(path, text);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                context.Error.WriteLine($"demarc: cannot write '{path}': {e.Message}");
                return ExitCodes.InputError;
            }

            context.Output.WriteLine($"Wrote {questions.Count} question(s) {(includeAnswers ? "with" : "without")} answers to {path} (seed {seed}; repeat with --seed {seed}).");
        }

        if (questions.Count < count)
        {
            context.Error.WriteLine($"demarc: note: only {questions.Count} question(s) match these filters.");
        }

        return ExitCodes.Success;
    }

    // ---------------------------------------------------------------- grading

    private static async Task<int> GradeAsync(CommandContext context, QuizGenerator generator, IReadOnlyList<QuizQuestion> questions, string answerText, string learner, string? dbPath, string source, CancellationToken cancellationToken)
    {
        var (answers, problems) = QuizGrader.ParseAnswers(answerText);
        var (result, gradeProblems) = problems.Count > 0 ? (null, problems) : QuizGrader.Grade(questions, answers);
        if (result is null)
        {
            foreach (var problem in gradeProblems)
            {
                context.Error.WriteLine($"demarc: --answers: {problem}.");
            }

            context.Error.WriteLine("Nothing was graded or recorded.");
            return ExitCodes.InputError;
        }

        var recorded = 0;
        var unknown = 0;
        if (dbPath is not null)
        {
            var opened = await OpenStoreAsync(dbPath, context.Error, cancellationToken).ConfigureAwait(false);
            if (opened is null)
            {
                return ExitCodes.InputError;
            }

            using var database = opened.Value.Database;
            foreach (var graded in result.Questions.Where(q => q.Given is not null))
            {
                var record = ToRecord(graded.Question, learner, graded.Given!, graded.Outcome == GradeOutcome.Correct, TimeProvider.System.GetUtcNow());
                if (record is null)
                {
                    unknown++;
                    continue;
                }

                await opened.Value.Store.RecordAnswerAsync(record, cancellationToken).ConfigureAwait(false);
                recorded++;
            }
        }

        context.Write(
            QuizReports.Grade(result, source, learner, recorded, unknown, dbPath),
            () => QuizContracts.Serialize(QuizContracts.Grade(result, learner, recorded), QuizJsonContext.Default.GradeJson));
        return result.Wrong > 0 ? ExitCodes.Findings : ExitCodes.Success;
    }

    // ---------------------------------------------------------------- stats

    private static async Task<int> StatsAsync(CommandContext context, string learner, string dbPath, CancellationToken cancellationToken)
    {
        var opened = await OpenStoreAsync(dbPath, context.Error, cancellationToken).ConfigureAwait(false);
        if (opened is null)
        {
            return ExitCodes.InputError;
        }

        using var database = opened.Value.Database;
        var progress = await opened.Value.Store.LoadProgressAsync(learner, cancellationToken).ConfigureAwait(false);
        if (progress.Count == 0)
        {
            var learners = await opened.Value.Store.LearnersAsync(cancellationToken).ConfigureAwait(false);
            context.Error.WriteLine(learners.Count == 0
                ? $"demarc: no progress yet in {database.Location}. Run 'demarc quiz' to start."
                : $"demarc: no progress for learner '{learner}' in {database.Location}. Learners there: {string.Join(", ", learners.Select(l => $"{l.Name} ({l.Answers} answers)"))}; choose one with --learner.");
        }

        var report = Mastery.Compute(context.Catalog, learner, progress.Values, TimeProvider.System.GetUtcNow());
        context.Write(
            QuizReports.Stats(report, database.Location),
            () => QuizContracts.Serialize(QuizContracts.Stats(report), QuizJsonContext.Default.StatsJson));
        if (context.Format == OutputFormat.Table && context.Terminal.IsInteractive && report.Overall.Items > 0)
        {
            QuizReports.WriteChart(report, context.Output, context.Terminal);
        }

        return ExitCodes.Success;
    }

    // ---------------------------------------------------------------- interactive

    private static async Task<int> InteractiveAsync(CommandContext context, QuizGenerator generator, List<QuizQuestion>? fileQuestions, QuizFilter filter, int seed, int count, string learner, string? dbPath, string source, CancellationToken cancellationToken)
    {
        (SqlDatabase Database, SqlProgressStore Store)? opened = null;
        if (dbPath is not null)
        {
            opened = await OpenStoreAsync(dbPath, context.Error, cancellationToken).ConfigureAwait(false);
            if (opened is null)
            {
                return ExitCodes.InputError;
            }
        }

        using var database = opened?.Database;
        var store = opened?.Store;
        IReadOnlyList<QuizQuestion> questions;
        if (fileQuestions is not null)
        {
            questions = [.. fileQuestions.Where(q => q.Answer is not null).Take(count)];
            if (questions.Count < fileQuestions.Count && questions.Count < count)
            {
                context.Error.WriteLine($"demarc: note: {fileQuestions.Count - questions.Count} question(s) of the file have no answer and are skipped.");
            }
            if (questions.Count == 0)
            {
                context.Error.WriteLine("demarc: the quiz file has no answers, so it cannot be asked; export it with answers.");
                return ExitCodes.InputError;
            }
        }
        else
        {
            var plan = generator.Plan(filter, seed);
            if (plan.Count == 0)
            {
                return NoQuestions(context.Error);
            }

            var progress = store is null ? new Dictionary<string, ItemProgress>() : await store.LoadProgressAsync(learner, cancellationToken).ConfigureAwait(false);
            var items = new LeitnerScheduler(TimeProvider.System).NextItems(plan, progress, count);
            questions = [.. items.Select((item, i) => generator.Build(item, seed, QuizGenerator.QuestionId(i + 1)))];
        }

        var console = QuizReports.CreateConsole(context.Output, context.Terminal);
        Func<QuizQuestion, string, bool, Task<bool>>? record = store is null
            ? null
            : async (question, given, correct) =>
            {
                var answer = ToRecord(question, learner, given, correct, TimeProvider.System.GetUtcNow());
                if (answer is null)
                {
                    return false;
                }

                await store.RecordAnswerAsync(answer, CancellationToken.None).ConfigureAwait(false);
                return true;
            };

        // Ctrl+C arrives as a key, so the quiz ends between questions and the terminal is restored.
        var treatControlC = Console.TreatControlCAsInput;
        Console.TreatControlCAsInput = true;
        try
        {
            var header = $"Demarc quiz for {learner}: {questions.Count} question(s), {source}" + (fileQuestions is null ? $" (repeat with --seed {seed})" : "")
                + (database is null ? "; practice, not saved." : $"; progress in {database.Location}.");
            var summary = await new QuizSession(console, () => Console.ReadKey(intercept: true), record).RunAsync(questions, header).ConfigureAwait(false);
            if (database is not null)
            {
                console.MarkupLine($"[grey]{summary.Saved} answer(s) saved for {Markup.Escape(learner)}, each as it was given. 'demarc quiz --stats' shows your mastery.[/]");
            }
        }
        finally
        {
            Console.TreatControlCAsInput = treatControlC;
        }

        return ExitCodes.Success;
    }
}
