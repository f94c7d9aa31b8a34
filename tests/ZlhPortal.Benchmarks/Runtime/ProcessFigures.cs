namespace ZlhPortal.Benchmarks.Runtime;

public sealed record ProcessFigures(long WorkingSetBytes, long ManagedHeapBytes);
