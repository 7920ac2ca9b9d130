using System.Text.Json;
using Kailash.Runtime.Validation;

namespace Kailash.Tests.Runtime.Validation;

public sealed class TypeCompatibilityTests
{
    public enum Level
    {
        Low,
    }

    [Theory]
    [InlineData(typeof(long), typeof(long))]
    [InlineData(typeof(int), typeof(double))]
    [InlineData(typeof(double), typeof(long))]
    [InlineData(typeof(string), typeof(long))]
    [InlineData(typeof(string), typeof(bool))]
    [InlineData(typeof(string), typeof(Level))]
    [InlineData(typeof(long), typeof(Level))]
    [InlineData(typeof(int?), typeof(long))]
    [InlineData(typeof(object), typeof(long))]
    [InlineData(typeof(long), typeof(object))]
    [InlineData(typeof(List<long>), typeof(IReadOnlyList<long>))]
    [InlineData(typeof(IEnumerable<long>), typeof(List<long>))]
    [InlineData(typeof(long[]), typeof(List<double>))]
    [InlineData(typeof(Dictionary<string, object>), typeof(IReadOnlyDictionary<string, object>))]
    [InlineData(typeof(JsonElement), typeof(string))]
    [InlineData(typeof(Uri), typeof(JsonElement))]
    public void Compatible(Type source, Type target) => Assert.True(TypeCompatibility.AreCompatible(source, target));

    [Theory]
    [InlineData(typeof(long), typeof(string))]
    [InlineData(typeof(bool), typeof(string))]
    [InlineData(typeof(long), typeof(bool))]
    [InlineData(typeof(string), typeof(List<long>))]
    [InlineData(typeof(List<long>), typeof(long))]
    [InlineData(typeof(List<long>), typeof(Dictionary<string, object>))]
    [InlineData(typeof(Dictionary<string, object>), typeof(long))]
    [InlineData(typeof(Uri), typeof(Version))]
    public void Incompatible(Type source, Type target) => Assert.False(TypeCompatibility.AreCompatible(source, target));
}
