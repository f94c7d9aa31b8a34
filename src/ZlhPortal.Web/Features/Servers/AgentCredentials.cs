using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.DataProtection;

namespace ZlhPortal.Web.Features.Servers;

/// <summary>Each server's agent credential: generated once, stored protected, revealed only to code that calls the agent.</summary>
public sealed class AgentCredentials(IDataProtectionProvider provider)
{
    private readonly IDataProtector protector = provider.CreateProtector("ZlhPortal.Servers.AgentCredential.v1");

    /// <summary>A new random credential, already protected for storage in <see cref="HostedServer.AgentCredentialProtected"/>.</summary>
    public string NewProtected() => protector.Protect(Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32)));

    public string Reveal(string protectedCredential) => protector.Unprotect(protectedCredential);

    /// <summary>
    /// <c>sha256:</c> and the first 16 hex digits of the credential's SHA-256: enough for an operator or the portal to
    /// tell which credential a container's agent was given, useless for authenticating.
    /// </summary>
    public string Fingerprint(string protectedCredential) =>
        "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Reveal(protectedCredential))))[..16];
}
