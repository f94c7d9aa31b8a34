using System.Globalization;

namespace ZlhPortal.Proxmox;

/// <summary>
/// Request parameters in Proxmox's encoding: booleans as 1/0, invariant numbers, nulls dropped.
/// </summary>
public sealed class ProxmoxParameters : List<KeyValuePair<string, string>>
{
    public ProxmoxParameters Add(string name, string? value)
    {
        if (value is not null)
        {
            Add(new KeyValuePair<string, string>(name, value));
        }

        return this;
    }

    public ProxmoxParameters Add(string name, bool? value) =>
        value is null ? this : Add(name, value.Value ? "1" : "0");

    public ProxmoxParameters Add(string name, long? value) =>
        value is null ? this : Add(name, value.Value.ToString(CultureInfo.InvariantCulture));

    public ProxmoxParameters Add(string name, double? value) =>
        value is null ? this : Add(name, value.Value.ToString(CultureInfo.InvariantCulture));
}
