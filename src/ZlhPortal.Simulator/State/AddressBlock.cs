using System.Net;
using System.Net.Sockets;

namespace ZlhPortal.Simulator.State;

/// <summary>Hands out container addresses from a loopback block such as <c>127.77.0.0/16</c>, skipping .0 and .255.</summary>
internal sealed class AddressBlock
{
    private readonly uint network;
    private readonly uint size;

    public AddressBlock(string cidr)
    {
        var parts = cidr.Split('/');
        if (parts.Length != 2 || !IPAddress.TryParse(parts[0], out var address) || address.AddressFamily != AddressFamily.InterNetwork
            || !int.TryParse(parts[1], out var prefix) || prefix is < 8 or > 30)
        {
            throw new ArgumentException($"AgentAddressBlock '{cidr}' is not an IPv4 CIDR block between /8 and /30.", nameof(cidr));
        }

        var bytes = address.GetAddressBytes();
        var value = (uint)(bytes[0] << 24 | bytes[1] << 16 | bytes[2] << 8 | bytes[3]);
        var mask = prefix == 0 ? 0 : uint.MaxValue << (32 - prefix);
        network = value & mask;
        size = ~mask + 1;
        if (bytes[0] != 127)
        {
            throw new ArgumentException("AgentAddressBlock must lie in 127.0.0.0/8: agents are only reachable on loopback.", nameof(cidr));
        }
    }

    public IPAddress Get(int index)
    {
        var zeroBased = (uint)(index - 1);
        var offset = zeroBased / 254 * 256 + zeroBased % 254 + 1;
        if (offset >= size)
        {
            throw new InvalidOperationException("The agent address block is exhausted.");
        }

        var value = network + offset;
        return new IPAddress([(byte)(value >> 24), (byte)(value >> 16), (byte)(value >> 8), (byte)value]);
    }
}
