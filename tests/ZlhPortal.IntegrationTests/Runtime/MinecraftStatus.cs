namespace ZlhPortal.IntegrationTests.Runtime;

/// <summary>What the Minecraft server list shows for a server: its description (MOTD), version and player counts.</summary>
public sealed record MinecraftStatus(string Description, string Version, int Online, int Max, string RawJson);
