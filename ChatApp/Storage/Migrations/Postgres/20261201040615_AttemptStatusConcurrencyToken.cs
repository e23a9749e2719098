using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ChatApp.Storage.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class AttemptStatusConcurrencyToken : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // The model only: an attempt's status becomes its concurrency token (checked in each update's WHERE); the schema is unchanged.
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            // Nothing to undo in the schema.
        }
    }
}
