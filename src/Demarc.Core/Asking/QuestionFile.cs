using Demarc.Model;
using Demarc.Parsing;

namespace Demarc.Asking;

/// <summary>A problem in a question file: where, and what.</summary>
public sealed record QuestionFileProblem(SourceLocation Location, string Message)
{
    /// <inheritdoc />
    public override string ToString() => $"{Location}: {Message}";
}

/// <summary>The questions read from a file and the problems that kept others from being read.</summary>
public sealed record QuestionFileResult(IReadOnlyList<AskQuestion> Questions, IReadOnlyList<QuestionFileProblem> Problems);

/// <summary>
/// Reads question files in the shape shared with <c>demarc quiz</c>: one question (or a list) in JSON or YAML, or one JSON
/// object per line (JSON Lines, for <c>--batch</c>). Every problem names file, line and column; a bad question is
/// skipped and the others are still read. Sizes are bounded (<see cref="ParseLimits"/>, <see cref="MaxQuestions"/>,
/// <see cref="MaxTextLength"/>, at most 26 options).
/// </summary>
public static class QuestionFile
{
    /// <summary>Most questions one file may hold.</summary>
    public const int MaxQuestions = 100_000;

    /// <summary>Longest question or option text accepted, in characters.</summary>
    public const int MaxTextLength = 4_000;

    private static readonly HashSet<string> Keys = new(StringComparer.Ordinal) { "id", "question", "options", "choose", "answer", "justification" };

    // Keys `demarc quiz --export` also writes (the shared question shape): accepted so an exported quiz is a batch, not read.
    private static readonly HashSet<string> QuizKeys = new(StringComparer.Ordinal) { "kind", "item", "explanation", "sources" };

    private static readonly HashSet<string> OpenAnswers = new(StringComparer.OrdinalIgnoreCase)
    {
        "AWS", "Customer", "Shared", "N/A", "True", "False", "Yes", "No",
    };

    /// <summary>Reads a file: <c>.jsonl</c>/<c>.ndjson</c> as JSON Lines, anything else as one JSON or YAML document.</summary>
    public static QuestionFileResult Read(string name, ReadOnlySpan<byte> bytes, ParseLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(name);
        limits ??= ParseLimits.Default;
        string text;
        try
        {
            text = TextDecoding.DecodeUtf8(bytes, limits);
        }
        catch (ParseException ex)
        {
            return new QuestionFileResult([], [new QuestionFileProblem(new SourceLocation(name, ex.Position.Line, ex.Position.Column), ex.Message)]);
        }

        return name.EndsWith(".jsonl", StringComparison.OrdinalIgnoreCase) || name.EndsWith(".ndjson", StringComparison.OrdinalIgnoreCase)
            ? ReadLines(name, text, limits)
            : ReadDocument(name, text, limits);
    }

    /// <summary>JSON Lines: one question object per line; blank lines and lines starting with '#' or '//' are skipped.</summary>
    public static QuestionFileResult ReadLines(string name, string text, ParseLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        limits ??= ParseLimits.Default;
        var questions = new List<AskQuestion>();
        var problems = new List<QuestionFileProblem>();
        var lineNumber = 0;
        foreach (var raw in text.Split('\n'))
        {
            lineNumber++;
            var line = raw.TrimEnd('\r');
            var trimmed = line.TrimStart();
            if (trimmed.Length == 0 || trimmed.StartsWith('#') || trimmed.StartsWith("//", StringComparison.Ordinal))
            {
                continue;
            }

            if (questions.Count >= MaxQuestions)
            {
                problems.Add(new QuestionFileProblem(new SourceLocation(name, lineNumber, 1), $"more than {MaxQuestions:N0} questions; the rest of the file is ignored"));
                break;
            }

            if (!trimmed.StartsWith('{'))
            {
                problems.Add(new QuestionFileProblem(new SourceLocation(name, lineNumber, 1 + line.Length - trimmed.Length), "each line must be one JSON object ({\"question\": …})"));
                continue;
            }

            try
            {
                var result = YamlTreeReader.Read(line, limits);
                foreach (var node in result.Documents)
                {
                    Add(node, name, lineNumber - 1, questions, problems);
                }

                problems.AddRange(result.Warnings.Select(w => new QuestionFileProblem(new SourceLocation(name, lineNumber, w.Position.Column), w.Message)));
            }
            catch (ParseException ex)
            {
                problems.Add(new QuestionFileProblem(new SourceLocation(name, lineNumber, Math.Max(1, ex.Position.Column)), ex.Message));
            }
        }

        return new QuestionFileResult(questions, problems);
    }

    /// <summary>One JSON or YAML document holding a question or a list of questions.</summary>
    public static QuestionFileResult ReadDocument(string name, string text, ParseLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        var questions = new List<AskQuestion>();
        var problems = new List<QuestionFileProblem>();
        try
        {
            var result = YamlTreeReader.Read(text, limits);
            problems.AddRange(result.Warnings.Select(w => new QuestionFileProblem(new SourceLocation(name, w.Position.Line, w.Position.Column), w.Message)));
            foreach (var document in result.Documents)
            {
                if (document is SequenceNode list)
                {
                    foreach (var item in list.Items.Take(MaxQuestions))
                    {
                        Add(item, name, 0, questions, problems);
                    }

                    if (list.Items.Count > MaxQuestions)
                    {
                        problems.Add(new QuestionFileProblem(new SourceLocation(name, list.Start.Line, list.Start.Column), $"more than {MaxQuestions:N0} questions; the rest are ignored"));
                    }
                }
                else
                {
                    Add(document, name, 0, questions, problems);
                }
            }
        }
        catch (ParseException ex)
        {
            problems.Add(new QuestionFileProblem(new SourceLocation(name, ex.Position.Line, ex.Position.Column), ex.Message));
        }

        if (questions.Count == 0 && problems.Count == 0)
        {
            problems.Add(new QuestionFileProblem(new SourceLocation(name, 1, 1), "the file holds no question"));
        }

        return new QuestionFileResult(questions, problems);
    }

    private static void Add(SyntaxNode node, string name, int lineOffset, List<AskQuestion> questions, List<QuestionFileProblem> problems)
    {
        SourceLocation At(SyntaxNode n) => new(name, n.Start.Line + lineOffset, n.Start.Column);
        var before = problems.Count;
        void Problem(SyntaxNode n, string message) => problems.Add(new QuestionFileProblem(At(n), message));

        if (node is not MappingNode map)
        {
            Problem(node, "a question must be an object with a \"question\" key");
            return;
        }

        foreach (var entry in map.Entries.Where(e => !Keys.Contains(e.Key.Value) && !QuizKeys.Contains(e.Key.Value)))
        {
            Problem(entry.Key, $"unknown key '{entry.Key.Value}' (expected: {string.Join(", ", Keys)})");
        }

        var text = Text(map, "question", required: true, Problem);
        var id = Text(map, "id", required: false, Problem, allowNumber: true);
        var answer = Text(map, "answer", required: false, Problem);
        var justification = Text(map, "justification", required: false, Problem);
        var options = new List<AskOption>();
        if (map["options"] is { } optionsNode)
        {
            if (optionsNode is MappingNode optionMap)
            {
                foreach (var entry in optionMap.Entries)
                {
                    var letter = entry.Key.Value.Trim();
                    if (letter.Length != 1 || !char.IsAsciiLetterUpper(letter[0]))
                    {
                        Problem(entry.Key, $"option keys are single capital letters (A, B, …), not '{letter}'");
                    }
                    else if (entry.Value is not ScalarNode { IsNull: false } value || value.Value.Trim().Length == 0)
                    {
                        Problem(entry.Value, $"option {letter} needs a text");
                    }
                    else if (value.Value.Length > MaxTextLength)
                    {
                        Problem(entry.Value, $"option {letter} is longer than {MaxTextLength:N0} characters");
                    }
                    else
                    {
                        options.Add(new AskOption(letter, value.Value.Trim()));
                    }
                }
            }
            else if (!(optionsNode is ScalarNode { IsNull: true }))
            {
                Problem(optionsNode, "\"options\" must be an object of letters to texts ({\"A\": \"…\", \"B\": \"…\"})");
            }
        }

        int? choose = null;
        if (map["choose"] is { } chooseNode && !(chooseNode is ScalarNode { IsNull: true }))
        {
            if (chooseNode is ScalarNode scalar && int.TryParse(scalar.Value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) && n >= 1 && n <= Math.Max(1, options.Count))
            {
                choose = n;
            }
            else
            {
                Problem(chooseNode, $"\"choose\" must be a whole number from 1 to the number of options ({Math.Max(1, options.Count)})");
            }
        }

        if (answer is not null && map["answer"] is { } answerNode)
        {
            if (options.Count > 0)
            {
                var letters = answer.ToUpperInvariant().Where(char.IsLetter).ToList();
                var unknown = letters.Where(l => options.All(o => o.Letter[0] != l)).ToList();
                if (letters.Count == 0 || unknown.Count > 0)
                {
                    Problem(answerNode, $"\"answer\" must be option letters (for example \"B\" or \"AC\"){(unknown.Count > 0 ? $"; no option {string.Join(", ", unknown)}" : "")}");
                }
                else if (choose is { } c && letters.Distinct().Count() != c)
                {
                    Problem(answerNode, $"\"answer\" has {letters.Distinct().Count()} letter(s) but \"choose\" is {c}");
                }
            }
            else if (!OpenAnswers.Contains(answer.Trim()))
            {
                Problem(answerNode, "without options, \"answer\" is an owner (AWS, Customer, Shared, N/A) or True/False");
            }
        }

        if (problems.Count > before || text is null)
        {
            return;
        }

        var inferred = choose ?? (options.Count > 0 && answer is not null && answer.Count(char.IsLetter) > 1 ? answer.Count(char.IsLetter) : null);
        questions.Add(new AskQuestion(text, options, inferred, id, answer?.Trim(), justification, At(map)));
    }

    private static string? Text(MappingNode map, string key, bool required, Action<SyntaxNode, string> problem, bool allowNumber = false)
    {
        if (map[key] is not { } node || node is ScalarNode { IsNull: true })
        {
            if (required)
            {
                problem(map, $"missing \"{key}\"");
            }

            return null;
        }

        if (node is not ScalarNode scalar)
        {
            problem(node, $"\"{key}\" must be text");
            return null;
        }

        if (!allowNumber && scalar.IsPlain && key != "answer" && double.TryParse(scalar.Value, System.Globalization.CultureInfo.InvariantCulture, out _))
        {
            problem(node, $"\"{key}\" must be text, not a number");
            return null;
        }

        if (scalar.Value.Length > MaxTextLength)
        {
            problem(node, $"\"{key}\" is longer than {MaxTextLength:N0} characters");
            return null;
        }

        if (required && scalar.Value.Trim().Length == 0)
        {
            problem(node, $"\"{key}\" is empty");
            return null;
        }

        return scalar.Value.Trim();
    }
}
