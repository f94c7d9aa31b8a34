using ZlhPortal.Benchmarks.Runtime;

return args.FirstOrDefault() switch
{
    "sim-resources" => await SimulatorResourcesBenchmark.RunAsync(args[1..]),
    "client-overhead" => await ClientOverheadBenchmark.RunAsync(args[1..]),
    "console-sockets" => await ConsoleSocketsBenchmark.RunAsync(args[1..]),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: ZlhPortal.Benchmarks <sim-resources [containers] [requests] | client-overhead [calls] | console-sockets [sockets]>");
    return 2;
}
