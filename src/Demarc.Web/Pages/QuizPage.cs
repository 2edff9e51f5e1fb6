using System.Globalization;
using Demarc.Quiz;
using Demarc.Web.Api;
using Demarc.Web.Quiz;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Demarc.Web.Pages;

/// <summary>The Quiz page: a learner named by a cookie, one question at a time, feedback, and progress per domain as a chart.</summary>
public static class QuizPage
{
    /// <summary>Maps the page and its forms.</summary>
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/quiz", async Task<IResult> (HttpContext context, QuizService quiz, CancellationToken cancellationToken) =>
        {
            var learner = QuizService.CleanLearner(context.Request.Cookies[QuizApi.LearnerCookie]);
            if (learner is null)
            {
                return SignIn(context, null);
            }

            var turn = await quiz.NextAsync(learner, QuizFilter.None, QuizApi.SeedOf(context), cancellationToken).ConfigureAwait(false);
            var report = await quiz.ProgressAsync(learner, cancellationToken).ConfigureAwait(false);
            var h = new Html();
            h.Add($"<h1>Quiz</h1>{Who(context, learner)}");
            if (turn is not null)
            {
                h.Raw(QuestionForm(context, turn));
            }

            h.Raw(Chart(report));
            return Layout.Page("Quiz", "/quiz", h.ToMarkup());
        }).ExcludeFromDescription();

        app.MapPost("/quiz/learner", async Task<IResult> (HttpContext context) =>
        {
            if (!await Layout.IsValidFormAsync(context).ConfigureAwait(false))
            {
                return Layout.FormExpired("/quiz");
            }

            var form = await context.Request.ReadFormAsync().ConfigureAwait(false);
            var learner = QuizService.CleanLearner(form["learner"]);
            if (learner is null)
            {
                return SignIn(context, "Give a name of 1 to 200 characters: it keeps your progress apart from other learners'.");
            }

            var options = new CookieOptions { HttpOnly = true, SameSite = SameSiteMode.Lax, IsEssential = true, MaxAge = TimeSpan.FromDays(365), Secure = context.Request.IsHttps };
            context.Response.Cookies.Append(QuizApi.LearnerCookie, learner, options);
            context.Response.Cookies.Append(QuizApi.SeedCookie, QuizService.NewSeed().ToString(CultureInfo.InvariantCulture), options);
            return Results.Redirect("/quiz", permanent: false, preserveMethod: false);
        }).ExcludeFromDescription().DisableAntiforgery();

        app.MapPost("/quiz/signout", async Task<IResult> (HttpContext context) =>
        {
            if (!await Layout.IsValidFormAsync(context).ConfigureAwait(false))
            {
                return Layout.FormExpired("/quiz");
            }

            context.Response.Cookies.Delete(QuizApi.LearnerCookie);
            context.Response.Cookies.Delete(QuizApi.SeedCookie);
            return Results.Redirect("/quiz");
        }).ExcludeFromDescription().DisableAntiforgery();

        app.MapPost("/quiz/answer", async Task<IResult> (HttpContext context, QuizService quiz, CancellationToken cancellationToken) =>
        {
            if (!await Layout.IsValidFormAsync(context).ConfigureAwait(false))
            {
                return Layout.FormExpired("/quiz");
            }

            var learner = QuizService.CleanLearner(context.Request.Cookies[QuizApi.LearnerCookie]);
            if (learner is null)
            {
                return SignIn(context, "Your name was not found (cookies off?). Give it again to keep your progress.");
            }

            var form = await context.Request.ReadFormAsync(cancellationToken).ConfigureAwait(false);
            var given = string.Concat(form["answer"].Select(a => a ?? ""));
            if (!int.TryParse(form["seed"], NumberStyles.None, CultureInfo.InvariantCulture, out var seed))
            {
                return Layout.Error("Answer not graded", "The form lost its question; open the quiz again.", 400, "/quiz");
            }

            if (given.Length == 0)
            {
                return Layout.Error("No answer chosen", "Choose an option (or two, when the question says so) before submitting.", 400, "/quiz");
            }

            QuizAnswered answered;
            try
            {
                answered = await quiz.AnswerAsync(learner, form["item"].ToString(), seed, given, cancellationToken).ConfigureAwait(false);
            }
            catch (QuizInputException e)
            {
                return Layout.Error("Answer not graded", e.Message + "; nothing was recorded.", 400, "/quiz");
            }

            var report = await quiz.ProgressAsync(learner, cancellationToken).ConfigureAwait(false);
            var q = answered.Question;
            var h = new Html();
            h.Add($"""
                <h1>Quiz</h1>{Who(context, learner)}
                <section class="panel" aria-live="polite" id="feedback">
                <p class="verdict {(answered.Correct ? "ok" : "bad")}" id="verdict">{(answered.Correct ? "Correct" : "Not quite")}{(answered.Note is null ? "" : $" ({answered.Note})")}</p>
                <p><strong>{q.Text}</strong></p><ul>
                """);
            foreach (var option in q.Options)
            {
                var chosen = answered.Given.Contains(option.Letter, StringComparison.Ordinal);
                h.Add($"""<li><strong>{option.Letter}.</strong> {option.Text}{(option.IsCorrect ? new Markup(" <span class=\"owner owner-customer\">correct</span>") : Markup.Empty)}{(chosen ? new Markup(" <span class=\"muted\">(your choice)</span>") : Markup.Empty)}</li>""");
            }

            h.Add($"""</ul><p><strong>Why:</strong> {q.Justification}</p>""");
            if (!string.IsNullOrWhiteSpace(q.Explanation))
            {
                h.Add($"<details><summary>Explanation</summary><pre>{q.Explanation}</pre></details>");
            }

            h.Raw(Layout.Sources(q.SourceList.Select(s => (s.Title, s.Url))));

            h.Add($"""<p class="muted">Saved. This item is now in box {answered.State.Box} of {Leitner.Boxes}; it comes back {answered.State.DueAt:yyyy-MM-dd HH:mm} UTC.</p><p><a class="button" id="next-question" href="/quiz" autofocus>Next question</a></p></section>""");
            h.Raw(Chart(report));
            return Layout.Page("Quiz", "/quiz", h.ToMarkup());
        }).ExcludeFromDescription().DisableAntiforgery();
    }

    private static IResult SignIn(HttpContext context, string? problem)
    {
        var body = Html.Of($"""
            <h1>Quiz</h1>
            <p class="lead">Exam-style questions generated from the catalog, with spaced repetition: the questions you miss come back sooner.</p>
            {(problem is null ? Markup.Empty : Html.Of($"""<div class="alert" role="alert"><p>{problem}</p></div>"""))}
            <form method="post" action="/quiz/learner" class="inline">{Layout.Antiforgery(context)}
            <div><label for="learner">Your name <span class="hint">kept in a cookie on this browser; no password</span></label><input type="text" id="learner" name="learner" maxlength="200" required autocomplete="nickname"></div>
            <div><button type="submit">Start</button></div>
            </form>
            """);
        return Layout.Page("Quiz", "/quiz", body, problem is null ? 200 : 400);
    }

    private static Markup Who(HttpContext context, string learner) => Html.Of($"""
        <form method="post" action="/quiz/signout" class="actions">{Layout.Antiforgery(context)}<span>Learning as <strong id="learner-name">{learner}</strong>.</span><button type="submit" class="secondary">Not you?</button></form>
        """);

    private static Markup QuestionForm(HttpContext context, QuizTurn turn)
    {
        var q = turn.Question;
        var type = q.Choose > 1 ? "checkbox" : "radio";
        var h = new Html();
        h.Add($"""
            <form method="post" action="/quiz/answer" id="question-form">{Layout.Antiforgery(context)}
            <input type="hidden" name="item" value="{turn.Item.Key}"><input type="hidden" name="seed" value="{turn.Seed}">
            <fieldset><legend id="question-text">{q.Text}</legend>
            """);
        foreach (var option in q.Options)
        {
            h.Add($"""<div class="option"><input type="{type}" id="option-{option.Letter}" name="answer" value="{option.Letter}"{(type == "radio" && option.Letter == "A" ? new Markup(" required") : Markup.Empty)}><label for="option-{option.Letter}"><strong>{option.Letter}.</strong> {option.Text}</label></div>""");
        }

        h.Add($"""</fieldset><button type="submit">Answer</button> <span class="muted">{(turn.State is null ? "New question" : $"Review (box {turn.State.Box})")}</span></form>""");
        return h.ToMarkup();
    }

    // Chart labels fit the label column; the full name is the label's tooltip and is in the table of /api/progress.
    private static string Short(string name) => name.Length <= 36 ? name : name[..35].TrimEnd() + "…";

    /// <summary>The learner's progress per domain as an inline SVG bar chart (level through the boxes), with the numbers as text.</summary>
    public static Markup Chart(MasteryReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var rows = report.ByDomain.Where(r => r.Items > 0).ToList();
        var h = new Html();
        h.Add($"""<section aria-labelledby="progress-title"><h2 id="progress-title">Your progress</h2>""");
        if (rows.Count == 0)
        {
            h.Add($"""<p id="progress-empty">No answers yet: each answer moves its domain's bar.</p></section>""");
            return h.ToMarkup();
        }

        const int rowHeight = 26;
        const int labelWidth = 260;
        const int barWidth = 300;
        var height = (rows.Count + 1) * rowHeight + 10;
        var overall = report.Overall;
        h.Add($"""
            <p id="progress-summary">{overall.Attempts} answers, {overall.Items} items seen, {overall.Mastered} mastered, accuracy {overall.Accuracy:P0}.</p>
            <svg class="chart" id="progress-chart" data-answers="{overall.Attempts}" viewBox="0 0 {labelWidth + barWidth + 170} {height}" role="img" aria-labelledby="progress-title progress-summary">
            """);
        var y = 4;
        foreach (var row in rows.Prepend(overall))
        {
            var width = Math.Max(2, (int)Math.Round(row.Level * barWidth));
            h.Add($"""
                <g class="row" data-domain="{row.Id}" data-items="{row.Items}" data-answers="{row.Attempts}" data-level="{row.Level:0.###}">
                <text x="0" y="{y + 16}"><title>{(row.Id == "all" ? "All domains" : row.Name)}</title>{Short(row.Id == "all" ? "All domains" : row.Name)}</text>
                <rect class="track" x="{labelWidth}" y="{y + 4}" width="{barWidth}" height="16" rx="3"></rect>
                <rect class="bar-level" x="{labelWidth}" y="{y + 4}" width="{width}" height="16" rx="3"></rect>
                <text class="value" x="{labelWidth + barWidth + 8}" y="{y + 16}">{row.Level:P0} · {row.Attempts} answer(s)</text>
                </g>
                """);
            y += rowHeight;
        }

        h.Add($"""</svg><p class="muted">Bars show how far each domain's items have climbed the five Leitner boxes (0 % all in box 1, 100 % all in box 5). <a href="/api/progress">As JSON</a>.</p></section>""");
        return h.ToMarkup();
    }
}
