using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

#pragma warning disable CA1814 // Prefer jagged arrays over multidimensional

namespace ZlhPortal.Web.Infrastructure.Data.Migrations
{
    /// <inheritdoc />
    public partial class CatalogServersAndApiTokens : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "ApiTokens",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    UserId = table.Column<string>(type: "TEXT", maxLength: 450, nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Prefix = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    SecretHash = table.Column<byte[]>(type: "BLOB", nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    ExpiresAt = table.Column<long>(type: "INTEGER", nullable: false),
                    LastUsedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    RevokedAt = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ApiTokens", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ApiTokens_AspNetUsers_UserId",
                        column: x => x.UserId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "Plans",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Slug = table.Column<string>(type: "TEXT", maxLength: 50, nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 10, nullable: false),
                    Cores = table.Column<int>(type: "INTEGER", nullable: false),
                    MemoryMb = table.Column<int>(type: "INTEGER", nullable: false),
                    DiskGb = table.Column<int>(type: "INTEGER", nullable: false),
                    BackupSlots = table.Column<int>(type: "INTEGER", nullable: false),
                    MonthlyPriceMinor = table.Column<long>(type: "INTEGER", nullable: false),
                    Currency = table.Column<string>(type: "TEXT", maxLength: 3, nullable: false),
                    Active = table.Column<bool>(type: "INTEGER", nullable: false),
                    DisplayOrder = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Plans", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Templates",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Slug = table.Column<string>(type: "TEXT", maxLength: 50, nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 10, nullable: false),
                    ProxmoxVmid = table.Column<int>(type: "INTEGER", nullable: false),
                    ProxmoxNode = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Game = table.Column<string>(type: "TEXT", maxLength: 50, nullable: false),
                    Variant = table.Column<string>(type: "TEXT", maxLength: 50, nullable: false),
                    DefaultVersion = table.Column<string>(type: "TEXT", maxLength: 50, nullable: false),
                    GamePort = table.Column<int>(type: "INTEGER", nullable: false),
                    MinMemoryMb = table.Column<int>(type: "INTEGER", nullable: false),
                    MinDiskGb = table.Column<int>(type: "INTEGER", nullable: false),
                    Active = table.Column<bool>(type: "INTEGER", nullable: false),
                    DisplayOrder = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Templates", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Servers",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    OwnerId = table.Column<string>(type: "TEXT", maxLength: 450, nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 60, nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 10, nullable: false),
                    PlanId = table.Column<int>(type: "INTEGER", nullable: false),
                    TemplateId = table.Column<int>(type: "INTEGER", nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Operation = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    OperationStartedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    Node = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    Vmid = table.Column<int>(type: "INTEGER", nullable: true),
                    IpAddress = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    Hostname = table.Column<string>(type: "TEXT", maxLength: 253, nullable: true),
                    FailureReason = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    FailureDetail = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    AgentCredentialProtected = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    Complimentary = table.Column<bool>(type: "INTEGER", nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    Version = table.Column<Guid>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Servers", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Servers_AspNetUsers_OwnerId",
                        column: x => x.OwnerId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_Servers_Plans_PlanId",
                        column: x => x.PlanId,
                        principalTable: "Plans",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_Servers_Templates_TemplateId",
                        column: x => x.TemplateId,
                        principalTable: "Templates",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "ServerSteps",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ServerId = table.Column<int>(type: "INTEGER", nullable: false),
                    Step = table.Column<string>(type: "TEXT", maxLength: 30, nullable: false),
                    State = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Attempts = table.Column<int>(type: "INTEGER", nullable: false),
                    StartedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    FinishedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    Message = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ServerSteps", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ServerSteps_Servers_ServerId",
                        column: x => x.ServerId,
                        principalTable: "Servers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.InsertData(
                table: "Plans",
                columns: new[] { "Id", "Active", "BackupSlots", "Cores", "Currency", "DiskGb", "DisplayOrder", "Kind", "MemoryMb", "MonthlyPriceMinor", "Name", "Slug" },
                values: new object[,]
                {
                    { 1, true, 1, 2, "EUR", 20, 1, "Game", 4096, 699L, "Game S", "game-small" },
                    { 2, true, 2, 3, "EUR", 30, 2, "Game", 6144, 1199L, "Game M", "game-medium" },
                    { 3, true, 3, 4, "EUR", 50, 3, "Game", 8192, 1899L, "Game L", "game-large" },
                    { 4, true, 1, 2, "EUR", 20, 4, "Dev", 2048, 499L, "Dev S", "dev-small" },
                    { 5, true, 2, 4, "EUR", 40, 5, "Dev", 4096, 999L, "Dev M", "dev-medium" }
                });

            migrationBuilder.InsertData(
                table: "Templates",
                columns: new[] { "Id", "Active", "DefaultVersion", "DisplayOrder", "Game", "GamePort", "Kind", "MinDiskGb", "MinMemoryMb", "Name", "ProxmoxNode", "ProxmoxVmid", "Slug", "Variant" },
                values: new object[,]
                {
                    { 1, true, "1.21.4", 1, "minecraft", 25565, "Game", 16, 4096, "Minecraft (Paper)", "pve1", 200, "minecraft-paper", "paper" },
                    { 2, true, "1.21.4", 2, "minecraft", 25565, "Game", 16, 4096, "Minecraft (Vanilla)", "pve1", 201, "minecraft-vanilla", "vanilla" },
                    { 3, true, "1.21.4", 3, "minecraft", 25565, "Game", 16, 4096, "Minecraft (Fabric)", "pve1", 202, "minecraft-fabric", "fabric" },
                    { 4, true, "0.219", 4, "valheim", 2456, "Game", 20, 4096, "Valheim", "pve1", 210, "valheim", "dedicated" },
                    { 5, true, "1.4.4", 5, "terraria", 7777, "Game", 8, 2048, "Terraria (TShock)", "pve1", 220, "terraria", "tshock" },
                    { 6, true, "22", 6, "node", 0, "Dev", 16, 2048, "Node.js", "pve1", 250, "dev-node", "" },
                    { 7, true, "3.12", 7, "python", 0, "Dev", 16, 2048, "Python", "pve1", 251, "dev-python", "" },
                    { 8, true, "10.0", 8, "dotnet", 0, "Dev", 20, 4096, ".NET", "pve1", 252, "dev-dotnet", "" },
                    { 9, true, "1.23", 9, "go", 0, "Dev", 16, 2048, "Go", "pve1", 253, "dev-go", "" }
                });

            migrationBuilder.CreateIndex(
                name: "IX_ApiTokens_Prefix",
                table: "ApiTokens",
                column: "Prefix",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ApiTokens_UserId",
                table: "ApiTokens",
                column: "UserId");

            migrationBuilder.CreateIndex(
                name: "IX_Plans_Slug",
                table: "Plans",
                column: "Slug",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Servers_OwnerId",
                table: "Servers",
                column: "OwnerId");

            migrationBuilder.CreateIndex(
                name: "IX_Servers_PlanId",
                table: "Servers",
                column: "PlanId");

            migrationBuilder.CreateIndex(
                name: "IX_Servers_Status",
                table: "Servers",
                column: "Status");

            migrationBuilder.CreateIndex(
                name: "IX_Servers_TemplateId",
                table: "Servers",
                column: "TemplateId");

            migrationBuilder.CreateIndex(
                name: "IX_Servers_Vmid",
                table: "Servers",
                column: "Vmid",
                unique: true,
                filter: "\"Vmid\" IS NOT NULL AND \"Status\" <> 'Deleted'");

            migrationBuilder.CreateIndex(
                name: "IX_ServerSteps_ServerId_Step",
                table: "ServerSteps",
                columns: new[] { "ServerId", "Step" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Templates_Slug",
                table: "Templates",
                column: "Slug",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ApiTokens");

            migrationBuilder.DropTable(
                name: "ServerSteps");

            migrationBuilder.DropTable(
                name: "Servers");

            migrationBuilder.DropTable(
                name: "Plans");

            migrationBuilder.DropTable(
                name: "Templates");
        }
    }
}
