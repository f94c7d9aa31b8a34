namespace ZlhPortal.Proxmox.Api;

/// <summary><c>/nodes/{node}/storage</c>.</summary>
public sealed class StoragesApi(ProxmoxClient client, string path)
{
    public StorageApi this[string storage] => new(client, path + "/" + ProxmoxClient.Segment(storage));
}
