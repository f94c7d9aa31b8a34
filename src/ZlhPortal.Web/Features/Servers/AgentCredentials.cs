using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;

namespace ZlhPortal.Web.Features.Servers;

/// <summary>Each server's agent credential: generated once, stored protected, revealed only to code that calls the agent.</summary>
public sealed class AgentCredentials(IDataProtectionProvider provider)
{
    private readonly IDataProtector protector = provider.CreateProtector("ZlhPortal.Servers.AgentCredential.v1");

    /// <summary>A new random credential, already protected for storage in <see cref="HostedServer.AgentCredentialProtected"/>.</summary>
    public string NewProtected() => protector.Protect(Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32)));

    public string Reveal(string protectedCredential) => protector.Unprotect(protectedCredential);
}
