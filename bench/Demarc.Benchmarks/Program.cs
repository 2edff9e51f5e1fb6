using BenchmarkDotNet.Running;

BenchmarkSwitcher.FromAssembly(typeof(Demarc.Benchmarks.CatalogBenchmarks).Assembly).Run(args);
