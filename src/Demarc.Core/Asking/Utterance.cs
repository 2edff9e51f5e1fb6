using Demarc.Text;

namespace Demarc.Asking;

/// <summary>
/// One word of a question as the reader sees it: lower case (from <see cref="Words.Split"/>), its stem (null for a
/// small word), whether it was written with a capital letter in the middle of a sentence (a hint that it is a name),
/// and the sentence it belongs to.
/// </summary>
/// <param name="Upper">Written with a capital letter (anywhere, also at the start of a sentence).</param>
internal sealed record Token(string Lower, string? Stem, bool Capitalized, int Sentence, bool Upper = false)
{
    /// <summary>A blank to fill in ("___").</summary>
    public const string BlankWord = "___";

    public bool IsBlank => Lower == BlankWord;
}

/// <summary>
/// A question or option split into tokens, with the helpers every reading step needs: find a word sequence, take a
/// slice, rebuild text for the domain resolver. Tokenising goes through <see cref="Words"/>, so questions and catalog
/// phrases are compared with the same rules.
/// </summary>
internal sealed class Utterance
{
    private readonly IReadOnlyList<char> _sentenceEnds;

    private Utterance(string text, IReadOnlyList<Token> tokens, IReadOnlyList<char>? sentenceEnds = null)
    {
        Text = text;
        Tokens = tokens;
        _sentenceEnds = sentenceEnds ?? [];
    }

    /// <summary>The text as given.</summary>
    public string Text { get; }

    public IReadOnlyList<Token> Tokens { get; }

    public int Count => Tokens.Count;

    public Token this[int index] => Tokens[index];

    /// <summary>Splits text into tokens; sentences end at '.', '?' or '!' (brackets and quotes around them ignored).</summary>
    public static Utterance Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var tokens = new List<Token>();
        var ends = new List<char>();
        var sentence = 0;
        var sentenceStart = true;
        foreach (var chunk in text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
        {
            if (chunk.Contains("__", StringComparison.Ordinal))
            {
                tokens.Add(new Token(Token.BlankWord, null, false, sentence));
            }

            var offset = 0;
            foreach (var word in Words.Split(chunk))
            {
                var at = chunk.IndexOf(word, offset, StringComparison.OrdinalIgnoreCase);
                var capital = at >= 0 && char.IsUpper(chunk[at]);
                offset = at >= 0 ? at + word.Length : offset;
                tokens.Add(new Token(word, Words.IsStopWord(word) ? null : Words.Stem(word), capital && !sentenceStart, sentence, capital));
                sentenceStart = false;
            }

            var end = chunk.TrimEnd(')', ']', '"', '\'', '’', '”');
            if (end.Length > 0 && end[^1] is '.' or '?' or '!')
            {
                ends.Add(end[^1]);
                sentence++;
                sentenceStart = true;
            }
        }

        return new Utterance(text, tokens, ends);
    }

    /// <summary>A slice of this utterance.</summary>
    public Utterance Slice(int start, int length) =>
        new(string.Join(' ', Tokens.Skip(start).Take(length).Select(t => t.Lower)), [.. Tokens.Skip(start).Take(length)]);

    /// <summary>The tokens whose index passes a filter.</summary>
    public Utterance Where(Func<int, bool> keep) =>
        From([.. Tokens.Where((_, i) => keep(i))]);

    public static Utterance From(IReadOnlyList<Token> tokens) => new(string.Join(' ', tokens.Select(t => t.Lower)), tokens);

    /// <summary>The lower-case words joined by spaces (what the domain resolver reads).</summary>
    public string Joined => string.Join(' ', Tokens.Select(t => t.Lower));

    /// <summary>The stems of the words that carry meaning.</summary>
    public IEnumerable<string> Stems => Tokens.Where(t => t.Stem is not null).Select(t => t.Stem!);

    public bool Has(string lower) => Tokens.Any(t => t.Lower == lower);

    public bool HasAny(IReadOnlySet<string> lowers) => Tokens.Any(t => lowers.Contains(t.Lower));

    public bool HasStem(string stem) => Tokens.Any(t => t.Stem == stem);

    /// <summary>Whether a word's stem is in a set of stems (small words are stemmed too, for sets such as "take", "must").</summary>
    public bool HasAnyStem(IReadOnlySet<string> stems) => Tokens.Any(t => stems.Contains(t.Stem ?? Words.Stem(t.Lower)));

    /// <summary>Where a sequence of lower-case words starts (exact consecutive match), or -1.</summary>
    public int Find(string phrase, int from = 0)
    {
        var words = phrase.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        for (var i = from; i + words.Length <= Tokens.Count; i++)
        {
            var j = 0;
            while (j < words.Length && (words[j] == "*" || Tokens[i + j].Lower == words[j]))
            {
                j++;
            }

            if (j == words.Length)
            {
                return i;
            }
        }

        return -1;
    }

    public bool Contains(string phrase) => Find(phrase) >= 0;

    public bool ContainsAny(IEnumerable<string> phrases) => phrases.Any(Contains);

    /// <summary>The index of the last sentence that asks something (ends with '?'), or the last sentence with words.</summary>
    public int QuestionSentence()
    {
        var last = Tokens.Count == 0 ? 0 : Tokens[^1].Sentence;
        for (var i = Math.Min(last, _sentenceEnds.Count - 1); i >= 0; i--)
        {
            if (_sentenceEnds[i] == '?')
            {
                return i;
            }
        }

        return last;
    }
}
