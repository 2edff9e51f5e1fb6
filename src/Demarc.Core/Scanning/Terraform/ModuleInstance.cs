using System.Globalization;
using Demarc.Model;
using Demarc.Parsing;
using Demarc.Parsing.Hcl;
using Demarc.Scanning.Evaluation;

namespace Demarc.Scanning.Terraform;

/// <summary>
/// One instance of a module (the root, <c>module.db</c>, <c>module.db[0]</c>): its variables, locals, outputs,
/// resource groups and module calls, each evaluated lazily and once.
/// </summary>
internal sealed class ModuleInstance
{
    private readonly Dictionary<string, Cached> _variables = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Cached> _locals = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Cached> _outputs = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ResourceGroup> _resources = new(StringComparer.Ordinal);
    private readonly Dictionary<string, CallGroup> _calls = new(StringComparer.Ordinal);

    public ModuleInstance(TerraformMachine machine, TerraformModule config, string address, ModuleInstance? parent, TerraformModuleCall? call, Scope? callScope, Truth exists, string? existsNote, int depth)
    {
        Machine = machine;
        Config = config;
        Address = address;
        Parent = parent;
        Call = call;
        CallScope = callScope;
        Exists = exists;
        ExistsNote = existsNote;
        Depth = depth;
    }

    public TerraformMachine Machine { get; }

    public TerraformModule Config { get; }

    /// <summary><c>""</c> for the root, else <c>module.a</c>, <c>module.a[0].module.b</c>.</summary>
    public string Address { get; }

    public ModuleInstance? Parent { get; }

    public TerraformModuleCall? Call { get; }

    /// <summary>The caller's scope for this instance (with its <c>count.index</c> or <c>each</c>), where arguments are evaluated.</summary>
    public Scope? CallScope { get; }

    /// <summary>Whether this module instance is created (false for <c>count = 0</c>, unknown for an unknown count).</summary>
    public Truth Exists { get; }

    public string? ExistsNote { get; }

    public int Depth { get; }

    /// <summary>The address prefix of resources in this instance (<c>module.a.</c>), empty for the root.</summary>
    public string Prefix => Address.Length == 0 ? "" : Address + ".";

    /// <summary>A module instance with nothing declared, for evaluating variable files and <c>-var</c> values.</summary>
    public static ModuleInstance Detached(TerraformMachine machine) =>
        new(machine, TerraformModuleLoader.Build("", "", []), "", null, null, null, Truth.Known(true, default), null, 0);

    // ---- values ----

    public bool HasVariable(string name) => Config.VariableIndex.ContainsKey(name);

    public Value Variable(string name, Scope use, TextPosition at)
    {
        if (!Config.VariableIndex.TryGetValue(name, out var declaration))
        {
            Machine.Unresolved(use, at, $"variable `{name}` is not declared in {Display}");
            return new UnknownValue($"variable `{name}` is not declared", UnknownKind.Invalid, at, $"var.{name}");
        }

        if (!_variables.TryGetValue(name, out var cached))
        {
            _variables[name] = cached = new Cached();
        }

        var value = cached.State == 2 ? cached.Value! : ComputeVariable(cached, declaration, at);
        return Place(value, cached.File, use, at);
    }

    // The closures of the first evaluation live in their own methods: captured variables would otherwise cost an
    // allocation on every reference, cached or not.
    private Value ComputeVariable(Cached cached, TerraformVariable declaration, TextPosition at) =>
        Machine.Compute(cached, ("variable `", declaration.Name, "`"), at, () => ComputeVariable(declaration, at));

    private (Value, string) ComputeVariable(TerraformVariable declaration, TextPosition at)
    {
        var name = declaration.Name;
        Value? value = null;
        var file = declaration.File;
        if (Parent is null)
        {
            if (Machine.TryRootValue(name, out var given, out var givenFile))
            {
                value = given;
                file = givenFile;
            }
        }
        else if (Call!.Block.Body.Attribute(name) is { } argument)
        {
            value = Machine.Eval(argument.Value, CallScope!.InFile(Call.File));
            file = Call.File;
        }

        if (value is ScalarValue { Kind: ScalarKind.Null } && declaration.Block.Body.Attribute("nullable")?.Value is HclLiteral { Text: "false" })
        {
            value = null;
        }

        if (value is null && declaration.Default is { } defaultValue)
        {
            value = Machine.Eval(defaultValue, new Scope(this, declaration.File));
            file = declaration.File;
        }

        if (value is null)
        {
            var reason = Parent is null
                ? $"depends on variable `{name}`, which has no default and is not given (-var, -var-file, terraform.tfvars or *.auto.tfvars)"
                : $"depends on variable `{name}` of module `{Address}`, which has no default and is not set by the module call";
            return (new UnknownValue(reason, UnknownKind.Parameter, declaration.Position, $"var.{name}"), declaration.File);
        }

        return (TerraformTypes.Convert(value, declaration.Type, this), file);
    }

    public Value Local(string name, Scope use, TextPosition at)
    {
        if (!Config.LocalIndex.TryGetValue(name, out var declaration))
        {
            Machine.Unresolved(use, at, $"local value `{name}` is not declared in {Display}");
            return new UnknownValue($"local value `{name}` is not declared", UnknownKind.Invalid, at, $"local.{name}");
        }

        if (!_locals.TryGetValue(name, out var cached))
        {
            _locals[name] = cached = new Cached();
        }

        var value = cached.State == 2 ? cached.Value! : ComputeLocal(cached, declaration, at);
        return Place(value, cached.File, use, at);
    }

    private Value ComputeLocal(Cached cached, TerraformLocal declaration, TextPosition at) =>
        Machine.Compute(cached, ("local value `", declaration.Name, "`"), at, () => (Machine.Eval(declaration.Attribute.Value, new Scope(this, declaration.File)), declaration.File));

    public Value Output(string name, Scope use, TextPosition at)
    {
        if (!Config.OutputIndex.TryGetValue(name, out var declaration))
        {
            Machine.Unresolved(use, at, $"module `{Address}` has no output `{name}`");
            return new UnknownValue($"module `{Address}` has no output `{name}`", UnknownKind.Invalid, at);
        }

        if (!_outputs.TryGetValue(name, out var cached))
        {
            _outputs[name] = cached = new Cached();
        }

        var value = cached.State == 2 ? cached.Value! : ComputeOutput(cached, declaration, at);
        return Place(value, cached.File, use, at);
    }

    private Value ComputeOutput(Cached cached, TerraformOutput declaration, TextPosition at) =>
        Machine.Compute(cached, ("output `", declaration.Name, "` of " + Display), at, () => declaration.Value is null
            ? (new AbsentValue(declaration.Position), declaration.File)
            : (Machine.Eval(declaration.Value, new Scope(this, declaration.File)), declaration.File));

    /// <summary>The object of this instance as another module sees it (<c>module.x</c>): its outputs.</summary>
    public ModuleObjectValue Object(TextPosition at) =>
        new(Address, (name, position) => Output(name, new Scope(this, ""), position), at);

    // A value computed in another file is reported where it is used.
    private static Value Place(Value value, string file, Scope use, TextPosition at) =>
        file == use.File ? value : TerraformValues.Relocate(value, at);

    private string Display => Address.Length == 0 ? "the root module" : $"module `{Address}`";

    // ---- resources ----

    public ResourceGroup Resources(TerraformResourceBlock block)
    {
        if (!_resources.TryGetValue(block.LocalAddress, out var group))
        {
            _resources[block.LocalAddress] = group = new ResourceGroup(this, block);
        }

        return group;
    }

    public CallGroup Calls(TerraformModuleCall call)
    {
        if (!_calls.TryGetValue(call.Name, out var group))
        {
            _calls[call.Name] = group = new CallGroup(this, call);
        }

        return group;
    }

    /// <summary>The key of the call path of this instance, as <c>terraform init</c> names downloaded modules (<c>a.b</c>).</summary>
    public string CallPath(string name)
    {
        var names = new List<string> { name };
        for (var instance = this; instance?.Call is not null; instance = instance.Parent)
        {
            names.Insert(0, instance.Call.Name);
        }

        return string.Join('.', names);
    }
}

/// <summary>How many instances a <c>count</c> or <c>for_each</c> gives: their keys, or why that is unknown.</summary>
internal sealed record Expansion(IReadOnlyList<(string Suffix, Value? Index, Value? Key, Value? EachValue)> Instances, string? UnknownReason, string? EmptyNote, bool IsKeyed)
{
    public static Expansion Single { get; } = new([("", null, null, null)], null, null, false);

    /// <summary>Reads <c>count</c> or <c>for_each</c>.</summary>
    public static Expansion Of(TerraformMachine machine, HclExpression? count, HclExpression? forEach, Scope scope, string what)
    {
        if (count is not null)
        {
            var value = machine.Eval(count, scope);
            if (value is ScalarValue { Kind: not ScalarKind.Null } && TerraformValues.TryNumber(value, out var number))
            {
                if (number < 0 || number != decimal.Truncate(number))
                {
                    return new([], $"count = {TerraformValues.FormatNumber(number)} is not a whole number of at least 0", null, false);
                }

                if (number == 0)
                {
                    return new([], null, "count is 0", false);
                }

                if (number > 100_000)
                {
                    throw new EvaluationLimitException($"count = {TerraformValues.FormatNumber(number)} for {what}");
                }

                var n = (int)number;
                machine.CountInstances(n);
                var instances = new (string, Value?, Value?, Value?)[n];
                for (var i = 0; i < n; i++)
                {
                    instances[i] = ($"[{i.ToString(CultureInfo.InvariantCulture)}]", TerraformValues.Number(i, count.Position), null, null);
                }

                return new(instances, null, null, false);
            }

            return new([], $"the number of instances depends on `count = {count}`: {TerraformValues.Reason(value)}", null, false);
        }

        if (forEach is not null)
        {
            var value = machine.Eval(forEach, scope);
            var pairs = new List<(string Key, Value Value)>();
            switch (value)
            {
                case MapValue map when map.Entries.All(e => e.Value is not AlternativesValue):
                    pairs.AddRange(map.Entries.Select(e => (e.Key, e.Value)));
                    break;
                case ListValue list when list.Values.All(v => v is ScalarValue { Kind: ScalarKind.String or ScalarKind.Number }):
                    pairs.AddRange(list.Values.Select(v => (TerraformValues.Text(v)!, v)));
                    break;
                case ListValue or MapValue:
                    return new([], $"the instances depend on `for_each = {forEach}`: {TerraformValues.Reason(value)}", null, true);
                case ScalarValue { Kind: ScalarKind.Null }:
                    return new([], "for_each is null", null, true);
                case ScalarValue:
                    return new([], $"for_each must be a map or a set of strings, not `{value.Display()}`", null, true);
                default:
                    return new([], $"the instances depend on `for_each = {forEach}`: {TerraformValues.Reason(value)}", null, true);
            }

            if (pairs.Count == 0)
            {
                return new([], null, "for_each is empty", true);
            }

            machine.CountInstances(pairs.Count);
            var ordered = pairs.DistinctBy(p => p.Key, StringComparer.Ordinal).OrderBy(p => p.Key, StringComparer.Ordinal).ToList();
            return new([.. ordered.Select(p => ($"[{JsonString(p.Key)}]", (Value?)null, (Value?)TerraformValues.String(p.Key, forEach.Position), (Value?)p.Value))], null, null, true);
        }

        return Single;
    }

    private static string JsonString(string text) => System.Text.Json.JsonSerializer.Serialize(text, TerraformJsonContext.Default.String);
}

[System.Text.Json.Serialization.JsonSerializable(typeof(string))]
internal sealed partial class TerraformJsonContext : System.Text.Json.Serialization.JsonSerializerContext;

/// <summary>The instances of one <c>resource</c> or <c>data</c> block in one module instance.</summary>
internal sealed class ResourceGroup
{
    private readonly ModuleInstance _module;
    private List<ResourceState>? _instances;
    private Expansion? _expansion;

    public ResourceGroup(ModuleInstance module, TerraformResourceBlock block)
    {
        _module = module;
        Block = block;
    }

    public TerraformResourceBlock Block { get; }

    public string BaseAddress => _module.Prefix + Block.LocalAddress;

    public IReadOnlyList<ResourceState> Instances
    {
        get
        {
            if (_instances is null)
            {
                Expand();
            }

            return _instances!;
        }
    }

    private void Expand()
    {
        var scope = new Scope(_module, Block.File, self: Block);
        Expansion expansion;
        try
        {
            expansion = Expansion.Of(_module.Machine, Block.Count, Block.ForEach, scope, BaseAddress);
        }
        catch (EvaluationLimitException ex)
        {
            _module.Machine.Report(new SourceLocation(Block.File, Block.Position.Line, Block.Position.Column), DiagnosticSeverity.Warning, TerraformRules.EvaluationLimit,
                $"{BaseAddress}: {ex.Message}; it is listed once, with unknown instances");
            expansion = new([], ex.Message, null, Block.ForEach is not null);
        }

        _expansion = expansion;
        var exists = _module.Exists;
        var instances = new List<ResourceState>();
        if (expansion.UnknownReason is { } reason)
        {
            var index = new UnknownValue($"count.index: {reason}", UnknownKind.DeployTime, Block.Position);
            var key = new UnknownValue($"each.key: {reason}", UnknownKind.DeployTime, Block.Position);
            var value = new UnknownValue($"each.value: {reason}", UnknownKind.DeployTime, Block.Position);
            var truth = exists.IsFalse ? exists : Truth.Unknown(reason, Block.Position);
            instances.Add(new ResourceState(_module, Block, BaseAddress, Block.Count is null ? null : index, Block.ForEach is null ? null : key, Block.ForEach is null ? null : value, truth, reason, representative: true));
        }
        else if (expansion.EmptyNote is { } note)
        {
            instances.Add(new ResourceState(_module, Block, BaseAddress, null, null, null, Truth.Known(false, Block.Position), note, representative: true));
        }
        else
        {
            for (var i = 0; i < expansion.Instances.Count; i++)
            {
                var (suffix, index, key, value) = expansion.Instances[i];
                instances.Add(new ResourceState(_module, Block, BaseAddress + suffix, index, key, value, exists, _module.ExistsNote, representative: false));
            }
        }

        _instances = instances;
    }

    /// <summary>The group as a value: one instance object, a list (count), a map (for_each), or unknown instances.</summary>
    public Value Value(TextPosition at)
    {
        var instances = Instances;
        var expansion = _expansion!;
        if (expansion.UnknownReason is { } reason)
        {
            return new UnknownCollectionValue(instances[0].Object(at), $"the instances of `{BaseAddress}` are known only at apply: {reason}", at);
        }

        if (expansion.EmptyNote is not null)
        {
            return Block.Count is not null ? new ListValue([], at) : Block.ForEach is not null ? new MapValue([], at) : new UnknownValue("not created", UnknownKind.DeployTime, at);
        }

        if (Block.Count is not null)
        {
            return new ListValue([.. instances.Select(i => (Value)i.Object(at))], at);
        }

        if (Block.ForEach is not null)
        {
            return new MapValue([.. instances.Select(i => new MapEntry(TerraformValues.Text(i.Key!)!, at, i.Object(at)))], at);
        }

        return instances[0].Object(at);
    }
}

/// <summary>One resource or data source instance: its address, <c>count.index</c>/<c>each</c>, and its properties, evaluated once.</summary>
internal sealed class ResourceState
{
    private readonly ModuleInstance _module;
    private readonly Cached _properties = new();
    private readonly Value? _index;
    private readonly Value? _eachValue;

    public ResourceState(ModuleInstance module, TerraformResourceBlock block, string address, Value? index, Value? key, Value? eachValue, Truth exists, string? existsNote, bool representative)
    {
        _module = module;
        Block = block;
        Address = address;
        _index = index;
        Key = key;
        _eachValue = eachValue;
        Exists = exists;
        ExistsNote = existsNote;
        IsRepresentative = representative;
    }

    public TerraformResourceBlock Block { get; }

    public string Address { get; }

    public Value? Key { get; }

    public Truth Exists { get; }

    public string? ExistsNote { get; }

    public bool IsRepresentative { get; }

    public Scope Scope
    {
        get
        {
            var scope = new Scope(_module, Block.File, self: Block);
            if (_index is not null)
            {
                scope = scope.With("count.index", _index);
            }

            if (Key is not null)
            {
                scope = scope.With("each.key", Key).With("each.value", _eachValue!);
            }

            return scope;
        }
    }

    /// <summary>The evaluated body (arguments and nested blocks, without meta-arguments), before finalisation.</summary>
    public Value Properties() => _properties.State == 2
        ? _properties.Value!
        : _module.Machine.Compute(_properties, ("`", Address, "`"), Block.Position, () => (_module.Machine.Body(Block.Block.Body, Scope, topLevel: true), Block.File));

    /// <summary>The instance as a value: attributes are configured arguments where set, otherwise known only after apply.</summary>
    public ResourceObjectValue Object(TextPosition at) => new(Address, Block.Type, Attribute, at);

    private Value Attribute(string name, TextPosition at)
    {
        var machine = _module.Machine;
        if (Block.IsData)
        {
            return machine.DataAttribute(this, name, at);
        }

        if (name is "id" or "arn" || _properties.State == 1)
        {
            return new ReferenceValue(Address, name, Block.Type, at);
        }

        var configured = Properties().Get(name);
        if (configured is AbsentValue or ScalarValue { Kind: ScalarKind.Null } || (configured is UnknownValue { Kind: UnknownKind.Invalid } invalid && invalid.Reason.Contains("refers to itself", StringComparison.Ordinal)))
        {
            return new ReferenceValue(Address, name, Block.Type, at);
        }

        return TerraformValues.Relocate(configured, at);
    }
}

/// <summary>The instances of one module call in one module instance.</summary>
internal sealed class CallGroup
{
    private readonly ModuleInstance _parent;
    private List<ModuleInstance>? _instances;
    private Expansion? _expansion;
    private TerraformModule? _module;
    private string? _notRead;

    public CallGroup(ModuleInstance parent, TerraformModuleCall call)
    {
        _parent = parent;
        Call = call;
    }

    public TerraformModuleCall Call { get; }

    public string BaseAddress => _parent.Prefix + "module." + Call.Name;

    public IReadOnlyList<ModuleInstance> Instances
    {
        get
        {
            if (_instances is null)
            {
                Expand();
            }

            return _instances!;
        }
    }

    private void Expand()
    {
        var machine = _parent.Machine;
        var (module, status, reason) = machine.LoadModule(_parent, Call, _parent.CallPath(Call.Name));
        _module = module;
        _notRead = reason;
        machine.RecordModule(new TerraformModuleUse(BaseAddress, Call.Source, Call.Version, status, reason, Call.Location, module?.DisplayName));
        var scope = new Scope(_parent, Call.File);
        Expansion expansion;
        try
        {
            expansion = Expansion.Of(machine, Call.Count, Call.ForEach, scope, BaseAddress);
        }
        catch (EvaluationLimitException ex)
        {
            expansion = new([], ex.Message, null, Call.ForEach is not null);
        }

        _expansion = expansion;
        _instances = [];
        if (module is null)
        {
            return;
        }

        if (expansion.UnknownReason is { } unknown)
        {
            var callScope = scope;
            if (Call.Count is not null)
            {
                callScope = callScope.With("count.index", new UnknownValue($"count.index: {unknown}", UnknownKind.DeployTime, Call.Position));
            }

            if (Call.ForEach is not null)
            {
                callScope = callScope.With("each.key", new UnknownValue($"each.key: {unknown}", UnknownKind.DeployTime, Call.Position))
                    .With("each.value", new UnknownValue($"each.value: {unknown}", UnknownKind.DeployTime, Call.Position));
            }

            var exists = _parent.Exists.IsFalse ? _parent.Exists : Truth.Unknown(unknown, Call.Position);
            _instances.Add(new ModuleInstance(machine, module, BaseAddress, _parent, Call, callScope, exists, unknown, _parent.Depth + 1));
        }
        else if (expansion.EmptyNote is { } note)
        {
            _instances.Add(new ModuleInstance(machine, module, BaseAddress, _parent, Call, scope, Truth.Known(false, Call.Position), $"module {note}", _parent.Depth + 1));
        }
        else
        {
            foreach (var (suffix, index, key, value) in expansion.Instances)
            {
                var callScope = scope;
                if (index is not null)
                {
                    callScope = callScope.With("count.index", index);
                }

                if (key is not null)
                {
                    callScope = callScope.With("each.key", key).With("each.value", value!);
                }

                _instances.Add(new ModuleInstance(machine, module, BaseAddress + suffix, _parent, Call, callScope, _parent.Exists, _parent.ExistsNote, _parent.Depth + 1));
            }
        }
    }

    /// <summary>The call as a value: a module object, a list (count), a map (for_each), or unknown instances.</summary>
    public Value Value(TextPosition at)
    {
        var instances = Instances;
        if (_module is null)
        {
            var unread = new ModuleObjectValue(BaseAddress, (name, position) =>
                new UnknownValue($"output `{name}` of module `{BaseAddress}`, which is not read ({_notRead})", UnknownKind.DeployTime, position, $"module.{Call.Name}.{name}"), at);
            return Call.Count is null && Call.ForEach is null ? unread : new UnknownCollectionValue(unread, $"module `{BaseAddress}` is not read: {_notRead}", at);
        }

        var expansion = _expansion!;
        if (expansion.UnknownReason is { } unknown)
        {
            return new UnknownCollectionValue(instances[0].Object(at), $"the instances of `{BaseAddress}` are known only at apply: {unknown}", at);
        }

        if (expansion.EmptyNote is not null)
        {
            return Call.Count is not null ? new ListValue([], at) : new MapValue([], at);
        }

        if (Call.Count is not null)
        {
            return new ListValue([.. instances.Select(i => (Value)i.Object(at))], at);
        }

        if (Call.ForEach is not null)
        {
            return new MapValue([.. instances.Zip(expansion.Instances).Select(p => new MapEntry(TerraformValues.Text(p.Second.Key!)!, at, p.First.Object(at)))], at);
        }

        return instances[0].Object(at);
    }
}
