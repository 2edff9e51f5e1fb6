namespace Demarc.Text;

/// <summary>Damerau–Levenshtein distance (optimal string alignment), for "did you mean" suggestions.</summary>
public static class EditDistance
{
    /// <summary>The number of single-character edits (insert, delete, substitute, swap neighbours) from one string to another.</summary>
    public static int Compute(string a, string b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        var previous2 = new int[b.Length + 1];
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                var best = Math.Min(Math.Min(previous[j] + 1, current[j - 1] + 1), previous[j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    best = Math.Min(best, previous2[j - 2] + 1);
                }

                current[j] = best;
            }

            (previous2, previous, current) = (previous, current, previous2);
        }

        return previous[b.Length];
    }

    /// <summary>How many edits still count as a likely typo for a word of this length.</summary>
    public static int Tolerance(int length) => length switch
    {
        <= 3 => 1,
        <= 7 => 2,
        _ => 3,
    };
}
