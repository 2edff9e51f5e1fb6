using Demarc.Model;

namespace Demarc.Asking;

/// <summary>
/// A question after the first reading: its stem and question sentence, the options read through the catalog's
/// vocabulary, and the cues that decide its form (party asked about, negation, layer, control category, "always").
/// </summary>
internal sealed class QuestionContext
{
    public QuestionContext(AskQuestion question, string text, Utterance stem, int choose, Asker asker)
    {
        Question = question;
        Text = text;
        Stem = stem;
        Choose = choose;
        Reader = asker.Reader;
        var sentence = stem.QuestionSentence();
        Sentence = stem.Where(i => stem[i].Sentence == sentence);
        Whole = Reader.Read(WithoutBoilerplate(stem));
        CleanSentence = WithoutBoilerplate(Sentence);
        SentenceReading = Reader.Read(CleanSentence);
        Options = [.. question.Options.Select(o => (o, Reader.Read(o.Text)))];
        Negated = IsNegated(Sentence);
        Universal = StatementJudge.IsUniversal(Sentence);
        Service = Whole.Service;
        Ambiguous = [.. Whole.Mentions.Where(m => m.Candidates.Count > 1)];
        UnknownServices = Reader.Services.UnknownNames(Whole.Text, Whole.Mentions);
        var topicSource = SentenceReading.Domains.Count > 0 || SentenceReading.Control is not null || SentenceReading.Layer is not null ? SentenceReading : Whole;
        Topic = topicSource;
    }

    public AskQuestion Question { get; }

    public string Text { get; }

    public Utterance Stem { get; }

    /// <summary>The sentence that asks (the last one with '?', else the last).</summary>
    public Utterance Sentence { get; }

    /// <summary>The question sentence without framing words.</summary>
    public Utterance CleanSentence { get; }

    public int Choose { get; }

    public PhraseReader Reader { get; }

    /// <summary>The whole stem read (services, domains), without framing words.</summary>
    public Reading Whole { get; }

    /// <summary>The question sentence read, without framing words.</summary>
    public Reading SentenceReading { get; }

    /// <summary>What the question is about: the question sentence's domains or control, else the whole stem's.</summary>
    public Reading Topic { get; }

    public IReadOnlyList<(AskOption Option, Reading Reading)> Options { get; }

    public bool Negated { get; }

    /// <summary>"regardless of the service", "always": the claim must hold on every service.</summary>
    public bool Universal { get; }

    /// <summary>The service the question is about, if it names one.</summary>
    public Subject? Service { get; }

    /// <summary>Service names that fit several catalog services ("Amazon ECS": on EC2 or on Fargate).</summary>
    public IReadOnlyList<Mention> Ambiguous { get; }

    /// <summary>Names after "Amazon"/"AWS" that are not in the catalog ("AWS Systems Manager").</summary>
    public IReadOnlyList<string> UnknownServices { get; }

    /// <summary>Notes about service names the answer could not use, and whether they make the answer tentative.</summary>
    public IReadOnlyList<string> ServiceNotes()
    {
        var notes = new List<string>();
        if (Service is null)
        {
            foreach (var mention in Ambiguous)
            {
                notes.Add($"\"{mention.Text}\" could be {string.Join(" or ", mention.Candidates.Select(c => $"{c.Name} ({c.Id})"))}; name one to be sure");
            }

            foreach (var name in UnknownServices)
            {
                notes.Add($"\"{name}\" is not a service in the catalog; the general rule was used instead");
            }
        }

        return notes;
    }

    /// <summary>The party the question sentence asks about ("the customer's responsibility", "AWS manages").</summary>
    public Party? Party => StatementJudge.ClaimedParty(CleanSentence, SentenceReading) ?? SentenceReading.Party;

    /// <summary>Whether the question sentence asks for true (or, with <paramref name="negated"/>, false) statements.</summary>
    public bool AsksTruth(out bool negated)
    {
        negated = Sentence.HasAny(Lexicon.FalseWords) || (Negated && Sentence.HasAny(Lexicon.TrueWords));
        return negated || Sentence.HasAny(Lexicon.TrueWords) || Sentence.Has("statement") || Sentence.Has("statements");
    }

    /// <summary>"Which ... is NOT", "... EXCEPT", "does not require"; "no longer" and "without" are not negations of the question.</summary>
    internal static bool IsNegated(Utterance sentence)
    {
        for (var i = 0; i < sentence.Count; i++)
        {
            var word = sentence[i].Lower;
            if (word is "not" or "except" or "never" or "cannot")
            {
                return true;
            }

            if (word == "t" && i > 0 && Lexicon.ContractionHeads.Contains(sentence[i - 1].Lower))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The text without phrases that only frame the question ("according to the shared responsibility model").</summary>
    internal static Utterance WithoutBoilerplate(Utterance text)
    {
        var drop = new bool[text.Count];
        foreach (var phrase in Lexicon.Boilerplate)
        {
            var length = phrase.Split(' ').Length;
            var at = text.Find(phrase);
            while (at >= 0)
            {
                for (var i = at; i < at + length; i++)
                {
                    drop[i] = true;
                }

                at = text.Find(phrase, at + length);
            }
        }

        return text.Where(i => !drop[i]);
    }
}
