using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Options;
using UglyToad.PdfPig;
using ZlhPortal.Web.Features.Billing.Documents;
using ZlhPortal.Web.Features.Billing.Invoices;
using ZlhPortal.Web.Features.Billing;
using ZlhPortal.Web.Features.Orders;

namespace ZlhPortal.UnitTests.Features.Billing;

public sealed class InvoicePdfTests : IDisposable
{
    private static readonly DateTimeOffset Issued = new(2026, 3, 1, 9, 0, 0, TimeSpan.Zero);

    private readonly InvoiceFonts fonts = InvoiceFonts.Load(new PhysicalFileProvider(WebRoot()));

    private readonly BillingOptions seller = new()
    {
        SellerName = "ZeroLagHub GmbH", SellerAddress = "Hauptstraße 1\n10115 Berlin\nGermany", SellerVatId = "DE123456789",
    };

    [Fact]
    public void Shows_the_number_every_line_and_the_total()
    {
        var invoice = Invoice(InvoiceStatus.Open, Line(1, "Game server Medium — March", 1199), Line(2, "Setup fee", 500));

        var pages = Pages(Render(invoice));

        var text = string.Join("\n", pages);
        Assert.Single(pages);
        Assert.Contains("2026-000042", text);
        Assert.Contains("Game server Medium — March", text);
        Assert.Contains("Setup fee", text);
        Assert.Contains("€20.22", text); // 1199 + 500 net, 19 % tax (228 + 95)
        Assert.Contains("Amount due", text);
        Assert.Contains("2026-03-15", text);
        Assert.Contains("ZeroLagHub GmbH", text);
        Assert.Contains("max@example.com", text);
    }

    [Fact]
    public void A_sixty_line_invoice_continues_on_further_pages_and_ends_with_the_total()
    {
        var lines = Enumerable.Range(1, 60).Select(i => Line(i, $"Backup slot {i:00}", 100)).ToArray();
        var invoice = Invoice(InvoiceStatus.Open, lines);

        var pages = Pages(Render(invoice));

        Assert.True(pages.Count >= 2, $"expected 2+ pages, got {pages.Count}");
        var text = string.Join("\n", pages);
        Assert.All(lines, line => Assert.Contains(line.Description, text));
        Assert.Contains("Description", pages[1]); // the table header repeats
        Assert.Contains($"Page 1 of {pages.Count}", pages[0]);
        Assert.Contains("€71.40", pages[^1]); // 60 × 1.00 net + 19 % tax
        Assert.DoesNotContain("€71.40", pages[0]);
    }

    [Fact]
    public void Renders_text_beyond_ascii()
    {
        var invoice = Invoice(InvoiceStatus.Open, Line(1, "Café-Server für René", 1000));

        var text = string.Join("\n", Pages(Render(invoice, customerName: "Jürgen Müller")));

        Assert.Contains("Café-Server für René", text);
        Assert.Contains("Jürgen Müller", text);
        Assert.Contains("Hauptstraße 1", text);
        Assert.Contains("€11.90", text);
    }

    [Theory]
    [InlineData(InvoiceStatus.Paid, "PAID")]
    [InlineData(InvoiceStatus.Void, "VOID")]
    public void Marks_paid_and_void_invoices(InvoiceStatus status, string mark)
    {
        var invoice = Invoice(status, Line(1, "Game server Small", 599));
        invoice.PaidAt = status == InvoiceStatus.Paid ? Issued.AddDays(2) : null;
        invoice.VoidedAt = status == InvoiceStatus.Void ? Issued.AddDays(3) : null;
        invoice.VoidReason = status == InvoiceStatus.Void ? "Order not paid in time" : null;

        var bytes = Render(invoice);

        using (var pdf = PdfDocument.Open(bytes))
        {
            // The mark is drawn rotated, so word extraction splits it; the page's raw text keeps it whole.
            Assert.Contains(mark, pdf.GetPage(1).Text);
        }

        var text = Pages(bytes)[0];
        Assert.Contains("Amount due", text);
        if (status == InvoiceStatus.Void)
        {
            Assert.Contains("Order not paid in time", text);
        }
    }

    [Fact]
    public void Shows_credit_applied_and_what_remains_due()
    {
        var invoice = Invoice(InvoiceStatus.Open, Line(1, "Game server Large", 2000));
        invoice.CreditAppliedMinor = 500;

        var text = Pages(Render(invoice))[0];

        Assert.Contains("Credit applied", text);
        Assert.Contains("-€5.00", text);
        Assert.Contains("€18.80", text); // 23.80 total − 5.00 credit
    }

    [Fact]
    public void A_description_wider_than_its_column_wraps_instead_of_running_into_the_amounts()
    {
        var description = string.Join(" ", Enumerable.Repeat("verylongword", 30));
        var invoice = Invoice(InvoiceStatus.Open, Line(1, description, 1000));

        using var pdf = PdfDocument.Open(Render(invoice));
        var words = pdf.GetPage(1).GetWords().Where(w => w.Text.Contains("verylongword", StringComparison.Ordinal)).ToList();

        Assert.True(words.Select(w => Math.Round(w.BoundingBox.Bottom)).Distinct().Count() > 1, "the description should span several lines");
        var net = pdf.GetPage(1).GetWords().First(w => w.Text == "Net");
        Assert.All(words, w => Assert.True(w.BoundingBox.Right < net.BoundingBox.Left, $"'{w.Text}' overlaps the amount columns"));
    }

    [Theory]
    [InlineData(PaymentGatewayKind.Test, true)]
    [InlineData(PaymentGatewayKind.Stripe, false)]
    public void An_invoice_of_a_test_installation_says_so_on_every_page(PaymentGatewayKind gateway, bool marked)
    {
        seller.Gateway = gateway;
        var lines = Enumerable.Range(1, 60).Select(i => Line(i, $"Line {i}", 100));

        var pages = Pages(Render(Invoice(InvoiceStatus.Paid, [.. lines])));

        Assert.True(pages.Count > 1);
        Assert.All(pages, page => Assert.Equal(marked, page.Contains("TEST INSTALLATION", StringComparison.Ordinal)));
    }

    public void Dispose() => fonts.Dispose();

    private byte[] Render(Invoice invoice, string customerName = "Max Mustermann") =>
        new InvoicePdf(fonts, Options.Create(seller)).Render(new InvoiceDocument(invoice, invoice.Lines, customerName, "max@example.com", "DE"));

    private static List<string> Pages(byte[] pdf)
    {
        using var document = PdfDocument.Open(pdf);
        return document.GetPages().Select(p => string.Join(" ", p.GetWords().Select(w => w.Text))).ToList();
    }

    private static Invoice Invoice(InvoiceStatus status, params InvoiceLine[] lines) => new()
    {
        Id = 42, Number = "2026-000042", CustomerId = "customer-1", Kind = InvoiceKind.Renewal, Status = status, Currency = "EUR", Country = "DE",
        SubtotalMinor = lines.Sum(l => l.NetMinor), TaxMinor = lines.Sum(l => l.TaxMinor), TotalMinor = lines.Sum(l => l.NetMinor + l.TaxMinor),
        PeriodStart = Issued, PeriodEnd = Issued.AddMonths(1), CreatedAt = Issued, IssuedAt = Issued, DueAt = Issued.AddDays(14), Lines = [.. lines],
    };

    private static InvoiceLine Line(int position, string description, long netMinor) => new()
    {
        Position = position, Description = description, NetMinor = netMinor, TaxRatePercent = 19m,
        TaxMinor = (long)Math.Round(netMinor * 0.19m, MidpointRounding.AwayFromZero),
    };

    /// <summary>The repository's web root, where the build copies the invoice fonts.</summary>
    private static string WebRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "wwwroot", InvoiceFonts.RegularPath)))
        {
            directory = directory.Parent;
        }

        return Path.Combine(directory?.FullName ?? throw new FileNotFoundException("wwwroot with the invoice fonts not found above the test folder; build the web project."),
            "wwwroot");
    }
}
