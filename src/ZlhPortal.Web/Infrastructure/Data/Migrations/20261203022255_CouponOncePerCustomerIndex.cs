using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ZlhPortal.Web.Infrastructure.Data.Migrations
{
    /// <inheritdoc />
    public partial class CouponOncePerCustomerIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "OncePerCustomer",
                table: "CouponRedemptions",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            // Existing redemptions of once-per-customer coupons join the index; where a customer already has two (possible
            // before the index existed), the first one does.
            migrationBuilder.Sql(
                """
                UPDATE "CouponRedemptions" SET "OncePerCustomer" = 1
                WHERE "CouponId" IN (SELECT "Id" FROM "Coupons" WHERE "OncePerCustomer")
                  AND "Id" IN (SELECT MIN("Id") FROM "CouponRedemptions" GROUP BY "CouponId", "CustomerId");
                """);

            migrationBuilder.CreateIndex(
                name: "IX_CouponRedemptions_OncePerCustomer",
                table: "CouponRedemptions",
                columns: new[] { "CouponId", "CustomerId" },
                unique: true,
                filter: "\"OncePerCustomer\"");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_CouponRedemptions_OncePerCustomer",
                table: "CouponRedemptions");

            migrationBuilder.DropColumn(
                name: "OncePerCustomer",
                table: "CouponRedemptions");
        }
    }
}
