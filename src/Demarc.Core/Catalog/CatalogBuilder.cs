using Demarc.Model;
using Demarc.Parsing;

namespace Demarc.Catalog;

public static partial class CatalogLoader
{
    /// <summary>Turns catalog documents into model records, in dependency order (sources, domains, models, …, services, patches).</summary>
    private sealed class Builder(List<CatalogDiagnostic> diagnostics)
    {
        private const string ServicePlaceholder = "{service}";
        private readonly Dictionary<string, Source> _sources = new(StringComparer.Ordinal);
        private readonly List<Domain> _domains = [];
        private readonly Dictionary<string, Domain> _domainById = new(StringComparer.Ordinal);
        private readonly Dictionary<string, ServiceModel> _models = new(StringComparer.Ordinal);
        private readonly List<ControlCategory> _categories = [];
        private readonly List<CoreModelRow> _coreRows = [];
        private readonly List<Service> _services = [];
        private readonly Dictionary<string, int> _serviceIndex = new(StringComparer.Ordinal);

        public void Add(string kind, YamlMap map, bool isOverlay)
        {
            switch (kind)
            {
                case "sources":
                    foreach (var item in map.Maps("sources", required: true))
                    {
                        AddSource(item);
                    }

                    break;
                case "domains":
                    foreach (var item in map.Maps("domains", required: true))
                    {
                        AddDomain(item);
                    }

                    break;
                case "models":
                    foreach (var item in map.Maps("models", required: true))
                    {
                        AddModel(item);
                    }

                    break;
                case "control-categories":
                    foreach (var item in map.Maps("categories", required: true))
                    {
                        AddCategory(item);
                    }

                    break;
                case "core-model":
                    foreach (var item in map.Maps("rows", required: true))
                    {
                        AddCoreRow(item);
                    }

                    break;
                case "service":
                    AddService(map);
                    break;
                case "service-patch":
                    ApplyPatch(map);
                    break;
            }

            _ = isOverlay;
            map.Finish();
        }

        public ResponsibilityCatalog? Build()
        {
            if (_domains.Count == 0)
            {
                diagnostics.Add(new(SourceLocation.None, CatalogRules.Schema, "the catalog defines no domains"));
                return null;
            }

            if (_models.Count == 0)
            {
                diagnostics.Add(new(SourceLocation.None, CatalogRules.Schema, "the catalog defines no service models"));
                return null;
            }

            return new ResponsibilityCatalog(_domains, [.. _models.Values.OrderBy(m => m.Rank)], _services, _categories, _coreRows, _sources);
        }

        private static bool CheckId(YamlMap map, string? id, string what)
        {
            if (id is null)
            {
                return false;
            }

            if (!IdPattern().IsMatch(id))
            {
                map.Error(map.Get("id")!, CatalogRules.InvalidValue, $"{what} id '{id}' must be lower case letters, digits and underscores, starting with a letter");
                return false;
            }

            return true;
        }

        private List<string> SourceIds(YamlMap map, string key = "sources")
        {
            var ids = new List<string>();
            foreach (var (id, node) in map.Strings(key))
            {
                if (_sources.ContainsKey(id))
                {
                    ids.Add(id);
                }
                else
                {
                    map.Error(node, CatalogRules.UnknownId, $"unknown source '{id}'{Suggest(id, _sources.Keys)}");
                }
            }

            return ids;
        }

        private List<string> DomainIds(YamlMap map, string key)
        {
            var ids = new List<string>();
            foreach (var (id, node) in map.Strings(key))
            {
                if (_domainById.ContainsKey(id))
                {
                    ids.Add(id);
                }
                else
                {
                    map.Error(node, CatalogRules.UnknownId, $"unknown domain '{id}'{Suggest(id, _domainById.Keys)}");
                }
            }

            return ids;
        }

        private static string Suggest(string id, IEnumerable<string> known)
        {
            var best = known
                .Select(k => (Key: k, Distance: Text.EditDistance.Compute(id, k)))
                .Where(k => k.Distance <= Text.EditDistance.Tolerance(id.Length))
                .OrderBy(k => k.Distance)
                .ThenBy(k => k.Key, StringComparer.Ordinal)
                .FirstOrDefault();
            return best.Key is null ? "" : $" (did you mean '{best.Key}'?)";
        }

        private void AddSource(YamlMap map)
        {
            var id = map.String("id", required: true);
            var title = map.String("title", required: true);
            var url = map.String("url");
            map.Finish();
            if (!CheckId(map, id?.Replace('-', '_'), "source") || title is null)
            {
                return;
            }

            if (url is not null && !(Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "https" or "http"))
            {
                map.Error(map.Get("url")!, CatalogRules.InvalidValue, $"'{url}' is not an http(s) URL");
            }

            if (!_sources.TryAdd(id!, new Source(id!, title, url ?? "", map.Location)))
            {
                map.Error(map.Get("id")!, CatalogRules.DuplicateId, $"source '{id}' is defined twice (first at {_sources[id!].Location})");
            }
        }

        private void AddDomain(YamlMap map)
        {
            var id = map.String("id", required: true);
            var name = map.String("name", required: true);
            var layerText = map.String("layer", required: true);
            var group = map.String("group", required: true);
            var description = map.String("description", required: true);
            var invariantText = map.String("invariant");
            var defaultOwnerText = map.String("default_owner");
            var synonyms = map.Strings("synonyms").Select(s => s.Value).ToList();
            var textsMap = map.Map("texts", required: true);
            map.Finish();

            Layer layer = Layer.InTheCloud;
            if (layerText is not null)
            {
                if (layerText is "of")
                {
                    layer = Layer.OfTheCloud;
                }
                else if (layerText is not "in")
                {
                    map.Error(map.Get("layer")!, CatalogRules.InvalidValue, $"layer '{layerText}' must be 'of' (security of the cloud) or 'in' (security in the cloud)");
                }
            }

            var invariant = invariantText switch
            {
                null or "none" => layer == Layer.OfTheCloud ? DomainInvariant.AlwaysAws : DomainInvariant.None,
                "always-aws" => DomainInvariant.AlwaysAws,
                "never-aws" => DomainInvariant.NeverAws,
                _ => Invalid(map, "invariant", $"invariant '{invariantText}' must be none, always-aws or never-aws", DomainInvariant.None),
            };
            if (layer == Layer.OfTheCloud && invariant != DomainInvariant.AlwaysAws)
            {
                map.Error(map.Get("invariant")!, CatalogRules.OfTheCloudNotAws, $"domain '{id}' is of the cloud, so it is always AWS's; its invariant cannot be '{invariantText}'");
            }

            var defaultOwner = invariant == DomainInvariant.AlwaysAws ? Owner.Aws : Owner.Customer;
            if (defaultOwnerText is not null && !OwnerNames.TryParse(defaultOwnerText, out defaultOwner))
            {
                map.Error(map.Get("default_owner")!, CatalogRules.InvalidValue, $"owner '{defaultOwnerText}' must be AWS, Customer, Shared or N/A");
            }

            var texts = new Dictionary<Owner, Parts>();
            if (textsMap is not null)
            {
                foreach (var entry in textsMap.Node.Entries)
                {
                    textsMap.Get(entry.Key.Value);
                    if (!OwnerNames.TryParse(entry.Key.Value, out var owner))
                    {
                        textsMap.Error(entry.Key, CatalogRules.InvalidValue, $"texts are keyed by owner (AWS, Shared, Customer, N/A), not '{entry.Key.Value}'");
                        continue;
                    }

                    var parts = YamlMap.From(entry.Value, map.File, diagnostics, $"texts for {entry.Key.Value}");
                    if (parts is null)
                    {
                        continue;
                    }

                    var aws = parts.String("aws", required: true);
                    var customer = parts.String("customer", required: true);
                    parts.Finish();
                    if (aws is not null && customer is not null)
                    {
                        texts[owner] = new Parts(aws, customer);
                    }
                }

                textsMap.Finish();
            }

            if (!CheckId(map, id, "domain") || name is null || group is null || description is null)
            {
                return;
            }

            var domain = new Domain(id!, name, layer, group, description, invariant, defaultOwner, synonyms, texts, map.Location);
            if (_domainById.TryAdd(domain.Id, domain))
            {
                _domains.Add(domain);
            }
            else
            {
                map.Error(map.Get("id")!, CatalogRules.DuplicateId, $"domain '{id}' is defined twice (first at {_domainById[domain.Id].Location})");
            }
        }

        private static T Invalid<T>(YamlMap map, string key, string message, T fallback)
        {
            map.Error(map.Get(key) ?? map.Node, CatalogRules.InvalidValue, message);
            return fallback;
        }

        private void AddModel(YamlMap map)
        {
            var id = map.String("id", required: true);
            var name = map.String("name", required: true);
            var rankText = map.String("rank", required: true);
            var description = map.String("description", required: true);
            var awsCategory = map.String("aws_category", required: true);
            var defaultsMap = map.Map("defaults", required: true);
            var sources = SourceIds(map);
            map.Finish();

            var defaults = new Dictionary<string, Owner>(StringComparer.Ordinal);
            if (defaultsMap is not null)
            {
                foreach (var entry in defaultsMap.Node.Entries)
                {
                    defaultsMap.Get(entry.Key.Value);
                    if (!_domainById.ContainsKey(entry.Key.Value))
                    {
                        defaultsMap.Error(entry.Key, CatalogRules.UnknownId, $"unknown domain '{entry.Key.Value}'{Suggest(entry.Key.Value, _domainById.Keys)}");
                    }
                    else if (entry.Value is not ScalarNode scalar || !OwnerNames.TryParse(scalar.Value, out var owner))
                    {
                        defaultsMap.Error(entry.Value, CatalogRules.InvalidValue, "a default owner must be AWS, Customer, Shared or N/A");
                    }
                    else
                    {
                        defaults[entry.Key.Value] = owner;
                    }
                }
            }

            if (!int.TryParse(rankText, out var rank) && rankText is not null)
            {
                map.Error(map.Get("rank")!, CatalogRules.InvalidValue, $"rank '{rankText}' must be a whole number");
            }

            if (!CheckId(map, id, "model") || name is null || description is null || awsCategory is null)
            {
                return;
            }

            if (!_models.TryAdd(id!, new ServiceModel(id!, name, rank, description, awsCategory, defaults, sources, map.Location)))
            {
                map.Error(map.Get("id")!, CatalogRules.DuplicateId, $"model '{id}' is defined twice");
            }
        }

        private void AddCategory(YamlMap map)
        {
            var id = map.String("id", required: true);
            var name = map.String("name", required: true);
            var description = map.String("description", required: true);
            var ownerText = map.String("owner", required: true);
            var synonyms = map.Strings("synonyms").Select(s => s.Value).ToList();
            var sources = SourceIds(map);
            var controls = new List<Control>();
            foreach (var item in map.Maps("controls", required: true))
            {
                var controlId = item.String("id", required: true);
                var controlName = item.String("name", required: true);
                var controlDescription = item.String("description", required: true);
                var aws = item.String("aws", required: true);
                var customer = item.String("customer", required: true);
                var domains = DomainIds(item, "domains");
                var controlSynonyms = item.Strings("synonyms").Select(s => s.Value).ToList();
                var controlSources = SourceIds(item);
                item.Finish();
                if (CheckId(item, controlId, "control") && controlName is not null && controlDescription is not null && aws is not null && customer is not null)
                {
                    controls.Add(new Control(controlId!, controlName, controlDescription, new Parts(aws, customer), domains, controlSynonyms, controlSources));
                }
            }

            map.Finish();
            var owner = Owner.Shared;
            if (ownerText is not null && !OwnerNames.TryParse(ownerText, out owner))
            {
                map.Error(map.Get("owner")!, CatalogRules.InvalidValue, $"owner '{ownerText}' must be AWS, Customer, Shared or N/A");
            }

            if (!CheckId(map, id, "control category") || name is null || description is null)
            {
                return;
            }

            if (_categories.Any(c => c.Id == id))
            {
                map.Error(map.Get("id")!, CatalogRules.DuplicateId, $"control category '{id}' is defined twice");
                return;
            }

            _categories.Add(new ControlCategory(id!, name, description, owner, controls, synonyms, sources, map.Location));
        }

        private void AddCoreRow(YamlMap map)
        {
            var id = map.String("id", required: true);
            var name = map.String("name", required: true);
            var domains = DomainIds(map, "domains");
            var aws = map.String("aws", required: true);
            var customer = map.String("customer", required: true);
            map.Finish();
            if (CheckId(map, id, "core row") && name is not null && aws is not null && customer is not null)
            {
                _coreRows.Add(new CoreModelRow(id!, name, domains, new Parts(aws, customer), map.Location));
            }
        }

        private static (string? Id, string? Name) ReadIdentity(YamlMap map, string what)
        {
            var id = map.String("id", required: true);
            var name = map.String("name", required: true);
            return CheckId(map, id, what) ? (id, name) : (null, name);
        }

        private static ResourceTypes ReadResourceTypes(YamlMap map)
        {
            var typesMap = map.Map("resource_types");
            if (typesMap is null)
            {
                return ResourceTypes.Empty;
            }

            var cloudFormation = typesMap.Strings("cloudformation");
            var terraform = typesMap.Strings("terraform");
            typesMap.Finish();
            foreach (var (type, node) in cloudFormation)
            {
                if (type.Split("::").Length != 3)
                {
                    typesMap.Error(node, CatalogRules.InvalidValue, $"'{type}' is not a CloudFormation resource type (Vendor::Service::Resource)");
                }
            }

            foreach (var (type, node) in terraform)
            {
                if (!type.StartsWith("aws_", StringComparison.Ordinal))
                {
                    typesMap.Error(node, CatalogRules.InvalidValue, $"'{type}' is not a Terraform AWS resource type (aws_…)");
                }
            }

            return new ResourceTypes([.. cloudFormation.Select(t => t.Value)], [.. terraform.Select(t => t.Value)]);
        }

        private void AddService(YamlMap map)
        {
            var (id, name) = ReadIdentity(map, "service");
            var aliases = map.Strings("aliases").Select(a => a.Value).ToList();
            var modelId = map.String("model", required: true);
            var category = map.String("category", required: true);
            var summary = map.String("summary", required: true);
            var resourceTypes = ReadResourceTypes(map);
            var sources = SourceIds(map);
            var caveats = map.Strings("caveats").Select(c => c.Value).ToList();
            var claims = ReadSelectors(map, "claims");
            ServiceModel? model = null;
            if (modelId is not null && !_models.TryGetValue(modelId, out model))
            {
                map.Error(map.Get("model")!, CatalogRules.UnknownId, $"unknown model '{modelId}'{Suggest(modelId, _models.Keys)}");
            }

            var displayName = name ?? id ?? "?";
            var cells = ReadCells(map, model, displayName, requireAll: true);
            var variants = new List<Variant>();
            foreach (var variantMap in map.Maps("variants"))
            {
                var variant = ReadVariant(variantMap, model);
                if (variant is not null)
                {
                    variants.Add(variant);
                }
            }

            if (id is null || name is null || model is null || category is null || summary is null || cells is null)
            {
                return;
            }

            if (_serviceIndex.TryGetValue(id, out var firstIndex))
            {
                map.Error(map.Get("id")!, CatalogRules.DuplicateId, $"service '{id}' is defined twice (first at {_services[firstIndex].Location}); use kind: service-patch to change an existing service");
                return;
            }

            _serviceIndex[id] = _services.Count;
            _services.Add(new Service(id, name, aliases, model.Id, category, summary, resourceTypes, cells, variants, caveats, sources, map.Location) { Claims = claims });
        }

        private Variant? ReadVariant(YamlMap map, ServiceModel? parentModel)
        {
            var (id, name) = ReadIdentity(map, "variant");
            var aliases = map.Strings("aliases").Select(a => a.Value).ToList();
            var summary = map.String("summary", required: true);
            var modelId = map.String("model");
            ServiceModel? model = parentModel;
            if (modelId is not null && !_models.TryGetValue(modelId, out model))
            {
                map.Error(map.Get("model")!, CatalogRules.UnknownId, $"unknown model '{modelId}'{Suggest(modelId, _models.Keys)}");
            }

            var overrides = ReadCells(map, model, name ?? id ?? "?", requireAll: false);
            var selectors = ReadSelectors(map, "selectors");
            map.Finish();
            return id is null || name is null || summary is null || overrides is null
                ? null
                : new Variant(id, name, aliases, summary, modelId is null ? null : model?.Id, overrides, selectors, map.Location);
        }

        private static List<ResourceSelector> ReadSelectors(YamlMap map, string key)
        {
            var selectors = new List<ResourceSelector>();
            foreach (var selectorMap in map.Maps(key))
            {
                var resource = selectorMap.String("resource", required: true);
                var property = selectorMap.String("property");
                var pattern = selectorMap.String("matches");
                selectorMap.Finish();
                if (resource is null)
                {
                    continue;
                }

                if (pattern is not null && property is null)
                {
                    selectorMap.Error(selectorMap.Get("matches")!, CatalogRules.Schema, "'matches' needs a 'property' to match");
                    continue;
                }

                try
                {
                    if (pattern is not null)
                    {
                        _ = new System.Text.RegularExpressions.Regex(pattern, System.Text.RegularExpressions.RegexOptions.None, TimeSpan.FromSeconds(1));
                    }

                    selectors.Add(new ResourceSelector(resource, property, pattern));
                }
                catch (ArgumentException ex)
                {
                    selectorMap.Error(selectorMap.Get("matches")!, CatalogRules.InvalidValue, $"'{pattern}' is not a valid regular expression: {ex.Message}");
                }
            }

            return selectors;
        }

        private Dictionary<string, Cell>? ReadCells(YamlMap map, ServiceModel? model, string serviceName, bool requireAll)
        {
            var cellsMap = map.Map("cells", required: requireAll);
            if (cellsMap is null)
            {
                return requireAll ? null : new Dictionary<string, Cell>(StringComparer.Ordinal);
            }

            var cells = new Dictionary<string, Cell>(StringComparer.Ordinal);
            foreach (var entry in cellsMap.Node.Entries)
            {
                cellsMap.Get(entry.Key.Value);
                if (!_domainById.TryGetValue(entry.Key.Value, out var domain))
                {
                    cellsMap.Error(entry.Key, CatalogRules.UnknownId, $"unknown domain '{entry.Key.Value}'{Suggest(entry.Key.Value, _domainById.Keys)}");
                    continue;
                }

                var cell = ReadCell(cellsMap, entry, domain, model, serviceName);
                if (cell is not null)
                {
                    cells[domain.Id] = cell;
                }
            }

            if (requireAll)
            {
                foreach (var domain in _domains.Where(d => !cellsMap.Has(d.Id)))
                {
                    diagnostics.Add(new(cellsMap.Location, CatalogRules.MissingDomain, $"{serviceName} has no cell for domain '{domain.Id}' ({domain.Name})"));
                }
            }

            // Keep cells in domain order, whatever order the file used.
            return _domains.Where(d => cells.ContainsKey(d.Id)).ToDictionary(d => d.Id, d => cells[d.Id], StringComparer.Ordinal);
        }

        private Cell? ReadCell(YamlMap parent, MappingEntry entry, Domain domain, ServiceModel? model, string serviceName)
        {
            var location = parent.At(entry.Key);
            string? ownerText;
            string? aws = null, customer = null, note = null, confidenceText = null, asOf = null;
            List<string> sources = [];
            YamlMap? cellMap = null;
            if (entry.Value is ScalarNode scalar)
            {
                ownerText = scalar.Value;
            }
            else
            {
                cellMap = YamlMap.From(entry.Value, parent.File, diagnostics, $"cell '{domain.Id}'");
                if (cellMap is null)
                {
                    return null;
                }

                ownerText = cellMap.String("owner", required: true);
                aws = cellMap.String("aws");
                customer = cellMap.String("customer");
                note = cellMap.String("note");
                sources = SourceIds(cellMap);
                confidenceText = cellMap.String("confidence");
                asOf = cellMap.String("as_of");
                cellMap.Finish();
            }

            if (ownerText is null)
            {
                return null;
            }

            if (!OwnerNames.TryParse(ownerText, out var owner))
            {
                parent.Error(entry.Value, CatalogRules.InvalidValue, $"owner '{ownerText}' of {domain.Id} must be AWS, Customer, Shared or N/A");
                return null;
            }

            if (asOf is not null && !AsOfPattern().IsMatch(asOf))
            {
                cellMap!.Error(cellMap.Get("as_of")!, CatalogRules.InvalidValue, $"as_of '{asOf}' must be a date: YYYY, YYYY-MM or YYYY-MM-DD");
                asOf = null;
            }

            var defaultOwner = model is not null && model.Defaults.TryGetValue(domain.Id, out var d) ? d : domain.DefaultOwner;
            var confidence = confidenceText switch
            {
                null => sources.Count > 0 ? Confidence.Verified : owner == defaultOwner ? Confidence.ModelDefault : Confidence.Unverified,
                "verified" => Confidence.Verified,
                "model-default" => Confidence.ModelDefault,
                "unverified" => Confidence.Unverified,
                _ => Invalid(cellMap!, "confidence", $"confidence '{confidenceText}' must be verified, model-default or unverified", Confidence.Unverified),
            };
            if (confidence == Confidence.Verified && sources.Count == 0 && confidenceText is not null)
            {
                cellMap!.Error(cellMap.Get("confidence")!, CatalogRules.InvalidValue, "a verified cell must cite the sources it was verified against");
            }

            if (owner != defaultOwner && sources.Count == 0)
            {
                diagnostics.Add(new(location, CatalogRules.UnsourcedException,
                    $"{serviceName}: {domain.Id} is {owner.Display()} but the default for model '{model?.Id}' is {defaultOwner.Display()}; cite a source for the exception"));
            }

            if (aws is null || customer is null)
            {
                if (owner == Owner.NotApplicable && !domain.Texts.ContainsKey(owner))
                {
                    aws ??= $"Nothing: {domain.Name.ToLowerInvariant()} does not apply to {ServicePlaceholder}.";
                    customer ??= "Nothing.";
                }
                else if (domain.Texts.TryGetValue(owner, out var texts))
                {
                    aws ??= texts.Aws;
                    customer ??= texts.Customer;
                }
                else
                {
                    diagnostics.Add(new(location, CatalogRules.MissingText,
                        $"{serviceName}: {domain.Id} gives no 'aws'/'customer' text and domain '{domain.Id}' has no default wording for owner {owner.Display()}"));
                    return null;
                }
            }

            return new Cell(domain.Id, owner, new Parts(Fill(aws, serviceName), Fill(customer, serviceName)), note, sources, confidence, asOf, location);
        }

        private static string Fill(string text, string serviceName) => text.Replace(ServicePlaceholder, serviceName, StringComparison.Ordinal);

        private void ApplyPatch(YamlMap map)
        {
            var id = map.String("service", required: true);
            var name = map.String("name");
            var summary = map.String("summary");
            var aliases = map.Strings("aliases").Select(a => a.Value).ToList();
            var caveats = map.Strings("caveats").Select(c => c.Value).ToList();
            var resourceTypes = ReadResourceTypes(map);
            var sources = SourceIds(map);
            var claims = ReadSelectors(map, "claims");
            if (id is null)
            {
                return;
            }

            if (!_serviceIndex.TryGetValue(id, out var index))
            {
                map.Error(map.Get("service")!, CatalogRules.UnknownId, $"unknown service '{id}'{Suggest(id, _serviceIndex.Keys)}; use kind: service to add a new one");
                map.Maps("variants");
                map.Get("cells");
                return;
            }

            var service = _services[index];
            var model = _models[service.ModelId];
            var cells = ReadCells(map, model, name ?? service.Name, requireAll: false) ?? [];
            var variants = service.Variants.ToList();
            foreach (var variantMap in map.Maps("variants"))
            {
                var variant = ReadVariant(variantMap, model);
                if (variant is null)
                {
                    continue;
                }

                var existing = variants.FindIndex(v => v.Id == variant.Id);
                if (existing < 0)
                {
                    variants.Add(variant);
                }
                else
                {
                    var merged = new Dictionary<string, Cell>(variants[existing].Overrides, StringComparer.Ordinal);
                    foreach (var (domainId, cell) in variant.Overrides)
                    {
                        merged[domainId] = cell;
                    }

                    variants[existing] = variant with { Overrides = merged, Aliases = [.. variants[existing].Aliases, .. variant.Aliases] };
                }
            }

            var mergedCells = _domains
                .Where(d => cells.ContainsKey(d.Id) || service.Cells.ContainsKey(d.Id))
                .ToDictionary(d => d.Id, d => cells.TryGetValue(d.Id, out var patched) ? patched : service.Cells[d.Id], StringComparer.Ordinal);
            _services[index] = service with
            {
                Name = name ?? service.Name,
                Summary = summary ?? service.Summary,
                Aliases = [.. service.Aliases, .. aliases],
                Caveats = [.. service.Caveats, .. caveats],
                SourceIds = [.. service.SourceIds, .. sources],
                ResourceTypes = new ResourceTypes(
                    [.. service.ResourceTypes.CloudFormation, .. resourceTypes.CloudFormation],
                    [.. service.ResourceTypes.Terraform, .. resourceTypes.Terraform]),
                Cells = mergedCells,
                Variants = variants,
                Claims = [.. service.Claims, .. claims],
            };
        }
    }
}
