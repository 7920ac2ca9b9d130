namespace Kailash.AspNetCore;

/// <summary>The dashboard's single static page (an embedded resource; <c>{{API}}</c> is replaced by the API prefix).</summary>
internal static class DashboardPage
{
    public static string Html { get; } = Load();

    private static string Load()
    {
        using var stream = typeof(DashboardPage).Assembly.GetManifestResourceStream("Kailash.AspNetCore.Dashboard.html")
            ?? throw new InvalidOperationException("The dashboard page is missing from the Kailash.AspNetCore assembly.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
