using System.Collections.Frozen;
using Demarc.Parsing;

namespace Demarc.Scanning.Templates;

/// <summary>
/// Rewrites CloudFormation's YAML short forms into their long forms, keeping positions: <c>!Ref X</c> becomes
/// <c>{Ref: X}</c>, <c>!Sub s</c> becomes <c>{Fn::Sub: s}</c>, <c>!GetAtt A.B.C</c> becomes <c>{Fn::GetAtt: [A, B.C]}</c>,
/// <c>!Condition C</c> becomes <c>{Condition: C}</c>. After this, JSON and YAML templates look the same to the evaluator.
/// </summary>
public static class ShortForms
{
    /// <summary>Short-form tags and the long-form keys they stand for.</summary>
    public static FrozenDictionary<string, string> Tags { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["!Ref"] = "Ref",
        ["!Condition"] = "Condition",
        ["!GetAtt"] = "Fn::GetAtt",
        ["!Sub"] = "Fn::Sub",
        ["!Join"] = "Fn::Join",
        ["!Select"] = "Fn::Select",
        ["!Split"] = "Fn::Split",
        ["!FindInMap"] = "Fn::FindInMap",
        ["!ImportValue"] = "Fn::ImportValue",
        ["!Base64"] = "Fn::Base64",
        ["!Cidr"] = "Fn::Cidr",
        ["!GetAZs"] = "Fn::GetAZs",
        ["!If"] = "Fn::If",
        ["!Equals"] = "Fn::Equals",
        ["!And"] = "Fn::And",
        ["!Or"] = "Fn::Or",
        ["!Not"] = "Fn::Not",
        ["!Transform"] = "Fn::Transform",
        ["!Length"] = "Fn::Length",
        ["!ToJsonString"] = "Fn::ToJsonString",
        ["!ForEach"] = "Fn::ForEach",
        ["!GetStackOutput"] = "Fn::GetStackOutput",

        // Rule functions (the Rules section).
        ["!ValueOf"] = "Fn::ValueOf",
        ["!ValueOfAll"] = "Fn::ValueOfAll",
        ["!RefAll"] = "Fn::RefAll",
        ["!EachMemberEquals"] = "Fn::EachMemberEquals",
        ["!EachMemberIn"] = "Fn::EachMemberIn",
        ["!Contains"] = "Fn::Contains",
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>
    /// The tree in long form. Subtrees without short forms are returned as they are (shared, not copied). Nodes with
    /// other tags (for example a pre-processor's <c>!Rain::Embed</c>) keep their tag, so the evaluator can say their
    /// value is not CloudFormation's to give, and are reported through <paramref name="unknownTag"/>.
    /// </summary>
    /// <param name="node">The document.</param>
    /// <param name="unknownTag">Called for each node with a tag that is not a short form.</param>
    /// <param name="mayShareNodes">False when the document has no YAML anchors (so no node is reached twice): then no
    /// memo of rewritten nodes is kept, which saves time on large documents.</param>
    public static SyntaxNode Normalize(SyntaxNode node, Action<SyntaxNode>? unknownTag = null, bool mayShareNodes = true)
    {
        ArgumentNullException.ThrowIfNull(node);
        var memo = mayShareNodes ? new Dictionary<SyntaxNode, SyntaxNode>(ReferenceEqualityComparer.Instance) : null;
        return Rewrite(node, unknownTag, memo);
    }

    private static SyntaxNode Rewrite(SyntaxNode node, Action<SyntaxNode>? unknownTag, Dictionary<SyntaxNode, SyntaxNode>? memo)
    {
        if (node is ScalarNode { Tag: null })
        {
            return node;
        }

        // Aliased subtrees are reached several times: rewrite each once.
        if (memo is null)
        {
            return RewriteOnce(node, unknownTag, memo);
        }

        if (memo.TryGetValue(node, out var done))
        {
            return done;
        }

        var result = RewriteOnce(node, unknownTag, memo);
        if (node is not ScalarNode)
        {
            memo[node] = result;
        }

        return result;
    }

    private static SyntaxNode RewriteOnce(SyntaxNode node, Action<SyntaxNode>? unknownTag, Dictionary<SyntaxNode, SyntaxNode>? memo)
    {
        var body = node switch
        {
            MappingNode mapping => RewriteMapping(mapping, unknownTag, memo),
            SequenceNode sequence => RewriteSequence(sequence, unknownTag, memo),
            _ => node,
        };

        if (node.Tag is null)
        {
            return body;
        }

        if (!Tags.TryGetValue(node.Tag, out var key))
        {
            // Core YAML tags (!!str, !!int, …) carry no CloudFormation meaning; others are kept and reported.
            if (node.Tag.StartsWith("tag:yaml.org,2002:", StringComparison.Ordinal))
            {
                return Untagged(body);
            }

            unknownTag?.Invoke(node);
            return body;
        }

        var argument = Untagged(body);
        if (key == "Fn::GetAtt" && argument is ScalarNode dotted)
        {
            // !GetAtt Resource.Attribute.With.Dots: the logical id has no dots; the attribute may. (The parser places the
            // scalar where its tag starts, so both parts keep that position.)
            var dot = dotted.Value.IndexOf('.', StringComparison.Ordinal);
            argument = dot > 0
                ? new SequenceNode(dotted.Start, null,
                [
                    new ScalarNode(dotted.Start, null, dotted.Value[..dot], isPlain: false),
                    new ScalarNode(dotted.Start, null, dotted.Value[(dot + 1)..], isPlain: false),
                ])
                : dotted;
        }

        return new MappingNode(node.Start, null, [new MappingEntry(new ScalarNode(node.Start, null, key, isPlain: false), argument)]);
    }

    private static MappingNode RewriteMapping(MappingNode mapping, Action<SyntaxNode>? unknownTag, Dictionary<SyntaxNode, SyntaxNode>? memo)
    {
        List<MappingEntry>? rewritten = null;
        for (var i = 0; i < mapping.Entries.Count; i++)
        {
            var entry = mapping.Entries[i];
            var value = Rewrite(entry.Value, unknownTag, memo);
            if (rewritten is null && !ReferenceEquals(value, entry.Value))
            {
                rewritten = new List<MappingEntry>(mapping.Entries.Count);
                for (var j = 0; j < i; j++)
                {
                    rewritten.Add(mapping.Entries[j]);
                }
            }

            rewritten?.Add(new MappingEntry(entry.Key, value));
        }

        return rewritten is null ? mapping : new MappingNode(mapping.Start, mapping.Tag, rewritten);
    }

    private static SequenceNode RewriteSequence(SequenceNode sequence, Action<SyntaxNode>? unknownTag, Dictionary<SyntaxNode, SyntaxNode>? memo)
    {
        List<SyntaxNode>? rewritten = null;
        for (var i = 0; i < sequence.Items.Count; i++)
        {
            var item = sequence.Items[i];
            var value = Rewrite(item, unknownTag, memo);
            if (rewritten is null && !ReferenceEquals(value, item))
            {
                rewritten = new List<SyntaxNode>(sequence.Items.Count);
                for (var j = 0; j < i; j++)
                {
                    rewritten.Add(sequence.Items[j]);
                }
            }

            rewritten?.Add(value);
        }

        return rewritten is null ? sequence : new SequenceNode(sequence.Start, sequence.Tag, rewritten);
    }

    private static SyntaxNode Untagged(SyntaxNode node) => node switch
    {
        { Tag: null } => node,
        ScalarNode scalar => new ScalarNode(scalar.Start, null, scalar.Value, scalar.IsPlain),
        SequenceNode sequence => new SequenceNode(sequence.Start, null, sequence.Items),
        MappingNode mapping => new MappingNode(mapping.Start, null, mapping.Entries),
        _ => node,
    };
}
