using System.Globalization;

namespace Demarc.Quiz;

/// <summary>One answer as written on the command line: which question (number or id) and the letters.</summary>
public sealed record GivenAnswer(string Reference, string Letters);

/// <summary>How one question went.</summary>
public enum GradeOutcome
{
    /// <summary>The letters given are exactly the answer.</summary>
    Correct,

    /// <summary>Letters were given and they are not the answer.</summary>
    Wrong,

    /// <summary>No answer was given for the question.</summary>
    Unanswered,
}

/// <summary>One graded question.</summary>
/// <param name="Number">Its 1-based position in the quiz.</param>
/// <param name="Given">The letters given, or null when unanswered.</param>
/// <param name="Note">Why a wrong answer is wrong beyond the letters (for example "chose 1 of 2"), or null.</param>
public sealed record GradedQuestion(int Number, QuizQuestion Question, string? Given, GradeOutcome Outcome, string? Note);

/// <summary>A graded quiz.</summary>
public sealed record GradeResult(IReadOnlyList<GradedQuestion> Questions)
{
    /// <summary>Questions answered correctly.</summary>
    public int Correct => Questions.Count(q => q.Outcome == GradeOutcome.Correct);

    /// <summary>Questions answered wrongly.</summary>
    public int Wrong => Questions.Count(q => q.Outcome == GradeOutcome.Wrong);

    /// <summary>Questions left unanswered.</summary>
    public int Unanswered => Questions.Count(q => q.Outcome == GradeOutcome.Unanswered);

    /// <summary>Correct answers over all questions, 0 to 1.</summary>
    public double Score => Questions.Count == 0 ? 0 : (double)Correct / Questions.Count;
}

/// <summary>Reads answers such as <c>1=B,2=AC,q003=D</c> and grades a quiz against its answer letters.</summary>
public static class QuizGrader
{
    /// <summary>
    /// Parses an answer list: entries separated by commas or semicolons, each <c>REF=LETTERS</c> (or <c>REF:LETTERS</c>)
    /// where REF is a 1-based question number or a question id and LETTERS are run together or joined by '+'
    /// (<c>AC</c>, <c>A+C</c>). Returns the answers, or the problems found.
    /// </summary>
    public static (IReadOnlyList<GivenAnswer> Answers, IReadOnlyList<string> Problems) ParseAnswers(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var answers = new List<GivenAnswer>();
        var problems = new List<string>();
        foreach (var raw in text.Split([',', ';', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var separator = raw.IndexOfAny(['=', ':']);
            if (separator <= 0)
            {
                problems.Add($"'{raw}' is not NUMBER=LETTERS (for example 2=AC)");
                continue;
            }

            var reference = raw[..separator].Trim();
            var letters = QuizFile.Letters(raw[(separator + 1)..].Replace(" ", "", StringComparison.Ordinal));
            if (letters is null)
            {
                problems.Add($"'{raw}': '{raw[(separator + 1)..].Trim()}' is not a set of option letters (for example B or AC)");
                continue;
            }

            if (answers.Any(a => string.Equals(a.Reference, reference, StringComparison.OrdinalIgnoreCase)))
            {
                problems.Add($"question {reference} is answered twice");
                continue;
            }

            answers.Add(new GivenAnswer(reference, letters));
        }

        if (answers.Count == 0 && problems.Count == 0)
        {
            problems.Add("no answers given (for example --answers \"1=B,2=AC\")");
        }

        return (answers, problems);
    }

    /// <summary>
    /// Grades a quiz. Every answer must name a question of the quiz and use its option letters, otherwise the problems are
    /// returned and nothing is graded. A question needs an answer key to be graded.
    /// </summary>
    public static (GradeResult? Result, IReadOnlyList<string> Problems) Grade(IReadOnlyList<QuizQuestion> questions, IReadOnlyList<GivenAnswer> answers)
    {
        ArgumentNullException.ThrowIfNull(questions);
        ArgumentNullException.ThrowIfNull(answers);
        var problems = new List<string>();
        var byNumber = new Dictionary<int, string>();
        foreach (var answer in answers)
        {
            var number = Find(questions, answer.Reference);
            if (number is null)
            {
                problems.Add($"question '{answer.Reference}' is not in the quiz (it has {questions.Count} question(s): numbers 1-{questions.Count} or ids such as {(questions.Count > 0 ? questions[0].Id : "q001")})");
                continue;
            }

            var question = questions[number.Value - 1];
            var unknown = answer.Letters.Where(c => question.Option(c) is null).ToList();
            if (unknown.Count > 0)
            {
                problems.Add($"question {number} ({question.Id}) has no option {string.Join(", ", unknown)}; its options are {string.Concat(question.Options.Select(o => o.Letter))}");
                continue;
            }

            if (!byNumber.TryAdd(number.Value, answer.Letters))
            {
                problems.Add($"question {number} ({question.Id}) is answered twice");
            }
        }

        var missingKey = questions.Select((q, i) => (q, i)).Where(x => x.q.Answer is null && byNumber.ContainsKey(x.i + 1)).ToList();
        if (missingKey.Count > 0)
        {
            problems.Add($"the quiz has no answer for question(s) {string.Join(", ", missingKey.Select(x => x.i + 1))}: export it with answers (without --no-answers) to grade");
        }

        if (problems.Count > 0)
        {
            return (null, problems);
        }

        var graded = questions.Select((q, i) =>
        {
            if (!byNumber.TryGetValue(i + 1, out var given) || q.Answer is null)
            {
                return new GradedQuestion(i + 1, q, null, GradeOutcome.Unanswered, null);
            }

            var correct = given == q.Answer;
            var note = !correct && given.Length != q.Choose ? $"chose {given.Length} of {q.Choose}" : null;
            return new GradedQuestion(i + 1, q, given, correct ? GradeOutcome.Correct : GradeOutcome.Wrong, note);
        });
        return (new GradeResult([.. graded]), []);
    }

    private static int? Find(IReadOnlyList<QuizQuestion> questions, string reference)
    {
        if (int.TryParse(reference, NumberStyles.None, CultureInfo.InvariantCulture, out var number))
        {
            return number >= 1 && number <= questions.Count ? number : null;
        }

        for (var i = 0; i < questions.Count; i++)
        {
            if (string.Equals(questions[i].Id, reference, StringComparison.OrdinalIgnoreCase))
            {
                return i + 1;
            }
        }

        return null;
    }
}
