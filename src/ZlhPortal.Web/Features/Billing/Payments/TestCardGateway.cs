namespace ZlhPortal.Web.Features.Billing.Payments;

/// <summary>
/// The built-in gateway of the embedded default: no money moves. It answers like Stripe does for its documented
/// test card numbers, so customers, tests and demos see every outcome.
/// </summary>
public sealed class TestCardGateway : IPaymentGateway
{
    public const string SucceedsCard = "4242424242424242";
    public const string DeclinedCard = "4000000000000002";
    public const string InsufficientFundsCard = "4000000000009995";
    public const string ProcessingErrorCard = "4000000000000119";
    public const string ExpiredCard = "4000000000000069";

    private readonly Dictionary<string, string> charges = new();
    private readonly Lock gate = new();

    public string Name => "test";

    public bool CollectsCardInPortal => true;

    public Task<ChargeResult> ChargeAsync(ChargeRequest request, CancellationToken ct)
    {
        var card = new string((request.CardNumber ?? "").Where(c => !char.IsWhiteSpace(c) && c != '-').ToArray());
        if (card.Length is < 12 or > 19 || !card.All(char.IsAsciiDigit) || !LuhnValid(card))
        {
            return Task.FromResult(ChargeResult.Declined("That card number is not valid. Check the digits and try again."));
        }

        var result = card switch
        {
            SucceedsCard => Charge(request),
            DeclinedCard => ChargeResult.Declined("Your card was declined. Try another card."),
            InsufficientFundsCard => ChargeResult.Declined("Your card has insufficient funds. Try another card."),
            ExpiredCard => ChargeResult.Declined("Your card has expired. Try another card."),
            ProcessingErrorCard => new ChargeResult(ChargeOutcome.Error, null, "The payment could not be processed. Nothing was charged; please try again."),
            _ => ChargeResult.Declined("This is a test installation: pay with the test card 4242 4242 4242 4242."),
        };
        return Task.FromResult(result);
    }

    public Task<bool> RefundAsync(string reference, long amountMinor, CancellationToken ct) => Task.FromResult(reference.StartsWith("test_ch_", StringComparison.Ordinal));

    /// <summary>The same idempotency key always answers with the same charge, as Stripe does.</summary>
    private ChargeResult Charge(ChargeRequest request)
    {
        lock (gate)
        {
            if (!charges.TryGetValue(request.IdempotencyKey, out var reference))
            {
                reference = "test_ch_" + Guid.NewGuid().ToString("N")[..24];
                charges[request.IdempotencyKey] = reference;
            }

            return ChargeResult.Success(reference);
        }
    }

    public static bool LuhnValid(string digits)
    {
        var sum = 0;
        var alternate = false;
        for (var i = digits.Length - 1; i >= 0; i--)
        {
            var n = digits[i] - '0';
            if (alternate)
            {
                n *= 2;
                if (n > 9)
                {
                    n -= 9;
                }
            }

            sum += n;
            alternate = !alternate;
        }

        return sum % 10 == 0;
    }
}
