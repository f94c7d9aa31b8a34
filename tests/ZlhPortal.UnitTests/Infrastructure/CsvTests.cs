using ZlhPortal.Web.Infrastructure.Web;

namespace ZlhPortal.UnitTests.Infrastructure;

public sealed class CsvTests
{
    [Theory]
    [InlineData("plain", "plain")]
    [InlineData("", "")]
    [InlineData(null, "")]
    [InlineData("a,b", "\"a,b\"")]
    [InlineData("say \"hi\"", "\"say \"\"hi\"\"\"")]
    [InlineData("two\nlines", "\"two\nlines\"")]
    [InlineData("two\r\nlines", "\"two\r\nlines\"")]
    public void Fields_with_commas_quotes_or_line_breaks_are_quoted_with_quotes_doubled(string? value, string written) =>
        Assert.Equal(written, Csv.Field(value));

    [Theory]
    [InlineData("=SUM(A1:A9)", "'=SUM(A1:A9)")]
    [InlineData("+49 30 1234", "'+49 30 1234")]
    [InlineData("-2+3", "'-2+3")]
    [InlineData("@cmd", "'@cmd")]
    [InlineData("\tlead", "'\tlead")]
    [InlineData("=HYPERLINK(\"http://x\",\"y\")", "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"")]
    [InlineData("a=b", "a=b")]
    public void Text_that_a_spreadsheet_would_run_as_a_formula_is_shown_as_text(string value, string written) =>
        Assert.Equal(written, Csv.Field(value));

    [Theory]
    [InlineData("-12.34")]
    [InlineData("-5")]
    [InlineData("+3.10")]
    [InlineData("0.00")]
    public void Signed_numbers_stay_numbers(string value) => Assert.Equal(value, Csv.Field(value));

    [Theory]
    [InlineData("-")]
    [InlineData("-.5")]
    [InlineData("-5.")]
    [InlineData("-1.2.3")]
    public void Almost_numbers_are_text(string value) => Assert.Equal("'" + value, Csv.Field(value));

    [Fact]
    public void A_document_is_a_header_and_rows_each_ending_in_crlf()
    {
        var text = Csv.Write(["month", "note"], [["2026-01", "ok"], ["2026-02", "a, b"], ["2026-03", null]]);

        Assert.Equal("month,note\r\n2026-01,ok\r\n2026-02,\"a, b\"\r\n2026-03,\r\n", text);
    }
}
