namespace ZlhPortal.Web.Features.Provisioning;

/// <summary>
/// A step failed for good: the server is marked Failed with <see cref="CustomerReason"/> (shown to the owner)
/// and the exception message as detail for admins.
/// </summary>
public sealed class ProvisioningException(string customerReason, string detail) : Exception(detail)
{
    public string CustomerReason { get; } = customerReason;
}
