using Demarc.Parsing;
using Demarc.Scanning.Evaluation;

namespace Demarc.Scanning.Terraform;

/// <summary>
/// The policy an <c>aws_iam_policy_document</c> data source renders, built from its arguments the way the AWS
/// provider does (statements with <c>Sid</c>, <c>Effect</c> (default Allow), <c>Action</c>/<c>NotAction</c>,
/// <c>Resource</c>/<c>NotResource</c>, <c>Principal</c>/<c>NotPrincipal</c>, <c>Condition</c>; source and override
/// documents merged by <c>Sid</c>). Parts known only at apply stay unknown inside the document, so the IAM checks read
/// the document statement by statement.
/// </summary>
/// <remarks>Source: https://registry.terraform.io/providers/hashicorp/aws/latest/docs/data-sources/iam_policy_document</remarks>
internal static class IamPolicyDocument
{
    public static Value Build(Value properties, TerraformMachine machine, TextPosition at)
    {
        if (properties is not MapValue arguments)
        {
            return TerraformValues.UnknownLike(properties, at);
        }

        var statements = new List<Value>();
        var unknownSources = new List<Value>();
        foreach (var name in (string[])["source_policy_documents", "source_json"])
        {
            foreach (var document in arguments.Get(name).Items())
            {
                AddDocument(document, statements, unknownSources, machine, replace: false);
            }
        }

        foreach (var statement in arguments.Get("statement").Items())
        {
            Merge(statements, Statement(statement, at), replace: true);
        }

        foreach (var name in (string[])["override_policy_documents", "override_json"])
        {
            foreach (var document in arguments.Get(name).Items())
            {
                AddDocument(document, statements, unknownSources, machine, replace: true);
            }
        }

        statements.AddRange(unknownSources);
        var entries = new List<MapEntry>
        {
            new("Version", at, arguments.Get("version") is ScalarValue { Kind: ScalarKind.String } version ? version : TerraformValues.String("2012-10-17", at)),
        };
        if (arguments.Get("policy_id") is ScalarValue { Kind: ScalarKind.String } id)
        {
            entries.Add(new MapEntry("Id", id.Position, id));
        }

        entries.Add(new MapEntry("Statement", at, new ListValue(statements, at)));
        return new MapValue(entries, arguments.Position);
    }

    private static void AddDocument(Value document, List<Value> statements, List<Value> unknown, TerraformMachine machine, bool replace)
    {
        var decoded = document switch
        {
            JsonTextValue json => json.Structure,
            ScalarValue { Kind: ScalarKind.String } s => TerraformValues.FromJsonText(s.Text, s.Position, machine.Limits),
            _ => null,
        };
        if (decoded is null)
        {
            unknown.Add(new UnknownValue($"a statement of a merged policy document: {TerraformValues.Reason(document)}", UnknownKind.DeployTime, document.Position));
            return;
        }

        foreach (var statement in decoded.Get("Statement").Items())
        {
            Merge(statements, statement, replace);
        }
    }

    // A statement with the Sid of an earlier one replaces it (the provider's merge); others are appended.
    private static void Merge(List<Value> statements, Value statement, bool replace)
    {
        if (replace && TerraformValues.Text(statement.Get("Sid")) is { Length: > 0 } sid)
        {
            var index = statements.FindIndex(s => TerraformValues.Text(s.Get("Sid")) == sid);
            if (index >= 0)
            {
                statements[index] = statement;
                return;
            }
        }

        statements.Add(statement);
    }

    private static MapValue Statement(Value statement, TextPosition at)
    {
        var position = statement.Position.Line > 0 ? statement.Position : at;
        var entries = new List<MapEntry>();
        Add(entries, "Sid", statement.Get("sid"), single: true);
        var effect = statement.Get("effect");
        entries.Add(new MapEntry("Effect", effect.Position, effect is AbsentValue or ScalarValue { Kind: ScalarKind.Null } ? TerraformValues.String("Allow", position) : effect));
        Add(entries, "Action", statement.Get("actions"));
        Add(entries, "NotAction", statement.Get("not_actions"));
        Add(entries, "Resource", statement.Get("resources"));
        Add(entries, "NotResource", statement.Get("not_resources"));
        AddPrincipals(entries, "Principal", statement.Get("principals"));
        AddPrincipals(entries, "NotPrincipal", statement.Get("not_principals"));
        AddConditions(entries, statement.Get("condition"));
        return new MapValue(entries, position);
    }

    private static void Add(List<MapEntry> entries, string key, Value value, bool single = false)
    {
        if (value is AbsentValue or ScalarValue { Kind: ScalarKind.Null })
        {
            return;
        }

        entries.Add(new MapEntry(key, value.Position, single ? value : Unwrap(value)));
    }

    // The provider writes a list of one element as that element.
    private static Value Unwrap(Value value) => value is ListValue { Values.Count: 1 } list ? list.Values[0] : value;

    private static void AddPrincipals(List<MapEntry> entries, string key, Value blocks)
    {
        var items = blocks.Items();
        if (items.Count == 0)
        {
            return;
        }

        var byType = new List<MapEntry>();
        foreach (var block in items)
        {
            var type = block.Get("type");
            var identifiers = block.Get("identifiers");
            if (TerraformValues.Text(type) == "*" && identifiers.Items() is [var only] && TerraformValues.Text(only) == "*")
            {
                entries.Add(new MapEntry(key, type.Position, TerraformValues.String("*", type.Position)));
                return;
            }

            var name = TerraformValues.Text(type);
            if (name is null)
            {
                entries.Add(new MapEntry(key, type.Position, TerraformValues.UnknownLike(type, type.Position)));
                return;
            }

            var existing = byType.FindIndex(e => e.Key == name);
            if (existing >= 0)
            {
                var merged = byType[existing].Value.Items().Concat(identifiers.Items()).ToList();
                byType[existing] = byType[existing] with { Value = new ListValue(merged, byType[existing].Value.Position) };
            }
            else
            {
                byType.Add(new MapEntry(name, type.Position, identifiers));
            }
        }

        entries.Add(new MapEntry(key, blocks.Position, new MapValue([.. byType.Select(e => e with { Value = Unwrap(e.Value) })], blocks.Position)));
    }

    private static void AddConditions(List<MapEntry> entries, Value blocks)
    {
        var items = blocks.Items();
        if (items.Count == 0)
        {
            return;
        }

        var tests = new List<(string Test, TextPosition Position, List<MapEntry> Variables)>();
        foreach (var block in items)
        {
            var test = TerraformValues.Text(block.Get("test"));
            var variable = TerraformValues.Text(block.Get("variable"));
            if (test is null || variable is null)
            {
                entries.Add(new MapEntry("Condition", block.Position, TerraformValues.UnknownLike(block.Get(test is null ? "test" : "variable"), block.Position)));
                return;
            }

            var index = tests.FindIndex(t => t.Test == test);
            if (index < 0)
            {
                tests.Add((test, block.Position, []));
                index = tests.Count - 1;
            }

            tests[index].Variables.Add(new MapEntry(variable, block.Position, Unwrap(block.Get("values"))));
        }

        entries.Add(new MapEntry("Condition", blocks.Position, new MapValue([.. tests.Select(t => new MapEntry(t.Test, t.Position, new MapValue(t.Variables, t.Position)))], blocks.Position)));
    }
}
