using Microsoft.Extensions.DependencyInjection;
using ZlhPortal.IntegrationTests.Infrastructure;
using ZlhPortal.Web.Features.Billing.Documents;
using ZlhPortal.Web.Features.Billing.Invoices;
using ZlhPortal.Web.Features.Billing;

namespace ZlhPortal.IntegrationTests.Features.Billing;

public sealed class InvoicePdfHostTests(PortalAppFactory factory) : IClassFixture<PortalAppFactory>
{
    [Fact]
    public void The_portal_renders_invoice_pdfs_with_the_font_from_its_web_root()
    {
        var pdf = factory.Services.GetRequiredService<InvoicePdf>();
        var invoice = new Invoice { Id = 1, Number = "2026-000001", Currency = "EUR", DueAt = DateTimeOffset.UnixEpoch, CreatedAt = DateTimeOffset.UnixEpoch };

        var bytes = pdf.Render(new InvoiceDocument(invoice, [], "Customer", "customer@example.test", null));

        Assert.Equal("%PDF-"u8.ToArray(), bytes[..5]);
    }
}
