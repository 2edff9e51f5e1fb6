using System.Text.RegularExpressions;
using Demarc.Catalog;
using Demarc.Model;
using Demarc.Quiz;
using Demarc.Resolution;
using Demarc.Views;

namespace Demarc.Core.Tests.Quiz;

public class QuizGeneratorTests
{
    private static readonly ResponsibilityCatalog Catalog = ResponsibilityCatalog.Default;
    private static readonly QuizGenerator Generator = new(Catalog);
    private static readonly DomainResolver Domains = new(Catalog);
    private static readonly ServiceResolver Services = new(Catalog);

    // Resolution and shifts are pure functions of their input; memoised so the oracle can read tens of thousands of options.
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, Domain?> DomainCache = new(StringComparer.Ordinal);
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, Subject?> SubjectCache = new(StringComparer.Ordinal);
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<(string, string), Shift> ShiftCache = new();

    [Fact]
    public void Generate_ThousandsOfQuestionsOverSeedsKindsAndFilters_EachHasExactlyTheCorrectAnswersItAsksFor()
    {
        var checkedQuestions = 0;
        var filters = new List<QuizFilter> { QuizFilter.None };
        filters.AddRange(QuestionKinds.All.Select(k => new QuizFilter(Kinds: new HashSet<QuestionKind> { k })));
        filters.AddRange(Catalog.Models.Select(m => new QuizFilter(ModelId: m.Id)));
        filters.AddRange(new[] { "guest_os", "enc_rest", "runtime", "iam", "backup" }.Select(d => new QuizFilter(DomainId: d)));
        filters.AddRange(new[] { "ec2", "rds", "lambda", "s3", "rds_custom_oracle" }.Select(s => new QuizFilter(SubjectIds: new HashSet<string> { s })));
        foreach (var filter in filters)
        {
            for (var seed = 1; seed <= 12; seed++)
            {
                foreach (var question in Generator.Generate(filter, 60, seed))
                {
                    AssertWellFormed(question);
                    AssertFilter(filter, question.Item!);
                    checkedQuestions++;
                }
            }
        }

        Assert.True(checkedQuestions > 10_000, $"only {checkedQuestions} questions checked");
    }

    [Fact]
    public void Build_EveryItemOfTheCatalogWithTwoSeeds_EachHasExactlyTheCorrectAnswersItAsksFor()
    {
        foreach (var seed in new[] { 3, 11 })
        {
            foreach (var item in Generator.Items)
            {
                AssertWellFormed(Generator.Build(item, seed, "q001"));
            }
        }

        Assert.True(Generator.Items.Count > 2_000, $"only {Generator.Items.Count} items");
    }

    [Fact]
    public void Items_CoverEveryKindAndTheSourceDocumentsQuestions()
    {
        foreach (var kind in QuestionKinds.All)
        {
            Assert.Contains(Generator.Items, i => i.Kind == kind);
        }

        Assert.Equal(Owner.Customer, Generator.FindItem("who/ec2/guest_os")!.Side);
        Assert.Equal(Owner.Aws, Generator.FindItem("who/rds/guest_os")!.Side);
        Assert.Equal(Owner.Aws, Generator.FindItem("service/guest_os/rds")!.Side);
        Assert.Equal(Owner.Aws, Generator.FindItem("shift/ec2/rds/guest_os")!.Side);
        Assert.Equal(Owner.Customer, Generator.FindItem("shift/rds/rds_custom_oracle/guest_os")!.Side);
        Assert.Equal("shared", Generator.FindItem("control/patch_management")!.Category!.Id);
    }

    [Fact]
    public void Items_NeverAskAboutNotApplicableCells()
    {
        foreach (var item in Generator.Items.Where(i => i.Kind == QuestionKind.Who))
        {
            Assert.NotEqual(Owner.NotApplicable, item.Subject!.CellFor(item.Domain!.Id).Owner);
        }
    }

    [Fact]
    public void Generate_SameSeed_SameQuiz()
    {
        var first = QuizFile.Write(Generator.Generate(QuizFilter.None, 40, 7), includeAnswers: true, jsonLines: false);
        var second = QuizFile.Write(new QuizGenerator(Catalog).Generate(QuizFilter.None, 40, 7), includeAnswers: true, jsonLines: false);

        Assert.Equal(first, second);
    }

    [Fact]
    public void Generate_DifferentSeeds_DifferentQuizzes()
    {
        var first = Generator.Generate(QuizFilter.None, 20, 1).Select(q => q.ItemKey);
        var second = Generator.Generate(QuizFilter.None, 20, 2).Select(q => q.ItemKey);

        Assert.NotEqual(first, second);
    }

    [Fact]
    public void Generate_NumbersQuestionsAndHonoursTheCount()
    {
        var quiz = Generator.Generate(QuizFilter.None, 12, 5);

        Assert.Equal(12, quiz.Count);
        Assert.Equal(Enumerable.Range(1, 12).Select(n => $"q{n:D3}"), quiz.Select(q => q.Id));
        Assert.Equal(12, quiz.Select(q => q.ItemKey).Distinct().Count());
    }

    [Fact]
    public void Generate_ManyQuestions_MixesKindsAndDomainsAndAsksForTwoAnswersSometimes()
    {
        var quiz = Generator.Generate(QuizFilter.None, 200, 9);

        Assert.Equal(QuestionKinds.All.Count, quiz.Select(q => q.Item!.Kind).Distinct().Count());
        Assert.True(quiz.Select(q => q.Item!.Domain?.Id).Distinct().Count() >= 15, "domains are not spread");
        var two = quiz.Count(q => q.Choose == 2);
        Assert.InRange(two, 10, 100);
    }

    [Fact]
    public void Plan_WithoutFilter_IsAPermutationOfAllItems()
    {
        var plan = Generator.Plan(QuizFilter.None, 4);

        Assert.Equal(Generator.Items.Count, plan.Count);
        Assert.Equal(Generator.Items.Select(i => i.Key).Order(StringComparer.Ordinal), plan.Select(i => i.Key).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Plan_WithFilters_KeepsOnlyMatchingItems()
    {
        var filter = new QuizFilter(SubjectIds: new HashSet<string> { "ec2" }, DomainId: "guest_os");
        var plan = Generator.Plan(filter, 1);

        Assert.NotEmpty(plan);
        Assert.All(plan, i => Assert.True(i.Subject!.Id == "ec2" || i.From?.Id == "ec2"));
        Assert.All(plan, i => Assert.Equal("guest_os", i.Domain!.Id));
        Assert.Contains(plan, i => i.Kind == QuestionKind.Shift);
        Assert.Contains(plan, i => i.Kind == QuestionKind.Who);
    }

    [Fact]
    public void Build_WhoQuestionOnEc2GuestOs_ReadsLikeTheSourceDocument()
    {
        var question = Generator.Build(Generator.FindItem("who/ec2/guest_os")!, 1, "q001");

        Assert.Contains("patching the guest operating system", question.Text, StringComparison.Ordinal);
        Assert.Contains("Amazon EC2", question.Text, StringComparison.Ordinal);
        Assert.Equal("The customer", question.Options.Single(o => o.IsCorrect).Text);
        Assert.Contains(question.SourceList, s => s.Url.StartsWith("https://", StringComparison.Ordinal));
        Assert.Contains("Customer", question.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_ChooseTwo_SaysSoInTheQuestion()
    {
        var question = Generator.Generate(QuizFilter.None, 200, 3).First(q => q.Choose == 2);

        Assert.EndsWith("(Choose two.)", question.Text, StringComparison.Ordinal);
        Assert.Equal(2, question.Answer!.Length);
    }

    [Fact]
    public void DomainPhrases_EveryDomainHasATaskPhraseThatResolvesBackToIt()
    {
        foreach (var domain in Catalog.Domains)
        {
            Assert.True(QuizPhrases.HasTask(domain), $"{domain.Id} has no task phrase");
            var resolved = Domains.Resolve(QuizPhrases.Task(domain));
            Assert.True(resolved.Domain == domain, $"'{QuizPhrases.Task(domain)}' resolves to {resolved.Domain?.Id ?? resolved.Status.ToString()}, not {domain.Id}");
        }

        Assert.Equal(Catalog.Domains.Count, Catalog.Domains.Select(QuizPhrases.Task).Distinct().Count());
    }

    [Fact]
    public void SubjectNames_EveryServiceAndVariantNameResolvesBackToIt()
    {
        foreach (var subject in Catalog.Subjects)
        {
            Assert.Same(subject, Services.Resolve(subject.Name).Subject);
        }
    }

    // ---------------------------------------------------------------- the oracle

    // Checks a question the way a reader would: each option's text is read back through the catalog's resolvers, judged
    // against the catalog on its own, and the set of true options must be exactly the answer, of the size asked for.
    private static void AssertWellFormed(QuizQuestion question)
    {
        var item = question.Item!;
        var context = $"{question.ItemKey}: {question.Text}";
        Assert.InRange(question.Options.Count, 3, 4);
        Assert.Equal("ABCD"[..question.Options.Count], string.Concat(question.Options.Select(o => o.Letter)));
        Assert.Equal(question.Options.Count, question.Options.Select(o => o.Text).Distinct().Count());
        Assert.InRange(question.Choose, 1, question.Options.Count - 2);
        Assert.Equal(question.Choose > 1, question.Text.EndsWith($"(Choose {QuizPhrases.Number(question.Choose)}.)", StringComparison.Ordinal));
        Assert.False(string.IsNullOrWhiteSpace(question.Justification), context);
        Assert.DoesNotContain('\n', question.Justification!);
        Assert.False(string.IsNullOrWhiteSpace(question.Explanation), context);
        Assert.NotEmpty(question.SourceList);

        var truth = question.Options.Select(o => IsTrue(question, item, o.Text)).ToList();
        var expected = string.Concat(question.Options.Where((_, i) => truth[i]).Select(o => o.Letter));
        Assert.True(question.Choose == expected.Length, $"{context}: {expected.Length} true options, asks for {question.Choose}");
        Assert.True(question.Answer == expected, $"{context}: answer {question.Answer}, options read as {expected}");
        Assert.Equal(question.Answer, string.Concat(question.Options.Where(o => o.IsCorrect).Select(o => o.Letter)));
    }

    private static bool IsTrue(QuizQuestion question, QuizItem item, string option)
    {
        var text = question.Text;
        switch (item.Kind)
        {
            case QuestionKind.Who:
            {
                Assert.Contains(item.Subject!.Name, text, StringComparison.Ordinal);
                Assert.Same(item.Domain, ResolveDomain(QuizPhrases.Task(item.Domain!)));
                var owner = OwnerNames.All.Single(o => QuizPhrases.OwnerOption(o) == option);
                return owner == item.Subject.CellFor(item.Domain!.Id).Owner;
            }

            case QuestionKind.Responsibility:
            {
                Assert.Contains(item.Subject!.Name, text, StringComparison.Ordinal);
                var side = text.Contains("NOT the customer's", StringComparison.Ordinal) || text.Contains("EXCEPT", StringComparison.Ordinal) || text.Contains("AWS's responsibility", StringComparison.Ordinal) || text.Contains("does AWS take care", StringComparison.Ordinal)
                    ? Owner.Aws
                    : Owner.Customer;
                var owner = item.Subject.CellFor(ResolveDomain(option).Id).Owner;
                Assert.True(owner is Owner.Aws or Owner.Customer, $"{text}: option '{option}' is {owner} on {item.Subject.Id}, which no reader can judge");
                return owner == side;
            }

            case QuestionKind.Service:
            {
                var side = text.Contains("to AWS", StringComparison.Ordinal) || text.Contains("AWS's responsibility", StringComparison.Ordinal) ? Owner.Aws : Owner.Customer;
                var subject = SubjectCache.GetOrAdd(option, o => Services.Resolve(o).Subject) ?? throw new Xunit.Sdk.XunitException($"option '{option}' is not a service");
                var owner = subject.CellFor(item.Domain!.Id).Owner;
                Assert.True(owner is Owner.Aws or Owner.Customer, $"{text}: option '{option}' is {owner}");
                Assert.Contains(QuizPhrases.Task(item.Domain), text, StringComparison.Ordinal);
                return owner == side;
            }

            case QuestionKind.Shift:
            {
                var match = Regex.Match(text, "from (.+?) to (.+?)[.,] ");
                Assert.True(match.Success, text);
                var from = SubjectCache.GetOrAdd(match.Groups[1].Value, o => Services.Resolve(o).Subject)!;
                var to = SubjectCache.GetOrAdd(match.Groups[2].Value, o => Services.Resolve(o).Subject)!;
                var side = text.Contains("from the customer to AWS", StringComparison.Ordinal) || text.Contains("AWS take over", StringComparison.Ordinal) ? Owner.Aws : Owner.Customer;
                var shift = ShiftCache.GetOrAdd((from.Id, to.Id), _ => ResponsibilityViews.Shift(Catalog, from, to));
                var change = shift.Changes.Single(c => c.Domain == ResolveDomain(option));
                var stays = change.Direction == ShiftDirection.Unchanged && change.To.Cell.Owner != side;
                var moves = change.To.Cell.Owner == side && change.From.Cell.Owner != side && change.From.Cell.Owner != Owner.NotApplicable;
                Assert.True(stays || moves, $"{text}: option '{option}' neither moves to {side} nor stays ({change.From.Cell.Owner} -> {change.To.Cell.Owner})");
                return moves;
            }

            case QuestionKind.Control:
            {
                var category = Catalog.ControlCategories.SingleOrDefault(c => c.Name == option);
                if (category is not null)
                {
                    var asked = Catalog.ControlCategories.SelectMany(c => c.Controls).Single(c => text.Contains(c.Name, StringComparison.OrdinalIgnoreCase));
                    return category.Controls.Contains(asked);
                }

                var control = Catalog.ControlCategories.SelectMany(c => c.Controls.Select(x => (Category: c, Control: x))).Single(x => x.Control.Name == option);
                return text.Contains(QuizPhrases.CategorySingular(control.Category), StringComparison.Ordinal) || text.Contains(QuizPhrases.CategoryPlural(control.Category), StringComparison.Ordinal);
            }

            default:
                throw new InvalidOperationException(item.Kind.ToString());
        }
    }

    private static Domain ResolveDomain(string option)
    {
        return DomainCache.GetOrAdd(option, o => Domains.Resolve(o).Domain)
            ?? throw new Xunit.Sdk.XunitException($"option '{option}' does not resolve to one domain ({Domains.Resolve(option).Status})");
    }

    private static void AssertFilter(QuizFilter filter, QuizItem item)
    {
        if (filter.Kinds is not null)
        {
            Assert.Contains(item.Kind, filter.Kinds);
        }

        if (filter.ModelId is not null)
        {
            Assert.True(item.Subject?.ModelId == filter.ModelId || item.From?.ModelId == filter.ModelId, item.Key);
        }

        if (filter.DomainId is not null)
        {
            Assert.True(item.Domain?.Id == filter.DomainId || item.Control?.DomainIds.Contains(filter.DomainId) == true, item.Key);
        }

        if (filter.SubjectIds is not null)
        {
            Assert.True(filter.SubjectIds.Contains(item.Subject?.Id ?? "") || filter.SubjectIds.Contains(item.From?.Id ?? ""), item.Key);
        }
    }
}
