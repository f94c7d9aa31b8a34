using System.Globalization;
using Microsoft.Extensions.Options;
using SkiaSharp;
using ZlhPortal.Web.Features.Billing.Invoices;

namespace ZlhPortal.Web.Features.Billing.Documents;

/// <summary>
/// Renders an invoice as an A4 PDF with Skia's PDF backend: seller, customer, dates, status, the lines with their tax,
/// and the totals. Long invoices continue on further pages with the table header repeated.
/// </summary>
public sealed class InvoicePdf(InvoiceFonts fonts, IOptions<BillingOptions> options)
{
    // A4 in PostScript points.
    private const float PageWidth = 595.28f;
    private const float PageHeight = 841.89f;
    private const float Margin = 50f;
    private const float ContentWidth = PageWidth - 2 * Margin;
    private const float BodyBottom = PageHeight - 70f;
    private const float FooterBaseline = PageHeight - 36f;

    private const float BodySize = 9.5f;
    private const float LineHeight = 13f;
    private const float CellPadding = 4f;

    // Right edges of the amount columns; the description takes what is left.
    private const float TotalRight = PageWidth - Margin;
    private const float TaxRight = TotalRight - 80f;
    private const float RateRight = TaxRight - 72f;
    private const float NetRight = RateRight - 52f;
    private const float DescriptionWidth = NetRight - 80f - Margin;

    private static readonly SKColor Ink = new(0x21, 0x21, 0x21);
    private static readonly SKColor Muted = new(0x75, 0x75, 0x75);
    private static readonly SKColor Rule = new(0xBD, 0xBD, 0xBD);
    private static readonly SKColor Shade = new(0xF2, 0xF2, 0xF2);

    public byte[] Render(InvoiceDocument document)
    {
        using var layout = new Layout(fonts, options.Value, document);
        var pages = layout.Pages();

        using var output = new MemoryStream();
        var invoice = document.Invoice;
        var metadata = new SKDocumentPdfMetadata
        {
            Title = $"{Title(invoice)} {invoice.Number ?? "(draft)"}",
            Author = options.Value.SellerName,
            Creator = options.Value.SellerName,
            Producer = "ZlhPortal",
            Creation = (invoice.IssuedAt ?? invoice.CreatedAt).UtcDateTime,
            Modified = (invoice.IssuedAt ?? invoice.CreatedAt).UtcDateTime,
            RasterDpi = SKDocument.DefaultRasterDpi,
            EncodingQuality = 101,
        };
        using (var pdf = SKDocument.CreatePdf(output, metadata))
        {
            for (var i = 0; i < pages.Count; i++)
            {
                var canvas = pdf.BeginPage(PageWidth, PageHeight);
                foreach (var draw in pages[i])
                {
                    draw(canvas);
                }

                // Over the content (it is translucent), so shaded table rows do not hide it.
                layout.DrawWatermark(canvas);

                layout.DrawFooter(canvas, i + 1, pages.Count);
                pdf.EndPage();
            }

            pdf.Close();
        }

        return output.ToArray();
    }

    private static string Title(Invoice invoice) => invoice.Kind == InvoiceKind.CreditNote ? "Credit note" : "Invoice";

    /// <summary>Places everything first (so the footer can say "page 1 of 3"), then draws.</summary>
    private sealed class Layout : IDisposable
    {
        private readonly InvoiceDocument document;
        private readonly Invoice invoice;
        private readonly BillingOptions seller;
        private readonly CultureInfo culture;
        private readonly SKFont regular;
        private readonly SKFont bold;
        private readonly SKFont title;
        private readonly SKFont small;
        private readonly SKFont watermark;
        private readonly List<List<Action<SKCanvas>>> pages = [];
        private List<Action<SKCanvas>> page = [];
        private float y;

        public Layout(InvoiceFonts fonts, BillingOptions seller, InvoiceDocument document)
        {
            this.document = document;
            invoice = document.Invoice;
            this.seller = seller;
            culture = document.Culture ?? CultureInfo.InvariantCulture;
            regular = Font(fonts.Regular, BodySize);
            bold = Font(fonts.Bold, BodySize);
            title = Font(fonts.Bold, 20f);
            small = Font(fonts.Regular, 8f);
            watermark = Font(fonts.Bold, 110f);
        }

        private static SKFont Font(SKTypeface typeface, float size) => new(typeface, size) { Subpixel = true, Edging = SKFontEdging.Antialias };

        public List<List<Action<SKCanvas>>> Pages()
        {
            pages.Add(page);
            Header();
            Table();
            Totals();
            Notes();
            return pages;
        }

        private void Header()
        {
            // Seller, top left.
            var left = Margin + 12f;
            Text(seller.SellerName, Margin, left, bold, Ink);
            var sellerY = left;
            foreach (var line in seller.SellerAddress.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                         .SelectMany(l => Wrap(l, regular, 240f)))
            {
                sellerY += LineHeight;
                Text(line, Margin, sellerY, regular, Muted);
            }

            if (seller.SellerVatId.Length > 0)
            {
                sellerY += LineHeight;
                Text($"VAT ID: {seller.SellerVatId}", Margin, sellerY, regular, Muted);
            }

            // Title and the invoice's facts, top right.
            TextRight(Title(invoice).ToUpperInvariant(), PageWidth - Margin, Margin + 16f, title, Ink);
            var factsY = Margin + 16f + 8f;
            foreach (var (label, value) in Facts())
            {
                factsY += LineHeight;
                Text(label, PageWidth - Margin - 215f, factsY, regular, Muted);
                TextRight(value, PageWidth - Margin, factsY, bold, Ink);
            }

            // Customer below the seller.
            var billToY = Math.Max(sellerY, factsY) + 2.2f * LineHeight;
            Text("Bill to", Margin, billToY, small, Muted);
            billToY += LineHeight;
            foreach (var line in Wrap(document.CustomerName, bold, 300f))
            {
                Text(line, Margin, billToY, bold, Ink);
                billToY += LineHeight;
            }

            Text(document.CustomerEmail, Margin, billToY, regular, Ink);
            if (!string.IsNullOrWhiteSpace(document.CustomerCountry ?? invoice.Country))
            {
                billToY += LineHeight;
                Text($"Country: {document.CustomerCountry ?? invoice.Country}", Margin, billToY, regular, Ink);
            }

            y = billToY + 2f * LineHeight;
        }

        private IEnumerable<(string Label, string Value)> Facts()
        {
            yield return (invoice.Kind == InvoiceKind.CreditNote ? "Credit note number" : "Invoice number", invoice.Number ?? "Draft (not issued)");
            yield return ("Issue date", Date(invoice.IssuedAt ?? invoice.CreatedAt));
            yield return ("Due date", Date(invoice.DueAt));
            yield return ("Status", invoice.Status switch
            {
                InvoiceStatus.Paid when invoice.PaidAt is { } paidAt => $"Paid {Date(paidAt)}",
                InvoiceStatus.Paid => "Paid",
                InvoiceStatus.Void => "Void",
                InvoiceStatus.Draft => "Draft",
                _ => "Open",
            });
            if (invoice.PeriodStart is { } start && invoice.PeriodEnd is { } end)
            {
                yield return ("Period", $"{Date(start)} – {Date(end)}");
            }
        }

        private void Table()
        {
            TableHeader();
            var shade = false;
            foreach (var line in document.Lines.OrderBy(l => l.Position))
            {
                var description = Wrap(line.Description, regular, DescriptionWidth).ToList();
                var height = description.Count * LineHeight + 2 * CellPadding;
                if (y + height > BodyBottom)
                {
                    NewPage();
                    TableHeader();
                }

                if (shade)
                {
                    var top = y;
                    page.Add(c => c.DrawRect(Margin, top, ContentWidth, height, Fill(Shade)));
                }

                shade = !shade;
                var baseline = y + CellPadding + LineHeight - 3f;
                foreach (var text in description)
                {
                    Text(text, Margin + CellPadding, baseline, regular, Ink);
                    baseline += LineHeight;
                }

                baseline = y + CellPadding + LineHeight - 3f;
                TextRight(Amount(line.NetMinor), NetRight - CellPadding, baseline, regular, Ink);
                TextRight(Rate(line.TaxRatePercent), RateRight - CellPadding, baseline, regular, Ink);
                TextRight(Amount(line.TaxMinor), TaxRight - CellPadding, baseline, regular, Ink);
                TextRight(Amount(line.NetMinor + line.TaxMinor), TotalRight - CellPadding, baseline, regular, Ink);
                y += height;
            }

            HorizontalRule(y, Ink);
            y += LineHeight;
        }

        private void TableHeader()
        {
            var baseline = y + LineHeight - 2f;
            Text("Description", Margin + CellPadding, baseline, bold, Ink);
            TextRight("Net", NetRight - CellPadding, baseline, bold, Ink);
            TextRight("Tax rate", RateRight - CellPadding, baseline, bold, Ink);
            TextRight("Tax", TaxRight - CellPadding, baseline, bold, Ink);
            TextRight("Total", TotalRight - CellPadding, baseline, bold, Ink);
            y += LineHeight + CellPadding;
            HorizontalRule(y, Ink);
        }

        private void Totals()
        {
            List<(string Label, string Value, bool Strong)> rows =
            [
                ("Subtotal", Amount(invoice.SubtotalMinor), false),
                ("Tax", Amount(invoice.TaxMinor), false),
                ("Total", Amount(invoice.TotalMinor), true),
                ("Credit applied", invoice.CreditAppliedMinor > 0 ? "-" + Amount(invoice.CreditAppliedMinor) : Amount(0), false),
                ("Amount due", Amount(invoice.Status is InvoiceStatus.Paid or InvoiceStatus.Void ? 0 : invoice.AmountDueMinor), true),
            ];
            if (y + rows.Count * (LineHeight + 2f) > BodyBottom)
            {
                NewPage();
            }

            foreach (var (label, value, strong) in rows)
            {
                y += LineHeight + 2f;
                var font = strong ? bold : regular;
                TextRight(label, TaxRight - CellPadding, y, font, strong ? Ink : Muted);
                TextRight(value, TotalRight - CellPadding, y, font, Ink);
            }

            y += LineHeight;
        }

        private void Notes()
        {
            var notes = new List<string>();
            if (invoice.Status == InvoiceStatus.Void)
            {
                notes.Add(invoice.VoidedAt is { } voidedAt
                    ? $"This invoice was cancelled on {Date(voidedAt)}{(string.IsNullOrWhiteSpace(invoice.VoidReason) ? "" : ": " + invoice.VoidReason)}. Nothing is due."
                    : "This invoice was cancelled. Nothing is due.");
            }
            else if (invoice.Status == InvoiceStatus.Paid)
            {
                notes.Add("Paid in full. Thank you!");
            }
            else if (invoice.AmountDueMinor > 0)
            {
                notes.Add($"Please pay {Amount(invoice.AmountDueMinor)} by {Date(invoice.DueAt)}.");
            }

            foreach (var line in notes.SelectMany(n => Wrap(n, regular, ContentWidth)))
            {
                if (y + LineHeight > BodyBottom)
                {
                    NewPage();
                }

                y += LineHeight;
                Text(line, Margin, y, regular, Ink);
            }
        }

        private void NewPage()
        {
            page = [];
            pages.Add(page);
            Text($"{Title(invoice)} {invoice.Number ?? "(draft)"} (continued)", Margin, Margin, regular, Muted);
            y = Margin + LineHeight;
        }

        public void Dispose()
        {
            regular.Dispose();
            bold.Dispose();
            title.Dispose();
            small.Dispose();
            watermark.Dispose();
        }

        public void DrawWatermark(SKCanvas canvas)
        {
            var word = invoice.Status switch
            {
                InvoiceStatus.Paid => "PAID",
                InvoiceStatus.Void => "VOID",
                InvoiceStatus.Draft => "DRAFT",
                _ => null,
            };
            if (word is null)
            {
                return;
            }

            var color = invoice.Status == InvoiceStatus.Paid ? new SKColor(0x2E, 0x7D, 0x32, 0x30) : new SKColor(0xC6, 0x28, 0x28, 0x30);
            canvas.Save();
            canvas.Translate(PageWidth / 2, PageHeight / 2);
            canvas.RotateDegrees(-30);
            using var paint = Fill(color);
            canvas.DrawText(word, 0, watermark.Size / 3, SKTextAlign.Center, watermark, paint);
            canvas.Restore();
        }

        public void DrawFooter(SKCanvas canvas, int number, int count)
        {
            using var rule = Stroke(Rule);
            canvas.DrawLine(Margin, FooterBaseline - 12f, PageWidth - Margin, FooterBaseline - 12f, rule);
            using var paint = Fill(Muted);
            var footer = seller.SellerVatId.Length > 0 ? $"{seller.SellerName} · VAT ID {seller.SellerVatId}" : seller.SellerName;
            if (seller.IsTestInstallation)
            {
                footer = $"TEST INSTALLATION, no real payment · {footer}";
            }

            canvas.DrawText(footer, Margin, FooterBaseline, SKTextAlign.Left, small, paint);
            canvas.DrawText($"{Title(invoice)} {invoice.Number ?? "(draft)"} · Page {number} of {count}", PageWidth - Margin, FooterBaseline,
                SKTextAlign.Right, small, paint);
        }

        private void Text(string text, float x, float baseline, SKFont font, SKColor color) =>
            page.Add(c =>
            {
                using var paint = Fill(color);
                c.DrawText(text, x, baseline, SKTextAlign.Left, font, paint);
            });

        private void TextRight(string text, float right, float baseline, SKFont font, SKColor color) =>
            page.Add(c =>
            {
                using var paint = Fill(color);
                c.DrawText(text, right, baseline, SKTextAlign.Right, font, paint);
            });

        private void HorizontalRule(float at, SKColor color) =>
            page.Add(c =>
            {
                using var paint = Stroke(color);
                c.DrawLine(Margin, at, PageWidth - Margin, at, paint);
            });

        private static SKPaint Fill(SKColor color) => new() { Color = color, IsAntialias = true, Style = SKPaintStyle.Fill };

        private static SKPaint Stroke(SKColor color) => new() { Color = color, IsAntialias = true, Style = SKPaintStyle.Stroke, StrokeWidth = 0.6f };

        private string Amount(long minor) => Money.Format(minor, invoice.Currency, culture);

        private string Rate(decimal percent) => percent.ToString("0.##", culture) + " %";

        private static string Date(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

        /// <summary>Breaks text into lines no wider than <paramref name="width"/>, at spaces where possible.</summary>
        private static IEnumerable<string> Wrap(string text, SKFont font, float width)
        {
            var line = "";
            foreach (var word in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                var candidate = line.Length == 0 ? word : line + " " + word;
                if (font.MeasureText(candidate) <= width)
                {
                    line = candidate;
                    continue;
                }

                if (line.Length > 0)
                {
                    yield return line;
                }

                line = word;
                // A single word wider than the column (a long hostname) is cut where it overflows.
                while (font.MeasureText(line) > width && line.Length > 1)
                {
                    var fits = line.Length - 1;
                    while (fits > 1 && font.MeasureText(line.AsSpan(0, fits)) > width)
                    {
                        fits--;
                    }

                    yield return line[..fits];
                    line = line[fits..];
                }
            }

            if (line.Length > 0)
            {
                yield return line;
            }
        }
    }
}
