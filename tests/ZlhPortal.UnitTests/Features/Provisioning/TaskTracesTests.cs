using ZlhPortal.Proxmox;
using ZlhPortal.Proxmox.Models;
using ZlhPortal.Web.Features.Provisioning;
using ZlhPortal.Web.Features.Provisioning.Jobs;

namespace ZlhPortal.UnitTests.Features.Provisioning;

public sealed class TaskTracesTests
{
    private const int ServerId = 42;

    private static readonly Upid Task = Upid.Create("pve1", 0x1234, 0x5678, DateTimeOffset.FromUnixTimeSeconds(1_770_000_000), "vzclone", "200", "portal@pve!zlh");

    private static LxcConfig Config(int serverId, string? @lock = null) =>
        new() { Description = $"ZeroLagHub server {serverId}\nzlh-server-id: {serverId}\nzlh-instance: zlh-portal", Lock = @lock };

    [Fact]
    public void A_clone_with_no_target_left_nothing_and_may_be_sent()
    {
        Assert.Equal(TaskTrace.None, TaskTraces.Clone(null, ServerId, null));
    }

    [Fact]
    public void A_clone_target_still_locked_for_creation_is_waited_for_through_its_task()
    {
        var trace = TaskTraces.Clone(Config(ServerId, "create"), ServerId, Task);

        Assert.True(trace.IsUnderway);
        Assert.Equal(Task, trace.Task);
    }

    [Fact]
    public void A_clone_target_locked_for_creation_without_a_listed_task_is_looked_at_again()
    {
        var trace = TaskTraces.Clone(Config(ServerId, "create"), ServerId, null);

        Assert.True(trace.IsUnderway);
        Assert.Null(trace.Task);
    }

    [Fact]
    public void A_clone_target_naming_the_server_and_unlocked_is_done()
    {
        Assert.Equal(TaskTrace.Done, TaskTraces.Clone(Config(ServerId), ServerId, null));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("create")]
    public void A_clone_target_that_names_another_server_is_never_taken_over(string? @lock)
    {
        Assert.Equal(TaskTrace.None, TaskTraces.Clone(Config(7, @lock), ServerId, Task));
        Assert.Equal(TaskTrace.None, TaskTraces.Clone(new LxcConfig { Description = "made by hand", Lock = @lock }, ServerId, Task));
    }

    [Fact]
    public void A_start_task_still_running_is_waited_for_even_if_the_container_already_runs()
    {
        var trace = TaskTraces.Start(new LxcStatus { Status = "running" }, Task);

        Assert.Equal(Task, trace.Task);
    }

    [Fact]
    public void A_running_container_is_a_start_done_and_a_stopped_one_with_no_task_is_not_started()
    {
        Assert.Equal(TaskTrace.Done, TaskTraces.Start(new LxcStatus { Status = "running" }, null));
        Assert.Equal(TaskTrace.None, TaskTraces.Start(new LxcStatus { Status = "stopped" }, null));
        Assert.Equal(TaskTrace.None, TaskTraces.Start(null, null));
    }

    [Fact]
    public void A_container_gone_is_a_destroy_done()
    {
        Assert.Equal(TaskTrace.Done, TaskTraces.Destroy(null, ServerId, null));
    }

    [Fact]
    public void A_vmid_that_names_another_server_now_is_a_destroy_done_and_left_alone()
    {
        Assert.Equal(TaskTrace.Done, TaskTraces.Destroy(Config(7), ServerId, null));
    }

    [Fact]
    public void A_destroy_under_way_is_waited_for_through_its_task_or_looked_at_again_by_its_lock()
    {
        Assert.Equal(Task, TaskTraces.Destroy(Config(ServerId, "destroyed"), ServerId, Task).Task);
        var locked = TaskTraces.Destroy(Config(ServerId, "destroyed"), ServerId, null);
        Assert.True(locked.IsUnderway);
        Assert.Null(locked.Task);
    }

    [Fact]
    public void A_container_of_the_server_still_there_with_no_destroy_running_was_not_destroyed()
    {
        Assert.Equal(TaskTrace.None, TaskTraces.Destroy(Config(ServerId), ServerId, null));
    }
}
