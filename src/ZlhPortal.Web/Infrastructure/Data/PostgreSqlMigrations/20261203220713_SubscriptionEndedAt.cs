using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ZlhPortal.Web.Infrastructure.Data.PostgreSqlMigrations
{
    /// <inheritdoc />
    public partial class SubscriptionEndedAt : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "EndedAt",
                table: "Subscriptions",
                type: "bigint",
                nullable: true);

            // Subscriptions that ended before the column existed: their last change was the ending.
            migrationBuilder.Sql("""UPDATE "Subscriptions" SET "EndedAt" = "UpdatedAt" WHERE "Status" = 'Ended'""");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "EndedAt",
                table: "Subscriptions");
        }
    }
}
