using Demarc.Parsing.Hcl;
using Demarc.Scanning.Evaluation;

namespace Demarc.Scanning.Terraform;

/// <summary>
/// Variable type constraints, applied as far as they change what a check sees: strings that a <c>number</c> or
/// <c>bool</c> variable turns into numbers and booleans, and the defaults of <c>optional(type, default)</c> object
/// attributes (Terraform 1.3+), through lists, sets, maps and objects.
/// </summary>
internal static class TerraformTypes
{
    public static Value Convert(Value value, HclExpression? type, ModuleInstance module)
    {
        if (type is null || !value.IsKnown && value is not MapValue and not ListValue)
        {
            return value;
        }

        switch (type)
        {
            case HclVariable { Name: "number" } or HclLiteral { Text: "number" }:
                return value is ScalarValue { Kind: ScalarKind.String } s && TerraformValues.TryNumber(s, out var n) ? TerraformValues.Number(n, s.Position) : value;
            case HclVariable { Name: "bool" } or HclLiteral { Text: "bool" }:
                return value is ScalarValue { Kind: ScalarKind.String } b && b.AsBool() is { } flag ? TerraformValues.Bool(flag, b.Position) : value;
            case HclVariable { Name: "string" } or HclLiteral { Text: "string" }:
                return value is ScalarValue { Kind: ScalarKind.Number or ScalarKind.Boolean } p ? TerraformValues.String(TerraformValues.Text(p) ?? p.Text, p.Position) : value;
            case HclFunctionCall { Name: "list" or "set", Arguments: [var element] } call when value is ListValue list:
            {
                var items = list.Values.Select(v => Convert(v, element, module)).ToList();
                if (call.Name == "set" && items.TrueForAll(i => i.IsKnown))
                {
                    items = [.. items.DistinctBy(i => TerraformValues.ToJson(i), StringComparer.Ordinal)];
                }

                return new ListValue(items, list.Position);
            }

            case HclFunctionCall { Name: "map", Arguments: [var element] } when value is MapValue map:
                return new MapValue([.. map.Entries.Select(e => e with { Value = Convert(e.Value, element, module) })], map.Position);
            case HclFunctionCall { Name: "object", Arguments: [HclObject attributes] } when value is MapValue map:
                return Object(map, attributes, module);
            case HclFunctionCall { Name: "tuple", Arguments: [HclTuple elements] } when value is ListValue list:
                return new ListValue([.. list.Values.Select((v, i) => i < elements.Items.Count ? Convert(v, elements.Items[i], module) : v)], list.Position);
            default:
                return value;
        }
    }

    private static MapValue Object(MapValue map, HclObject attributes, ModuleInstance module)
    {
        var entries = new List<MapEntry>(map.Entries);
        foreach (var attribute in attributes.Items)
        {
            if (attribute.Key is not HclLiteral { Kind: HclLiteralKind.String } key)
            {
                continue;
            }

            var attributeType = attribute.Value;
            HclExpression? defaultValue = null;
            var optional = false;
            if (attributeType is HclFunctionCall { Name: "optional", Arguments.Count: >= 1 } call)
            {
                optional = true;
                attributeType = call.Arguments[0];
                defaultValue = call.Arguments.Count > 1 ? call.Arguments[1] : null;
            }

            var index = entries.FindIndex(e => e.Key == key.Text);
            if (index >= 0)
            {
                var current = entries[index].Value;
                if (current is ScalarValue { Kind: ScalarKind.Null } && defaultValue is not null)
                {
                    current = Default(defaultValue, module, map);
                }

                entries[index] = entries[index] with { Value = Convert(current, attributeType, module) };
            }
            else if (optional)
            {
                var added = defaultValue is null ? TerraformValues.Null(map.Position) : Default(defaultValue, module, map);
                entries.Add(new MapEntry(key.Text, map.Position, Convert(added, attributeType, module)));
            }
        }

        return new MapValue(entries, map.Position);
    }

    // Defaults of optional attributes are constant expressions.
    private static Value Default(HclExpression expression, ModuleInstance module, MapValue at) =>
        TerraformValues.Relocate(module.Machine.Eval(expression, new Scope(ModuleInstance.Detached(module.Machine), "")), at.Position);
}
