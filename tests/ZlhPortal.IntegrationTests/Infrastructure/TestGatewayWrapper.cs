using ZlhPortal.Web.Features.Billing.Payments;

namespace ZlhPortal.IntegrationTests.Infrastructure;

/// <summary>
/// The built-in test gateway with a fault of the test's choosing: override a call, and reach the real behaviour
/// through <see cref="Inner"/>. Put in place with <see cref="PortalAppFactory.WithPaymentGateway"/>.
/// </summary>
public abstract class TestGatewayWrapper : IPaymentGateway
{
    protected TestCardGateway Inner { get; } = new();

    public string Name => Inner.Name;

    public bool CollectsCardInPortal => Inner.CollectsCardInPortal;

    public virtual Task<ChargeResult> ChargeAsync(ChargeRequest request, CancellationToken ct) => Inner.ChargeAsync(request, ct);

    public virtual Task<bool> RefundAsync(string reference, long amountMinor, CancellationToken ct) => Inner.RefundAsync(reference, amountMinor, ct);
}
