namespace ZlhPortal.Simulator.Games;

/// <summary>One packet as it arrived: <see cref="Raw"/> is replayed byte for byte by a proxy; the payload starts after the length.</summary>
internal sealed record MinecraftFrame(byte[] Raw, int PayloadStart)
{
    public ReadOnlySpan<byte> Payload => Raw.AsSpan(PayloadStart);
}
