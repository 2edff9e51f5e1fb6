using System.Collections.Frozen;
using System.Text;

namespace Demarc.Text;

/// <summary>
/// The one way Demarc turns text into comparable words: lower case, split on anything that is not a letter or digit,
/// possessives dropped, and a light stemmer (a small lemma table, then plural and verb endings) so that
/// "patching", "patches" and "patched" meet "patch". Catalog phrases and user questions go through the same code,
/// so consistency matters more than linguistics.
/// </summary>
public static class Words
{
    // Words that carry no meaning for finding a domain or a service. Short on purpose: "up", "in", "at"-style words
    // that do carry meaning in phrases ("back up") stay, and those that do not are dropped on both sides alike.
    private static readonly FrozenSet<string> StopWords = new[]
    {
        "a", "an", "the", "of", "for", "to", "on", "in", "at", "by", "with", "from", "into", "onto", "its", "it",
        "my", "our", "your", "their", "his", "her", "this", "that", "these", "those", "and", "or", "is", "are", "be",
        "was", "were", "been", "being", "am", "do", "does", "did", "done", "s", "i", "we", "you", "they", "me", "us",
        "when", "where", "there", "here", "as", "so", "such", "than", "then", "via", "per", "all", "any", "each",
        "every", "some", "both", "about", "over", "under", "who", "whom", "whose", "which", "what", "how", "why",
        "can", "could", "should", "would", "will", "shall", "may", "might", "must", "need", "needs", "has", "have",
        "had", "having", "responsible", "responsibility", "responsibilities", "task", "tasks", "job", "duty",
        "handle", "handles", "handling", "take", "takes", "care", "owns", "own", "owning", "owner", "please",
        "amazon", "aws",
    }.ToFrozenSet(StringComparer.Ordinal);

    // Irregular or derivational forms mapped to a base form before the suffix rules run.
    private static readonly FrozenDictionary<string, string> Lemmas = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["encryption"] = "encrypt", ["encrypted"] = "encrypt", ["encrypting"] = "encrypt", ["encrypts"] = "encrypt",
        ["decryption"] = "decrypt",
        ["configuration"] = "configure", ["configurations"] = "configure", ["config"] = "configure", ["configs"] = "configure",
        ["rotation"] = "rotate", ["classification"] = "classify", ["classified"] = "classify", ["classifies"] = "classify",
        ["authentication"] = "authenticate", ["authorization"] = "authorize", ["authorisation"] = "authorize",
        ["authorise"] = "authorize", ["virtualization"] = "virtualize", ["virtualisation"] = "virtualize",
        ["replication"] = "replicate", ["segmentation"] = "segment", ["isolation"] = "isolate",
        ["installation"] = "install", ["installations"] = "install", ["installing"] = "install", ["installed"] = "install",
        ["protection"] = "protect", ["detection"] = "detect", ["mitigation"] = "mitigate", ["validation"] = "validate",
        ["operations"] = "operate", ["operation"] = "operate", ["operating"] = "operate", ["operated"] = "operate",
        ["maintenance"] = "maintain", ["upgrades"] = "upgrade", ["upgrading"] = "upgrade", ["upgraded"] = "upgrade",
        ["updates"] = "update", ["updating"] = "update", ["updated"] = "update",
        ["backups"] = "backup", ["backed"] = "back", ["backing"] = "back",
        ["recovery"] = "recover", ["availability"] = "available", ["durability"] = "durable",
        ["scaling"] = "scale", ["scaled"] = "scale", ["scales"] = "scale", ["scalability"] = "scale",
        ["logging"] = "log", ["logged"] = "log", ["logs"] = "log",
        ["monitoring"] = "monitor", ["auditing"] = "audit", ["audits"] = "audit", ["auditor"] = "audit",
        ["policies"] = "policy", ["identities"] = "identity", ["facilities"] = "facility", ["utilities"] = "utility",
        ["dependencies"] = "dependency", ["libraries"] = "library", ["vulnerabilities"] = "vulnerability",
        ["securing"] = "secure", ["secured"] = "secure", ["security"] = "secure",
        ["managing"] = "manage", ["managed"] = "manage", ["management"] = "manage", ["manages"] = "manage",
        ["patching"] = "patch", ["patches"] = "patch", ["patched"] = "patch",
        ["firewalls"] = "firewall", ["servers"] = "server", ["centers"] = "center", ["centres"] = "center", ["centre"] = "center",
        ["datacenter"] = "datacenter", ["datacenters"] = "datacenter", ["datacentres"] = "datacenter",
        ["os"] = "os", ["oses"] = "os", ["keys"] = "key", ["credentials"] = "credential",
        ["permissions"] = "permission", ["privileges"] = "privilege", ["roles"] = "role", ["users"] = "user",
        ["passwords"] = "password", ["accounts"] = "account", ["groups"] = "group", ["rules"] = "rule",
        ["networks"] = "network", ["networking"] = "network", ["subnets"] = "subnet",
        ["instances"] = "instance", ["volumes"] = "volume", ["snapshots"] = "snapshot", ["buckets"] = "bucket",
        ["tables"] = "table", ["functions"] = "function", ["images"] = "image", ["containers"] = "container",
        ["clusters"] = "cluster", ["nodes"] = "node", ["applications"] = "application", ["apps"] = "app",
        ["certificates"] = "certificate", ["devices"] = "device", ["disks"] = "disk", ["drives"] = "drive",
        ["employees"] = "employee", ["staff"] = "staff", ["trainings"] = "training", ["trained"] = "train",
        ["training"] = "train", ["trains"] = "train", ["guards"] = "guard",
        ["data"] = "data", ["media"] = "media", ["analysis"] = "analysis", ["access"] = "access", ["process"] = "process",
        ["address"] = "address", ["addresses"] = "address", ["class"] = "class", ["status"] = "status",
        ["redundancy"] = "redundant", ["resilience"] = "resilient", ["resiliency"] = "resilient",
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>Splits text into lower-case raw words (no stemming, stop words kept).</summary>
    public static List<string> Split(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var words = new List<string>();
        var current = new StringBuilder();
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsLetterOrDigit(c))
            {
                current.Append(char.ToLowerInvariant(c));
                continue;
            }

            // "customer's" → "customer"; "AWS'" → "aws".
            if ((c == '\'' || c == '’') && i + 1 < text.Length && (text[i + 1] == 's' || text[i + 1] == 'S')
                && (i + 2 == text.Length || !char.IsLetterOrDigit(text[i + 2])))
            {
                i++;
            }

            Flush(current, words);
        }

        Flush(current, words);
        return words;
    }

    /// <summary>The comparable words of a text: split, stop words dropped, stemmed.</summary>
    public static string[] Terms(string text)
    {
        var raw = Split(text);
        var terms = new List<string>(raw.Count);
        foreach (var word in raw)
        {
            if (!StopWords.Contains(word))
            {
                terms.Add(Stem(word));
            }
        }

        return [.. terms];
    }

    /// <summary>Whether a raw lower-case word is a stop word.</summary>
    public static bool IsStopWord(string word) => StopWords.Contains(word);

    /// <summary>A light stemmer: lemma table first, then plural and verb endings, then a final silent e.</summary>
    public static string Stem(string word)
    {
        ArgumentNullException.ThrowIfNull(word);
        if (Lemmas.TryGetValue(word, out var lemma))
        {
            word = lemma;
        }
        else if (word.Length > 4 && word.EndsWith("ies", StringComparison.Ordinal))
        {
            word = word[..^3] + "y";
        }
        else if (word.Length > 4 && word.EndsWith("sses", StringComparison.Ordinal))
        {
            word = word[..^2];
        }
        else if (word.Length > 5 && word.EndsWith("ing", StringComparison.Ordinal))
        {
            word = UndoubleConsonant(word[..^3]);
        }
        else if (word.Length > 4 && word.EndsWith("ed", StringComparison.Ordinal) && !word.EndsWith("eed", StringComparison.Ordinal))
        {
            word = UndoubleConsonant(word[..^2]);
        }
        else if (word.Length > 3 && word[^1] == 's' && word[^2] is not ('s' or 'u' or 'i') && !char.IsDigit(word[^2]))
        {
            word = word[..^1];
        }

        // "configure" and "configur(ing)" meet at "configur"; "update"/"updat(ed)" at "updat".
        if (word.Length > 4 && word[^1] == 'e' && word[^2] is not ('e' or 'i'))
        {
            word = word[..^1];
        }

        return word;
    }

    private static string UndoubleConsonant(string stem) =>
        stem.Length > 3 && stem[^1] == stem[^2] && stem[^1] is not ('l' or 's' or 'z' or 'e' or 'o') && !char.IsDigit(stem[^1])
            ? stem[..^1]
            : stem;

    private static void Flush(StringBuilder current, List<string> words)
    {
        if (current.Length > 0)
        {
            words.Add(current.ToString());
            current.Clear();
        }
    }

    /// <summary>A name reduced for exact comparison: lower-case words joined by single spaces (no stemming).</summary>
    public static string Key(string text) => string.Join(' ', Split(text));
}
