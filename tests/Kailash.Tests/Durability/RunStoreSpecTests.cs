using Kailash.Durability;

namespace Kailash.Tests.Durability;

public sealed class RunStoreSpecTests
{
    [Fact]
    public async Task Each_kind_opens_its_store()
    {
        var path = Path.Combine(Path.GetTempPath(), $"kailash-spec-{Guid.NewGuid():N}.db");
        try
        {
            await using (var sqlite = RunStoreSpec.Open($"sqlite:{path}"))
            {
                Assert.Equal(Path.GetFullPath(path), Assert.IsType<SqliteRunStore>(sqlite).Path);
            }

            await using var memory = RunStoreSpec.Open("memory:");
            Assert.IsType<InMemoryRunStore>(memory);
            await using var postgres = RunStoreSpec.Open("postgres:Host=127.0.0.1;Port=1;Database=x;Username=u");
            Assert.IsType<PostgresRunStore>(postgres);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    [InlineData("")]
    [InlineData("sqlite:")]
    [InlineData("mysql:db")]
    [InlineData("runs.db")]
    public void A_malformed_spec_is_a_coded_error(string spec)
    {
        var ex = Assert.Throws<RunStoreException>(() => RunStoreSpec.Open(spec));
        Assert.Equal(ErrorCodes.InvalidStoreSpec, ex.Code);
    }

    [Fact]
    public void Passwords_never_appear_in_descriptions()
    {
        Assert.Equal("postgres:Host=h;Password=***;Database=d", RunStoreSpec.Describe("postgres:Host=h;Password=hunter2;Database=d"));
        Assert.Equal("postgres:Host=h;password=***", RunStoreSpec.Describe("postgres:Host=h;password=hunter2"));
    }
}
