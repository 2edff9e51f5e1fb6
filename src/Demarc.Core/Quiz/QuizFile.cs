using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Demarc.Parsing;

namespace Demarc.Quiz;

/// <summary>A problem in a quiz file: where, which rule, and what is wrong. Errors make a question unusable; warnings do not.</summary>
public sealed record QuizFileProblem(string File, TextPosition Position, string Rule, string Message, bool IsError = true)
{
    /// <inheritdoc />
    public override string ToString() => $"{File}:{Position.Line}:{Position.Column}: {(IsError ? "error" : "warning")} [{Rule}] {Message}";
}

/// <summary>The questions read from a quiz file, and the problems found.</summary>
public sealed record QuizFileResult(IReadOnlyList<QuizQuestion> Questions, IReadOnlyList<QuizFileProblem> Problems)
{
    /// <summary>True when no problem is an error.</summary>
    public bool IsValid => Problems.All(p => !p.IsError);
}

/// <summary>
/// Reads and writes quizzes in the question shape shared with <c>demarc ask</c>:
/// <c>{"id": "q001", "question": "…", "options": {"A": "…", "B": "…"}, "choose": 1, "answer": "B", "justification": "…"}</c>.
/// A file holds a JSON (or YAML) list of such objects, an object with a <c>questions</c> list, a single question, or, for
/// <c>.jsonl</c>/<c>.ndjson</c>, one question per line. Written files may add <c>kind</c>, <c>item</c>, <c>explanation</c>
/// and <c>sources</c>; readers ignore what they do not use. Reading goes through <see cref="YamlTreeReader"/>, so every
/// problem has a line and column and the parser's limits apply.
/// </summary>
public static class QuizFile
{
    /// <summary>Most questions one file may hold.</summary>
    public const int MaxQuestions = 10_000;

    /// <summary>Limits for quiz files: 10 MB, nesting 20.</summary>
    public static ParseLimits Limits { get; } = new() { MaxBytes = 10 * 1024 * 1024, MaxDepth = 20, MaxNodes = 1_000_000 };

    private static readonly HashSet<string> KnownKeys = new(StringComparer.Ordinal)
    {
        "id", "question", "options", "choose", "answer", "justification", "kind", "item", "explanation", "sources",
    };

    /// <summary>Whether a file name is read as one question per line.</summary>
    public static bool IsJsonLines(string fileName) =>
        fileName.EndsWith(".jsonl", StringComparison.OrdinalIgnoreCase) || fileName.EndsWith(".ndjson", StringComparison.OrdinalIgnoreCase);

    /// <summary>Writes questions: a JSON list, or JSON lines. Without answers, only id, question, options and choose are written.</summary>
    public static string Write(IReadOnlyList<QuizQuestion> questions, bool includeAnswers, bool jsonLines)
    {
        ArgumentNullException.ThrowIfNull(questions);
        var options = new JsonWriterOptions { Indented = !jsonLines, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
        var text = new StringBuilder();
        if (jsonLines)
        {
            foreach (var question in questions)
            {
                text.Append(Serialize(options, w => WriteQuestion(w, question, includeAnswers))).Append('\n');
            }

            return text.ToString();
        }

        text.Append(Serialize(options, w =>
        {
            w.WriteStartArray();
            foreach (var question in questions)
            {
                WriteQuestion(w, question, includeAnswers);
            }

            w.WriteEndArray();
        }));
        return text.Append('\n').ToString().Replace("\r\n", "\n", StringComparison.Ordinal);
    }

    private static string Serialize(JsonWriterOptions options, Action<Utf8JsonWriter> write)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, options))
        {
            write(writer);
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static void WriteQuestion(Utf8JsonWriter w, QuizQuestion q, bool includeAnswers)
    {
        w.WriteStartObject();
        w.WriteString("id", q.Id);
        w.WriteString("question", q.Text);
        w.WriteStartObject("options");
        foreach (var option in q.Options)
        {
            w.WriteString(option.Letter, option.Text);
        }

        w.WriteEndObject();
        w.WriteNumber("choose", q.Choose);
        if (includeAnswers)
        {
            if (q.Answer is not null)
            {
                w.WriteString("answer", q.Answer);
            }

            if (q.Justification is not null)
            {
                w.WriteString("justification", q.Justification);
            }

            if (q.Item is not null)
            {
                w.WriteString("kind", q.Item.Kind.Display());
            }

            if (q.ItemKey is not null)
            {
                w.WriteString("item", q.ItemKey);
            }

            if (q.Explanation is not null)
            {
                w.WriteString("explanation", q.Explanation);
            }

            if (q.SourceList.Count > 0)
            {
                w.WriteStartArray("sources");
                foreach (var source in q.SourceList)
                {
                    w.WriteStartObject();
                    w.WriteString("id", source.Id);
                    w.WriteString("title", source.Title);
                    w.WriteString("url", source.Url);
                    w.WriteEndObject();
                }

                w.WriteEndArray();
            }
        }

        w.WriteEndObject();
    }

    /// <summary>Reads a quiz file's bytes. <paramref name="file"/> names the file in problems and decides JSON lines by its extension.</summary>
    public static QuizFileResult Read(ReadOnlySpan<byte> bytes, string file)
    {
        ArgumentNullException.ThrowIfNull(file);
        string text;
        try
        {
            text = TextDecoding.DecodeUtf8(bytes, Limits);
        }
        catch (ParseException e)
        {
            return new QuizFileResult([], [new QuizFileProblem(file, e.Position, e.Rule, e.Message)]);
        }

        return Read(text, file);
    }

    /// <summary>Reads a quiz from text.</summary>
    public static QuizFileResult Read(string text, string file)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(file);
        var problems = new List<QuizFileProblem>();
        var nodes = new List<SyntaxNode>();
        if (IsJsonLines(file))
        {
            var lines = text.Split('\n');
            for (var i = 0; i < lines.Length; i++)
            {
                if (lines[i].Trim().Length == 0)
                {
                    continue;
                }

                var node = Parse(lines[i], file, i, problems, singleLine: true);
                if (node is not null)
                {
                    nodes.Add(node);
                }
            }
        }
        else
        {
            var root = Parse(text, file, 0, problems, singleLine: false);
            switch (root)
            {
                case SequenceNode sequence:
                    nodes.AddRange(sequence.Items);
                    break;
                case MappingNode mapping when mapping["questions"] is SequenceNode list:
                    nodes.AddRange(list.Items);
                    break;
                case MappingNode mapping when mapping["question"] is not null:
                    nodes.Add(mapping);
                    break;
                case null when problems.Count == 0:
                    problems.Add(new QuizFileProblem(file, new TextPosition(1, 1), "schema", "the file is empty; expected a list of questions"));
                    break;
                case null:
                    break;
                default:
                    problems.Add(new QuizFileProblem(file, root.Start, "schema", "expected a list of questions, an object with a 'questions' list, or one question"));
                    break;
            }
        }

        if (nodes.Count > MaxQuestions)
        {
            problems.Add(new QuizFileProblem(file, nodes[MaxQuestions].Start, "too-large", $"more than {MaxQuestions} questions in one file"));
            return new QuizFileResult([], problems);
        }

        var questions = new List<QuizQuestion>();
        var ids = new Dictionary<string, TextPosition>(StringComparer.Ordinal);
        for (var i = 0; i < nodes.Count; i++)
        {
            var question = ReadQuestion(nodes[i], i + 1, file, problems);
            if (question is null)
            {
                continue;
            }

            if (!ids.TryAdd(question.Id, nodes[i].Start))
            {
                problems.Add(new QuizFileProblem(file, nodes[i].Start, "duplicate-id", $"question id '{question.Id}' is also used at line {ids[question.Id].Line}"));
                continue;
            }

            questions.Add(question);
        }

        return new QuizFileResult(questions, problems);
    }

    // Parses one document; line offsets place JSON-lines problems on the right line (an error "after the end" of a line
    // is still reported on that line).
    private static SyntaxNode? Parse(string text, string file, int lineOffset, List<QuizFileProblem> problems, bool singleLine)
    {
        TextPosition Shift(TextPosition position) => position.Line == 0
            ? position
            : singleLine && position.Line > 1
                ? new TextPosition(lineOffset + 1, text.Length + 1)
                : new TextPosition(position.Line + lineOffset, position.Column);

        try
        {
            var result = YamlTreeReader.Read(text, Limits);
            foreach (var warning in result.Warnings)
            {
                problems.Add(new QuizFileProblem(file, Shift(warning.Position), warning.Rule, warning.Message, IsError: warning.Rule == "duplicate-key"));
            }

            if (result.Documents.Count > 1)
            {
                problems.Add(new QuizFileProblem(file, Shift(result.Documents[1].Start), "schema", "only one document per file (or per line) is read"));
            }

            return result.Documents.Count > 0 ? result.Documents[0] : null;
        }
        catch (ParseException e)
        {
            problems.Add(new QuizFileProblem(file, Shift(e.Position), e.Rule, e.Message));
            return null;
        }
    }

    private static QuizQuestion? ReadQuestion(SyntaxNode node, int number, string file, List<QuizFileProblem> problems)
    {
        var errors = problems.Count;
        void Error(SyntaxNode at, string rule, string message) => problems.Add(new QuizFileProblem(file, at.Start, rule, $"question {number}: {message}"));

        if (node is not MappingNode map)
        {
            Error(node, "schema", "expected an object with 'question' and 'options'");
            return null;
        }

        foreach (var entry in map.Entries.Where(e => !KnownKeys.Contains(e.Key.Value)))
        {
            problems.Add(new QuizFileProblem(file, entry.Key.Start, "schema", $"question {number}: unknown key '{entry.Key.Value}' is ignored (known: {string.Join(", ", KnownKeys)})", IsError: false));
        }

        var id = Text(map, "id", required: false, Error) ?? QuizGenerator.QuestionId(number);
        var text = Text(map, "question", required: true, Error);
        if (text is null && map["question"] is null)
        {
            Error(map, "schema", "missing 'question'");
        }

        var options = new List<QuizOption>();
        switch (map["options"])
        {
            case null:
                Error(map, "schema", "missing 'options'");
                break;
            case MappingNode optionMap:
                foreach (var entry in optionMap.Entries)
                {
                    var letter = entry.Key.Value.Trim().ToUpperInvariant();
                    if (letter.Length != 1 || letter[0] is < 'A' or > 'Z')
                    {
                        Error(entry.Key, "invalid-value", $"option key '{entry.Key.Value}' is not a single letter A-Z");
                    }
                    else if (entry.Value is not ScalarNode { IsNull: false } value)
                    {
                        Error(entry.Value, "schema", $"option {letter} must be text");
                    }
                    else if (options.Any(o => o.Letter == letter))
                    {
                        Error(entry.Key, "duplicate-id", $"option {letter} is given twice");
                    }
                    else
                    {
                        options.Add(new QuizOption(letter, value.Value.Trim(), false));
                    }
                }

                break;
            case SequenceNode optionList:
                foreach (var (item, index) in optionList.Items.Select((n, i) => (n, i)))
                {
                    if (item is ScalarNode { IsNull: false } value && index < 26)
                    {
                        options.Add(new QuizOption(((char)('A' + index)).ToString(), value.Value.Trim(), false));
                    }
                    else
                    {
                        Error(item, "schema", $"option {index + 1} must be text (at most 26 options)");
                    }
                }

                break;
            case var other:
                Error(other, "schema", "'options' must be an object of letters to text, or a list of texts");
                break;
        }

        if (options.Count is > 0 and < 2 && problems.Count == errors)
        {
            Error(map["options"]!, "invalid-value", "a question needs at least two options");
        }

        string? answer = null;
        if (map["answer"] is { } answerNode)
        {
            var letters = answerNode switch
            {
                ScalarNode { IsNull: true } => null,
                ScalarNode s => s.Value,
                SequenceNode seq when seq.Items.All(i => i is ScalarNode) => string.Concat(seq.Items.Cast<ScalarNode>().Select(i => i.Value)),
                _ => "?",
            };
            if (letters is not null)
            {
                var normalised = Letters(letters);
                if (normalised is null)
                {
                    Error(answerNode, "invalid-value", $"answer '{letters}' is not a set of option letters (for example \"B\" or \"AC\")");
                }
                else if (normalised.FirstOrDefault(c => options.All(o => o.Letter[0] != c)) is var missing and not '\0' && options.Count > 0)
                {
                    Error(answerNode, "invalid-value", $"answer letter {missing} is not one of the options ({string.Concat(options.Select(o => o.Letter))})");
                }
                else
                {
                    answer = normalised;
                }
            }
        }

        var choose = answer?.Length ?? 1;
        if (map["choose"] is { } chooseNode)
        {
            if (chooseNode is ScalarNode s && int.TryParse(s.Value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) && n >= 1 && (options.Count == 0 || n < options.Count))
            {
                choose = n;
                if (answer is not null && answer.Length != n)
                {
                    Error(chooseNode, "invalid-value", $"'choose' is {n} but the answer '{answer}' has {answer.Length} letter(s)");
                }
            }
            else
            {
                Error(chooseNode, "invalid-value", $"'choose' must be a whole number from 1 to {Math.Max(1, options.Count - 1)}");
            }
        }

        var sources = new List<QuizSource>();
        if (map["sources"] is SequenceNode sourceList)
        {
            foreach (var source in sourceList.Items.OfType<MappingNode>())
            {
                sources.Add(new QuizSource(Scalar(source, "id") ?? "", Scalar(source, "title") ?? "", Scalar(source, "url") ?? ""));
            }
        }

        if (problems.Skip(errors).Any(p => p.IsError) || text is null)
        {
            return null;
        }

        if (answer is not null)
        {
            options = [.. options.Select(o => o with { IsCorrect = answer.Contains(o.Letter[0], StringComparison.Ordinal) })];
        }

        return new QuizQuestion(
            id,
            text,
            options,
            choose,
            answer,
            Text(map, "justification", required: false, Error),
            null,
            Text(map, "item", required: false, Error),
            Text(map, "explanation", required: false, Error),
            sources);
    }

    private static string? Text(MappingNode map, string key, bool required, Action<SyntaxNode, string, string> error)
    {
        switch (map[key])
        {
            case null:
                return null;
            case ScalarNode { IsNull: true } node:
                if (required)
                {
                    error(node, "schema", $"'{key}' is empty");
                }

                return null;
            case ScalarNode node when node.Value.Trim().Length == 0 && required:
                error(node, "schema", $"'{key}' is empty");
                return null;
            case ScalarNode node:
                return node.Value.Trim();
            case var node:
                error(node, "schema", $"'{key}' must be text");
                return null;
        }
    }

    private static string? Scalar(MappingNode map, string key) => map[key] is ScalarNode { IsNull: false } s ? s.Value : null;

    /// <summary>
    /// Normalises answer letters: "ac", "A,C", "A C", "A+C" → "AC" (sorted, upper case). Null when the text holds anything
    /// but letters and separators, or a letter twice.
    /// </summary>
    public static string? Letters(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var letters = new List<char>();
        foreach (var c in text)
        {
            if (char.IsAsciiLetter(c))
            {
                var upper = char.ToUpperInvariant(c);
                if (letters.Contains(upper))
                {
                    return null;
                }

                letters.Add(upper);
            }
            else if (c is not (',' or ' ' or '+' or '/' or '&'))
            {
                return null;
            }
        }

        letters.Sort();
        return letters.Count == 0 ? null : new string([.. letters]);
    }
}
