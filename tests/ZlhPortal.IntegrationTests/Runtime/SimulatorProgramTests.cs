using ZlhPortal.Simulator;

namespace ZlhPortal.IntegrationTests.Runtime;

public sealed class SimulatorProgramTests
{
    [Fact]
    public void Reads_settings_from_the_command_line_over_simulator_json()
    {
        var directory = Directory.CreateTempSubdirectory("zlh-sim-options").FullName;
        try
        {
            File.WriteAllText(Path.Combine(directory, "simulator.json"), """
                { "ApiPort": 9006, "TaskDurations": { "vzclone": "00:00:05" }, "Nodes": [ { "Name": "pveA", "Cores": 8 } ] }
                """);

            var options = SimulatorProgram.ReadOptions(["--ApiPort=9106", "--TaskDuration=00:00:00.250", "--StartAgents=false"], directory);

            Assert.Equal(9106, options.ApiPort);
            Assert.Equal(TimeSpan.FromMilliseconds(250), options.TaskDuration);
            Assert.Equal(TimeSpan.FromSeconds(5), options.TaskDurations["vzclone"]);
            Assert.False(options.StartAgents);
            Assert.Equal("pveA", Assert.Single(options.Nodes).Name);
            Assert.Equal(Path.Combine(directory, ".simulator", "state.json"), options.StateFile);
            Assert.Null(options.ApiToken);
            Assert.Equal((8090, "127.76.0.1", 25565), (options.BridgePort, options.EdgeAddress, options.EdgePort));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void An_empty_state_file_setting_means_memory_only()
    {
        var options = SimulatorProgram.ReadOptions(["--StateFile="], Path.GetTempPath());

        Assert.True(string.IsNullOrEmpty(options.StateFile));
    }
}
