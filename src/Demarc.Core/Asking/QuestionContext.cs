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

        // "Who is responsible for AWS Config?": when taking a name as the service leaves an open question about nothing,
        // the name is what the question asks about.
        if (question.Options.Count == 0 && IsAboutNothing(Whole) && Reader.Read(WithoutBoilerplate(stem), byPosition: false) is { } asWords && !IsAboutNothing(asWords))
        {
            Whole = asWords;
            SentenceReading = Reader.Read(CleanSentence, byPosition: false);
        }

        Options = [.. question.Options.Select(o => (o, Reader.Read(o.Text)))];
        Negated = IsNegated(Sentence);
        Universal = StatementJudge.IsUniversal(Sentence);
        Service = Whole.Service;
        Ambiguous = [.. Whole.Mentions.Where(m => m.Candidates.Count > 1)];
        UnknownServices = Reader.Services.UnknownNames(Whole.Text, Whole.Mentions);
        var topicSource = SentenceReading.Domains.Count > 0 || SentenceReading.Control is not null || SentenceReading.Layer is not null ? SentenceReading : Whole;
        Topic = topicSource;
    }

    private static bool IsAboutNothing(Reading reading) => reading.Domains.Count == 0 && reading.Control is null && reading.Layer is null;

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
    public Party? Party
    {
        get
        {
            var party = StatementJudge.ClaimedParty(CleanSentence, SentenceReading) ?? SentenceReading.Party;
            if (party == Asking.Party.Both && (CleanSentence.Contains("and not") || CleanSentence.Contains("not the") || CleanSentence.Contains("rather than") || CleanSentence.Contains("instead of")))
            {
                // "AWS's responsibility and not the customer's": the first party named.
                var first = CleanSentence.Tokens.FirstOrDefault(t => Lexicon.AwsWords.Contains(t.Lower) || (Lexicon.CustomerWords.Contains(t.Lower) && !Lexicon.WeakCustomerWords.Contains(t.Lower)));
                return first is null ? party : Lexicon.AwsWords.Contains(first.Lower) ? Asking.Party.Aws : Asking.Party.Customer;
            }

            return party;
        }
    }

    /// <summary>Whether the question sentence asks for true (or, with <paramref name="negated"/>, false) statements.</summary>
    public bool AsksTruth(out bool negated)
    {
        negated = Sentence.HasAny(Lexicon.FalseWords) || (Negated && Sentence.HasAny(Lexicon.TrueWords));
        return negated || Sentence.HasAny(Lexicon.TrueWords) || Sentence.Has("statement") || Sentence.Has("statements");
    }

    /// <summary>"Which ... is NOT", "... EXCEPT", "does not require", "no longer"; "without" and a contrast ("AWS's, not the customer's") are not negations of the question.</summary>
    internal static bool IsNegated(Utterance sentence)
    {
        for (var i = 0; i < sentence.Count; i++)
        {
            var word = sentence[i].Lower;

            // "AWS's responsibility and not the customer's", "the customer's, not AWS's": a contrast, not a negation.
            if (word == "not" && i + 1 < sentence.Count && IsContrast(sentence, i))
            {
                continue;
            }

            if (word is "not" or "except" or "never" or "cannot" or "outside" or "excluding")
            {
                return true;
            }

            // "What will the company no longer be responsible for?"
            if (word == "no" && i + 1 < sentence.Count && sentence[i + 1].Lower == "longer")
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

    // "not" followed by the other party ("not the customer", "not AWS's") after a party was named.
    private static bool IsContrast(Utterance sentence, int notIndex)
    {
        var next = notIndex + 1 < sentence.Count && sentence[notIndex + 1].Lower is "the" or "by" or "of" or "for" ? notIndex + 2 : notIndex + 1;
        if (next >= sentence.Count)
        {
            return false;
        }

        var word = sentence[next].Lower;
        var isParty = Lexicon.AwsWords.Contains(word) || (Lexicon.CustomerWords.Contains(word) && !Lexicon.WeakCustomerWords.Contains(word));
        var partyBefore = sentence.Tokens.Take(notIndex).Any(t => Lexicon.AwsWords.Contains(t.Lower) || (Lexicon.CustomerWords.Contains(t.Lower) && !Lexicon.WeakCustomerWords.Contains(t.Lower)));
        return isParty && partyBefore;
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
