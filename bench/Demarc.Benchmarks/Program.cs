using BenchmarkDotNet.Running;

// Every benchmark class in this assembly; pick with --filter (for example --filter '*Ask*').
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
