namespace ZlhPortal.Web.Features.Provisioning.Status;

/// <summary>How far back a server's usage graphs reach; Proxmox keeps one sample a minute for the hour, every 30 minutes for the day, every 3 hours for the week.</summary>
public enum UsageTimeframe
{
    Hour,
    Day,
    Week,
}
