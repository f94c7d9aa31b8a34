namespace ZlhPortal.Simulator;

public static class SimulatorProgram
{
    public static async Task<int> Main(string[] args)
    {
        await Task.CompletedTask;
        return 0;
    }
}
