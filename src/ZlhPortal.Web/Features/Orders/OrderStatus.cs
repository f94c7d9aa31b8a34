namespace ZlhPortal.Web.Features.Orders;

public enum OrderStatus
{
    /// <summary>Priced, capacity reserved, first invoice waiting for payment.</summary>
    AwaitingPayment = 1,

    /// <summary>First invoice paid; the server exists and is being (or has been) provisioned.</summary>
    Paid = 2,

    /// <summary>Not paid in time (or cancelled); the reservation is released and the invoice voided.</summary>
    Cancelled = 3,
}
