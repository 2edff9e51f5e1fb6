using System.Globalization;
using System.Text;
using Demarc.Parsing;
using Demarc.Parsing.Hcl;
using Demarc.Scanning.Evaluation;

namespace Demarc.Scanning.Terraform;

/// <summary>The expression language: references, operators, templates, for expressions, blocks.</summary>
internal sealed partial class TerraformMachine
{
    /// <summary>Branches an operation is applied to one by one before its result becomes unknown.</summary>
    private const int MaxBranches = 8;

    /// <summary>Evaluates an expression.</summary>
    public Value Eval(HclExpression expression, Scope scope)
    {
        Step();
        _evalDepth++;
        if (_evalDepth > MaxEvalDepth)
        {
            _evalDepth--;
            throw new EvaluationLimitException($"expressions nested more than {MaxEvalDepth} levels deep through references");
        }

        try
        {
            return EvalCore(expression, scope);
        }
        catch (CollectionTooLargeException ex)
        {
            return new UnknownValue($"a collection of {ex.Count:N0} items, more than the limit of {Options.MaxCollectionItems:N0}", UnknownKind.Invalid, expression.Position);
        }
        finally
        {
            _evalDepth--;
        }
    }

    private Value EvalCore(HclExpression expression, Scope scope)
    {
        var at = expression.Position;
        switch (expression)
        {
            case HclLiteral literal:
                return literal.Kind switch
                {
                    HclLiteralKind.String => TerraformValues.String(literal.Text, at),
                    HclLiteralKind.Number => new ScalarValue(literal.Text, ScalarKind.Number, at),
                    HclLiteralKind.Bool => new ScalarValue(literal.Text, ScalarKind.Boolean, at),
                    _ => TerraformValues.Null(at),
                };
            case HclTemplate template:
                return template.SoleInterpolation is { } sole ? Eval(sole, scope) : Template(template.Parts, scope, at);
            case HclParentheses parentheses:
                return Eval(parentheses.Inner, scope);
            case HclTuple tuple:
            {
                CheckSize(tuple.Items.Count, at);
                var items = new Value[tuple.Items.Count];
                for (var i = 0; i < items.Length; i++)
                {
                    items[i] = Eval(tuple.Items[i], scope);
                }

                return new ListValue(items, at);
            }

            case HclObject obj:
                return Object(obj, scope);
            case HclVariable variable:
                return Variable(variable, scope);
            case HclGetAttribute get:
                return TryReference(get, scope, out var referenced) ? referenced : GetAttribute(Eval(get.Source, scope), get.Name, at);
            case HclIndex index:
                return Index(Eval(index.Source, scope), Eval(index.Key, scope), at);
            case HclSplat splat:
                return Splat(splat, scope);
            case HclSplatItem:
                return scope.SplatItem ?? new UnknownValue("a splat item outside a splat", UnknownKind.Invalid, at);
            case HclFunctionCall call:
                return TerraformFunctions.Call(this, call, scope);
            case HclFor loop:
                return For(loop, scope);
            case HclConditional conditional:
                return Conditional(conditional, scope);
            case HclBinary binary:
                return Binary(binary, scope);
            case HclUnary unary:
                return Unary(unary, scope);
            default:
                return new UnknownValue($"an expression Demarc does not evaluate ({expression.GetType().Name})", UnknownKind.Invalid, at);
        }
    }

    // ---- references ----

    private Value Variable(HclVariable variable, Scope scope)
    {
        var at = variable.Position;
        if (scope.TryName(variable.Name, out var bound))
        {
            return bound;
        }

        switch (variable.Name)
        {
            case "var" or "local" or "module" or "data" or "path" or "terraform" or "count" or "each" or "self":
                return new UnknownValue($"`{variable.Name}` must be followed by an attribute", UnknownKind.Invalid, at);
        }

        Unresolved(scope, at, $"`{variable.Name}` is not a variable, local, resource or module reference");
        return new UnknownValue($"`{variable.Name}` is not declared", UnknownKind.Invalid, at);
    }

    // var.x, local.x, module.x, data.t.n, t.n, path.*, terraform.workspace, count.index, each.key/value.
    private bool TryReference(HclGetAttribute get, Scope scope, out Value value)
    {
        value = null!;
        var at = get.Position;
        if (get.Source is HclGetAttribute { Source: HclVariable { Name: "data" } dataRoot } dataType && !scope.TryName("data", out _))
        {
            var address = $"data.{dataType.Name}.{get.Name}";
            if (scope.Module.Config.ResourceIndex.TryGetValue(address, out var data))
            {
                value = scope.Module.Resources(data).Value(dataRoot.Position);
                return true;
            }

            Unresolved(scope, at, $"data source `{address}` is not declared");
            value = new UnknownValue($"data source `{address}` is not declared", UnknownKind.Invalid, at);
            return true;
        }

        if (get.Source is not HclVariable root || scope.TryName(root.Name, out _))
        {
            return false;
        }

        var module = scope.Module;
        switch (root.Name)
        {
            case "var":
                value = module.Variable(get.Name, scope, root.Position);
                return true;
            case "local":
                value = module.Local(get.Name, scope, root.Position);
                return true;
            case "module":
                if (module.Config.CallIndex.TryGetValue(get.Name, out var call))
                {
                    value = module.Calls(call).Value(root.Position);
                }
                else
                {
                    Unresolved(scope, at, $"module `{get.Name}` is not declared");
                    value = new UnknownValue($"module `{get.Name}` is not declared", UnknownKind.Invalid, at);
                }

                return true;
            case "data":
                return false;
            case "count" or "each":
                var name = $"{root.Name}.{get.Name}";
                if (scope.TryName(name, out value))
                {
                    return true;
                }

                value = new UnknownValue($"`{name}` is used where there is no {(root.Name == "count" ? "count" : "for_each")}", UnknownKind.Invalid, at);
                return true;
            case "path":
                var directory = Path.GetFullPath(get.Name == "module" ? module.Config.Directory : _root.Directory);
                value = TerraformValues.String(directory.Replace('\\', '/'), at);
                return true;
            case "terraform":
                if (get.Name == "workspace")
                {
                    value = _rootValues.TryGetValue("terraform.workspace", out var workspace)
                        ? TerraformValues.String(TerraformValues.Text(workspace.Value) ?? "default", at)
                        : new UnknownValue("depends on the Terraform workspace, chosen when Terraform runs (give it with -p terraform.workspace=NAME)", UnknownKind.Parameter, at, "terraform.workspace");
                    return true;
                }

                value = new UnknownValue($"`terraform.{get.Name}` is known only when Terraform runs", UnknownKind.DeployTime, at);
                return true;
            case "self":
                value = new UnknownValue("`self` is known only when Terraform runs a provisioner", UnknownKind.DeployTime, at);
                return true;
        }

        var resource = $"{root.Name}.{get.Name}";
        if (module.Config.ResourceIndex.TryGetValue(resource, out var block) && !block.IsData)
        {
            value = module.Resources(block).Value(root.Position);
            return true;
        }

        Unresolved(scope, at, $"resource `{resource}` is not declared in {(module.Address.Length == 0 ? "the root module" : $"module `{module.Address}`")}");
        value = new UnknownValue($"resource `{resource}` is not declared", UnknownKind.Invalid, at);
        return true;
    }

    /// <summary>Reads an attribute of a data source instance: a policy document's JSON, a configured argument, or unknown.</summary>
    internal Value DataAttribute(ResourceState data, string name, TextPosition at)
    {
        var block = data.Block;
        if (block.Type == "aws_iam_policy_document" && name is "json" or "minified_json")
        {
            return new JsonTextValue(IamPolicyDocument.Build(data.Properties(), this, at), at);
        }

        if (block.Type == "aws_region" && name is "name" or "region" or "id" && RegionOf(block) is { } region && region.IsKnown)
        {
            return TerraformValues.Relocate(region, at);
        }

        if (block.Type == "aws_partition" && name == "partition" && RegionOf(block) is { } partitionRegion && TerraformValues.Text(partitionRegion) is { } text)
        {
            return TerraformValues.String(text.StartsWith("cn-", StringComparison.Ordinal) ? "aws-cn" : text.StartsWith("us-gov-", StringComparison.Ordinal) ? "aws-us-gov" : "aws", at);
        }

        var configured = data.Properties().Get(name);
        if (configured is not AbsentValue and not ScalarValue { Kind: ScalarKind.Null })
        {
            return TerraformValues.Relocate(configured, at);
        }

        return new UnknownValue($"`{data.Address}.{name}` is read from the provider when Terraform plans (Demarc does not call AWS)", UnknownKind.DeployTime, at, data.Address);
    }

    // The region of the default aws provider of the root module, when written as a literal.
    private ScalarValue? RegionOf(TerraformResourceBlock block)
    {
        if (block.Block.Body.Attribute("region") is { Value: HclLiteral literal })
        {
            return TerraformValues.String(literal.Text, literal.Position);
        }

        var provider = _root.Providers.FirstOrDefault(p => p.Name == "aws" && p.Alias is null);
        return provider?.Block.Body.Attribute("region")?.Value is HclLiteral { Kind: HclLiteralKind.String } region
            ? TerraformValues.String(region.Text, region.Position)
            : null;
    }

    internal static Value GetAttribute(Value source, string name, TextPosition at)
    {
        switch (source)
        {
            case MapValue map:
                return map.TryGet(name, out var found) ? found : new AbsentValue(at);
            case ResourceObjectValue or ModuleObjectValue or UnknownCollectionValue:
                return source.Get(name);
            case UnknownValue unknown:
                return TerraformValues.Relocate(unknown, at);
            case ReferenceValue reference:
                return new ReferenceValue(reference.LogicalId, reference.Attribute is null ? name : $"{reference.Attribute}.{name}", reference.TargetType, at);
            case AlternativesValue alternatives:
                return alternatives.Map(v => GetAttribute(v, name, at));
            case AbsentValue:
                return new AbsentValue(at);
            case ScalarValue { Kind: ScalarKind.Null }:
                return new UnknownValue($"attribute `{name}` of a null value", UnknownKind.Invalid, at);
            default:
                return new UnknownValue($"`{source.Display()}` has no attribute `{name}`", UnknownKind.Invalid, at);
        }
    }

    internal static Value Index(Value source, Value key, TextPosition at)
    {
        if (source is UnknownCollectionValue collection)
        {
            return collection.Representative;
        }

        if (source is AlternativesValue alternatives && alternatives.Branches.Count <= MaxBranches)
        {
            return alternatives.Map(v => Index(v, key, at));
        }

        if (key is AlternativesValue keys && keys.Branches.Count <= MaxBranches)
        {
            return keys.Map(k => Index(source, k, at));
        }

        if (!key.IsKnown)
        {
            return TerraformValues.UnknownLike(key, at);
        }

        switch (source)
        {
            case ListValue list:
                if (TerraformValues.TryNumber(key, out var number) && number == decimal.Truncate(number) && number >= 0 && number < list.Values.Count)
                {
                    return list.Values[(int)number];
                }

                return new UnknownValue($"index {key.Display()} is out of range of a list of {list.Values.Count}", UnknownKind.Invalid, at);
            case MapValue map:
                var text = TerraformValues.Text(key);
                return text is not null && map.TryGet(text, out var found) ? found : new UnknownValue($"the map has no key `{key.Display()}`", UnknownKind.Invalid, at);
            case ResourceObjectValue or ModuleObjectValue:
                return source.Get(TerraformValues.Text(key) ?? "");
            case AbsentValue:
                return new AbsentValue(at);
            default:
                return source.IsKnown
                    ? new UnknownValue($"`{source.Display()}` cannot be indexed", UnknownKind.Invalid, at)
                    : TerraformValues.UnknownLike(source, at);
        }
    }

    private Value Splat(HclSplat splat, Scope scope)
    {
        var at = splat.Position;
        var source = Eval(splat.Source, scope);
        switch (source)
        {
            case ScalarValue { Kind: ScalarKind.Null }:
                return new ListValue([], at);
            case UnknownCollectionValue collection:
                return new ListValue([Eval(splat.Each, scope.WithSplat(collection.Representative))], at);
            case ListValue list:
                var items = new Value[list.Values.Count];
                for (var i = 0; i < items.Length; i++)
                {
                    items[i] = Eval(splat.Each, scope.WithSplat(list.Values[i]));
                }

                return new ListValue(items, at);
            case UnknownValue or TextValue or ReferenceValue or AlternativesValue:
                return TerraformValues.UnknownLike(source, at);
            default:
                return new ListValue([Eval(splat.Each, scope.WithSplat(source))], at);
        }
    }

    // ---- constructors ----

    private Value Object(HclObject obj, Scope scope)
    {
        var at = obj.Position;
        CheckSize(obj.Items.Count, at);
        var entries = new MapBuilder(obj.Items.Count);
        for (var i = 0; i < obj.Items.Count; i++)
        {
            var item = obj.Items[i];
            var key = item.Key is HclLiteral { Kind: HclLiteralKind.String } literal ? TerraformValues.String(literal.Text, literal.Position) : Eval(item.Key, scope);
            if (item.Key is HclParentheses { Inner: HclVariable bare } && !scope.TryName(bare.Name, out _))
            {
                key = Eval(item.Key, scope);
            }

            var text = TerraformValues.Text(key);
            if (text is null)
            {
                return key.IsKnown
                    ? new UnknownValue($"an object key must be a string, not `{key.Display()}`", UnknownKind.Invalid, item.Key.Position)
                    : new UnknownValue($"an object key is known only at apply: {TerraformValues.Reason(key)}", UnknownKind.DeployTime, item.Key.Position);
            }

            entries.Set(new MapEntry(text, key.Position, Eval(item.Value, scope)));
        }

        return new MapValue(entries.Entries, at);
    }

    private Value For(HclFor loop, Scope scope)
    {
        var at = loop.Position;
        var collection = Eval(loop.Collection, scope);
        List<(Value Key, Value Value)> elements;
        switch (collection)
        {
            case ListValue list:
                elements = new(list.Values.Count);
                for (var i = 0; i < list.Values.Count; i++)
                {
                    elements.Add((TerraformValues.Number(i, list.Values[i].Position), list.Values[i]));
                }

                break;
            case MapValue map:
                elements = new(map.Entries.Count);
                foreach (var entry in TerraformValues.ByKey(map))
                {
                    elements.Add((TerraformValues.String(entry.Key, entry.KeyPosition), entry.Value));
                }

                break;
            case ScalarValue { Kind: ScalarKind.Null }:
                return new UnknownValue("a for expression over null", UnknownKind.Invalid, at);
            case ScalarValue:
                return new UnknownValue($"a for expression needs a list, set, map or object, not `{collection.Display()}`", UnknownKind.Invalid, at);
            default:
                return new UnknownValue($"the collection of the for expression is known only at apply: {TerraformValues.Reason(collection)}", UnknownKind.DeployTime, at);
        }

        var listItems = loop.IsObject ? null : new List<Value>(elements.Count);
        var mapEntries = new MapBuilder(loop.IsObject ? elements.Count : 0);
        var groups = loop.Grouping ? new Dictionary<string, List<Value>>(StringComparer.Ordinal) : null;
        foreach (var (key, value) in elements)
        {
            var inner = loop.KeyVariable is null ? scope.With(loop.ValueVariable, value) : scope.With(loop.ValueVariable, value, loop.KeyVariable, key);

            Truth include = Truth.Known(true, at);
            if (loop.Condition is not null)
            {
                include = AsTruth(Eval(loop.Condition, inner), loop.Condition);
                if (include.IsFalse)
                {
                    continue;
                }
            }

            var result = Eval(loop.ValueExpression, inner);
            if (include.IsUnknown)
            {
                if (loop.IsObject)
                {
                    return new UnknownValue($"which items the for expression keeps is known only at apply: {include.Reason}", UnknownKind.DeployTime, at);
                }

                result = AlternativesValue.Create(
                    [new Alternative($"`{loop.Condition}` holds", result), new Alternative($"`{loop.Condition}` does not hold", new AbsentValue(result.Position, removed: true))],
                    loop.Condition!.ToString() ?? "",
                    include.Reason ?? "the filter is unknown",
                    result.Position);
            }

            if (listItems is not null)
            {
                listItems.Add(result);
                CheckSize(listItems.Count, at);
                continue;
            }

            var keyValue = Eval(loop.KeyExpression!, inner);
            var keyText = TerraformValues.Text(keyValue);
            if (keyText is null)
            {
                return new UnknownValue($"a key of the for expression is known only at apply: {TerraformValues.Reason(keyValue)}", keyValue.IsKnown ? UnknownKind.Invalid : UnknownKind.DeployTime, at);
            }

            if (groups is not null)
            {
                if (!groups.TryGetValue(keyText, out var group))
                {
                    groups[keyText] = group = [];
                    mapEntries.TryAdd(new MapEntry(keyText, keyValue.Position, result));
                }

                group.Add(result);
            }
            else if (!mapEntries.TryAdd(new MapEntry(keyText, keyValue.Position, result)))
            {
                return new UnknownValue($"the for expression gives key `{keyText}` twice (add '...' to group the values)", UnknownKind.Invalid, at);
            }

            CheckSize(mapEntries.Entries.Count, at);
        }

        if (listItems is not null)
        {
            return new ListValue(listItems, at);
        }

        return new MapValue(groups is null ? mapEntries.Entries : [.. mapEntries.Entries.Select(e => e with { Value = new ListValue(groups[e.Key], e.Value.Position) })], at);
    }

    // ---- templates ----

    private Value Template(IReadOnlyList<HclTemplatePart> parts, Scope scope, TextPosition at)
    {
        var pieces = new List<Value>();
        if (!AppendTemplate(parts, scope, pieces, at, out var invalid))
        {
            return invalid!;
        }

        return Concatenate(pieces, at);
    }

    /// <summary>Joins text pieces: one known string when every piece is known, else a <see cref="TextValue"/>.</summary>
    internal static Value Concatenate(List<Value> pieces, TextPosition at)
    {
        // Most templates are known text ("app-${var.env}"): one string, no builder.
        if (pieces.TrueForAll(static p => p is ScalarValue))
        {
            return pieces.Count switch
            {
                0 => TerraformValues.String("", at),
                1 => TerraformValues.String(((ScalarValue)pieces[0]).Text, at),
                2 => TerraformValues.String(((ScalarValue)pieces[0]).Text + ((ScalarValue)pieces[1]).Text, at),
                3 => TerraformValues.String(((ScalarValue)pieces[0]).Text + ((ScalarValue)pieces[1]).Text + ((ScalarValue)pieces[2]).Text, at),
                _ => TerraformValues.String(string.Concat(pieces.Select(static p => ((ScalarValue)p).Text)), at),
            };
        }

        var merged = new List<Value>();
        var text = new StringBuilder();
        foreach (var piece in pieces)
        {
            if (piece is ScalarValue s)
            {
                text.Append(s.Text);
                continue;
            }

            if (text.Length > 0)
            {
                merged.Add(TerraformValues.String(text.ToString(), at));
                text.Clear();
            }

            merged.Add(piece);
        }

        if (merged.Count == 0)
        {
            return TerraformValues.String(text.ToString(), at);
        }

        if (text.Length > 0)
        {
            merged.Add(TerraformValues.String(text.ToString(), at));
        }

        return new TextValue(merged, at);
    }

    private bool AppendTemplate(IReadOnlyList<HclTemplatePart> parts, Scope scope, List<Value> pieces, TextPosition at, out Value? invalid)
    {
        invalid = null;
        for (var p = 0; p < parts.Count; p++)
        {
            var part = parts[p];
            switch (part)
            {
                case HclTemplateText text:
                    pieces.Add(TerraformValues.String(text.Text, text.Position));
                    break;
                case HclInterpolation interpolation:
                {
                    var piece = AsTextPiece(Eval(interpolation.Expression, scope), interpolation.Position);
                    if (piece is UnknownValue { Kind: UnknownKind.Invalid })
                    {
                        invalid = piece;
                        return false;
                    }

                    pieces.Add(piece);
                    break;
                }

                case HclTemplateIf conditional:
                {
                    var truth = AsTruth(Eval(conditional.Condition, scope), conditional.Condition);
                    if (truth.IsUnknown)
                    {
                        pieces.Add(new UnknownValue($"a %{{if}} directive depends on `{conditional.Condition}`: {truth.Reason}", UnknownKind.DeployTime, conditional.Position));
                        break;
                    }

                    if (!AppendTemplate(truth.IsTrue ? conditional.Then : conditional.Else, scope, pieces, at, out invalid))
                    {
                        return false;
                    }

                    break;
                }

                case HclTemplateFor loop:
                {
                    var collection = Eval(loop.Collection, scope);
                    var elements = collection switch
                    {
                        ListValue list => list.Values.Select((v, i) => ((Value)TerraformValues.Number(i, v.Position), v)).ToList(),
                        MapValue map => TerraformValues.ByKey(map).Select(static e => ((Value)TerraformValues.String(e.Key, e.KeyPosition), e.Value)).ToList(),
                        _ => null,
                    };
                    if (elements is null)
                    {
                        pieces.Add(new UnknownValue($"a %{{for}} directive over `{loop.Collection}`: {TerraformValues.Reason(collection)}", collection.IsKnown ? UnknownKind.Invalid : UnknownKind.DeployTime, loop.Position));
                        break;
                    }

                    foreach (var (key, value) in elements)
                    {
                        var inner = scope.With(loop.ValueVariable, value);
                        if (loop.KeyVariable is not null)
                        {
                            inner = inner.With(loop.KeyVariable, key);
                        }

                        if (!AppendTemplate(loop.Body, inner, pieces, at, out invalid))
                        {
                            return false;
                        }

                        CheckSize(pieces.Count, at);
                    }

                    break;
                }
            }
        }

        return true;
    }

    /// <summary>A value as a piece of a string: known scalars as text, references and unknowns as they are.</summary>
    internal static Value AsTextPiece(Value value, TextPosition at)
    {
        switch (value)
        {
            case ScalarValue { Kind: ScalarKind.Null }:
                return new UnknownValue("a null value cannot be put in a string", UnknownKind.Invalid, at);
            case ScalarValue s:
                return TerraformValues.String(TerraformValues.Text(s) ?? "", s.Position);
            case JsonTextValue json when json.IsKnown:
                return TerraformValues.String(json.Text(), json.Position);
            case ReferenceValue or UnknownValue:
                return value;
            case ResourceObjectValue resource:
                return new ReferenceValue(resource.Address, null, resource.Type, at);
            case TextValue text:
                return text.Parts.Count == 1 ? text.Parts[0] : new UnknownValue(text.Reason, UnknownKind.DeployTime, at);
            case ListValue or MapValue:
                return value.IsKnown
                    ? new UnknownValue($"a {(value is ListValue ? "list" : "map")} cannot be put in a string", UnknownKind.Invalid, at)
                    : TerraformValues.UnknownLike(value, at);
            case AbsentValue:
                return new UnknownValue("a missing attribute cannot be put in a string", UnknownKind.Invalid, at);
            default:
                return TerraformValues.UnknownLike(value, at);
        }
    }

    // ---- operators ----

    /// <summary>A value as a condition: a known boolean (or the strings true/false), else unknown with the reason.</summary>
    internal static Truth AsTruth(Value value, HclExpression source)
    {
        var at = source.Position;
        switch (value)
        {
            case ScalarValue s when s.AsBool() is { } b:
                return Truth.Known(b, at);
            case AlternativesValue alternatives:
                return Truth.AcrossAlternatives([.. alternatives.Branches.Select(b => (b.When, AsTruth(b.Value, source)))], alternatives.Reason, at);
            case UnknownValue { Candidates.Count: > 0 } candidates:
                var answers = candidates.Candidates.Select(c => c.AsBool()).Distinct().ToList();
                return answers is [{ } only] ? Truth.Known(only, at) : Truth.Unknown(candidates.Reason, at);
            case ScalarValue:
            case ListValue or MapValue when value.IsKnown:
                return Truth.Unknown($"`{source}` is `{value.Display()}`, not a boolean", at);
            default:
                return Truth.Unknown(TerraformValues.Reason(value), at);
        }
    }

    private Value Conditional(HclConditional conditional, Scope scope)
    {
        var at = conditional.Position;
        var condition = Eval(conditional.Condition, scope);
        if (condition is AlternativesValue { Branches.Count: <= MaxBranches } alternatives
            && alternatives.Branches.All(b => b.Value is ScalarValue s && s.AsBool() is not null))
        {
            Value? whenTrue = null, whenFalse = null;
            return AlternativesValue.Create(
                [.. alternatives.Branches.Select(b => b with
                {
                    Value = ((ScalarValue)b.Value).AsBool() == true
                        ? whenTrue ??= Eval(conditional.TrueResult, scope)
                        : whenFalse ??= Eval(conditional.FalseResult, scope),
                })],
                alternatives.Condition,
                alternatives.Reason,
                at);
        }

        var truth = AsTruth(condition, conditional.Condition);
        if (truth.IsTrue)
        {
            return Eval(conditional.TrueResult, scope);
        }

        if (truth.IsFalse)
        {
            return Eval(conditional.FalseResult, scope);
        }

        var text = conditional.Condition.ToString() ?? "";
        return AlternativesValue.Create(
            [new Alternative($"`{text}` is true", Eval(conditional.TrueResult, scope)), new Alternative($"`{text}` is false", Eval(conditional.FalseResult, scope))],
            text,
            $"`{text}` is not known before apply ({truth.Reason})",
            at);
    }

    private Value Unary(HclUnary unary, Scope scope)
    {
        var at = unary.Position;
        var operand = Eval(unary.Operand, scope);
        return Lift(operand, at, v =>
        {
            if (unary.IsNot)
            {
                var truth = AsTruth(v, unary.Operand);
                return truth.IsUnknown ? Unknown(v, truth, at) : TerraformValues.Bool(!truth.IsTrue, at);
            }

            if (TerraformValues.TryNumber(v, out var number))
            {
                return TerraformValues.Number(-number, at);
            }

            return v.IsKnown ? new UnknownValue($"`-` needs a number, not `{v.Display()}`", UnknownKind.Invalid, at) : TerraformValues.UnknownLike(v, at);
        });
    }

    private Value Binary(HclBinary binary, Scope scope)
    {
        var at = binary.Position;
        var left = Eval(binary.Left, scope);
        if (binary.Operator is HclOperator.And or HclOperator.Or)
        {
            var l = AsTruth(left, binary.Left);
            var isAnd = binary.Operator == HclOperator.And;

            // false && x is false and true || x is true whatever x is.
            if (l.IsFalse && isAnd)
            {
                return TerraformValues.Bool(false, at);
            }

            if (l.IsTrue && !isAnd)
            {
                return TerraformValues.Bool(true, at);
            }

            var right = Eval(binary.Right, scope);
            var r = AsTruth(right, binary.Right);
            var result = isAnd ? l.And(r) : l.Or(r);
            return result.IsUnknown ? new UnknownValue(result.Reason ?? "unknown", UnknownKind.DeployTime, at) : TerraformValues.Bool(result.IsTrue, at);
        }

        var rightValue = Eval(binary.Right, scope);
        if (binary.Operator is HclOperator.Equal or HclOperator.NotEqual)
        {
            return Lift2(left, rightValue, at, (a, b) =>
            {
                var equal = TerraformValues.Equal(a, b, at);
                if (binary.Operator == HclOperator.NotEqual)
                {
                    equal = equal.Not();
                }

                return equal.IsUnknown ? new UnknownValue(equal.Reason ?? "unknown", UnknownKind.DeployTime, at) : TerraformValues.Bool(equal.IsTrue, at);
            });
        }

        return Lift2(left, rightValue, at, (a, b) => Arithmetic(binary.Operator, a, b, at));
    }

    private static Value Arithmetic(HclOperator op, Value a, Value b, TextPosition at)
    {
        if (!a.IsKnown || !b.IsKnown)
        {
            return TerraformValues.UnknownLike(a.IsKnown ? b : a, at);
        }

        if (!TerraformValues.TryNumber(a, out var x) || !TerraformValues.TryNumber(b, out var y))
        {
            return new UnknownValue($"`{OperatorText(op)}` needs numbers, not `{a.Display()}` and `{b.Display()}`", UnknownKind.Invalid, at);
        }

        try
        {
            return op switch
            {
                HclOperator.Add => TerraformValues.Number(x + y, at),
                HclOperator.Subtract => TerraformValues.Number(x - y, at),
                HclOperator.Multiply => TerraformValues.Number(x * y, at),
                HclOperator.Divide when y == 0 => new UnknownValue("division by zero", UnknownKind.Invalid, at),
                HclOperator.Divide => TerraformValues.Number(x / y, at),
                HclOperator.Modulo when y == 0 => new UnknownValue("modulo by zero", UnknownKind.Invalid, at),
                HclOperator.Modulo => TerraformValues.Number(x % y, at),
                HclOperator.Less => TerraformValues.Bool(x < y, at),
                HclOperator.LessOrEqual => TerraformValues.Bool(x <= y, at),
                HclOperator.Greater => TerraformValues.Bool(x > y, at),
                HclOperator.GreaterOrEqual => TerraformValues.Bool(x >= y, at),
                _ => new UnknownValue($"operator {op} is not evaluated", UnknownKind.Invalid, at),
            };
        }
        catch (OverflowException)
        {
            return new UnknownValue("the arithmetic overflows", UnknownKind.Invalid, at);
        }
    }

    private static string OperatorText(HclOperator op) => new HclBinary(op, new HclVariable("a", default), new HclVariable("b", default), default).Symbol;

    private static UnknownValue Unknown(Value value, Truth truth, TextPosition at) =>
        value is UnknownValue u ? new UnknownValue(u.Reason, u.Kind, at, u.Source, u.Candidates) : new UnknownValue(truth.Reason ?? TerraformValues.Reason(value), UnknownKind.DeployTime, at);

    /// <summary>Applies an operation per branch of alternatives (when there are few), else to the value itself.</summary>
    internal static Value Lift(Value value, TextPosition at, Func<Value, Value> operation) =>
        value is AlternativesValue alternatives
            ? alternatives.Branches.Count <= MaxBranches ? alternatives.Map(operation) : new UnknownValue(alternatives.Reason, UnknownKind.DeployTime, at)
            : operation(value);

    internal static Value Lift2(Value a, Value b, TextPosition at, Func<Value, Value, Value> operation)
    {
        if (a is AlternativesValue)
        {
            return Lift(a, at, x => b is AlternativesValue ? new UnknownValue(((AlternativesValue)a).Reason, UnknownKind.DeployTime, at) : operation(x, b));
        }

        return Lift(b, at, y => operation(a, y));
    }

    // ---- blocks ----

    /// <summary>
    /// A body as a map: arguments, then nested blocks by type (one block gives a map, several a list; <c>dynamic</c>
    /// blocks are expanded where their <c>for_each</c> is known). At the top level of a resource, meta-arguments
    /// (<c>count</c>, <c>for_each</c>, <c>provider</c>, <c>depends_on</c>) and <c>lifecycle</c>, <c>provisioner</c>,
    /// <c>connection</c> blocks are left out.
    /// </summary>
    internal Value Body(HclBody body, Scope scope, bool topLevel)
    {
        // Attributes first, then blocks, as Terraform evaluates them; the map has the attributes and one entry per block
        // type (at its first block) in document order. The parser keeps attributes and blocks each in document order, so
        // that order is a merge of the two lists; most bodies have no blocks, and their attribute list is the map.
        var attributes = body.Attributes;
        var at = body.Start.Line > 0 ? body.Start : default;
        var values = new List<MapEntry>(attributes.Count);
        for (var i = 0; i < attributes.Count; i++)
        {
            if (!(topLevel && attributes[i].Name is "count" or "for_each" or "provider" or "depends_on"))
            {
                values.Add(new MapEntry(attributes[i].Name, attributes[i].Position, Eval(attributes[i].Value, scope)));
            }
        }

        if (body.Blocks.Count == 0)
        {
            return new MapValue(values, at);
        }

        var groups = new BlockGroups();
        for (var b = 0; b < body.Blocks.Count; b++)
        {
            var block = body.Blocks[b];
            if (topLevel && block.Type is "lifecycle" or "provisioner" or "connection")
            {
                continue;
            }

            if (block.Type == "dynamic" && block.Labels.Count == 1)
            {
                groups.Items(block.Labels[0].Value, block.Position).AddRange(Dynamic(block, scope));
                continue;
            }

            groups.Items(block.Type, block.Position).Add(Body(block.Body, scope, topLevel: false) is MapValue map ? new MapValue(map.Entries, block.Position) : new MapValue([], block.Position));
        }

        var entries = new List<MapEntry>(values.Count + groups.Count);
        var next = 0;
        foreach (var value in values)
        {
            for (; next < groups.Count && Before(groups.Position(next), value.KeyPosition); next++)
            {
                entries.Add(groups.Entry(next));
            }

            entries.Add(value);
        }

        for (; next < groups.Count; next++)
        {
            entries.Add(groups.Entry(next));
        }

        return new MapValue(entries, at);

        static bool Before(TextPosition a, TextPosition b) => a.Line != b.Line ? a.Line < b.Line : a.Column < b.Column;
    }

    private List<Value> Dynamic(HclBlock block, Scope scope)
    {
        var name = block.Labels[0].Value;
        var iterator = block.Body.Attribute("iterator")?.Value is HclVariable v ? v.Name : name;
        var content = block.Body.BlocksOfType("content").FirstOrDefault();
        var forEach = block.Body.Attribute("for_each");
        if (content is null || forEach is null)
        {
            return [new UnknownValue($"dynamic block `{name}` needs for_each and content", UnknownKind.Invalid, block.Position)];
        }

        var collection = Eval(forEach.Value, scope);
        var elements = collection switch
        {
            ListValue list => list.Values.Select((item, i) => ((Value)TerraformValues.Number(i, item.Position), item)).ToList(),
            MapValue map => map.Entries.OrderBy(e => e.Key, StringComparer.Ordinal).Select(e => ((Value)TerraformValues.String(e.Key, e.KeyPosition), e.Value)).ToList(),
            ScalarValue { Kind: ScalarKind.Null } => [],
            _ => null,
        };
        if (elements is null)
        {
            return [new UnknownValue($"the `{name}` blocks depend on `for_each = {forEach.Value}`: {TerraformValues.Reason(collection)}", collection.IsKnown ? UnknownKind.Invalid : UnknownKind.DeployTime, block.Position)];
        }

        CheckSize(elements.Count, block.Position);
        var result = new List<Value>(elements.Count);
        foreach (var (key, value) in elements)
        {
            var item = new MapValue([new MapEntry("key", key.Position, key), new MapEntry("value", value.Position, value)], value.Position);
            var body = Body(content.Body, scope.With(iterator, item), topLevel: false);
            result.Add(body is MapValue map ? new MapValue(map.Entries, block.Position) : body);
        }

        return result;
    }
}

/// <summary>The blocks of one body grouped by type, in order of each type's first block.</summary>
internal sealed class BlockGroups
{
    private readonly List<(string Name, TextPosition Position, List<Value> Items)> _groups = [];

    // Bodies have a handful of block types, where a scan beats hashing; a map takes over for bodies that have many.
    private Dictionary<string, int>? _index;

    public int Count => _groups.Count;

    public TextPosition Position(int group) => _groups[group].Position;

    /// <summary>The items of a block type, created at the position of its first block.</summary>
    public List<Value> Items(string name, TextPosition position)
    {
        if (_index is not null)
        {
            if (_index.TryGetValue(name, out var found))
            {
                return _groups[found].Items;
            }
        }
        else
        {
            for (var i = 0; i < _groups.Count; i++)
            {
                if (_groups[i].Name == name)
                {
                    return _groups[i].Items;
                }
            }
        }

        var items = new List<Value>(1);
        _groups.Add((name, position, items));
        if (_index is not null)
        {
            _index[name] = _groups.Count - 1;
        }
        else if (_groups.Count > 8)
        {
            _index = new Dictionary<string, int>(StringComparer.Ordinal);
            for (var i = 0; i < _groups.Count; i++)
            {
                _index[_groups[i].Name] = i;
            }
        }

        return items;
    }

    /// <summary>A group as a map entry: one block is a map, several (or dynamic ones) a list.</summary>
    public MapEntry Entry(int group)
    {
        var (name, position, items) = _groups[group];
        return new MapEntry(name, position, items.Count == 1 && items[0] is MapValue ? items[0] : new ListValue(items, position));
    }
}
