using Demarc.Quiz;

namespace Demarc.Core.Tests.Quiz;

public class QuizGraderTests
{
    private static readonly IReadOnlyList<QuizQuestion> Quiz = QuizFile.Read(
        """
        [
          {"id": "q001", "question": "One?", "options": {"A": "a", "B": "b", "C": "c"}, "choose": 1, "answer": "B"},
          {"id": "q002", "question": "Two?", "options": {"A": "a", "B": "b", "C": "c", "D": "d"}, "choose": 2, "answer": "AC"},
          {"id": "q003", "question": "Three?", "options": {"A": "a", "B": "b", "C": "c", "D": "d"}, "choose": 1, "answer": "D"}
        ]
        """,
        "quiz.json").Questions;

    [Fact]
    public void Grade_MixedAnswers_CountsCorrectWrongAndUnanswered()
    {
        var (answers, problems) = QuizGrader.ParseAnswers("1=B, q002=ca");
        Assert.Empty(problems);

        var (result, gradeProblems) = QuizGrader.Grade(Quiz, answers);

        Assert.Empty(gradeProblems);
        Assert.Equal([GradeOutcome.Correct, GradeOutcome.Correct, GradeOutcome.Unanswered], result!.Questions.Select(q => q.Outcome));
        Assert.Equal(2, result.Correct);
        Assert.Equal(2.0 / 3, result.Score, 3);
    }

    [Fact]
    public void Grade_TooFewLettersForAChooseTwoQuestion_IsWrongWithANote()
    {
        var (result, _) = QuizGrader.Grade(Quiz, QuizGrader.ParseAnswers("2=A,3=D").Answers);

        var second = result!.Questions[1];
        Assert.Equal(GradeOutcome.Wrong, second.Outcome);
        Assert.Equal("chose 1 of 2", second.Note);
        Assert.Equal(GradeOutcome.Correct, result.Questions[2].Outcome);
    }

    [Theory]
    [InlineData("4=A", "question '4' is not in the quiz")]
    [InlineData("1=E", "has no option E")]
    [InlineData("q001=B,1=B", "answered twice")]
    public void Grade_AnswersThatDoNotFitTheQuiz_AreProblemsAndNothingIsGraded(string text, string message)
    {
        var (result, problems) = QuizGrader.Grade(Quiz, QuizGrader.ParseAnswers(text).Answers);

        Assert.Null(result);
        Assert.Contains(problems, p => p.Contains(message, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("1B", "is not NUMBER=LETTERS")]
    [InlineData("1=B2", "is not a set of option letters")]
    [InlineData("1=B,1=C", "answered twice")]
    [InlineData(" , ", "no answers given")]
    public void ParseAnswers_Malformed_SaysWhatIsWrong(string text, string message)
    {
        var (_, problems) = QuizGrader.ParseAnswers(text);

        Assert.Contains(problems, p => p.Contains(message, StringComparison.Ordinal));
    }

    [Fact]
    public void Grade_QuizWithoutAnswers_SaysToExportWithAnswers()
    {
        var bare = Quiz.Select(q => q with { Answer = null }).ToList();

        var (result, problems) = QuizGrader.Grade(bare, QuizGrader.ParseAnswers("1=B").Answers);

        Assert.Null(result);
        Assert.Contains("without --no-answers", Assert.Single(problems), StringComparison.Ordinal);
    }
}
